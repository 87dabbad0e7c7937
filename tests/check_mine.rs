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

/// The reference values: the `steps` binary's JSON, written once.
fn steps() -> PathBuf {
    static STEPS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    STEPS
        .get_or_init(|| {
            let path = common::temp_dir("check-mine-steps").join("steps.json");
            let out = common::command("steps").arg("--out").arg(&path).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            path
        })
        .clone()
}

/// The checker on `file`: its exit code and what it printed.
fn check(python: &Path, file: &Path) -> (Option<i32>, String) {
    let script = backprop::lab::settings::crate_dir().join("tests/reference/check_mine.py");
    let out = Command::new(python).arg(script).arg(file).arg(steps()).arg(backprop::lab::settings::data_dir()).output().unwrap();
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn port() -> String {
    std::fs::read_to_string(backprop::lab::settings::crate_dir().join("tests/reference/two_layer_net.py")).unwrap()
}

/// A copy of our port with `from` replaced by `to`, in a folder of its own.
fn planted(name: &str, from: &str, to: &str) -> PathBuf {
    let text = port();
    assert!(text.contains(from), "the port has no {from:?}");
    let dir = common::temp_dir(&format!("check-mine-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("two_layer_net.py");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    file
}

#[test]
fn the_notes_code_passes_also_in_the_notes_folder_layout() {
    let Some(python) = python("the_notes_code_passes") else { return };
    if common::mnist("the_notes_code_passes").is_none() {
        return;
    }
    let (code, text) = check(&python, &backprop::lab::settings::crate_dir().join("tests/reference/two_layer_net.py"));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("every value of 3 iterations equals this project's"), "{text}");
    // The notes' layout: ch05/two_layer_net.py importing common/layers.py from its parent.
    let root = common::temp_dir("check-mine-layout");
    std::fs::create_dir_all(root.join("common")).unwrap();
    std::fs::create_dir_all(root.join("ch05")).unwrap();
    std::fs::write(root.join("common/__init__.py"), "").unwrap();
    std::fs::write(root.join("common/layers.py"), port()).unwrap();
    let class = &port()[port().find("class TwoLayerNet").unwrap()..port().find("def load_mnist").unwrap()];
    let ch05 = format!(
        "import sys, os\nsys.path.append(os.pardir)\nimport numpy as np\nfrom collections import OrderedDict\nfrom common.layers import *\n\n{class}"
    );
    std::fs::write(root.join("ch05/two_layer_net.py"), ch05).unwrap();
    let (code, text) = check(&python, &root.join("ch05/two_layer_net.py"));
    assert_eq!(code, Some(0), "{text}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn each_mistake_learners_make_is_found_with_its_layer_and_cause() {
    let Some(python) = python("each_mistake_learners_make_is_found") else { return };
    if common::mnist("each_mistake_learners_make_is_found").is_none() {
        return;
    }
    let cases = [
        ("nobatch", "dx = (self.y - self.t) / batch_size", "dx = (self.y - self.t)", "lastLayer.backward (100, 10)", "a missing / batch_size in SoftmaxWithLoss.backward"),
        (
            "softmax1d",
            "x = x - np.max(x, axis=-1, keepdims=True)  # overflow guard\n    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)",
            "x = x - np.max(x)\n    return np.exp(x) / np.sum(np.exp(x))",
            "forward: loss",
            "a 1-D softmax (no axis)",
        ),
        ("nomask", "        dout[self.mask] = 0\n", "", "Relu1.backward (100, 50)", "Relu.backward forgets the mask"),
        ("dwT", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(dout.T, self.x)", "grads.W1: yours has shape (50, 784), expected (784, 50)", "dW is transposed"),
        ("dbaxis", "self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout, axis=1)", "grads.b1: yours has shape (100,), expected (50,)", "db summed over the wrong axis"),
        ("nox", "        self.x = x\n", "", "gradient raised AttributeError", "x is not kept in Affine.forward"),
        ("noreverse", "        layers.reverse()\n", "", "gradient raised ValueError", "the layers are not reversed in gradient"),
    ];
    for (name, from, to, place, cause) in cases {
        let file = planted(name, from, to);
        let (code, text) = check(&python, &file);
        assert_eq!(code, Some(1), "{name}: {text}");
        assert!(text.contains("iteration 0") && text.contains(place), "{name}: {text}");
        assert!(text.contains("likely cause: ") && text.contains(cause), "{name}: {text}");
        assert!(!text.contains("Traceback"), "{name}: {text}");
        let _ = std::fs::remove_dir_all(file.parent().unwrap());
    }
}

#[test]
fn a_file_that_cannot_be_used_gets_a_hint_not_a_traceback() {
    let Some(python) = python("a_file_that_cannot_be_used") else { return };
    if common::mnist("a_file_that_cannot_be_used").is_none() {
        return;
    }
    let dir = common::temp_dir("check-mine-broken");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text, message) in [
        ("syntax.py", "class TwoLayerNet(\n    def x", "a syntax error ('(' was never closed) at line 1"),
        ("empty.py", "x = 1\n", "the file has no class TwoLayerNet"),
        ("imports.py", "from common.layers import *\n", "an import failed: No module named 'common'"),
        ("raises.py", "raise RuntimeError('mine')\n", "importing it raised RuntimeError"),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let (code, out) = check(&python, &file);
        assert_eq!(code, Some(2), "{name}: {out}");
        assert!(out.contains(message) && out.contains("hint: "), "{name}: {out}");
        assert!(!out.contains("Traceback"), "{name}: {out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
