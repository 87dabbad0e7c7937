//! 연습 1: the notes' apple graph (5.4) with the learner's `MulLayer`.
use crate::mul_layer::MulLayer;
use crate::prelude::*;

pub fn check() -> Check {
    let (apple, apple_num, tax) = (100.0, 2.0, 1.1);
    let (mut mul_apple_layer, mut mul_tax_layer) = (MulLayer::new(), MulLayer::new());
    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let price = mul_tax_layer.forward(apple_price, tax);
    number("forward: price (노트 · the notes: 220)", price, 220.0, 1e-9)?;
    let (dapple_price, dtax) = mul_tax_layer.backward(1.0);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);
    number("backward: dapple (노트 · the notes: 2.2)", dapple, 2.2, 1e-9)?;
    number("backward: dapple_num (노트 · the notes: 110)", dapple_num, 110.0, 1e-9)?;
    number("backward: dtax (노트 · the notes: 200)", dtax, 200.0, 1e-9)?;
    // Not only for 1: backward scales with dout.
    let (dx, dy) = mul_apple_layer.backward(3.0);
    number("사과 노드의 backward(3.0) · backward(3.0) of the apple node: dx = 3 · apple_num", dx, 6.0, 1e-9)?;
    number("사과 노드의 backward(3.0) · backward(3.0) of the apple node: dy = 3 · apple", dy, 300.0, 1e-9)
}
