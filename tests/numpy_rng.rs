//! Same seed, same run: the generator draws exactly what numpy's legacy `np.random` draws
//! (`randn`, `random_sample`, `randint`, `choice`), the initial weights for seed 42 are the
//! notes' bit for bit, and the first losses of `train --seed 42` are numpy's.
//!
//! Every literal here was printed by `tests/reference/record_numpy.py` (numpy 2.4.6):
//! `target/venv/bin/python tests/reference/record_numpy.py data`.

mod common;
use backprop::train::{train, TrainConfig};
use backprop::{Rng, TwoLayerNet};

#[test]
fn randn_draws_numpys_values_including_the_one_it_keeps() {
    // np.random.seed(s); np.random.randn(3); np.random.randn(2). The polar method makes values in
    // pairs: the third value starts a new pair, and the second call begins with its kept partner.
    let recorded: [(u32, [f64; 3], [f64; 2]); 3] = [
        (0, [1.764052345967664, 0.4001572083672233, 0.9787379841057392], [2.240893199201458, 1.8675579901499675]),
        (42, [0.4967141530112327, -0.13826430117118466, 0.6476885381006925], [1.5230298564080254, -0.23415337472333597]),
        (4294967295, [0.6484086742306527, 0.6693235306338161, -1.0805437227474493], [0.2845010447986309, 0.11388773652167104]),
    ];
    for (seed, first, second) in recorded {
        let mut rng = Rng::new(seed);
        let ours: Vec<f64> = (0..5).map(|_| rng.randn()).collect();
        assert_eq!(ours[..3], first, "seed {seed}, first call");
        assert_eq!(ours[3..], second, "seed {seed}, second call");
    }
}

#[test]
fn random_sample_and_randint_draw_numpys_values() {
    // np.random.seed(42); np.random.random_sample(3)
    let mut rng = Rng::new(42);
    let ours: Vec<f64> = (0..3).map(|_| rng.random_sample()).collect();
    assert_eq!(ours, [0.3745401188473625, 0.9507143064099162, 0.7319939418114051]);
    // np.random.seed(42); randint(0, 60000), randint(0, 10), randint(0, 2**40)
    let mut rng = Rng::new(42);
    assert_eq!([rng.below(60000), rng.below(10), rng.below(1 << 40)], [56422, 3, 395924837646]);
}

/// FNV-1a (64-bit) over the little-endian bytes of the values: record_numpy.py's checksum.
fn fnv1a(values: &[f64]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for v in values {
        for byte in v.to_le_bytes() {
            h = (h ^ byte as u64).wrapping_mul(0x100000001b3);
        }
    }
    h
}

#[test]
fn seed_42_gives_the_notes_initial_weights_and_batches() {
    // np.random.seed(42); W1 = 0.01 * randn(784, 50); W2 = 0.01 * randn(50, 10) (TwoLayerNet's
    // __init__), then the loop's choice(60000, 100), twice.
    let mut rng = Rng::new(42);
    let net = TwoLayerNet::new(784, 50, 10, 0.01, &mut rng);
    assert_eq!(net.affine1.w.data[..3], [0.004967141530112327, -0.0013826430117118466, 0.006476885381006925]);
    assert_eq!(net.affine2.w.data[497..], [0.017278751797775053, 0.005983889067843892, 0.00322898686169141]);
    let both: Vec<f64> = net.affine1.w.data.iter().chain(&net.affine2.w.data).copied().collect();
    assert_eq!(fnv1a(&both), 0x31eddc66ed539881, "every bit of W1 and W2");
    assert_eq!(rng.choice(60000, 100)[..5], [9668, 49424, 32313, 7624, 28563]);
    assert_eq!(rng.choice(60000, 100)[..5], [59006, 29341, 17261, 28618, 29271]);
}

#[test]
fn the_first_losses_of_seed_42_are_numpys() {
    let Some(data) = common::mnist("the_first_losses_of_seed_42_are_numpys") else { return };
    // The notes' loop in numpy with np.random.seed(42) (record_numpy.py), pixels as the book's
    // load_mnist makes them (float32 / 255): the first five losses.
    let numpy = [2.3012160906590258, 2.3012851192549917, 2.300982553845321, 2.3004743038548234, 2.2999563186594387];
    let outcome =
        train(&TrainConfig { iters_num: 5, ..TrainConfig::default() }, data, &mut |_| std::ops::ControlFlow::Continue(()));
    for (i, (ours, theirs)) in outcome.history.train_loss_list.iter().zip(numpy).enumerate() {
        // The same weights and batches; only the order in which BLAS adds up the products
        // differs, which moves the last bits (measured: at most 1.9e-16 relative).
        let rel = (ours - theirs).abs() / theirs;
        println!("iteration {i}: ours {ours}, numpy {theirs}, relative difference {rel:.1e}");
        assert!(rel < 1e-12, "iteration {i}: ours {ours}, numpy {theirs}");
    }
}

#[test]
fn a_seed_numpy_refuses_is_refused() {
    assert_eq!(backprop::rng::parse_seed("4294967295"), Ok(u32::MAX));
    let err = backprop::rng::parse_seed("4294967296").unwrap_err();
    assert_eq!(err.to_string(), "seed 4294967296 is not between 0 and 2**32 - 1 (4294967295), as np.random.seed requires");
    assert!(backprop::rng::parse_seed("-1").is_err());
    let out = common::command("train").args(["--seed", "4294967296"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: --seed: seed 4294967296 is not between 0 and 2**32 - 1"), "{stderr}");
}
