# `make debug`: stop in Affine::backward during a tiny training run and look at dout.
# Interactive: after the stop, try `next`, `print dout`, `print self.w.rows`, `finish`, `continue`.
# `make debug GDBFLAGS=-batch` runs these commands and exits (what CI and scripts use).
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
echo \n--- the commands the README shows ---\n
print self.w.rows
next
next
next
print self.db.cols
finish
