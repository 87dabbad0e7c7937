//! 연습 5: Affine's dx, dW and db against numerical gradients, for one sample then a batch.
use crate::affine::Affine;
use crate::prelude::*;

pub fn check() -> Check {
    let mut rng = backprop::rng::Rng::new(5);
    for (n, what) in [(1, "한 샘플 · one sample (N = 1)"), (4, "배치 · a batch (N = 4)")] {
        let (x, w, b, dout) = (randn(&mut rng, n, 3), randn(&mut rng, 3, 2), randn(&mut rng, 1, 2), randn(&mut rng, n, 2));
        let mut affine = Affine::new(w.clone(), b.clone());
        affine.forward(&x);
        let dx = affine.backward(&dout);
        let numerical_dx = numerical(|x| weighted_sum(&Affine::new(w.clone(), b.clone()).forward(x), &dout), &x);
        matrix(&format!("{what}: dx = dout·Wᵀ"), &dx, &numerical_dx, 1e-6)?;
        let numerical_dw = numerical(|w| weighted_sum(&Affine::new(w.clone(), b.clone()).forward(&x), &dout), &w);
        matrix(&format!("{what}: dW = xᵀ·dout"), &affine.dw, &numerical_dw, 1e-6)?;
        let numerical_db = numerical(|b| weighted_sum(&Affine::new(w.clone(), b.clone()).forward(&x), &dout), &b);
        matrix(&format!("{what}: db = Σ_rows dout"), &affine.db, &numerical_db, 1e-6)?;
    }
    Ok(())
}
