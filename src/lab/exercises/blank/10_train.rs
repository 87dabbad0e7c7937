//! 연습 10 · exercise 10 — 5.7.4 오차역전파법을 사용한 학습 구현하기 · training on MNIST
//!
//! ```python
//! network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
//! iters_num = 10000
//! train_size = x_train.shape[0]
//! batch_size = 100
//! learning_rate = 0.1
//! iter_per_epoch = max(train_size / batch_size, 1)
//! for i in range(iters_num):
//!     batch_mask = np.random.choice(train_size, batch_size)
//!     x_batch = x_train[batch_mask]
//!     t_batch = t_train[batch_mask]
//!     grad = network.gradient(x_batch, t_batch)  # 오차역전파법
//!     for key in ('W1', 'b1', 'W2', 'b2'):
//!         network.params[key] -= learning_rate * grad[key]
//!     loss = network.loss(x_batch, t_batch)
//!     if i % iter_per_epoch == 0:
//!         train_acc = network.accuracy(x_train, t_train)
//!         test_acc = network.accuracy(x_test, t_test)
//!         print('train acc, test acc | ' + str(train_acc) + ', ' + str(test_acc))
//! ```
//!
//! 할 일 · what to write: the loop of `train`. 네트워크와 난수 생성기는 노트처럼
//! `np.random.seed(42)` 로 준비해 두었습니다 · the network and the generator are set up as the notes'
//! `np.random.seed(42)`. 같은 순서로 난수를 쓰면(먼저 가중치, 그다음 반복마다 `rng.choice`) 노트의
//! numpy 코드와 똑같은 17줄이 나옵니다: 여러분의 역전파가 MNIST를 배운다는 증거입니다 · the same 17
//! lines as the notes' numpy code: the proof that your backprop learns MNIST. 한 줄은 이렇게 만듭니다 ·
//! a line: `format!("train acc, test acc | {train_acc:?}, {test_acc:?}")`. `iter_per_epoch`는 정수로 ·
//! an integer (`(train_size / batch_size).max(1)`). `make exercise`는 1801번 반복해서 처음 4줄을
//! 확인합니다(몇 초) · `make exercise` runs 1801 iterations and checks the first 4 lines (a few
//! seconds); `make exercise ARGS=--full` 은 10000번, 17줄 모두 · all 10000 and the 17 lines.

use crate::two_layer_net::TwoLayerNet;
use backprop::mnist::Dataset;
use backprop::rng::Rng;

/// The notes' loop on `data` (`iters_num` iterations: the notes' 10000, or fewer for a quick
/// check; batch 100, learning rate 0.1): returns the accuracy lines it printed, one per epoch.
pub fn train(data: &Dataset, iters_num: usize) -> Vec<String> {
    let ((x_train, t_train), (x_test, t_test)) = data;
    let mut rng = Rng::new(42); // np.random.seed(42)
    let mut network = TwoLayerNet::new(784, 50, 10, 0.01, &mut rng);
    let (batch_size, learning_rate) = (100, 0.1);
    let mut lines: Vec<String> = Vec::new();
    todo!("여기에 쓰세요 · write the loop here")
}
