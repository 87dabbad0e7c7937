"""The notes' gradient check (the book's ch05/gradient_check.py) with np.random.seed(SEED):
backprop against the numerical gradient on the first 3 training images.
Usage: python gradient_check.py DATA_DIR [SEED]"""
import sys

import numpy as np

from two_layer_net import TwoLayerNet, load_mnist

np.random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
(x_train, t_train), (x_test, t_test) = load_mnist(sys.argv[1], normalize=True, one_hot_label=True)
network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

x_batch = x_train[:3]
t_batch = t_train[:3]

grad_numerical = network.numerical_gradient(x_batch, t_batch)
grad_backprop = network.gradient(x_batch, t_batch)

for key in grad_numerical.keys():
    diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
    print(key + ":" + str(diff))
