//! `make trace`: one training step with every forward and backward printed, in the graph's order.

mod common;

#[test]
fn trace_walks_forward_then_backward() {
    if common::mnist("trace_walks_forward_then_backward").is_none() {
        return;
    }
    let out = common::command("trace").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let order = [
        "Affine1.forward",
        "Relu1.forward",
        "Affine2.forward",
        "SoftmaxWithLoss.forward",
        "SoftmaxWithLoss.backward",
        "Affine2.backward",
        "Relu1.backward",
        "Affine1.backward",
        "update",
    ];
    let positions: Vec<usize> =
        order.iter().map(|s| stdout.find(s).unwrap_or_else(|| panic!("{s} missing:\n{stdout}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order:\n{stdout}");
    assert!(stdout.lines().any(|l| l.trim_start().starts_with("dW (grads W1)") && l.contains("(784, 50)")), "{stdout}");
}
