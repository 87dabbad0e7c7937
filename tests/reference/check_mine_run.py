"""The learner's side of `make check-mine`: imports the learner's file and calls each function
and class of the notes it provides on the inputs in INPUTS (check_mine.py writes them from the
project's steps JSON: the inputs only, not the values they are compared with), in the checker's
order, and sends what each returned to check_mine.py as JSON lines on the pipe FD. It compares
nothing: the comparing is done in check_mine.py's own process, where the learner's code never
runs, so nothing the learner's module patches (np.isclose, print, sys.exit) can change a verdict.

Usage (check_mine.py starts it): python check_mine_run.py FILE INPUTS DATA_DIR FD DUMP LIMIT [quick]
("quick": without the gradient check). LIMIT is the seconds each call may take (the gradient check ten times that); past it faulthandler
writes every thread's stack into DUMP and ends the process, and check_mine.py reads where the
learner's code was.

Messages, one JSON object a line:
  {"start": CASE}                   a call into the learner's code begins
  {"value": CASE, "got": V, ...}    what it returned (arrays as {"shape", "data"})
  {"raised": CASE, "type", "message", "at"}   it raised; "at" is the learner's file:line
  {"exit": CASE, "code", "at"}      it ended the program (sys.exit, exit(), os._exit)
  {"found": NAME, "at"} / {"missing": NAME}    which of the notes' names the files provide
  {"done": true}
"""
import base64
import faulthandler
import importlib.util
import inspect
import json
import os
import sys
import traceback

CHECKER = os.path.dirname(os.path.abspath(__file__))
OUT = os.fdopen(int(sys.argv[4]), "w")
REAL_EXIT = os._exit
LEARNER_DIRS = []
CURRENT = ["import"]
CALLS = [None]  # the recorder's list of layer calls while one is active (sent with a failure)


def send(**message):
    OUT.write(json.dumps(message) + "\n")
    OUT.flush()


def is_learners(filename):
    """Whether a frame's file is one of the learner's (their folder or its parent, not Python's,
    numpy's or this checker's)."""
    if filename.startswith("<"):  # <frozen …>, <string>: Python's own
        return False
    path = os.path.abspath(filename)
    if path.startswith(CHECKER + os.sep) or "site-packages" in path or path.startswith(sys.base_prefix + os.sep):
        return False
    return any(path.startswith(d + os.sep) for d in LEARNER_DIRS)


def place(filename, lineno, name=None, line=None):
    path = os.path.abspath(filename)
    root = LEARNER_DIRS[-1] if LEARNER_DIRS else ""
    shown = os.path.relpath(path, root) if root and path.startswith(root + os.sep) else path
    return {"file": shown, "line": lineno, "function": name, "code": (line or "").strip()[:200]}


def where(frames):
    """The innermost of the learner's frames, as a place, or None."""
    mine = [f for f in frames if is_learners(f.filename)]
    return place(mine[-1].filename, mine[-1].lineno, mine[-1].name, mine[-1].line) if mine else None


def exiting(code=0):
    """os._exit, told where it was called from first (it ends the process at once)."""
    send(exit=CURRENT[0], code=code if isinstance(code, int) else 1, at=where(traceback.extract_stack()[:-1]))
    REAL_EXIT(code)


def encode(value):
    """A value as JSON: numbers and arrays as {"shape", "f8"} (the float64 bytes in base64: exact,
    and ten times faster than a list of numbers), anything else by its type."""
    import numpy as np

    if value is None or isinstance(value, (str, bytes, dict)):
        return {"type": type(value).__name__}
    try:
        a = np.array(value, dtype=float)
    except (TypeError, ValueError):
        return {"type": type(value).__name__}
    return {"shape": list(a.shape), "f8": base64.b64encode(a.astype("<f8").tobytes()).decode()}


def encode_grads(value):
    """A dictionary of arrays (as `gradient` returns) as {"dict": {key: array}}; else as encode."""
    return {"dict": {str(k): encode(v) for k, v in value.items()}} if isinstance(value, dict) else encode(value)


def call(case, function, limit):
    """`function()` with a time limit; its value, or None after the failure was sent."""
    CURRENT[0] = case
    send(start=case)
    faulthandler.dump_traceback_later(limit, exit=True, file=DUMP)
    try:
        return True, function()
    except SystemExit as e:
        send(exit=case, code=e.code if isinstance(e.code, int) else 1, at=where(traceback.extract_tb(e.__traceback__)))
    except BaseException as e:  # the learner's code raised: say what and where, go on with the next
        frames = traceback.extract_tb(e.__traceback__)
        calls = {"calls": list(CALLS[0])} if CALLS[0] is not None else {}
        send(raised=case, type=type(e).__name__, message=str(e)[:300], at=where(frames), **calls)
    finally:
        faulthandler.cancel_dump_traceback_later()
    return False, None


def array(ref):
    import numpy as np

    return np.array(ref["data"], dtype=float).reshape(ref["shape"])


def load(path):
    """The learner's module, imported from its own folder, with that folder and its parent
    importable (the notes' ch05/ layout with `sys.path.append(os.pardir)`)."""
    folder = os.path.dirname(path)
    LEARNER_DIRS.extend([folder, os.path.dirname(folder)])
    for p in (os.path.dirname(folder), folder):
        if p not in sys.path:
            sys.path.insert(0, p)
    os.chdir(folder)
    spec = importlib.util.spec_from_file_location("learner_two_layer_net", path)
    module = importlib.util.module_from_spec(spec)
    try:
        source = open(path, encoding="utf-8").read()
        compile(source, path, "exec")
    except SyntaxError as e:
        send(syntax=True, message=e.msg, at=place(path, e.lineno, None, e.text))
        REAL_EXIT(0)
    except (UnicodeDecodeError, OSError) as e:
        send(unreadable=str(e)[:300])
        REAL_EXIT(0)
    ok, _ = call("import", lambda: spec.loader.exec_module(module), LIMIT)
    if not ok:
        REAL_EXIT(0)
    return module


def notes_names(module, names):
    """Each name the learner's files provide: from the module, else from any of the learner's
    modules it imported (common/layers.py and the like), else from ch05's layer_naive.py."""
    found = {}
    learners = [m for m in list(sys.modules.values()) if is_learners(getattr(m, "__file__", None) or "/")]
    for name in names:
        for m in [module] + learners:
            if hasattr(m, name):
                found[name] = getattr(m, name)
                break
    if ("MulLayer" not in found or "AddLayer" not in found) and os.path.isfile("layer_naive.py"):
        ok, naive = call("import layer_naive", lambda: __import__("layer_naive"), LIMIT)
        for name in ("MulLayer", "AddLayer"):
            if ok and name not in found and hasattr(naive, name):
                found[name] = getattr(naive, name)
    for name in names:
        if name in found:
            try:
                file, line = inspect.getsourcefile(found[name]), inspect.getsourcelines(found[name])[1]
                at = place(file, line, name)
            except (TypeError, OSError):
                at = None
            send(found=name, at=at)
        else:
            send(missing=name)
    return found


def check_functions(found, ref):
    import numpy as np

    def run(case, function, **keep):
        ok, value = call(case, function, LIMIT)
        if ok:
            send(value=case, got=encode(value), **{k: encode(v) for k, v in keep.items()})
        return ok, value

    if "softmax" in found:
        run("softmax", lambda: found["softmax"](array(ref["softmax"]["x"])))
    if "cross_entropy_error" in found:
        c = ref["cross_entropy_error"]
        run("cross_entropy_error", lambda: found["cross_entropy_error"](array(c["y"]), array(c["t"])))
        run("cross_entropy_error 1-D", lambda: found["cross_entropy_error"](array(c["y1"]), array(c["t1"])))
    if "numerical_gradient" in found:
        c = ref["numerical_gradient"]
        point, x2 = array(c["x"]), array(c["x2"])
        run("numerical_gradient", lambda: found["numerical_gradient"](lambda x: x[0] ** 2 + x[1] ** 2, point), x_after=point)
        run("numerical_gradient 2-D", lambda: found["numerical_gradient"](lambda x: np.sum(x ** 2), x2), x_after=x2)
    for name, backward in (("MulLayer", 2), ("AddLayer", 2)):
        if name in found:
            c = ref[name]
            ok, layer = run(f"{name}()", found[name])
            if ok:
                run(f"{name}.forward", lambda: layer.forward(c["x"], c["y"]))
                ok, d = call(f"{name}.backward", lambda: layer.backward(c["dout"]), LIMIT)
                if ok:
                    pair = tuple(d) if isinstance(d, (tuple, list)) and len(d) == backward else (d, None)
                    send(value=f"{name}.backward", got=encode(pair[0]), dy=encode(pair[1]), count=len(d) if isinstance(d, (tuple, list)) else 1)
    for name in ("Relu", "Sigmoid"):
        if name in found:
            c = ref[name]
            ok, layer = run(f"{name}()", found[name])
            if ok:
                ok, _ = run(f"{name}.forward", lambda: layer.forward(array(c["x"])))
                if ok:
                    run(f"{name}.backward", lambda: layer.backward(array(c["dout"])))
    if "Affine" in found:
        c = ref["Affine"]
        ok, layer = run("Affine()", lambda: found["Affine"](array(c["W"]), array(c["b"])))
        if ok:
            ok, _ = run("Affine.forward", lambda: layer.forward(array(c["x"])))
            if ok:
                ok, dx = call("Affine.backward", lambda: layer.backward(array(c["dout"])), LIMIT)
                if ok:
                    send(value="Affine.backward", got=encode(dx), dW=encode(getattr(layer, "dW", None)), db=encode(getattr(layer, "db", None)))
    if "SoftmaxWithLoss" in found:
        c = ref["SoftmaxWithLoss"]
        ok, layer = run("SoftmaxWithLoss()", found["SoftmaxWithLoss"])
        if ok:
            ok, _ = run("SoftmaxWithLoss.forward", lambda: layer.forward(array(c["x"]), array(c["t"])))
            if ok:
                run("SoftmaxWithLoss.backward", lambda: layer.backward(1))


def structure(network):
    """What the checker needs of a network, as the learner built it: params, layers (in order,
    by the learner's names), the last layer (whatever its attribute is called), and which
    params each layer's W and b are (the same arrays, as the notes' Affine(self.params['W1'], …))."""
    import numpy as np

    params = getattr(network, "params", "absent")
    layers = getattr(network, "layers", None)
    info = {"params": sorted(params) if isinstance(params, dict) else type(params).__name__ if params != "absent" else None}
    info["layers"] = [[name, type(layer).__name__] for name, layer in layers.items()] if isinstance(layers, dict) else None
    last = [name for name in ("lastLayer", "last_layer", "lastlayer", "LastLayer") if hasattr(network, name)]
    others = [k for k, v in vars(network).items() if hasattr(v, "forward") and hasattr(v, "backward")]
    info["last"] = (last or others or [None])[0]
    shares = []
    if isinstance(layers, dict) and isinstance(params, dict):
        for name, layer in layers.items():
            for attr in ("W", "b"):
                mine = getattr(layer, attr, None)
                if isinstance(mine, np.ndarray):
                    same = [k for k, p in params.items() if isinstance(p, np.ndarray) and np.shares_memory(mine, p)]
                    shares.append([name, attr, same])
    info["shares"] = shares
    info["grads_lines"] = grads_lines(type(network))
    return info


def grads_lines(cls):
    """For each key, the line of `gradient` that stores it (`grads['b1'] = …`), as a place."""
    try:
        lines, start = inspect.getsourcelines(cls.gradient)
        file = inspect.getsourcefile(cls.gradient)
    except (TypeError, OSError, AttributeError):
        return {}
    found = {}
    for n, line in enumerate(lines):
        for key in ("W1", "b1", "W2", "b2"):
            if key not in found and "=" in line and (f"['{key}']" in line.split("=")[0] or f'["{key}"]' in line.split("=")[0]):
                found[key] = place(file, start + n, "gradient", line)
    return found


class Recorder:
    """Wraps each layer's forward and backward to keep what it returns (copies: Relu.backward
    writes into its argument) and the order of the calls, under the learner's layer names."""

    def __init__(self, network, info):
        self.values, self.calls = {}, []
        CALLS[0] = self.calls
        layers = list(network.layers.items()) if info["layers"] is not None else []
        if info["last"]:
            layers.append((info["last"], getattr(network, info["last"])))
        for name, layer in layers:
            for method in ("forward", "backward"):
                if callable(getattr(layer, method, None)):
                    self.wrap(layer, name, method)

    def wrap(self, layer, name, method):
        original = getattr(layer, method)

        def recorded(*args, **kwargs):
            key = f"{name}.{method}"
            self.calls.append(key)
            out = original(*args, **kwargs)
            self.values[key] = encode(out)
            return out

        setattr(layer, method, recorded)


def grads_of(network, grads, info):
    """`gradient`'s dictionary, each entry, and every layer's dW and db as they are now."""
    message = {"got": encode_grads(grads)}
    if info["layers"] is not None:
        message["layer_grads"] = {f"{n}.{a}": encode(getattr(l, a)) for n, l in network.layers.items() for a in ("dW", "db") if getattr(l, a, None) is not None}
    return message


def check_network(module, seed, ref):
    import numpy as np

    c = ref["network"]
    x, t = array(c["x"]), array(c["t"])
    np.random.seed(seed)
    i, h, o = c["sizes"]
    ok, network = call("TwoLayerNet()", lambda: module.TwoLayerNet(input_size=i, hidden_size=h, output_size=o), LIMIT)
    if not ok:
        return
    info = structure(network)
    params = getattr(network, "params", None)
    send(value="TwoLayerNet()", structure=info, got=encode_grads(params))
    for name, function in (("predict", lambda: network.predict(x.copy())), ("loss", lambda: network.loss(x.copy(), t.copy())), ("accuracy", lambda: network.accuracy(x.copy(), t.copy()))):
        ok, value = call(f"TwoLayerNet.{name}", function, LIMIT)
        if ok:
            send(value=f"TwoLayerNet.{name}", got=encode(value))
    # numerical_gradient on a network of its own: one that does not put x[idx] back must not spoil gradient's
    np.random.seed(seed)
    def numerical():
        apart = module.TwoLayerNet(input_size=i, hidden_size=h, output_size=o)
        return apart.numerical_gradient(x.copy(), t.copy())

    ok, grads = call("TwoLayerNet.numerical_gradient", numerical, LIMIT)
    if ok:
        send(value="TwoLayerNet.numerical_gradient", got=encode_grads(grads))
    recorder = Recorder(network, info)
    ok, grads = call("TwoLayerNet.gradient", lambda: network.gradient(x.copy(), t.copy()), LIMIT)
    CALLS[0] = None
    if ok:
        send(value="TwoLayerNet.gradient", calls=recorder.calls, **grads_of(network, grads, info))


def normalized(x):
    """load_mnist's normalize=True for these images only: float32, divided by 255 in float32."""
    import numpy as np

    x = x.astype(np.float32)
    x /= 255.0
    return x


def check_gradient(module, seed, ref, x_train, t_train):
    import numpy as np

    np.random.seed(seed)
    ok, network = call("gradient check", lambda: module.TwoLayerNet(input_size=784, hidden_size=50, output_size=10), LIMIT)
    if not ok:
        return
    n = ref["gradient_check"]["images"]
    x, t = normalized(x_train[:n]), t_train[:n]
    ok, numerical = call("gradient check", lambda: network.numerical_gradient(x, t), 10 * LIMIT)
    if not ok:
        return
    ok, backprop = call("gradient check", lambda: network.gradient(x, t), LIMIT)
    if ok:
        send(value="gradient check", numerical=encode_grads(numerical), backprop=encode_grads(backprop))


def check_loop(module, seed, ref, x_train, t_train):
    """The notes' loop (train_neuralnet.py) for the reference's iterations, every value sent."""
    import numpy as np

    np.random.seed(seed)
    ok, network = call("loop initial", lambda: module.TwoLayerNet(input_size=784, hidden_size=50, output_size=10), LIMIT)
    if not ok:
        return
    info = structure(network)
    params = network.params if isinstance(getattr(network, "params", None), dict) else {}
    send(value="loop initial", got=encode_grads(params))
    recorder = Recorder(network, info)
    for k in range(ref["iterations"]):
        batch_mask = np.random.choice(x_train.shape[0], 100)
        x_batch, t_batch = normalized(x_train[batch_mask]), t_train[batch_mask]
        recorder.values.clear()
        del recorder.calls[:]
        ok, grad = call(f"iteration {k}", lambda: network.gradient(x_batch, t_batch), LIMIT)
        message = {"batch_mask": batch_mask.tolist(), "calls": list(recorder.calls), "values": dict(recorder.values)}
        if not ok:
            send(value=f"iteration {k}", failed=True, **message)
            return
        message.update(grads_of(network, grad, info))
        if not isinstance(grad, dict) or any(np.shape(grad.get(key)) != np.shape(network.params[key]) for key in ("W1", "b1", "W2", "b2")):
            send(value=f"iteration {k}", **message)
            return
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= 0.1 * grad[key]
        message["params"] = {key: encode(network.params[key]) for key in ("W1", "b1", "W2", "b2")}
        ok, loss_after = call(f"iteration {k}", lambda: network.loss(x_batch, t_batch), LIMIT)
        message["loss_after"] = encode(loss_after) if ok else None
        send(value=f"iteration {k}", **message)
        if not ok:
            return


def main():
    global DUMP, LIMIT
    path, inputs, data_dir = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
    DUMP, LIMIT = open(sys.argv[5], "w"), float(sys.argv[6])
    os._exit = exiting
    import numpy as np  # before the learner's code, so its patches reach only its own process

    with open(inputs) as f:
        ref = json.load(f)
    sys.path.insert(0, CHECKER)
    from two_layer_net import load_mnist  # the book's load_mnist, float32 pixels as the notes read them

    sys.path.remove(CHECKER)
    del sys.modules["two_layer_net"]
    # The pixels as bytes; only the images used are made float32 / 255 (the same values, a tenth the time).
    (x_train, t_train), _ = load_mnist(data_dir, normalize=False, one_hot_label=True)
    module = load(path)
    names = ["softmax", "cross_entropy_error", "numerical_gradient", "MulLayer", "AddLayer", "Relu", "Sigmoid", "Affine", "SoftmaxWithLoss", "TwoLayerNet"]
    found = notes_names(module, names)
    check_functions(found, ref["functions"])
    if "TwoLayerNet" in found:
        module.TwoLayerNet = found["TwoLayerNet"]
        check_network(module, ref["seed"], ref)
        if sys.argv[7:] != ["quick"]:
            check_gradient(module, ref["seed"], ref, x_train, t_train)
        check_loop(module, ref["seed"], ref, x_train, t_train)
    send(done=True)
    OUT.close()
    REAL_EXIT(0)  # not sys.exit: nothing the learner's module registered (atexit) runs after


if __name__ == "__main__":
    try:
        main()
    except BaseException:  # the checker's own mistake: said as that, on the pipe, not as a traceback
        send(internal=traceback.format_exc()[-2000:])
        REAL_EXIT(0)
