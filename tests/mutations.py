"""Mutation testing by hand: each entry below changes the code on purpose in a way that makes the
network, the loop or the maths wrong, and `cargo test --release` must then fail. This script
applies each one in a scratch copy of the repository, runs the tests, and prints a Markdown table
of which tests caught it (tests/MUTATIONS.md holds the last run).

Usage: python3 tests/mutations.py [SCRATCH_DIR]     (about a minute per mutation)
Needs MNIST in data/ (make data): the scratch copy links to it."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# (file, what the mutation does, the text to replace, its replacement, which occurrence (0 = the only one))
MUTATIONS = [
    # layers.rs
    ("src/layers.rs", "MulLayer::backward does not swap the inputs", "let dx = dout * self.y;", "let dx = dout * self.x;", 0),
    ("src/layers.rs", "AddLayer::backward sends 0 to y", "(dout * 1.0, dout * 1.0)", "(dout * 1.0, dout * 0.0)", 0),
    ("src/layers.rs", "Relu's mask is x < 0 instead of x <= 0", "map(|&v| v <= 0.0)", "map(|&v| v < 0.0)", 0),
    ("src/layers.rs", "Relu::backward lets every dout through", "            if masked {\n                *d = 0.0;", "            if masked && false {\n                *d = 0.0;", 0),
    ("src/layers.rs", "Sigmoid::backward forgets the factor y", "d * (1.0 - y) * y", "d * (1.0 - y)", 0),
    ("src/layers.rs", "Affine::forward forgets the bias", "        out.add_row(&self.b);\n", "", 0),
    ("src/layers.rs", "Affine db is the mean, not the sum, over the batch", "self.db = dout.sum_rows();", "self.db = dout.sum_rows().map(|v| v / dout.rows as f64);", 0),
    ("src/layers.rs", "Affine dW is twice too large", "self.dw = self.x.transpose_dot(dout);", "self.dw = self.x.transpose_dot(dout).map(|v| 2.0 * v);", 0),
    ("src/layers.rs", "Affine::backward returns -dx", "let dx = dout.dot(&self.w.transpose());", "let dx = dout.dot(&self.w.transpose()).map(|v| -v);", 0),
    ("src/layers.rs", "SoftmaxWithLoss::backward forgets / N", "dx.map(|d| d * dout / batch_size)", "dx.map(|d| d * dout)", 0),
    ("src/layers.rs", "SoftmaxWithLoss::backward with label targets adds 1", "dx[(i, label(&self.t, i))] -= 1.0;", "dx[(i, label(&self.t, i))] += 1.0;", 0),
    # two_layer_net.rs
    ("src/two_layer_net.rs", "gradient skips Relu1.backward", "        let dout = self.relu1.backward(&dout);\n", "", 0),
    ("src/two_layer_net.rs", "W2 drawn with standard deviation 1", "let w2 = randn(hidden_size, output_size);", "let w2 = randn(hidden_size, output_size).map(|v| v / weight_init_std);", 0),
    ("src/two_layer_net.rs", "update climbs the gradient", "self.param_mut(key).sub_scaled(learning_rate, g);", "self.param_mut(key).sub_scaled(-learning_rate, g);", 0),
    ("src/two_layer_net.rs", "accuracy counts the wrong answers", "predicted == label(t, i)", "predicted != label(t, i)", 0),
    ("src/two_layer_net.rs", "params['b1'] is Affine2's bias", '"b1" => &mut self.affine1.b,', '"b1" => &mut self.affine2.b,', 0),
    ("src/two_layer_net.rs", "numerical_gradient's b2 comes out halved", 'b2: numerical_gradient_in(loss_w, self, "b2"),', 'b2: numerical_gradient_in(loss_w, self, "b2").map(|v| 0.5 * v),', 0),
    # train.rs
    ("src/train.rs", "train acc measured on the test set, test acc on the training set", "let train_acc = network.accuracy(x_train, t_train);\n            let test_acc = network.accuracy(x_test, t_test);", "let train_acc = network.accuracy(x_test, t_test);\n            let test_acc = network.accuracy(x_train, t_train);", 0),
    ("src/train.rs", "iter_per_epoch one too large", "(train_size / batch_size).max(1)", "(train_size / batch_size).max(1) + 1", 0),
    ("src/train.rs", "labels drawn from another batch than the images", "let t_batch = t_train.select_rows(&batch_mask);", "let t_batch = t_train.select_rows(&rng.choice(train_size, config.batch_size));", 0),
    ("src/train.rs", "the learning rate ignored (0.1 always)", "network.update(&grad, config.learning_rate);", "network.update(&grad, 0.1);", 0),
    ("src/train.rs", "the loss recorded before the update", "        // 매개변수 갱신\n        network.update(&grad, config.learning_rate);\n\n        // 학습 경과 기록\n        let loss = network.loss(&x_batch, &t_batch);", "        let loss = network.loss(&x_batch, &t_batch);\n        network.update(&grad, config.learning_rate);", 0),
    # gradient.rs
    ("src/gradient.rs", "the central difference divides by h, not 2h (the network version)", "grad.push((fxh1 - fxh2) / (2.0 * h));", "grad.push((fxh1 - fxh2) / h);", 0),
    ("src/gradient.rs", "the central difference divides by h, not 2h (the plain version)", "grad.data[idx] = (fxh1 - fxh2) / (2.0 * h);", "grad.data[idx] = (fxh1 - fxh2) / h;", 0),
    ("src/gradient.rs", "an entry is not restored", "net.param_mut(key).data[idx] = tmp_val; // restore", "net.param_mut(key).data[idx] = tmp_val + h; // restore", 0),
    # functions.rs
    ("src/functions.rs", "softmax without subtracting the max", "*v = (*v - max).exp();", "*v = v.exp();", 0),
    ("src/functions.rs", "cross-entropy summed, not averaged, over the batch", "-total / batch_size", "-total", 0),
    ("src/functions.rs", "cross-entropy without the notes' 1e-7", "total += tk * (yk + delta).ln();", "total += tk * yk.ln();", 0),
    # rng.rs
    ("src/rng.rs", "choice returns a contiguous block", "(0..size).map(|_| self.below(n)).collect()", "{ let s = self.below(n); (0..size).map(|i| (s + i) % n).collect() }", 0),
    ("src/rng.rs", "MT19937 tempering constant changed", "y ^= (y << 7) & 0x9d2c_5680;", "y ^= (y << 7) & 0x9d2c_5780;", 0),
    ("src/rng.rs", "randn forgets the value it keeps", "self.gauss = Some(f * x1);", "self.gauss = None;", 0),
    ("src/rng.rs", "randint accepts the value n (off by one)", "                if v <= max {", "                if v <= max + 1 {", 0),
    ("src/rng.rs", "random_sample uses 26 + 26 bits", "(a * 67_108_864.0 + b)", "(a * 33_554_432.0 + b)", 0),
    # matrix.rs
    ("src/matrix.rs", "dot: zero skipping drops nonzero entries too", "count += (a != 0.0) as usize;", "count += (a > 0.0) as usize;", 0),
    ("src/matrix.rs", "transpose_dot doubles every product", "                    *o += a * d;", "                    *o += 2.0 * a * d;", 0),
    ("src/matrix.rs", "sum_rows adds only the first row", "for r in 0..self.rows {\n            for (o, &x) in out.data.iter_mut().zip(self.row(r))", "for r in 0..self.rows.min(1) {\n            for (o, &x) in out.data.iter_mut().zip(self.row(r))", 0),
    ("src/matrix.rs", "argmax: the last of equal maxima wins", "if x > row[best]", "if x >= row[best]", 0),
    ("src/matrix.rs", "add_row subtracts the bias", "*x += bias;", "*x -= bias;", 0),
]


def apply(root, path, old, new, occurrence):
    full = os.path.join(root, path)
    with open(full) as f:
        text = f.read()
    count = text.count(old)
    if count == 0 or (occurrence == 0 and count != 1):
        return f"the text to replace occurs {count} times"
    at = -1
    for _ in range(max(occurrence, 1)):
        at = text.index(old, at + 1)
    with open(full, "w") as f:
        f.write(text[:at] + new + text[at + len(old):])
    return None


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scratch = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="backprop-mutations-")
    work = os.path.join(scratch, "repo")
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", repo, work], check=True)
    for name in os.listdir(os.path.join(repo, "data")):
        if "ubyte" in name and not os.path.exists(os.path.join(work, "data", name)):
            os.symlink(os.path.join(repo, "data", name), os.path.join(work, "data", name))
    env = dict(os.environ)
    env.pop("CARGO_TARGET_DIR", None)  # the Makefile's `make debug` looks in the clone's own target/
    rows = []
    for path, what, old, new, occurrence in MUTATIONS:
        subprocess.run(["git", "checkout", "--quiet", "--", "."], cwd=work, check=True)
        problem = apply(work, path, old, new, occurrence)
        if problem:
            rows.append((path, what, f"NOT APPLIED: {problem}"))
            print(rows[-1], flush=True)
            continue
        result = subprocess.run(["cargo", "test", "--release", "--no-fail-fast"], cwd=work, env=env, capture_output=True, text=True)
        output = result.stdout + result.stderr
        if "error[E" in output or "could not compile" in output and "test result" not in output:
            killed = "does not compile"
        else:
            failed = sorted(set(re.findall(r"^test (\S+) \.\.\. FAILED", output, re.M)))
            killed = ", ".join(f"`{t}`" for t in failed[:4]) + (f" (+{len(failed) - 4} more)" if len(failed) > 4 else "")
            if result.returncode == 0:
                killed = "SURVIVED"
        rows.append((path, what, killed))
        print(rows[-1], flush=True)
    subprocess.run(["git", "checkout", "--quiet", "--", "."], cwd=work, check=True)
    print("\n| file | mutation | caught by |\n|---|---|---|")
    for path, what, killed in rows:
        print(f"| `{path}` | {what} | {killed} |")


if __name__ == "__main__":
    main()
