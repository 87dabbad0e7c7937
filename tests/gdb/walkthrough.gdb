# The README's commands after affine_backward.gdb's stop in Affine::backward (`make debug
# GDBFLAGS=-batch` runs both; the tests check what they print).
echo \n--- the commands the README shows ---\n
print self.w.rows
next
next
next
print self.db.cols
finish
