//! Splitting work over the machine's cores (beyond the notes, which leave that to numpy's BLAS):
//! how many threads there are. The work itself is split where it happens, each place with a
//! comment saying why the result is the same as one thread's.

/// How many threads to split work over: the machine's cores.
pub fn threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}
