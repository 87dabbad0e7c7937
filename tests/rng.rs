//! The generator behind `np.random.randn` and `np.random.choice`: `choice` draws uniformly and
//! independently with replacement, `randn` has mean 0 and standard deviation 1, within stated
//! bounds. (Seeded, so each check gives the same figure every run; the bounds say how far a
//! correct generator could stray with probability about one in a million.)

use backprop::Rng;

/// `Σ (observed - expected)² / expected` over the cells.
fn chi_square(counts: &[usize], expected: f64) -> f64 {
    counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum()
}

#[test]
fn choice_draws_every_index_equally_often() {
    let mut rng = Rng::new(3);
    let mut counts = [0usize; 10];
    for _ in 0..1000 {
        for i in rng.choice(10, 100) {
            counts[i] += 1;
        }
    }
    // 9 degrees of freedom: P(χ² > 46) ≈ 1e-6 for a uniform generator.
    let chi2 = chi_square(&counts, 10_000.0);
    println!("choice(10): counts {counts:?}, χ² = {chi2:.1}");
    assert!(chi2 < 46.0, "χ² = {chi2:.1} over {counts:?}");
}

#[test]
fn choice_draws_each_index_independently_of_the_one_before() {
    // Pairs of neighbours within one call, (first % 10, second % 10): 100 cells, equally likely
    // if the draws are independent. A batch of neighbouring rows, or a repeated pattern, shows.
    let mut rng = Rng::new(4);
    let mut counts = [0usize; 100];
    let mut pairs = 0;
    for _ in 0..2000 {
        let batch = rng.choice(60_000, 100);
        for w in batch.windows(2) {
            counts[(w[0] % 10) * 10 + w[1] % 10] += 1;
            pairs += 1;
        }
    }
    // 99 degrees of freedom: P(χ² > 181) ≈ 1e-6.
    let chi2 = chi_square(&counts, pairs as f64 / 100.0);
    println!("neighbouring pairs: χ² = {chi2:.1}");
    assert!(chi2 < 181.0, "χ² = {chi2:.1}");
}

#[test]
fn choice_draws_with_replacement() {
    // 100 draws from 60000: about 1 - e^(-100·99/2/60000) ≈ 8% of batches hold a repeat; over
    // 2000 batches, none at all would mean drawing without replacement.
    let mut rng = Rng::new(5);
    let with_repeat = (0..2000)
        .filter(|_| {
            let mut batch = rng.choice(60_000, 100);
            batch.sort_unstable();
            batch.windows(2).any(|w| w[0] == w[1])
        })
        .count();
    println!("batches with a repeated index: {with_repeat} of 2000");
    assert!((80..=260).contains(&with_repeat), "{with_repeat}");
    assert!(Rng::new(6).choice(60_000, 100).iter().all(|&i| i < 60_000));
}

#[test]
fn randn_has_mean_zero_and_standard_deviation_one() {
    let mut rng = Rng::new(1);
    let n = 200_000;
    let xs: Vec<f64> = (0..n).map(|_| rng.randn()).collect();
    let mean = xs.iter().sum::<f64>() / n as f64;
    let std = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    // Standard errors: 1/√n ≈ 0.0022 for the mean, 1/√(2n) ≈ 0.0016 for the std; 0.011 is five.
    assert!(mean.abs() < 0.011, "mean {mean}");
    assert!((std - 1.0).abs() < 0.011, "std {std}");
    // A Gaussian has 68.3% within one standard deviation (a uniform or a wrong scale does not).
    let within = xs.iter().filter(|x| x.abs() < 1.0).count() as f64 / n as f64;
    assert!((within - 0.6827).abs() < 0.006, "{within}");
}

#[test]
fn the_same_seed_gives_the_same_numbers_and_another_seed_does_not() {
    let draw = |seed| {
        let mut rng = Rng::new(seed);
        (rng.randn(), rng.choice(60_000, 5))
    };
    assert_eq!(draw(7), draw(7));
    assert_ne!(draw(7), draw(8));
}
