"""The notes' backprop training loop (the book's ch05/train_neuralnet.py), timed, with its peak
memory. Usage: python train_neuralnet.py DATA_DIR [ITERS] [SEED]"""
import resource
import sys
import time

import numpy as np

from two_layer_net import TwoLayerNet, load_mnist


def peak_mib():
    """This process's peak resident memory, as `train` reads its own: VmHWM. (ru_maxrss would also
    count the peak of the process that started this one: Linux carries it across exec.)"""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


start = time.perf_counter()
data_dir = sys.argv[1]
iters_num = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
np.random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 42)

(x_train, t_train), (x_test, t_test) = load_mnist(data_dir, normalize=True, one_hot_label=True)
network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

train_size = x_train.shape[0]
batch_size = 100
learning_rate = 0.1
train_loss_list = []
train_acc_list = []
test_acc_list = []
iter_per_epoch = max(train_size / batch_size, 1)

for i in range(iters_num):
    batch_mask = np.random.choice(train_size, batch_size)
    x_batch = x_train[batch_mask]
    t_batch = t_train[batch_mask]
    grad = network.gradient(x_batch, t_batch)
    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= learning_rate * grad[key]
    loss = network.loss(x_batch, t_batch)
    train_loss_list.append(loss)
    if i % iter_per_epoch == 0:
        train_acc = network.accuracy(x_train, t_train)
        test_acc = network.accuracy(x_test, t_test)
        train_acc_list.append(train_acc)
        test_acc_list.append(test_acc)
        print('train acc, test acc | ' + str(train_acc) + ', ' + str(test_acc), flush=True)

wall = time.perf_counter() - start
print(f"wall {wall:.3f} s, per iteration {wall / iters_num * 1e3:.4f} ms, peak {peak_mib():.1f} MiB")
