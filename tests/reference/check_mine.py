"""`make check-mine FILE=path/to/two_layer_net.py`: the learner's own numpy code beside this
project's, function by function. Every function and class of the notes that the learner's files
provide is called on the inputs this project's `steps` binary wrote (STEPS_JSON) and compared with
the project's answers: softmax, cross_entropy_error, numerical_gradient, MulLayer, AddLayer, Relu,
Sigmoid, Affine, SoftmaxWithLoss, then a small TwoLayerNet (predict, loss, accuracy,
numerical_gradient, gradient), the notes' gradient check, and the first iterations of the notes'
loop. Each gets ✓, ✗ with its first difference, the learner's file:line and a likely cause, or
"not in your files".

The learner's code runs in a process of its own (check_mine_run.py) with a time limit and a
memory limit; this process only compares, with its own numpy, so nothing the learner's module
does (patching np.isclose, printing, exiting) reaches a verdict. An exception, an early exit or a
call that never ends is reported as that, with the learner's line, never as this checker's
traceback.

Usage: python check_mine.py FILE STEPS_JSON DATA_DIR [--time-limit SECONDS] [--quick]
--time-limit: the seconds each call into the learner's code may take (default 20); --quick leaves
out the gradient check (its numerical gradient of the 784-50-10 network takes numpy ~6 s).
Exit 0 when everything found equals the project's (within RTOL, ATOL), 1 when something differs
or the learner's code raised, ended the program or did not finish, 2 when the file cannot be
used at all.
"""
import base64
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading

import numpy as np

# numpy's BLAS adds the products of a dot in another order than this project's plain loop, so
# the two agree to about 1e-15 relative, not to the bit.
RTOL = 1e-9
ATOL = 1e-12
# A numerical gradient divides the loss's rounding (~1e-16) by 2h = 2e-4.
NUMERICAL_ATOL = 1e-9
# Each call into the learner's code (the gradient check's numerical gradient: ten times that).
TIME_LIMIT = 20.0
MEMORY_LIMIT = 4 << 30
PRINTED_CAP = 4000
RUN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_mine_run.py")
KEYS = ("W1", "b1", "W2", "b2")
NOTES_LAYERS = ("Affine1", "Relu1", "Affine2")


def korean():
    """The locale of messages, as POSIX finds it (LC_ALL, else LC_MESSAGES, else LANG), as the
    project's programs decide."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return os.environ[name].startswith("ko")
    return False


KOREAN = korean()


def tr(en, ko):
    return ko if KOREAN else en


def stop(code, en, ko, hint_en=None, hint_ko=None):
    print(tr(f"error: {en}", f"오류: {ko}"), file=sys.stderr)
    if hint_en:
        print(tr(f"hint: {hint_en}", f"힌트: {hint_ko}"), file=sys.stderr)
    sys.exit(code)


def decode(value):
    """An array from the child's {"shape", "f8"}, or the type name of anything else."""
    if isinstance(value, dict) and "shape" in value:
        return np.frombuffer(base64.b64decode(value["f8"]), dtype="<f8").reshape(value["shape"]).copy()
    return (value or {}).get("type", "nothing") if isinstance(value, dict) else "nothing"


def decode_grads(value):
    """A dictionary of arrays from the child's {"dict": …}, or the type name of anything else."""
    return {k: decode(v) for k, v in value["dict"].items()} if isinstance(value, dict) and "dict" in value else decode(value)


def array(ref):
    return np.array(ref["data"], dtype=float).reshape(ref["shape"]) if isinstance(ref, dict) else np.array(ref, dtype=float)


def place(at):
    return f" ({at['file']}:{at['line']})" if at else ""


def first_difference(mine, expected, rtol=RTOL, atol=ATOL):
    """None when `mine` equals `expected` within the tolerances; else the difference in words."""
    if isinstance(mine, str) and mine == "nothing":
        return tr("no value (not returned, or not under the notes' name)", "값이 없습니다 (돌려주지 않았거나 노트의 이름이 아닙니다)")
    if isinstance(mine, str):
        what = "None" if mine == "NoneType" else tr(f"a {mine}", f"{mine}")
        return tr(f"returned {what}, not numbers (a missing return?)", f"숫자가 아니라 {what}을(를) 돌려줍니다 (return을 빠뜨렸나요?)")
    if mine.shape != expected.shape:
        return tr(f"yours has shape {mine.shape}, expected {expected.shape}", f"형상이 여러분 {mine.shape}, 기대 {expected.shape}")
    bad = ~np.isclose(mine, expected, rtol=rtol, atol=atol, equal_nan=False)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0]) if mine.ndim else ()
    got, want = float(mine[index]), float(expected[index])
    at = tr(f" at {list(index)}", f" {list(index)}에서") if index else ""
    return tr(f"first difference{at}: yours {got!r}, expected {want!r}", f"처음 다른 곳{at}: 여러분 {got!r}, 기대 {want!r}")


def close(mine, expected, rtol=1e-6, atol=1e-12):
    return not isinstance(mine, str) and not isinstance(expected, str) and mine.shape == expected.shape and np.allclose(mine, expected, rtol=rtol, atol=atol)


class Child:
    """The process that runs the learner's code, and what it says on its pipe, case by case."""

    def __init__(self, path, ref, data_dir, limit, quick):
        self.limit, self.path = limit, path
        read, write = os.pipe()
        self.dump = tempfile.NamedTemporaryFile(prefix="check-mine-stack-", suffix=".txt", delete=False)
        # The child gets only the inputs (a small file), not the 13 MB of values it is compared with.
        self.inputs = tempfile.NamedTemporaryFile("w", prefix="check-mine-inputs-", suffix=".json", delete=False)
        with self.inputs:
            json.dump({"seed": ref["seed"], "functions": ref["functions"], "network": ref["network"],
                       "gradient_check": {"images": ref["gradient_check"]["images"]}, "iterations": len(ref["iterations"])}, self.inputs)
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")

        def limits():
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

        self.process = subprocess.Popen(
            [sys.executable, RUN, path, self.inputs.name, data_dir, str(write), self.dump.name, str(limit)] + ["quick"] * quick,
            pass_fds=(write,), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=env, preexec_fn=limits, start_new_session=True)
        os.close(write)
        self.pipe, self.buffer, self.results = read, b"", {}
        self.started, self.ended, self.hung, self.done, self.exit = None, False, False, False, None
        self.printed = bytearray()
        self.reader = threading.Thread(target=self.keep_printed, daemon=True)
        self.reader.start()

    def keep_printed(self):
        """What the learner's code printed, the first PRINTED_CAP bytes (the rest read and dropped)."""
        while True:
            chunk = self.process.stdout.read1(65536)
            if not chunk:
                return
            room = PRINTED_CAP - len(self.printed)
            if room > 0:
                self.printed += chunk[:room]

    def read(self):
        """The next message, or None once the process has ended (or stayed silent past every limit)."""
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.pipe], [], [], 10 * self.limit + 30)
            if not ready:
                self.hung = True
                self.kill()
                return None
            chunk = os.read(self.pipe, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def get(self, case):
        """The message that ends `case` (its value, or how it failed); None if it never came."""
        while case not in self.results and not self.ended:
            message = self.read()
            if message is None:
                self.ended = True
                self.process.wait()
                break
            if "start" in message:
                self.started = message["start"]
            elif "done" in message:
                self.done = True
            else:
                if "internal" in message:
                    print(tr("error: the checker itself failed (please report it):", "오류: checker 자신이 실패했습니다 (알려 주세요):"), message["internal"], sep="\n")
                    self.kill()
                    sys.exit(2)
                if "exit" in message:
                    self.exit = message
                if "found" in message or "missing" in message:
                    key = "found " + message.get("found", message.get("missing"))
                else:
                    key = next((message[k] for k in ("value", "raised", "exit") if k in message), "import")
                self.results[key] = message
        return self.results.get(case)

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def where_it_hung(self):
        """The learner's innermost frame in faulthandler's dump ("File "…", line N in name")."""
        try:
            text = open(self.dump.name, encoding="utf-8", errors="replace").read()
        except OSError:
            return None
        checker = os.path.dirname(RUN)
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("File \"") and "site-packages" not in line and checker not in line and sys.base_prefix + "/lib" not in line:
                file, rest = line[6:].split("\"", 1)
                words = rest.replace(",", "").split()
                root = os.path.dirname(os.path.dirname(self.path))
                shown = os.path.relpath(file, root) if file.startswith(root + os.sep) else file
                return {"file": shown, "line": int(words[1]) if len(words) > 1 and words[1].isdigit() else "?"}
        return None

    def finish(self):
        self.kill()
        self.process.wait()
        self.reader.join(timeout=5)
        os.unlink(self.dump.name)
        os.unlink(self.inputs.name)


class Report:
    """The lines the learner reads: a section per stage, ✓ / ✗ / not in your files per item."""

    def __init__(self, child):
        self.child, self.passed, self.failed, self.missing, self.seen = child, 0, [], [], set()

    def section(self, en, ko):
        if not getattr(self, "ending_said", False):
            print(tr(en, ko))

    def ok(self, name, note=""):
        self.passed += 1
        print(f"  ✓ {name}{note}")

    def bad(self, name, at, what, cause=None):
        if cause is None and self.failed:
            cause = ("the first ✗ above may be the reason", "위의 첫 ✗가 이유일 수 있습니다")
        self.failed.append(f"{name}{place(at)}")
        print(f"  ✗ {name}{place(at)}: {what}")
        if cause:
            print(tr(f"      likely cause: {cause[0]}", f"      원인일 듯: {cause[1]}"))

    def absent(self, name):
        self.missing.append(name)
        print(tr(f"  · {name}: not in your files", f"  · {name}: 여러분의 파일에 없습니다"))

    def failure(self, name, message, at=None):
        """`message` says the learner's call raised or ended the program: report it as ✗; True if so."""
        if message is None:
            if not self.child.ended:
                return False
            self.ending(name)
            return True
        if "raised" in message and (message["type"], message["message"], str(message.get("at"))) in self.seen:
            self.bad(name, message.get("at") or at, tr("raised the same error as above", "위와 같은 예외"))
            return True
        if "raised" in message:
            self.seen.add((message["type"], message["message"], str(message.get("at"))))
            at = message.get("at") or at
            code = f" — {message['at']['code']}" if message.get("at") and message["at"].get("code") else ""
            self.bad(name, at, tr(f"raised {message['type']}: {message['message']}{code}", f"{message['type']} 예외: {message['message']}{code}"), raised_cause(name, message))
            return True
        if "exit" in message:
            self.ended_by_exit(name, message)
            return True
        return False

    def ended_by_exit(self, name, message):
        self.bad(name, message.get("at"), tr(f"your code ended the program (exit code {message['code']}) — {(message.get('at') or {}).get('code', '')}",
                                             f"여러분의 코드가 프로그램을 끝냈습니다 (종료 코드 {message['code']}) — {(message.get('at') or {}).get('code', '')}"),
                 ("sys.exit, exit() or os._exit in the code the checker calls: the checker calls each function itself, so nothing may end the program",
                  "checker가 부르는 코드에 sys.exit, exit(), os._exit가 있습니다: checker가 각 함수를 직접 부르므로 프로그램을 끝내면 안 됩니다"))

    def ending(self, name):
        """The learner's process ended (or hung) before `name` was answered: say how, once."""
        if getattr(self, "ending_said", False):
            return
        self.ending_said = True
        child = self.child
        case = child.started or name
        if child.exit:
            self.ended_by_exit(child.exit["exit"], child.exit)
        elif child.hung or child.process.returncode == 1 and os.path.getsize(child.dump.name) > 0:
            at = child.where_it_hung()
            limit = child.limit * (10 if case == "gradient check" else 1)
            self.bad(case, at, tr(f"did not finish in {limit:g} s", f"{limit:g}초 안에 끝나지 않았습니다"),
                     ("a loop that never ends? (the line shown is where it was)", "끝나지 않는 반복문? (보인 줄이 그때 있던 곳입니다)"))
        else:
            code = child.process.returncode
            how = tr(f"signal {-code}", f"시그널 {-code}") if code is not None and code < 0 else tr(f"exit code {code}", f"종료 코드 {code}")
            cause = ("more memory than the checker allows (4 GiB)?", "checker가 허용하는 것(4 GiB)보다 많은 메모리?") if code == -9 else None
            self.bad(case, None, tr(f"the program running your code ended ({how})", f"여러분의 코드를 돌리던 프로그램이 끝났습니다 ({how})"), cause)
        print(tr("  (nothing after this could be checked)", "  (이 뒤로는 확인하지 못했습니다)"))


def raised_cause(name, message):
    """A likely cause for an exception the learner's code raised, or None."""
    text, kind = message["message"], message["type"]
    code = (message.get("at") or {}).get("code", "")
    calls = message.get("calls") or []
    backwards = [c for c in calls if c.endswith(".backward")]
    if kind == "AttributeError" and "NoneType" in text and ".T" in code:
        return ("x is not kept in Affine.forward: self.x = x (5.6)", "Affine.forward가 x를 저장하지 않았습니다: self.x = x (5.6)")
    if kind == "AttributeError" and "object has no attribute" in text:
        attr = text.rsplit("attribute", 1)[-1].strip(" '\"")
        notes = {"last_layer": "lastLayer", "lastlayer": "lastLayer", "LastLayer": "lastLayer", "layer": "layers", "param": "params"}.get(attr)
        if notes:
            return (f"the notes call it self.{notes} (5.7.2); the name must be the same in __init__ and where it is used",
                    f"노트는 self.{notes}라고 부릅니다 (5.7.2); __init__과 쓰는 곳에서 이름이 같아야 합니다")
        return (f"self.{attr} is used but never set (5.7.2)", f"self.{attr}를 쓰지만 만든 적이 없습니다 (5.7.2)")
    if kind == "TypeError" and "NoneType" in text and ("subscriptable" in text or "item assignment" in text):
        return ("a value is None where a dictionary or array is needed: self.params = {} and return grads (5.7.2)",
                "딕셔너리나 배열이 있어야 할 곳이 None입니다: self.params = {}, return grads (5.7.2)")
    if kind == "MemoryError":
        return ("more memory than the checker allows (4 GiB)", "checker가 허용하는 메모리(4 GiB)보다 많습니다")
    if len(backwards) >= 2 and "Affine2" not in backwards[1] and kind == "ValueError":
        return (f"{backwards[1]} was called right after the last layer: the layers are not reversed in gradient (5.7.2: layers.reverse())",
                f"마지막 계층 다음에 {backwards[1]}를 불렀습니다: gradient에서 계층을 거꾸로 해야 합니다 (5.7.2: layers.reverse())")
    if "not aligned" in text or "shapes" in text:
        return (f"the shapes do not fit: {text}", f"형상이 맞지 않습니다: {text}")
    return None


def value_of(report, name, message, at):
    """The learner's value in `message`, or None after reporting why there is none."""
    if report.failure(name, message, at):
        return None
    if message is None:
        return None
    return message


def check_functions(child, report, ref):
    report.section("the notes' functions and layers (each on its own, the inputs in the checker's file)",
                   "노트의 함수와 계층 (하나씩, 같은 입력으로)")
    found = {}
    for name in ("softmax", "cross_entropy_error", "numerical_gradient", "MulLayer", "AddLayer", "Relu", "Sigmoid", "Affine", "SoftmaxWithLoss", "TwoLayerNet"):
        message = child.get("found " + name)
        if message and "found" in message:
            found[name] = message.get("at")
    if child.ended and not found:
        report.ending("import")
        return found

    def item(name, parts):
        """One function or class: every (case, expected, causes, tolerances) must agree."""
        if name not in found:
            report.absent(name)
            return
        for case, key, expected, cause, tol in parts:
            message = value_of(report, case, child.get(case), found[name])
            if message is None:
                return
            if key is None:  # the constructor: it only has to return
                continue
            mine = decode(message.get(key))
            what = first_difference(mine, expected, *tol)
            if what:
                label = case if key == "got" else f"{case}: {'x afterwards' if key == 'x_after' else key}"
                report.bad(label, found[name], what, cause(mine, message) if cause else None)
                return
        report.ok(name)

    f = ref["softmax"]
    x, out = array(f["x"]), array(f["out"])

    def softmax_cause(mine, _):
        if isinstance(mine, str) or mine.shape != out.shape:
            return None
        if not np.isfinite(mine).all():
            return ("no overflow guard: x - np.max(x, axis=-1, keepdims=True) first (the third row's scores are near 1000, and np.exp(1000) is inf)",
                    "오버플로 대책이 없습니다: 먼저 x - np.max(x, axis=-1, keepdims=True) (세 번째 행의 점수는 1000 근처, np.exp(1000)은 inf)")
        if abs(float(mine.sum()) - 1.0) < 1e-6:
            return ("a 1-D softmax (no axis), the book's old version: normalise each row (axis=-1, keepdims=True) (5.6)",
                    "softmax가 배치 전체를 하나로 정규화합니다: 행마다(axis=-1, keepdims=True) 해야 합니다. 책의 옛 1차원 softmax입니다 (5.6)")
        return None

    item("softmax", [("softmax", "got", out, softmax_cause, ())])

    c = ref["cross_entropy_error"]
    y, t = array(c["y"]), array(c["t"])

    def cross_cause(mine, _):
        if close(mine, np.array(c["out"]) * y.shape[0]):
            return ("a missing / batch_size: the loss is a mean over the batch (4.2)", "batch_size로 나누지 않았습니다: 손실은 배치의 평균입니다 (4.2)")
        if close(mine, np.array(-np.sum(t * np.log(y)) / y.shape[0])):
            return ("no + 1e-7 inside the log (delta, so that log(0) is not -inf)", "log 안에 + 1e-7(delta)이 없습니다 (log(0)이 -inf가 되지 않게)")
        return None

    def one_image_cause(mine, _):
        return ("the one-image case: the notes reshape a 1-D y and t to (1, size) first (if y.ndim == 1)",
                "이미지 하나일 때: 노트는 1차원 y와 t를 먼저 (1, size)로 바꿉니다 (if y.ndim == 1)")

    item("cross_entropy_error", [("cross_entropy_error", "got", np.array(c["out"]), cross_cause, ()),
                                 ("cross_entropy_error 1-D", "got", np.array(c["out1"]), one_image_cause, ())])

    c = ref["numerical_gradient"]
    point, x2 = array(c["x"]), array(c["x2"])
    h = 1e-4

    def numerical_cause(mine, message, x=point, f=lambda v: v[0] ** 2 + v[1] ** 2):
        after = decode(message.get("x_after"))
        if not isinstance(after, str) and not close(after, x, 0, 0):
            return ("x[idx] is not put back after the two evaluations: x[idx] = tmp_val (4.4)", "두 번 계산한 뒤 x[idx]를 되돌리지 않습니다: x[idx] = tmp_val (4.4)")
        forward = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            nudged = x.copy()
            nudged[i] += h
            forward[i] = (f(nudged) - f(x)) / h
        if close(mine, forward, 1e-6, 1e-9):
            return ("a forward difference (f(x+h) - f(x)) / h: the notes use the central difference (f(x+h) - f(x-h)) / (2*h) (4.3)",
                    "전방 차분 (f(x+h) - f(x)) / h 입니다: 노트는 중심 차분 (f(x+h) - f(x-h)) / (2*h)을 씁니다 (4.3)")
        return None

    def numerical_2d_cause(mine, message):
        cause = numerical_cause(mine, message, x2, lambda v: np.sum(v ** 2))
        return cause or ("only a 1-D x: the notes' common/gradient.py visits every entry of any shape with np.nditer",
                         "1차원 x만 됩니다: 노트의 common/gradient.py는 np.nditer로 어느 형상이든 모든 원소를 돕니다")

    numerical_tol = (1e-6, NUMERICAL_ATOL)
    item("numerical_gradient", [("numerical_gradient", "x_after", point, numerical_cause, (0, 0)),
                                ("numerical_gradient", "got", array(c["out"]), numerical_cause, numerical_tol),
                                ("numerical_gradient 2-D", "got", array(c["out2"]), numerical_2d_cause, numerical_tol)])

    for name in ("MulLayer", "AddLayer"):
        c = ref[name]

        def swapped(mine, message, c=c):
            if message.get("count") != 2:
                return ("backward returns the two gradients: return dx, dy (5.4)", "backward는 기울기 두 개를 돌려줍니다: return dx, dy (5.4)")
            if name == "MulLayer" and close(mine, np.array(c["dout"] * c["x"])):
                return ("dx and dy swapped: dx = dout * self.y, dy = dout * self.x (the inputs swap, 5.4.1)",
                        "dx와 dy가 바뀌었습니다: dx = dout * self.y, dy = dout * self.x (입력이 서로 바뀝니다, 5.4.1)")
            return None

        item(name, [(f"{name}()", None, None, None, ()), (f"{name}.forward", "got", np.array(c["out"]), None, ()),
                    (f"{name}.backward", "got", np.array(c["dx"]), swapped, ()), (f"{name}.backward", "dy", np.array(c["dy"]), swapped, ())]
             if name in found else [])

    for name in ("Relu", "Sigmoid"):
        c = ref[name]
        x, dout, out, dx = array(c["x"]), array(c["dout"]), array(c["out"]), array(c["dx"])

        def layer_cause(mine, message, name=name, x=x, dout=dout, out=out):
            if isinstance(mine, str) or mine.shape != x.shape:
                return None
            if name == "Relu" and close(mine, dout, 0, 0):
                return ("Relu.backward forgets the mask: dout[self.mask] = 0 (5.5.1)", "Relu.backward가 mask를 쓰지 않습니다: dout[self.mask] = 0 (5.5.1)")
            if name == "Relu" and close(mine, np.where(x < 0, 0, dout), 0, 0):
                return ("mask = (x < 0): at x = 0 exactly the notes' Relu passes nothing back, mask = (x <= 0) (5.5.1)",
                        "mask = (x < 0): x가 정확히 0일 때 노트의 Relu는 아무것도 돌려보내지 않습니다, mask = (x <= 0) (5.5.1)")
            if name == "Sigmoid" and close(mine, 1 / (1 + np.exp(x))):
                return ("np.exp(x) where the notes have np.exp(-x): out = 1 / (1 + np.exp(-x)) (5.5.2)",
                        "np.exp(-x)가 아니라 np.exp(x)입니다: out = 1 / (1 + np.exp(-x)) (5.5.2)")
            if name == "Sigmoid" and close(mine, out * (1 - out)):
                return ("dout is not multiplied in: dx = dout * (1.0 - self.out) * self.out (5.5.2)",
                        "dout을 곱하지 않았습니다: dx = dout * (1.0 - self.out) * self.out (5.5.2)")
            return None

        item(name, [(f"{name}()", None, None, None, ()), (f"{name}.forward", "got", out, layer_cause, ()),
                    (f"{name}.backward", "got", dx, layer_cause, ())] if name in found else [])

    c = ref["Affine"]
    w, x, dout = array(c["W"]), array(c["x"]), array(c["dout"])

    def affine_cause(mine, message):
        if isinstance(mine, str):
            return None
        if mine.shape == (x.shape[0], w.shape[1]) and close(mine, x @ w):
            return ("+ self.b is missing: out = np.dot(x, self.W) + self.b (5.6.1)", "+ self.b가 없습니다: out = np.dot(x, self.W) + self.b (5.6.1)")
        if mine.shape == w.shape[::-1]:
            return ("dW is transposed: self.dW = np.dot(self.x.T, dout) (5.6.1)", "dW가 전치되었습니다: self.dW = np.dot(self.x.T, dout) (5.6.1)")
        if mine.shape == (x.shape[0],):
            return (f"db summed over the wrong axis (shape {mine.shape}): self.db = np.sum(dout, axis=0) (5.6.2)",
                    f"db를 다른 축으로 더했습니다(형상 {mine.shape}): self.db = np.sum(dout, axis=0) (5.6.2)")
        if mine.shape == dout.shape and mine.shape != x.shape:
            return ("db is dout itself: b was added to every row, so db sums them, np.sum(dout, axis=0) (5.6.2)",
                    "db가 dout 그대로입니다: b는 모든 행에 더해졌으니 db는 그 합, np.sum(dout, axis=0) (5.6.2)")
        return None

    item("Affine", [("Affine()", None, None, None, ()), ("Affine.forward", "got", array(c["out"]), affine_cause, ()),
                    ("Affine.backward", "got", array(c["dx"]), affine_cause, ()), ("Affine.backward", "dW", array(c["dW"]), affine_cause, ()),
                    ("Affine.backward", "db", array(c["db"]), affine_cause, ())] if "Affine" in found else [])

    c = ref["SoftmaxWithLoss"]

    def last_cause(mine, _):
        expected = array(c["dx"])
        if close(mine, expected * expected.shape[0]):
            return ("a missing / batch_size in SoftmaxWithLoss.backward (5.6.3: dx = (self.y - self.t) / batch_size)",
                    "SoftmaxWithLoss.backward에서 batch_size로 나누지 않았습니다 (5.6.3: dx = (self.y - self.t) / batch_size)")
        return None

    item("SoftmaxWithLoss", [("SoftmaxWithLoss()", None, None, None, ()), ("SoftmaxWithLoss.forward", "got", np.array(c["out"]), None, ()),
                             ("SoftmaxWithLoss.backward", "got", array(c["dx"]), last_cause, ())] if "SoftmaxWithLoss" in found else [])
    return found


def params_of(report, name, message, at):
    """The learner's params (a dict of arrays) in `message`, or None after saying what is wrong."""
    got = decode_grads(message.get("got")) if message else None
    structure = message.get("structure", {}) if message else {}
    if not isinstance(got, dict) or any(k not in got for k in KEYS):
        kind = structure.get("params")
        what = (tr("has no self.params", "self.params가 없습니다") if kind is None else
                tr(f"self.params is a {kind}, not a dictionary", f"self.params가 딕셔너리가 아니라 {kind}입니다") if isinstance(kind, str) else
                tr(f"self.params has the keys {kind}, not W1, b1, W2, b2", f"self.params의 키가 W1, b1, W2, b2가 아니라 {kind}입니다"))
        report.bad(name, at, what, ("the notes' TwoLayerNet keeps its weights in self.params = {}, under 'W1', 'b1', 'W2', 'b2' (5.7.2)",
                                    "노트의 TwoLayerNet은 가중치를 self.params = {}에 'W1', 'b1', 'W2', 'b2'로 둡니다 (5.7.2)"))
        return None
    return {k: got[k] for k in KEYS}


def sharing(report, name, structure, at):
    """✗ for each Affine whose W or b is not the very array in params (5.7.2); True if all share."""
    affines = [s for s in structure.get("shares", []) if s[1] == "W"]
    for (layer, attr, same), key in [(s, f"W{i + 1}") for i, s in enumerate(affines)] + \
            [(s, f"b{i + 1}") for i, s in enumerate(s for s in structure.get("shares", []) if s[1] == "b")]:
        if key in KEYS and key not in same:
            report.bad(name, at, tr(f"the layer {layer} no longer shares {key} with params", f"계층 {layer}가 params와 {key}를 더는 공유하지 않습니다"),
                       (f"Affine(self.params['{key[0]}{key[1]}'], …) must get the very array (5.7.2); a .copy() or np.array(…) makes a new one, so the update of params never reaches the layer",
                        f"Affine(self.params['{key}'], …)에는 바로 그 배열을 넘겨야 합니다 (5.7.2); .copy()나 np.array(…)는 새 배열을 만들어 params의 갱신이 계층에 닿지 않습니다"))
            return False
    return True


def blame_grads(report, name, grads, expected, message, at, structure):
    """Each of gradient's entries against the expected; a wrong one is named by what it holds."""
    layer_grads = {k: decode(v) for k, v in (message.get("layer_grads") or {}).items()}
    lines = structure.get("grads_lines", {})
    for key in KEYS:
        mine = grads.get(key, "nothing") if isinstance(grads, dict) else grads
        what = first_difference(mine, expected[key]) if not isinstance(mine, str) else (
            tr(f"gradient's dictionary has no '{key}' (it has {sorted(grads)})", f"gradient의 딕셔너리에 '{key}'가 없습니다 ({sorted(grads)})") if isinstance(grads, dict)
            else first_difference(mine, expected[key]))
        if not what:
            continue
        holds = [k for k, v in layer_grads.items() if close(mine, v, 0, 0)]
        right = [k for k, v in layer_grads.items() if close(expected[key], v, 1e-9, 1e-12)]
        line = lines.get(key) or at
        cause = None
        if holds and right and holds[0] not in right:
            cause = (f"grads['{key}'] holds {holds[0]}, which is grads['{key_of(holds[0], structure)}']: it should be {right[0]} (5.7.2)",
                     f"grads['{key}']에 {holds[0]}가 들어 있습니다 (그것은 grads['{key_of(holds[0], structure)}']): {right[0]}여야 합니다 (5.7.2)")
        elif not right and layer_grads:
            cause = ("the layer's own dW or db is already wrong: see the layer's line above", "계층의 dW나 db부터 틀렸습니다: 위의 계층 줄을 보세요")
        elif isinstance(mine, str) and mine == "nothing" and isinstance(grads, dict):
            cause = (f"the checker expects the notes' keys W1, b1, W2, b2: grads['{key}'] = … (5.7.2)", f"checker는 노트의 키 W1, b1, W2, b2를 찾습니다: grads['{key}'] = … (5.7.2)")
        report.bad(f"{name}['{key}']", line, what, cause)
        return False
    return True


def key_of(layer_attr, structure):
    """Affine1.dW → W1: the params key a layer's gradient belongs to, by the layer's place."""
    layer, attr = layer_attr.rsplit(".", 1)
    affines = [s[0] for s in structure.get("shares", []) if s[1] == "W"]
    return f"{attr[1]}{affines.index(layer) + 1}" if layer in affines else "?"


def order(report, name, calls, structure, at):
    """The backwards must run from the last layer back to the first (5.7.2); True if they did."""
    layers = [n for n, _ in structure.get("layers") or []]
    if not layers or not structure.get("last"):
        return True
    backwards = [c[: -len(".backward")] for c in calls if c.endswith(".backward")]
    expected = [structure["last"]] + layers[::-1]
    if backwards == expected:
        return True
    cause = (("the layers are not reversed in gradient (5.7.2: layers.reverse())", "gradient에서 계층을 거꾸로 하지 않았습니다 (5.7.2: layers.reverse())")
             if backwards[1:] == layers else None)
    report.bad(name, at, tr(f"the backwards ran in the order {backwards}, expected {expected}", f"backward를 부른 순서가 {backwards}, 기대 {expected}"), cause)
    return False


def check_network(child, report, ref, found):
    c = ref["network"]
    i, h, o = c["sizes"]
    report.section(f"TwoLayerNet({i}, {h}, {o}) after np.random.seed({ref['seed']}), on {len(c['x']['data']) // i} inputs",
                   f"np.random.seed({ref['seed']}) 뒤의 TwoLayerNet({i}, {h}, {o}), 입력 {len(c['x']['data']) // i}개")
    if "TwoLayerNet" not in found:
        report.absent("TwoLayerNet")
        return None
    at = found["TwoLayerNet"]
    message = value_of(report, "TwoLayerNet()", child.get("TwoLayerNet()"), at)
    if message is None:
        return None
    structure = message.get("structure", {})
    params = params_of(report, "TwoLayerNet.__init__", message, at)
    if params is not None:
        for key in KEYS:
            what = first_difference(params[key], array(c["params"][key]))
            if what:
                report.bad(f"TwoLayerNet.__init__: params['{key}']", at, what,
                           ("__init__ draws its random numbers differently from the notes: W1 = weight_init_std * np.random.randn(input_size, hidden_size), b1 zeros, then W2 (5.7.2)",
                            "__init__이 난수를 노트와 다르게 씁니다: W1 = weight_init_std * np.random.randn(input_size, hidden_size), b1은 0, 그다음 W2 (5.7.2)"))
                break
        else:
            if sharing(report, "TwoLayerNet.__init__", structure, at):
                notes = []
                if structure.get("layers") is None:
                    notes.append(tr("no self.layers: the layers are not shown one by one", "self.layers가 없어 계층을 하나씩 보이지 못합니다"))
                elif [n for n, _ in structure["layers"]] != list(NOTES_LAYERS):
                    notes.append(tr(f"your layers {[n for n, _ in structure['layers']]}; the notes' {list(NOTES_LAYERS)}",
                                    f"여러분의 계층 {[n for n, _ in structure['layers']]}; 노트는 {list(NOTES_LAYERS)}"))
                if structure.get("last") not in (None, "lastLayer"):
                    notes.append(tr(f"your last layer is self.{structure['last']}; the notes call it self.lastLayer",
                                    f"마지막 계층이 self.{structure['last']}입니다; 노트는 self.lastLayer"))
                report.ok("TwoLayerNet.__init__", f" ({'; '.join(notes)})" if notes else "")
    for name, tol in (("predict", ()), ("loss", ()), ("accuracy", ())):
        case = f"TwoLayerNet.{name}"
        message = value_of(report, case, child.get(case), at)
        if message is None:
            continue
        what = first_difference(decode(message.get("got")), np.array(array(c[name]) if isinstance(c[name], dict) else c[name], dtype=float), *tol)
        report.bad(case, at, what) if what else report.ok(case)
    case = "TwoLayerNet.numerical_gradient"
    message = value_of(report, case, child.get(case), at)
    if message is not None:
        grads = decode_grads(message.get("got"))
        expected = {k: array(v) for k, v in c["numerical_gradient"].items()}
        wrong = next(((k, first_difference(grads.get(k, "nothing") if isinstance(grads, dict) else grads, expected[k], 1e-6, NUMERICAL_ATOL)) for k in KEYS
                      if first_difference(grads.get(k, "nothing") if isinstance(grads, dict) else grads, expected[k], 1e-6, NUMERICAL_ATOL)), None)
        if wrong:
            cause = (("the numerical_gradient function above already differs", "위의 numerical_gradient 함수부터 다릅니다")
                     if "numerical_gradient" in " ".join(report.failed) else None)
            report.bad(f"{case}['{wrong[0]}']", at, wrong[1], cause)
        else:
            report.ok(case)
    case = "TwoLayerNet.gradient"
    message = value_of(report, case, child.get(case), at)
    if message is not None:
        grads = decode_grads(message.get("got"))
        expected = {k: array(v) for k, v in c["gradient"].items()}
        if isinstance(grads, str) and grads == "NoneType":
            report.bad(case, at, tr("returned None", "None을 돌려줍니다"), ("gradient ends with return grads (5.7.2)", "gradient는 return grads로 끝납니다 (5.7.2)"))
        elif order(report, case, message.get("calls", []), structure, at) and blame_grads(report, case, grads, expected, message, at, structure):
            report.ok(case)
    return structure


def check_gradient(child, report, ref):
    g = ref["gradient_check"]
    report.section(f"the gradient check (784-50-10, the first {g['images']} images, ch05/gradient_check.py)",
                   f"기울기 확인 (784-50-10, 처음 이미지 {g['images']}장, ch05/gradient_check.py)")
    message = value_of(report, "gradient check", child.get("gradient check"), None)
    if message is None:
        return
    lines = []
    for key in KEYS:
        numerical, backprop = (message.get(k) for k in ("numerical", "backprop"))
        numerical, backprop = decode_grads(numerical), decode_grads(backprop)
        mine_n = numerical.get(key, "nothing") if isinstance(numerical, dict) else numerical
        mine_b = backprop.get(key, "nothing") if isinstance(backprop, dict) else backprop
        ref_n, ref_b = array(g["numerical"][key]), array(g["backprop"][key])
        for method, mine, expected, tol in (("numerical_gradient", mine_n, ref_n, (1e-6, NUMERICAL_ATOL)), ("gradient", mine_b, ref_b, ())):
            what = first_difference(mine, expected, *tol)
            if what:
                report.bad(tr(f"gradient check: grads['{key}'] of {method}", f"기울기 확인: {method}의 grads['{key}']"), None, what)
                return
        lines.append(f"{key}:{np.average(np.abs(mine_b - mine_n)):.3g} ({tr('this project', '이 프로젝트')} {np.average(np.abs(ref_b - ref_n)):.3g})")
    report.ok(tr("gradient check", "기울기 확인"), ": " + ", ".join(lines))


# The loop's values by the notes' layer names, in the order they are computed.
FORWARD = ("Affine1.forward", "Relu1.forward", "Affine2.forward")
BACKWARD = ("lastLayer.backward", "Affine2.backward", "Relu1.backward", "Affine1.backward")


def loop_cause(name, mine, expected, values):
    """A likely cause of a difference in the loop, in English and Korean, or None."""
    if isinstance(mine, str):
        return None
    if name == "lastLayer.backward" and mine.shape == expected.shape and close(mine, expected * expected.shape[0]):
        return ("a missing / batch_size in SoftmaxWithLoss.backward (5.6.3: dx = (self.y - self.t) / batch_size)",
                "SoftmaxWithLoss.backward에서 batch_size로 나누지 않았습니다 (5.6.3: dx = (self.y - self.t) / batch_size)")
    if name == "Relu1.backward" and close(mine, values.get("Affine2.backward"), 0, 0):
        return ("Relu.backward forgets the mask: dout[self.mask] = 0 (5.5.1)", "Relu.backward가 mask를 쓰지 않습니다: dout[self.mask] = 0 (5.5.1)")
    if mine.shape != expected.shape:
        return (f"the shapes differ: yours {mine.shape}, expected {expected.shape}", f"형상이 다릅니다: 여러분 {mine.shape}, 기대 {expected.shape}")
    return None


def check_loop(child, report, ref, structure):
    n = len(ref["iterations"])
    report.section(f"the notes' loop (train_neuralnet.py), {n} iterations of batch 100, learning rate 0.1",
                   f"노트의 학습 루프 (train_neuralnet.py), 배치 100, 학습률 0.1로 {n}번")
    message = value_of(report, "loop initial", child.get("loop initial"), None)
    if message is None or structure is None:
        return
    layers = [n for n, _ in structure.get("layers") or []]
    by_position = dict(zip(layers, NOTES_LAYERS)) if len(layers) == len(NOTES_LAYERS) else {}
    if structure.get("last"):
        by_position[structure["last"]] = "lastLayer"
    for k, step in enumerate(ref["iterations"]):
        name = tr(f"iteration {k}", f"반복 {k}")
        message = child.get(f"iteration {k}")
        if message is None or "value" not in message:
            report.failure(name, message)
            return
        if message["batch_mask"] != step["batch_mask"]:
            report.bad(name, None, tr("the mini-batch differs", "미니배치가 다릅니다"),
                       ("__init__ draws random numbers differently from the notes, so np.random.choice picks other images",
                        "__init__이 난수를 노트와 다르게 써서 np.random.choice가 다른 이미지를 고릅니다"))
            return
        values = {f"{by_position[n.rsplit('.', 1)[0]]}.{n.rsplit('.', 1)[1]}": decode(v) for n, v in message["values"].items() if n.rsplit(".", 1)[0] in by_position}
        if message.get("failed"):
            report.failure(name, child.results.get(f"iteration {k}") if "raised" in child.results.get(f"iteration {k}", {}) else None)
            return
        checks = [(f, values.get(f, "nothing"), array(step[f])) for f in FORWARD]
        checks.append(("loss", values.get("lastLayer.forward", "nothing"), np.array(step["loss"])))
        checks += [(b, values.get(b, "nothing"), array(step[b])) for b in BACKWARD]
        grads = decode_grads(message.get("got"))
        checks += [(f"grads.{key}", grads.get(key, "nothing") if isinstance(grads, dict) else grads, array(step["grads"][key])) for key in KEYS]
        params = message.get("params") or {}
        checks += [(f"params['{key}'] after the update", decode(params.get(key)), array(step["params"][key])) for key in KEYS]
        checks.append(("loss after the update", decode(message.get("loss_after")), np.array(step["loss_after"])))
        for label, mine, expected in checks:
            layer = label.split(".")[0] if label in FORWARD + BACKWARD else "lastLayer"
            if isinstance(mine, str) and mine == "nothing" and label in FORWARD + BACKWARD + ("loss",) and layer not in by_position.values():
                continue  # a layer the checker could not find: the network's results are still compared below
            what = first_difference(mine, expected)
            if what:
                kind = tr("backward", "역전파") if "backward" in label or label.startswith("grads") else tr("forward", "순전파")
                report.bad(f"{name}, {kind}: {label}", None, what, loop_cause(label, mine, expected, values))
                return
    report.ok(tr(f"every value of {n} iterations equals this project's (within {RTOL} relative)",
                 f"반복 {n}번 동안 모든 값이 이 프로젝트와 같습니다(상대 오차 {RTOL} 안)"))


def main():
    args, limit, quick = [], TIME_LIMIT, False
    given = iter(sys.argv[1:])
    for arg in given:
        if arg == "--quick":
            quick = True
        elif arg == "--time-limit":
            text = next(given, "")
            try:
                limit = float(text)
            except ValueError:
                limit = float("nan")
            if not 0.1 <= limit <= 3600:  # NaN too
                stop(2, f"--time-limit {text!r} is not a number of seconds from 0.1 to 3600", f"--time-limit {text!r}: 0.1에서 3600 사이의 초가 아닙니다",
                     'e.g. ARGS="--time-limit 60"', '예: ARGS="--time-limit 60"')
        elif arg.startswith("--"):
            stop(2, f"{arg}: no such option (there are --quick and --time-limit S)", f"{arg}: 그런 옵션은 없습니다 (--quick과 --time-limit S가 있습니다)",
                 'e.g. ARGS="--quick"', '예: ARGS="--quick"')
        else:
            args.append(arg)
    if len(args) != 3:
        stop(2, "usage: check_mine.py FILE STEPS_JSON DATA_DIR [--time-limit SECONDS] [--quick]", "사용법: check_mine.py FILE STEPS_JSON DATA_DIR [--time-limit 초] [--quick]")
    path, steps_json, data_dir = args[0], os.path.abspath(args[1]), os.path.abspath(args[2])
    if not path:
        stop(2, "name the file with FILE=", "어느 파일인지 FILE= 로 알려 주세요",
             "make check-mine FILE=ch05/two_layer_net.py", "make check-mine FILE=ch05/two_layer_net.py")
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        stop(2, f"{path}: no such file", f"{path}: 파일이 없습니다", "check the FILE= path", "FILE= 경로를 확인하세요")
    with open(steps_json) as f:
        ref = json.load(f)
    print(tr(f"check-mine: {path} beside this project's Rust (seed {ref['seed']})", f"check-mine: {path}를 이 프로젝트의 Rust와 비교 (시드 {ref['seed']})"))
    child = Child(path, ref, data_dir, limit, quick)
    try:
        code = run(child, path, ref, quick)
    finally:
        child.finish()
    printed = child.printed.decode("utf-8", errors="replace").splitlines()
    if printed:
        print(tr("your code printed:", "여러분의 코드가 출력한 것:"))
        for line in printed[:10]:
            print(f"  | {line}")
        if len(printed) > 10 or len(child.printed) >= PRINTED_CAP:
            print(tr("  | … (the rest left out)", "  | … (나머지 생략)"))
    sys.exit(code)


def run(child, path, ref, quick):
    """The report, stage by stage; the exit code."""
    first = child.get("found softmax")
    imported = child.results.get("import")
    for message in child.results.values():
        if message.get("syntax"):
            at = message["at"]
            stop(2, f"{at['file']}:{at['line']}: a syntax error ({message['message']}) at line {at['line']}", f"{at['file']}:{at['line']}: 문법 오류 ({message['message']})",
                 "check that line's brackets, colons and indentation", "그 줄의 괄호, 콜론, 들여쓰기를 확인하세요")
        if "unreadable" in message:
            stop(2, f"{path}: cannot be read as Python ({message['unreadable']})", f"{path}: Python으로 읽을 수 없습니다 ({message['unreadable']})",
                 "save it as UTF-8 text", "UTF-8 텍스트로 저장하세요")
    if first is None and imported is not None:
        if "raised" in imported:
            at = imported.get("at")
            if imported["type"] in ("ImportError", "ModuleNotFoundError"):
                stop(2, f"an import failed: {imported['message']}{place(at)}", f"가져올 수 없는 모듈이 있습니다: {imported['message']}{place(at)}",
                     "the common/ folder (layers.py, functions.py, gradient.py) must be in the file's folder or its parent",
                     "common/ 폴더(layers.py, functions.py, gradient.py)가 파일의 폴더나 그 위에 있어야 합니다")
            stop(2, f"importing it raised {imported['type']}: {imported['message']}{place(at)}", f"불러오는 중에 {imported['type']}: {imported['message']}{place(at)}",
                 "fix that line", "그 줄을 고치세요")
        if "exit" in imported:
            at = imported.get("at")
            code = f": {at['code']}" if at and at.get("code") else ""
            stop(2, f"your file ends the program while it is imported{place(at)}{code}", f"파일을 불러오는 중에 프로그램이 끝납니다{place(at)}{code}",
                 "the checker imports your file and calls its functions: put that line under if __name__ == '__main__':",
                 "checker는 파일을 불러와 함수를 부릅니다: 그 줄을 if __name__ == '__main__': 아래로 옮기세요")
    if first is None and child.started == "import" and child.ended:
        at = child.where_it_hung()
        if child.hung or at:
            stop(2, f"importing your file did not finish in {child.limit:g} s{place(at)}", f"파일을 불러오는 것이 {child.limit:g}초 안에 끝나지 않았습니다{place(at)}",
                 "a loop or a training run at import? put it under if __name__ == '__main__':", "불러올 때 도는 반복문이나 학습? if __name__ == '__main__': 아래로 옮기세요")
        stop(2, f"the program importing your file ended (exit code {child.process.returncode})", f"파일을 불러오던 프로그램이 끝났습니다 (종료 코드 {child.process.returncode})",
             "run python on the file yourself to see why", "파일을 직접 python으로 실행해 이유를 보세요")
    if "missing" in (child.get("found TwoLayerNet") or {}):
        stop(2, f"{path}: the file has no class TwoLayerNet", f"{path}: TwoLayerNet 클래스가 없습니다",
             "define or import the notes' class TwoLayerNet (5.7.2)", "노트 5.7.2의 class TwoLayerNet 을 이 파일에 두거나 가져오세요")
    report = Report(child)
    found = check_functions(child, report, ref["functions"])
    structure = check_network(child, report, ref, found)
    if quick:
        report.section("the gradient check: left out (--quick)", "기울기 확인: 생략 (--quick)")
    else:
        check_gradient(child, report, ref)
    check_loop(child, report, ref, structure)
    child.get("the end")
    if not child.done and not child.ended:
        report.ending("the end")
    missing = tr(f", {len(report.missing)} not in your files", f", {len(report.missing)}개는 파일에 없음") if report.missing else ""
    if report.failed or not child.done:
        print(tr(f"✗ {len(report.failed)} differ, {report.passed} equal{missing}: start with the first, {report.failed[0] if report.failed else ''}",
                 f"✗ {len(report.failed)}개 다름, {report.passed}개 같음{missing}: 첫 번째부터 보세요, {report.failed[0] if report.failed else ''}"))
        return 1
    print(tr(f"✓ every function of yours equals this project's ({report.passed} checked{missing})",
             f"✓ 여러분의 모든 함수가 이 프로젝트와 같습니다 ({report.passed}개 확인{missing})"))
    return 0


if __name__ == "__main__":
    main()
