# `make debug`: stop in Affine::backward during a tiny training run and look at dout.
# Interactive: it stops there and waits; try the README's `print *dout`, `next`, `print self.db.cols`,
# `finish`, `continue`. `make debug GDBFLAGS=-batch` runs this, then walkthrough.gdb (the README's
# commands, which the tests check), and exits.
set pagination off
set confirm off
set print elements 8
break backprop::layers::Affine::backward
run
echo \n--- stopped in Affine::backward: the first Affine on the way back is Affine2 ---\n
backtrace 3
echo \n--- dout = ∂loss/∂out, shape (N, output) ---\n
print dout.rows
print dout.cols
print *dout
echo \n--- the weights this layer owns (the notes' self.W), shape (input, output) ---\n
print self.w.rows
print self.w.cols
echo \n--- stopped in Affine::backward, waiting: try next, print *dout, finish (README) ---\n
