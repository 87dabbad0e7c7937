//! Splitting work over the machine's cores, in the spirit of OpenMP's `parallel for` (the notes
//! leave this to numpy's BLAS): [`map_ranges`] gives each core a block of a range of items (the
//! images of an accuracy pass, the entries of a numerical gradient). Each item is computed by one
//! thread exactly as a single thread would compute it, so every result is the same to the last
//! bit however many cores there are.
//!
//! Small work stays on the calling thread (a debugger steps through it simply, and starting a
//! thread costs about 70 µs here), and so does work started from inside one of these threads (no
//! threads within threads). One product of a training step (about 200 µs) is too small to split:
//! measured here, x·W1 took 197 µs on one thread and 224 µs split over two.

use std::cell::Cell;
use std::ops::Range;
use std::thread;

/// Below this many multiply-adds work stays on one thread.
pub const MIN_WORK: usize = 10_000_000;

thread_local! {
    /// Whether this thread is one that this module started.
    static WORKER: Cell<bool> = const { Cell::new(false) };
}

/// How many threads to split work over: the machine's cores.
pub fn threads() -> usize {
    thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Whether work of this size should be split: big enough, more than one core, and not already
/// on a worker.
fn split(work: usize) -> bool {
    work >= MIN_WORK && threads() > 1 && !WORKER.with(Cell::get)
}

/// `f` on `0..count` split into one range per core (when `work` is large enough), the results
/// in the ranges' order.
pub fn map_ranges<T: Send>(count: usize, work: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    if count < 2 || !split(work) {
        return vec![f(0..count)];
    }
    let per_thread = count.div_ceil(threads());
    thread::scope(|s| {
        let f = &f;
        let workers: Vec<_> = (per_thread..count)
            .step_by(per_thread)
            .map(|start| {
                s.spawn(move || {
                    WORKER.with(|w| w.set(true));
                    f(start..(start + per_thread).min(count))
                })
            })
            .collect();
        let mut results = vec![f(0..per_thread.min(count))];
        results.extend(workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))));
        results
    })
}
