//! 연습 2: the notes' apples-and-oranges graph (5.4) with the learner's layers.
use crate::add_layer::AddLayer;
use crate::mul_layer::MulLayer;
use crate::prelude::*;

pub fn check() -> Check {
    let (apple, apple_num, orange, orange_num, tax) = (100.0, 2.0, 150.0, 3.0, 1.1);
    let (mut mul_apple, mut mul_orange, mut add, mut mul_tax) = (MulLayer::new(), MulLayer::new(), AddLayer::new(), MulLayer::new());
    let apple_price = mul_apple.forward(apple, apple_num);
    let orange_price = mul_orange.forward(orange, orange_num);
    let all_price = add.forward(apple_price, orange_price);
    let price = mul_tax.forward(all_price, tax);
    number("forward: price (노트 · the notes: 715)", price, 715.0, 1e-9)?;
    let (dall_price, dtax) = mul_tax.backward(1.0);
    let (dapple_price, dorange_price) = add.backward(dall_price);
    number("AddLayer backward: dapple_price (= dall_price, 1.1)", dapple_price, 1.1, 1e-9)?;
    number("AddLayer backward: dorange_price (= dall_price, 1.1)", dorange_price, 1.1, 1e-9)?;
    let (dapple, dapple_num) = mul_apple.backward(dapple_price);
    let (dorange, dorange_num) = mul_orange.backward(dorange_price);
    number("dapple (노트 · the notes: 2.2)", dapple, 2.2, 1e-9)?;
    number("dapple_num (노트 · the notes: 110)", dapple_num, 110.0, 1e-9)?;
    number("dorange (노트 · the notes: 3.3)", dorange, 3.3, 1e-9)?;
    number("dorange_num (노트 · the notes: 165)", dorange_num, 165.0, 1e-9)?;
    number("dtax (노트 · the notes: 650)", dtax, 650.0, 1e-9)
}
