"""Records what numpy's legacy generator draws, for the literals in tests/numpy_rng.rs (the
values the Rust `Rng` must reproduce exactly), and the first losses of the notes' training loop
with np.random.seed(42), for tests/numpy_rng.rs too.

Usage: python record_numpy.py [DATA_DIR]   (prints Rust literals; with DATA_DIR, also the losses)"""
import sys

import numpy as np

print(f"// numpy {np.__version__}")
for seed in (0, 42, 4294967295):
    np.random.seed(seed)
    first = np.random.randn(3)           # three values: the third is the first of a new pair
    second = np.random.randn(2)          # starts with the value the first call kept
    print(f"// seed {seed}: randn(3), then randn(2)")
    print(f"({seed}, [{', '.join(repr(float(v)) for v in first)}], [{', '.join(repr(float(v)) for v in second)}]),")

np.random.seed(42)
print("// seed 42: random_sample(3)")
print(f"[{', '.join(repr(float(v)) for v in np.random.random_sample(3))}]")

np.random.seed(42)
print("// seed 42: randint(0, 60000), randint(0, 10), randint(0, 2**40)")
print(np.random.randint(0, 60000), np.random.randint(0, 10), np.random.randint(0, 2**40))


def digest(arrays):
    """FNV-1a (64-bit) of the little-endian f64 bytes of the arrays, one after the other: a
    checksum that the Rust test computes the same way in a few lines."""
    h = 0xcbf29ce484222325
    for a in arrays:
        for byte in np.ascontiguousarray(a, dtype='<f8').tobytes():
            h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:#018x}"


# As the notes' TwoLayerNet(784, 50, 10) draws its weights, then the loop its first batches.
np.random.seed(42)
W1 = 0.01 * np.random.randn(784, 50)
W2 = 0.01 * np.random.randn(50, 10)
print(f"// seed 42: W1 = 0.01 * randn(784, 50), W2 = 0.01 * randn(50, 10): FNV-1a of their f64 bytes")
print(digest([W1, W2]))
print(f"// W1[0, :3] = {W1[0, :3].tolist()}, W2[-1, -3:] = {W2[-1, -3:].tolist()}")
print("// then choice(60000, 100) twice: the first five of each")
for _ in range(2):
    print(np.random.choice(60000, 100)[:5].tolist())

if len(sys.argv) > 1:
    sys.path.insert(0, __file__.rsplit('/', 1)[0])
    from two_layer_net import TwoLayerNet, load_mnist
    (x_train, t_train), _ = load_mnist(sys.argv[1])
    np.random.seed(42)
    network = TwoLayerNet(784, 50, 10)
    losses = []
    for i in range(5):
        batch_mask = np.random.choice(60000, 100)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= 0.1 * grad[key]
        losses.append(network.loss(x_batch, t_batch))
    print("// the notes' loop, seed 42: the first five losses")
    print(f"[{', '.join(repr(float(v)) for v in losses)}]")
