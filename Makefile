# The front door. Every target builds with --release; ARGS="..." passes flags to the binary,
# e.g. `make train ARGS="--iters 2000"`.

CARGO ?= cargo
ARGS ?=
MNIST_DIR ?=
RUN = $(CARGO) run --release --quiet --bin

.PHONY: help data train train-numerical gradcheck apples test bench bench-numpy predict trace debug clean

help:
	@echo "make train            train the 784-50-10 net on MNIST with backprop (fetches data first)"
	@echo "make test             run every test (fetches data first)"
	@echo "make gradcheck        backprop vs numerical gradient on the first 3 training images"
	@echo "make apples           the apple-shopping computational graph"
	@echo "make data             fetch MNIST into data/ (or: make data MNIST_DIR=/your/copy)"

data:
	@bash data/fetch.sh $(MNIST_DIR)

apples:
	@$(RUN) apples -- $(ARGS)

gradcheck: data
	@$(RUN) gradcheck -- $(ARGS)

train: data
	@$(RUN) train -- $(ARGS)

train-numerical: data
	@$(RUN) train -- --numerical $(ARGS)

test: data
	$(CARGO) test --release

clean:
	$(CARGO) clean
