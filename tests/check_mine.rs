//! `make check-mine`: the notes' own numpy code (our port) passes, also in the notes' folder
//! layout; each mistake learners make, planted in a copy, is reported with its layer and its
//! likely cause; a file that cannot be used gets a hint, never a traceback of the checker.

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python of target/venv (`make check-mine` makes it), if it has numpy.
fn python(test: &str) -> Option<PathBuf> {
    let python = backprop::lab::settings::target_dir("venv").join("bin/python");
    let ok = Command::new(&python).args(["-c", "import numpy"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        common::missing_tool(test, "no numpy in target/venv", "make target/venv/.installed (python3 -m venv, pip install numpy)");
        return None;
    }
    Some(python)
}

/// The reference values: the `steps` binary's JSON, written once per run into target/tests/ (13 MB,
/// the same every time: `steps` replaces it whole, so two runs at once cannot mix it).
fn steps() -> PathBuf {
    static STEPS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    STEPS
        .get_or_init(|| {
            let path = backprop::lab::settings::target_dir("tests").join("check-mine-steps.json");
            let out = common::command("steps").arg("--out").arg(&path).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            path
        })
        .clone()
}

/// The checker on `file` (English, whatever the machine's locale), with `extra` arguments.
fn check(python: &Path, file: &Path, extra: &[&str]) -> (Option<i32>, String) {
    check_in(python, file, extra, "C.UTF-8")
}

fn check_in(python: &Path, file: &Path, extra: &[&str], locale: &str) -> (Option<i32>, String) {
    let script = backprop::lab::settings::crate_dir().join("tests/reference/check_mine.py");
    let out = Command::new(python)
        .arg(script)
        .arg(file)
        .arg(steps())
        .arg(backprop::lab::settings::data_dir())
        .args(extra)
        .env("LC_ALL", locale)
        .output()
        .unwrap();
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn reference(name: &str) -> String {
    std::fs::read_to_string(backprop::lab::settings::crate_dir().join("tests/reference").join(name)).unwrap()
}

/// Which of the notes' files a change is made in.
#[derive(Clone, Copy)]
enum In {
    /// common/layers.py (the functions, numerical_gradient and the layers)
    Layers,
    /// ch05/two_layer_net.py (the class)
    Net,
    /// ch05/layer_naive.py (MulLayer, AddLayer)
    Naive,
}

/// The notes' layout in a folder of its own: common/layers.py with the functions and layers,
/// ch05/layer_naive.py, and ch05/two_layer_net.py importing them as the book's does; `from` is
/// replaced by `to` (every time) in the file named, or `to` is added at its end when `from` is "".
/// Returns ch05/two_layer_net.py.
fn layout(name: &str, change: Option<(In, &str, &str)>) -> PathBuf {
    let port = reference("two_layer_net.py");
    let class_at = port.find("class TwoLayerNet").unwrap();
    let mut files = [
        port[..class_at].to_string(),
        format!(
            "import sys, os\nsys.path.append(os.pardir)\nimport numpy as np\nfrom collections import OrderedDict\nfrom common.layers import *\n\n{}",
            &port[class_at..port.find("def load_mnist").unwrap()]
        ),
        reference("layer_naive.py"),
    ];
    if let Some((which, from, to)) = change {
        let text = &mut files[which as usize];
        if from.is_empty() {
            text.push_str(to);
        } else {
            assert!(text.contains(from), "{name}: the file has no {from:?}");
            *text = text.replace(from, to);
        }
    }
    let root = common::temp_dir(&format!("check-mine-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("common")).unwrap();
    std::fs::create_dir_all(root.join("ch05")).unwrap();
    std::fs::write(root.join("common/__init__.py"), "").unwrap();
    std::fs::write(root.join("common/layers.py"), &files[0]).unwrap();
    std::fs::write(root.join("ch05/two_layer_net.py"), &files[1]).unwrap();
    std::fs::write(root.join("ch05/layer_naive.py"), &files[2]).unwrap();
    root.join("ch05/two_layer_net.py")
}

/// numpy and MNIST, or a loud skip.
fn ready(test: &str) -> Option<PathBuf> {
    let python = python(test)?;
    common::mnist(test)?;
    Some(python)
}

const FUNCTIONS: [&str; 10] = [
    "softmax",
    "cross_entropy_error",
    "numerical_gradient",
    "MulLayer",
    "AddLayer",
    "Relu",
    "Sigmoid",
    "Affine",
    "SoftmaxWithLoss",
    "TwoLayerNet.gradient",
];

#[test]
fn the_notes_code_passes_with_every_function_checked_also_in_the_notes_folder_layout() {
    let Some(python) = ready("the_notes_code_passes") else { return };
    // The gradient check takes seconds and does not depend on the layout: once, on the one file.
    let flat = backprop::lab::settings::crate_dir().join("tests/reference/two_layer_net.py");
    for (file, extra, checked) in [(flat, &[][..], 17), (layout("notes", None), &["--quick"][..], 16)] {
        let (code, text) = check(&python, &file, extra);
        assert_eq!(code, Some(0), "{text}");
        for name in FUNCTIONS {
            assert!(text.contains(&format!("  ✓ {name}\n")), "{name} not ✓: {text}");
        }
        for stage in ["✓ TwoLayerNet.predict", "✓ TwoLayerNet.loss", "✓ TwoLayerNet.accuracy", "✓ TwoLayerNet.numerical_gradient"]
        {
            assert!(text.contains(stage), "{stage}: {text}");
        }
        if extra.is_empty() {
            assert!(text.contains("✓ gradient check: W1:"), "{text}");
        } else {
            assert!(text.contains("the gradient check: left out (--quick)"), "{text}");
        }
        assert!(text.contains("every value of 3 iterations equals this project's"), "{text}");
        assert!(text.contains(&format!("✓ every function of yours equals this project's ({checked} checked)")), "{text}");
        assert!(!text.contains("not in your files") && !text.contains('✗'), "{text}");
    }
    let _ = std::fs::remove_dir_all(layout("notes", None).parent().unwrap().parent().unwrap());
}

/// A planted mistake: its name, the change (as for `layout`), the place and the cause its first ✗
/// must name.
type Case<'a> = (&'a str, Option<(In, &'a str, &'a str)>, &'a str, &'a str);

/// Runs each case's checker at once (two cores: they overlap), then checks each: exit 1, the
/// named place and the cause in its first ✗, no traceback.
fn expect_found(python: &Path, cases: &[Case], extra: &[&str]) {
    let runs: Vec<_> = cases
        .iter()
        .map(|&(name, change, _, _)| {
            let file = layout(name, change);
            let python = python.to_path_buf();
            let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
            std::thread::spawn(move || {
                let extra: Vec<&str> = extra.iter().map(|s| s.as_str()).collect();
                (check(&python, &file, &extra), file)
            })
        })
        .collect();
    for (&(name, _, place, cause), run) in cases.iter().zip(runs) {
        let ((code, text), file) = run.join().unwrap();
        let first = text.lines().skip_while(|l| !l.contains('✗')).take(2).collect::<Vec<_>>().join("\n");
        assert_eq!(code, Some(1), "{name}: {text}");
        assert!(first.contains(place), "{name}: the first ✗ should name {place:?}:\n{text}");
        assert!(first.contains(cause), "{name}: the first ✗ should say {cause:?}:\n{text}");
        assert!(!text.contains("Traceback"), "{name}: {text}");
        let _ = std::fs::remove_dir_all(file.parent().unwrap().parent().unwrap());
    }
}

#[test]
fn each_mistake_learners_make_is_named_at_its_line_with_its_cause() {
    let Some(python) = ready("each_mistake_learners_make_is_named") else { return };
    use In::*;
    let cases = [
        ("sigmoid", Some((Layers, "out = 1 / (1 + np.exp(-x))", "out = 1 / (1 + np.exp(x))")), "✗ Sigmoid.forward (common/layers.py:", "np.exp(x) where the notes have np.exp(-x)"),
        ("b1dw", Some((Net, "grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db", "grads['W1'] = self.layers['Affine1'].dW\n        grads['b1'] = self.layers['Affine1'].dW")),
            "✗ TwoLayerNet.gradient['b1'] (ch05/two_layer_net.py:57)", "grads['b1'] holds Affine1.dW, which is grads['W1']: it should be Affine1.db"),
        ("copy", Some((Net, "Affine(self.params['W1'], self.params['b1'])", "Affine(self.params['W1'].copy(), self.params['b1'])")), "✗ TwoLayerNet.__init__", "the layer Affine1 no longer shares W1 with params"),
        ("noreturn", Some((Net, "        return grads\n\n\n", "\n\n\n")), "✗ TwoLayerNet.gradient: returned None", "gradient ends with return grads"),
        ("last_layer", Some((Net, "return self.lastLayer.forward(y, t)", "return self.last_layer.forward(y, t)")),
            "✗ TwoLayerNet.loss (ch05/two_layer_net.py:28): raised AttributeError: 'TwoLayerNet' object has no attribute 'last_layer'", "the notes call it self.lastLayer"),
        ("lastlayer", Some((Net, "dout = self.lastLayer.backward(dout)", "dout = self.lastlayer.backward(dout)")), "✗ TwoLayerNet.gradient (ch05/two_layer_net.py:", "the notes call it self.lastLayer"),
        ("nolayers", Some((Net, "        self.layers = OrderedDict()\n", "")), "✗ TwoLayerNet() (ch05/two_layer_net.py:15): raised AttributeError", "self.layers is used but never set"),
        ("paramsNone", Some((Net, "self.params = {}", "self.params = None")), "✗ TwoLayerNet() (ch05/two_layer_net.py:10): raised TypeError", "self.params = {}"),
        ("mask", Some((Layers, "self.mask = (x <= 0)", "self.mask = (x < 0)")), "✗ Relu.backward (common/layers.py:", "mask = (x < 0): at x = 0 exactly"),
        ("nomask", Some((Layers, "        dout[self.mask] = 0\n", "")), "✗ Relu.backward (common/layers.py:", "Relu.backward forgets the mask"),
        ("noguard", Some((Layers, "x = x - np.max(x, axis=-1, keepdims=True)  # overflow guard\n", "")), "✗ softmax (common/layers.py:", "no overflow guard"),
        ("softmax1d", Some((Layers, "x = x - np.max(x, axis=-1, keepdims=True)  # overflow guard\n    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)", "x = x - np.max(x)\n    return np.exp(x) / np.sum(np.exp(x))")), "✗ softmax (common/layers.py:", "a 1-D softmax (no axis)"),
        ("ceebatch", Some((Layers, "+ 1e-7)) / batch_size", "+ 1e-7))")), "✗ cross_entropy_error (common/layers.py:", "a missing / batch_size"),
        ("nobatch", Some((Layers, "dx = (self.y - self.t) / batch_size", "dx = (self.y - self.t)")), "✗ SoftmaxWithLoss.backward (common/layers.py:", "a missing / batch_size in SoftmaxWithLoss.backward"),
        ("dwT", Some((Layers, "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(dout.T, self.x)")), "✗ Affine.backward: dW (common/layers.py:", "dW is transposed"),
        ("dbaxis", Some((Layers, "self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout, axis=1)")), "✗ Affine.backward: db (common/layers.py:", "db summed over the wrong axis"),
        ("nox", Some((Layers, "        self.x = x\n", "")), "✗ Affine.backward (common/layers.py:", "x is not kept in Affine.forward"),
        ("noreverse", Some((Net, "        layers.reverse()\n", "")), "✗ TwoLayerNet.gradient (common/layers.py:", "the layers are not reversed in gradient"),
        ("swap", Some((Naive, "dx = dout * self.y  # x와 y를 바꾼다.\n        dy = dout * self.x", "dx = dout * self.x\n        dy = dout * self.y")), "✗ MulLayer.backward (ch05/layer_naive.py:", "dx and dy swapped"),
        ("notrestored", Some((Layers, "        x[idx] = tmp_val  # restore\n", "")), "✗ numerical_gradient: x afterwards (common/layers.py:", "x[idx] is not put back"),
        ("memory", Some((Net, "        self.loss(x, t)\n        dout = 1", "        self.loss(x, t)\n        junk = np.ones((1 << 30,))\n        dout = 1")), "✗ TwoLayerNet.gradient (ch05/two_layer_net.py:", "more memory than the checker allows"),
    ];
    expect_found(&python, &cases, &["--quick"]);
    // The gradient check's own line, and numerical_gradient's first.
    let forward = [(
        "forward",
        Some((
            In::Layers,
            "        x[idx] = tmp_val - h\n        fxh2 = f(x)  # f(x-h)\n        grad[idx] = (fxh1 - fxh2) / (2 * h)",
            "        x[idx] = tmp_val\n        fxh2 = f(x)\n        grad[idx] = (fxh1 - fxh2) / h",
        )),
        "✗ numerical_gradient (common/layers.py:",
        "a forward difference (f(x+h) - f(x)) / h",
    )];
    expect_found(&python, &forward, &[]);
}

#[test]
fn a_layer_under_another_name_or_a_differently_named_last_layer_still_passes() {
    let Some(python) = ready("a_layer_under_another_name") else { return };
    for (name, from, to, note) in [
        (
            "ReLU1",
            "self.layers['Relu1']",
            "self.layers['ReLU1']",
            "your layers ['Affine1', 'ReLU1', 'Affine2']; the notes' ['Affine1', 'Relu1', 'Affine2']",
        ),
        (
            "last_layer",
            "self.lastLayer",
            "self.last_layer",
            "your last layer is self.last_layer; the notes call it self.lastLayer",
        ),
        ("net", "self.layers", "self.net", "no self.layers: the layers are not shown one by one"),
    ] {
        let file = layout(name, Some((In::Net, from, to)));
        let (code, text) = check(&python, &file, &["--quick"]);
        assert_eq!(code, Some(0), "{name}: {text}");
        assert!(text.contains(note), "{name}: {text}");
        assert!(text.contains("every value of 3 iterations equals this project's"), "{name}: {text}");
        let _ = std::fs::remove_dir_all(file.parent().unwrap().parent().unwrap());
    }
}

#[test]
fn a_file_that_exits_hangs_or_patches_numpy_cannot_pass() {
    let Some(python) = ready("a_file_that_exits_hangs_or_patches") else { return };
    // Ending the program at import: said with the line, exit 2, never 0.
    for (name, end, code_shown) in [
        ("sysexit", "\nsys.exit(0)\n", "sys.exit(0)"),
        ("exit", "\nexit()\n", "exit()"),
        ("os_exit", "\nos._exit(0)\n", "os._exit(0)"),
    ] {
        let file = layout(name, Some((In::Net, "", end)));
        let (code, text) = check(&python, &file, &["--quick"]);
        assert_eq!(code, Some(2), "{name}: {text}");
        assert!(
            text.contains(&format!("your file ends the program while it is imported (ch05/two_layer_net.py:62): {code_shown}")),
            "{name}: {text}"
        );
        assert!(text.contains("hint: ") && !text.contains("Traceback"), "{name}: {text}");
        let _ = std::fs::remove_dir_all(file.parent().unwrap().parent().unwrap());
    }
    // os._exit inside a layer: that layer is named, and nothing after it is called checked.
    let file = layout(
        "os_exit_in_relu",
        Some((In::Layers, "        dout[self.mask] = 0\n", "        dout[self.mask] = 0\n        os._exit(0)\n")),
    );
    std::fs::write(
        file.parent().unwrap().parent().unwrap().join("common/layers.py"),
        format!(
            "import os\n{}",
            std::fs::read_to_string(file.parent().unwrap().parent().unwrap().join("common/layers.py")).unwrap()
        ),
    )
    .unwrap();
    let (code, text) = check(&python, &file, &["--quick"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("✗ Relu.backward (common/layers.py:")
            && text.contains("your code ended the program (exit code 0) — os._exit(0)"),
        "{text}"
    );
    assert!(text.contains("nothing after this could be checked"), "{text}");
    // A loop that never ends, at import and in a layer: the limit, and the line it was on.
    let file = layout("hang", Some((In::Net, "", "\nwhile True:\n    pass\n")));
    let (code, text) = check(&python, &file, &["--quick", "--time-limit", "2"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("importing your file did not finish in 2 s (ch05/two_layer_net.py:6"), "{text}");
    let file = layout(
        "hang_relu",
        Some((
            In::Layers,
            "        self.mask = (x <= 0)\n",
            "        self.mask = (x <= 0)\n        while True:\n            pass\n",
        )),
    );
    let (code, text) = check(&python, &file, &["--quick", "--time-limit", "2"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("✗ Relu.forward (common/layers.py:4")
            && text.contains("did not finish in 2 s")
            && text.contains("a loop that never ends?"),
        "{text}"
    );
    // Patching numpy's comparisons in the learner's module reaches only its own process.
    let file = layout("isclose", Some((In::Layers, "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(self.x.T, dout) * 2")));
    std::fs::write(
        &file,
        format!(
            "{}\nnp.isclose = lambda *a, **k: True\nnp.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n",
            std::fs::read_to_string(&file).unwrap()
        ),
    )
    .unwrap();
    let (code, text) = check(&python, &file, &["--quick"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("✗ Affine.backward: dW (common/layers.py:"), "{text}");
    // What the learner prints, even the checker's own words, is shown apart and changes nothing.
    let file =
        layout("print", Some((In::Net, "        dout = 1\n", "        dout = 1\n        print('{\"done\": true}', end='')\n")));
    let (code, text) = check(&python, &file, &["--quick"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("your code printed:\n  | {\"done\": true}{\"done\": true}"), "{text}");
    for name in ["hang", "hang_relu", "isclose", "print", "os_exit_in_relu"] {
        let _ = std::fs::remove_dir_all(common::temp_dir(&format!("check-mine-{name}")));
    }
}

#[test]
fn korean_by_locale() {
    let Some(python) = ready("check_mine_korean_by_locale") else { return };
    let file = layout("korean", Some((In::Layers, "self.mask = (x <= 0)", "self.mask = (x < 0)")));
    let (code, text) = check_in(&python, &file, &["--quick"], "ko_KR.UTF-8");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("노트의 함수와 계층") && text.contains("원인일 듯: mask = (x < 0): x가 정확히 0일 때"), "{text}");
    assert!(!text.contains("likely cause"), "{text}");
    let _ = std::fs::remove_dir_all(file.parent().unwrap().parent().unwrap());
}

#[test]
fn a_file_that_cannot_be_used_gets_a_hint_not_a_traceback() {
    let Some(python) = ready("a_file_that_cannot_be_used") else { return };
    let dir = common::temp_dir("check-mine-broken");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text, message) in [
        ("syntax.py", "class TwoLayerNet(\n    def x", "a syntax error ('(' was never closed) at line 1"),
        ("empty.py", "x = 1\n", "the file has no class TwoLayerNet"),
        ("imports.py", "from common.layers import *\n", "an import failed: No module named 'common'"),
        ("raises.py", "raise RuntimeError('mine')\n", "importing it raised RuntimeError: mine"),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let (code, out) = check(&python, &file, &[]);
        assert_eq!(code, Some(2), "{name}: {out}");
        assert!(out.contains(message) && out.contains("hint: "), "{name}: {out}");
        assert!(!out.contains("Traceback"), "{name}: {out}");
    }
    // Options the checker does not know, or a limit that is not a number of seconds.
    let file = dir.join("raises.py");
    for (extra, message) in [
        (&["--time-limit", "abc"][..], "error: --time-limit 'abc' is not a number of seconds from 0.1 to 3600"),
        (&["--time-limit", "nan"][..], "error: --time-limit 'nan' is not a number"),
        (&["--time-limit", "-1"][..], "error: --time-limit '-1' is not a number"),
        (&["--time-limit"][..], "error: --time-limit '' is not a number"),
        (&["--fast"][..], "error: --fast: no such option (there are --quick and --time-limit S)"),
    ] {
        let (code, out) = check(&python, &file, extra);
        assert_eq!(code, Some(2), "{extra:?}: {out}");
        assert!(out.contains(message) && out.contains("hint: e.g. ARGS="), "{extra:?}: {out}");
        assert!(!out.contains("Traceback"), "{extra:?}: {out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
