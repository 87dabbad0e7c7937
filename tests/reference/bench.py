"""`make bench-numpy`'s reference side: the notes' numpy code timed on the same rows as the Rust
`bench` binary, on the same MNIST files. Prints one line per row:
    ROW <name> <median seconds> <min seconds> <max seconds> [note]
BLAS runs single-threaded: OPENBLAS_NUM_THREADS=1 (and OMP/MKL) are set before numpy is imported.
Usage: python bench.py DATA_DIR RUNS NUMERICAL_RUNS"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import statistics
import sys
import time

import numpy as np

from two_layer_net import TwoLayerNet, load_mnist

data_dir, runs, numerical_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def row(name, seconds, extra=""):
    print(f"ROW {name} {statistics.median(seconds):.9f} {min(seconds):.9f} {max(seconds):.9f} {extra}".rstrip(), flush=True)


def timed(f, n):
    out = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        out.append(time.perf_counter() - start)
    return out


try:
    from threadpoolctl import threadpool_info
    for pool in threadpool_info():
        print(f"INFO blas {pool.get('internal_api')} {pool.get('version')} kernel {pool.get('architecture')} threads {pool.get('num_threads')}", flush=True)
except ImportError:
    pass
print(f"INFO numpy {np.__version__}", flush=True)

(x_train, t_train), (x_test, t_test) = load_mnist(data_dir)
np.random.seed(1)
network = TwoLayerNet(784, 50, 10)
batch_mask = np.random.choice(x_train.shape[0], 100)
x, t = x_train[batch_mask], t_train[batch_mask]
# Start from a state the run spends most of its time in (as bench.rs): 2000 of its 10000 steps.
for _ in range(2000):
    m = np.random.choice(x_train.shape[0], 100)
    g = network.gradient(x_train[m], t_train[m])
    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= 0.1 * g[key]

row("gradient", timed(lambda: network.gradient(x, t), runs))
row("loss", timed(lambda: network.loss(x, t), runs))
row("accuracy", timed(lambda: network.accuracy(x_train, t_train), max(3, runs // 20)))
row("numerical_gradient", timed(lambda: network.numerical_gradient(x, t), numerical_runs))

# The products of one training iteration, on the same operands.
W1, W2 = network.params['W1'], network.params['W2']
h = np.maximum(0, x.dot(W1) + network.params['b1'])
dout2 = network.lastLayer.backward() if network.lastLayer.y is not None else np.ones((100, 10))
network.loss(x, t)
dout2 = network.lastLayer.backward()
dout1 = dout2.dot(W2.T) * (h > 0)
for name, a, b in [("dot x·W1", x, W1), ("dot h·W2", h, W2), ("dot dout2·W2T", dout2, W2.T),
                   ("dot hT·dout2", h.T, dout2), ("dot xT·dout1", x.T, dout1), ("dot dout1·W1T", dout1, W1.T)]:
    row(name.replace(" ", "_"), timed(lambda: np.dot(a, b), runs))

# The train row: `bench` runs train_neuralnet.py itself, each run beside one of its own.
