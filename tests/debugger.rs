//! `make debug`: the unoptimised build under rust-gdb stops in `Affine::backward`, and every
//! command the READMEs show prints what they say.

mod common;
use std::process::Command;

/// `make debug GDBFLAGS=-batch` as CI would run it: the unoptimised build under rust-gdb with
/// tests/gdb/affine_backward.gdb stops in Affine::backward and prints dout's shape.
#[test]
fn the_debug_script_stops_in_affine_backward() {
    if common::mnist("the_debug_script_stops_in_affine_backward").is_none() {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    if !Command::new("rust-gdb").arg("--version").output().is_ok_and(|o| o.status.success()) {
        common::missing_tool(
            "the_debug_script_stops_in_affine_backward",
            "rust-gdb not found",
            "install gdb and the Rust toolchain's rust-gdb",
        );
        return;
    }
    let out = Command::new("make")
        .args(["-s", "debug", "GDBFLAGS=-batch"])
        .env(backprop::lab::settings::TARGET_ENV, common::target_dir())
        .current_dir(root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("Breakpoint 1, backprop::layers::Affine::backward"), "{stdout}\n{stderr}");
    assert!(stdout.contains("$1 = 2") && stdout.contains("$2 = 10"), "dout is (2, 10):\n{stdout}");
    assert!(stdout.contains("backprop::two_layer_net::TwoLayerNet::gradient"), "backtrace:\n{stdout}");
    // The README's commands: `print *dout` shows the plain fields, three `next`s run dx, dW and
    // db (then `self.db` has the layer's 10 columns), and `finish` returns to `gradient`.
    assert!(stdout.contains("rows: 2, cols: 10"), "print *dout:\n{stdout}");
    assert!(stdout.contains("$7 = 10"), "print self.db.cols after the three nexts:\n{stdout}");
    assert!(
        stdout.contains("Value returned is $8 = backprop::matrix::Matrix {rows: 2, cols: 5"),
        "finish returns dx (2, 5):\n{stdout}"
    );
}
