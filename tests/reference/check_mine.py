"""`make check-mine FILE=path/to/two_layer_net.py`: runs the learner's own numpy TwoLayerNet beside
this project's (whose values the `steps` binary wrote as JSON), iteration by iteration, with
np.random.seed(42) and the notes' settings, and says where the two first differ: the iteration,
the layer, forward or backward, the array, its shape, the first differing entry with both
values, and, where the difference looks like a mistake learners make, its likely cause.

Usage: python check_mine.py FILE STEPS_JSON DATA_DIR
Exit 0 when every value agrees (within RTOL, ATOL), 1 at the first difference, 2 when the file
cannot be used at all.
"""
import importlib.util
import json
import os
import sys
import traceback

import numpy as np

# numpy's BLAS adds the products of a dot in another order than this project's plain loop, so
# the two agree to about 1e-15 relative, not to the bit.
RTOL = 1e-9
ATOL = 1e-12
LEARNING_RATE = 0.1
BATCH_SIZE = 100


def say(ko, en):
    print(f"{ko} · {en}")


def stop(code, ko, en, hint_ko=None, hint_en=None):
    say(ko, en)
    if hint_ko:
        print(f"힌트 · hint: {hint_ko} · {hint_en}")
    sys.exit(code)


def load_learner(path):
    """The learner's module, imported from its own folder (with that folder and its parent
    importable, as the notes' ch05/ layout with `sys.path.append(os.pardir)` expects)."""
    if not path:
        stop(2, "어느 파일인지 FILE= 로 알려 주세요", "name the file with FILE=",
             "make check-mine FILE=ch05/two_layer_net.py", "make check-mine FILE=ch05/two_layer_net.py")
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        stop(2, f"{path}: 파일이 없습니다", "no such file", "FILE=경로를 확인하세요", "check the FILE= path")
    folder = os.path.dirname(path)
    for p in (os.path.dirname(folder), folder):
        if p not in sys.path:
            sys.path.insert(0, p)
    os.chdir(folder)
    spec = importlib.util.spec_from_file_location("learner_two_layer_net", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        stop(2, f"{path}:{e.lineno}: 문법 오류 ({e.msg})", f"a syntax error ({e.msg}) at line {e.lineno}",
             "그 줄의 괄호, 콜론, 들여쓰기를 확인하세요", "check that line's brackets, colons and indentation")
    except ImportError as e:
        stop(2, f"{path}: 가져올 수 없는 모듈이 있습니다: {e}", f"an import failed: {e}",
             "common/ 폴더(layers.py, functions.py, gradient.py)가 파일의 폴더나 그 위에 있어야 합니다",
             "the common/ folder must be in the file's folder or its parent")
    except Exception as e:  # the learner's module raised while it was imported
        where = traceback.extract_tb(e.__traceback__)[-1]
        stop(2, f"{path}: 불러오는 중에 {type(e).__name__}: {e} ({os.path.basename(where.filename)}:{where.lineno})",
             f"importing it raised {type(e).__name__}", "그 줄을 고치세요", "fix that line")
    if not hasattr(module, "TwoLayerNet"):
        stop(2, f"{path}: TwoLayerNet 클래스가 없습니다", "the file has no class TwoLayerNet",
             "노트 5.7.2의 class TwoLayerNet 을 이 파일에 두거나 가져오세요", "define or import the notes' class TwoLayerNet (5.7.2)")
    return module


class Recorder:
    """Wraps each layer's forward and backward, after the network is built, to keep what it
    returns (copies: Relu.backward writes into its argument) and the order of the calls."""

    def __init__(self, network):
        self.values = {}
        self.calls = []
        layers = list(network.layers.items()) + [("lastLayer", network.lastLayer)]
        for name, layer in layers:
            for method in ("forward", "backward"):
                self.wrap(layer, name, method)

    def wrap(self, layer, name, method):
        original = getattr(layer, method)

        def recorded(*args, **kwargs):
            key = f"{name}.{method}"
            self.calls.append(key)
            if method == "backward" and args:
                self.values[key + ".dout"] = np.array(args[0], dtype=float, copy=True)
            out = original(*args, **kwargs)
            self.values[key] = out if np.isscalar(out) else np.array(out, dtype=float, copy=True)
            return out

        setattr(layer, method, recorded)


def array(ref):
    return np.array(ref["data"], dtype=float).reshape(ref["shape"])


def first_difference(mine, expected):
    """None if equal within the tolerances; else (index, mine, expected) of the first entry."""
    bad = ~np.isclose(mine, expected, rtol=RTOL, atol=ATOL)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return index, float(mine[index]), float(expected[index])


def diagnose(name, mine, expected, recorder, network):
    """A likely cause of this difference, in Korean and English, or None."""
    if name == "lastLayer.backward" and mine.shape == expected.shape:
        n = expected.shape[0]
        if np.allclose(mine, expected * n, rtol=1e-6, atol=1e-12):
            return ("SoftmaxWithLoss.backward에서 batch_size로 나누지 않았습니다 (5.6: dx = (self.y - self.t) / batch_size)",
                    "a missing / batch_size in SoftmaxWithLoss.backward (5.6)")
    if name in ("loss", "softmax"):
        y = getattr(network.lastLayer, "y", None)
        if isinstance(y, np.ndarray) and y.ndim == 2 and abs(float(y.sum()) - 1.0) < 1e-6:
            return ("softmax가 배치 전체를 하나로 정규화합니다: 행마다(axis=-1, keepdims=True) 해야 합니다. 책의 옛 1차원 softmax입니다 (5.6)",
                    "a 1-D softmax (no axis), the book's old version: normalise each row (5.6)")
    if name == "Relu1.backward":
        dout = recorder.values.get("Relu1.backward.dout")
        if dout is not None and mine.shape == dout.shape and np.array_equal(mine, dout):
            return ("Relu.backward가 mask를 쓰지 않습니다: dout[self.mask] = 0 (5.5)",
                    "Relu.backward forgets the mask: dout[self.mask] = 0 (5.5)")
    if name.startswith("grads.W") and mine.shape == expected.shape[::-1]:
        return ("dW가 전치되었습니다: self.dW = np.dot(self.x.T, dout) (5.6)",
                "dW is transposed: self.dW = np.dot(self.x.T, dout) (5.6)")
    if name.startswith("grads.b") and mine.shape != expected.shape:
        return (f"db를 다른 축으로 더했습니다(형상 {mine.shape}): self.db = np.sum(dout, axis=0) (5.6)",
                f"db summed over the wrong axis (shape {mine.shape}): np.sum(dout, axis=0) (5.6)")
    if mine.shape != expected.shape:
        return (f"형상이 다릅니다: 여러분 {mine.shape}, 기대 {expected.shape}",
                f"the shapes differ: yours {mine.shape}, expected {expected.shape}")
    return None


def compare(iteration, name, mine, expected, recorder, network):
    """Stops with a report at the first difference."""
    where_ko = "처음 값" if iteration is None else f"반복 {iteration}"
    where_en = "the initial values" if iteration is None else f"iteration {iteration}"
    if mine is None:
        stop(1, f"{where_ko}: {name}의 값이 없습니다(그 메서드가 불리지 않았습니다)",
             f"{where_en}: no value for {name} (that method was not called)")
    mine = np.asarray(mine, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if mine.shape == expected.shape:
        found = first_difference(mine, expected)
        if found is None:
            return
        index, got, want = found
        detail_ko = f"{name} {mine.shape}: 처음 다른 곳 {list(index)}: 여러분 {got!r}, 기대 {want!r}"
        detail_en = f"{name} {mine.shape}: first difference at {list(index)}: yours {got!r}, expected {want!r}"
    else:
        detail_ko = f"{name}: 형상 · shape 여러분 {mine.shape}, 기대 {expected.shape}"
        detail_en = f"{name}: yours has shape {mine.shape}, expected {expected.shape}"
    kind = "backward" if "backward" in name or name.startswith("grads") else "forward"
    print(f"✗ {where_ko} · {where_en}, {kind}: {detail_ko} · {detail_en}")
    cause = diagnose(name, mine, expected, recorder, network)
    if cause:
        print(f"  원인일 듯 · likely cause: {cause[0]} · {cause[1]}")
    sys.exit(1)


def main():
    if len(sys.argv) != 4:
        stop(2, "사용법: check_mine.py FILE STEPS_JSON DATA_DIR", "usage: check_mine.py FILE STEPS_JSON DATA_DIR")
    path, steps_json, data_dir = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    with open(steps_json) as f:
        reference = json.load(f)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    from two_layer_net import load_mnist  # the book's load_mnist, float32 pixels as the notes read them
    (x_train, t_train), _ = load_mnist(data_dir, normalize=True, one_hot_label=True)
    module = load_learner(path)

    np.random.seed(reference["seed"])
    try:
        network = module.TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    except Exception as e:
        stop(2, f"TwoLayerNet(input_size=784, hidden_size=50, output_size=10)이 {type(e).__name__}: {e}",
             f"building the network raised {type(e).__name__}: {e}")
    for key in ("W1", "b1", "W2", "b2"):
        compare(None, f"params['{key}']", network.params.get(key), array(reference["initial"][key]), None, network)
    recorder = Recorder(network)
    for k, step in enumerate(reference["iterations"]):
        batch_mask = np.random.choice(x_train.shape[0], BATCH_SIZE)
        if not np.array_equal(batch_mask, np.array(step["batch_mask"])):
            stop(1, f"반복 {k}: 미니배치가 다릅니다. __init__이 난수를 노트와 다르게 씁니다",
                 f"iteration {k}: the mini-batch differs: __init__ draws random numbers differently from the notes")
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        recorder.values.clear()
        recorder.calls.clear()
        try:
            grad = network.gradient(x_batch, t_batch)
        except Exception as e:
            where = traceback.extract_tb(e.__traceback__)[-1]
            message = f"{type(e).__name__}: {e} ({os.path.basename(where.filename)}:{where.lineno}, {where.name})"
            print(f"✗ 반복 {k} · iteration {k}: gradient가 멈췄습니다 · gradient raised {message}")
            backwards = [c for c in recorder.calls if c.endswith(".backward")]
            if len(backwards) >= 2 and backwards[1] != "Affine2.backward":
                print(f"  원인일 듯 · likely cause: lastLayer 다음에 {backwards[1]}를 불렀습니다: 계층을 거꾸로 해야 합니다 (5.7.2: layers.reverse()) · "
                      f"{backwards[1]} was called right after lastLayer: the layers are not reversed in gradient (5.7.2)")
            elif "NoneType" in str(e) and ".T" in (where.line or ""):
                print("  원인일 듯 · likely cause: Affine.forward가 x를 저장하지 않았습니다: self.x = x (5.6) · "
                      "x is not kept in Affine.forward: self.x = x (5.6)")
            elif "shapes" in str(e) and "not aligned" in str(e):
                print(f"  원인일 듯 · likely cause: 형상이 맞지 않습니다 · shapes do not match: {e}")
            sys.exit(1)
        backwards = [c for c in recorder.calls if c.endswith(".backward")]
        expected_order = ["lastLayer.backward", "Affine2.backward", "Relu1.backward", "Affine1.backward"]
        if backwards != expected_order:
            stop(1, f"반복 {k}: backward를 부른 순서가 {backwards} 입니다. 계층을 거꾸로 해야 합니다 (5.7.2: layers.reverse())",
                 f"iteration {k}: the backwards were called in the order {backwards}: the layers are not reversed in gradient (5.7.2)")
        for name in ("Affine1.forward", "Relu1.forward", "Affine2.forward"):
            compare(k, name, recorder.values.get(name), array(step[name]), recorder, network)
        compare(k, "loss", recorder.values.get("lastLayer.forward"), step["loss"], recorder, network)
        for name in expected_order:
            compare(k, name, recorder.values.get(name), array(step[name]), recorder, network)
        for key in ("W1", "b1", "W2", "b2"):
            compare(k, f"grads.{key}", grad.get(key), array(step["grads"][key]), recorder, network)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= LEARNING_RATE * grad[key]
        for key in ("W1", "b1", "W2", "b2"):
            compare(k, f"params['{key}'] after the update", network.params[key], array(step["params"][key]), recorder, network)
        compare(k, "loss after the update", network.loss(x_batch, t_batch), step["loss_after"], recorder, network)
    n = len(reference["iterations"])
    say(f"✓ 반복 {n}번 동안 모든 값이 이 프로젝트와 같습니다(상대 오차 {RTOL} 안)",
        f"every value of {n} iterations equals this project's (within {RTOL} relative)")


if __name__ == "__main__":
    main()
