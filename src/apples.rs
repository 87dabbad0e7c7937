//! 5.4 단순한 계층 구현하기 (the notes' apple example): buying apples, and apples and oranges,
//! as a computational graph of `MulLayer` and `AddLayer`, forward for the price and backward for
//! how much the price moves with each input.
//!
//! Forward steps are tagged (1), (2), … and each backward step carries its forward partner's tag.

use crate::layers::{AddLayer, MulLayer};

/// The apple graph's values: forward (`apple_price`, `price`) and backward (the gradient of the
/// price for every edge, `dapple_price` included), as the chapter's figure writes them.
#[derive(Clone, Debug, PartialEq)]
pub struct BuyApple {
    /// apple × apple_num, the value between the two nodes (200).
    pub apple_price: f64,
    pub price: f64,
    /// ∂price/∂apple_price, what the tax node sends back (1.1).
    pub dapple_price: f64,
    /// ∂price/∂apple (price of one apple).
    pub dapple: f64,
    /// ∂price/∂apple_num (number of apples).
    pub dapple_num: f64,
    /// ∂price/∂tax.
    pub dtax: f64,
}

/// `price = (apple × apple_num) × tax` and its backward pass.
pub fn buy_apple(apple: f64, apple_num: f64, tax: f64) -> BuyApple {
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    // forward
    let apple_price = mul_apple_layer.forward(apple, apple_num); // (1)
    let price = mul_tax_layer.forward(apple_price, tax); // (2)

    // backward, in reverse order
    let dprice = 1.0;
    let (dapple_price, dtax) = mul_tax_layer.backward(dprice); // (2)
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price); // (1)

    BuyApple { apple_price, price, dapple_price, dapple, dapple_num, dtax }
}

/// The apple-and-orange graph's values, forward and backward, on every edge.
#[derive(Clone, Debug, PartialEq)]
pub struct BuyAppleOrange {
    pub apple_price: f64,
    pub orange_price: f64,
    /// apple_price + orange_price, before tax.
    pub all_price: f64,
    pub price: f64,
    pub dall_price: f64,
    pub dapple_price: f64,
    pub dorange_price: f64,
    pub dapple_num: f64,
    pub dapple: f64,
    pub dorange: f64,
    pub dorange_num: f64,
    pub dtax: f64,
}

/// `price = (apple × apple_num + orange × orange_num) × tax` and its backward pass.
pub fn buy_apple_orange(apple: f64, apple_num: f64, orange: f64, orange_num: f64, tax: f64) -> BuyAppleOrange {
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_orange_layer = MulLayer::new();
    let mut add_apple_orange_layer = AddLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    // forward
    let apple_price = mul_apple_layer.forward(apple, apple_num); // (1)
    let orange_price = mul_orange_layer.forward(orange, orange_num); // (2)
    let all_price = add_apple_orange_layer.forward(apple_price, orange_price); // (3)
    let price = mul_tax_layer.forward(all_price, tax); // (4)

    // backward, in reverse order
    let dprice = 1.0;
    let (dall_price, dtax) = mul_tax_layer.backward(dprice); // (4)
    let (dapple_price, dorange_price) = add_apple_orange_layer.backward(dall_price); // (3)
    let (dorange, dorange_num) = mul_orange_layer.backward(dorange_price); // (2)
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price); // (1)

    BuyAppleOrange {
        apple_price,
        orange_price,
        all_price,
        price,
        dall_price,
        dapple_price,
        dorange_price,
        dapple_num,
        dapple,
        dorange,
        dorange_num,
        dtax,
    }
}
