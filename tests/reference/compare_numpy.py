"""`make compare-numpy`: the notes' numpy training loop with np.random.seed(SEED) and this
project's `train --seed SEED`, their accuracy lines side by side with the first difference
marked; then the notes' gradient check against `gradcheck --seed SEED`.
Usage: python compare_numpy.py DATA_DIR TRAIN_BIN GRADCHECK_BIN SEED"""
import os
import subprocess
import sys
import tempfile

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"
# The binaries' lines are read here, so they are asked for in English whatever the locale (under
# LANG=ko_KR.UTF-8 gradcheck's lines are Korean and could not be parsed).
for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
    os.environ.pop(var, None)
os.environ["LC_ALL"] = "C.UTF-8"

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data_dir, train_bin, gradcheck_bin, seed = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


print(f"compare-numpy: seed {seed}; the notes' loop in numpy {np.__version__} (tests/reference/train_neuralnet.py) "
      f"and `train --seed {seed}`, each printing its 17 accuracy lines", flush=True)
with tempfile.TemporaryDirectory() as out:
    ours_proc = subprocess.Popen([train_bin, "--seed", seed, "--data", data_dir, "--out", out],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    theirs = run([sys.executable, os.path.join(here, "train_neuralnet.py"), data_dir, "10000", seed])
    ours_out, ours_err = ours_proc.communicate()
    if ours_proc.returncode != 0:
        sys.exit(f"error: train failed:\n{ours_err}")

ours = [l for l in ours_out.splitlines() if l.startswith("train acc")]
theirs = [l for l in theirs.splitlines() if l.startswith("train acc")]
width = max(len(l) for l in ours + theirs)
print(f"{'':>3} {'ours (Rust)':<{width}}   numpy")
first = None
for i in range(max(len(ours), len(theirs))):
    a = ours[i] if i < len(ours) else "(none)"
    b = theirs[i] if i < len(theirs) else "(none)"
    mark = ""
    if a != b and first is None:
        first = i
        mark = "   <- first difference"
    elif a != b:
        mark = "   (differs)"
    print(f"{i + 1:>3} {a:<{width}}   {b}{mark}")
if first is None:
    print(f"all {len(ours)} lines identical")
else:
    print(f"the lines differ from line {first + 1} on")

print(f"\ngradient check, seed {seed}, the first 3 training images: mean |backprop - numerical| per parameter")
ours = {l.split(":")[0]: l.split("mean |diff| ")[1].split()[0]
        for l in run([gradcheck_bin, "--seed", seed, "--data", data_dir]).splitlines() if "mean |diff|" in l}
theirs = dict(l.split(":") for l in run([sys.executable, os.path.join(here, "gradient_check.py"), data_dir, seed]).split())
for key in ("W1", "b1", "W2", "b2"):
    print(f"  {key}: ours {ours[key]:<8}  numpy {float(theirs[key]):.1e}  ({theirs[key]})")
