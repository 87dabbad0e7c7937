//! Everything around the chapter: the command line, files, pictures and the page. The chapter's
//! modules (`src/*.rs`) never name anything here; the lab reaches the training loop through its
//! one hook, `train(config, data, on_event)`.
//!
//! - [`settings`]: one name per training setting (flags, the page's JSON, `TrainConfig`), the
//!   defaults and paths, and the checks that refuse settings that cannot work.
//! - [`cli`]: arguments, `error:`/`hint:`, a closed pipe; [`messages`]: the same words in
//!   Korean when the locale is Korean, from one table; [`input`]: reading only regular files
//!   of a size they can have; [`output`]: writing files without
//!   losing any; [`params_file`]: the model file; [`json`]: reading and writing JSON (the
//!   page's requests, `train --events`, the checker's compiler messages).
//! - [`progress`]: how far a numerical gradient has got, estimated from the clock.
//! - [`pgm`] (your own digit), [`digits`] (pictures of digits, probabilities, the confusion
//!   matrix), [`plot`] (the training curves), [`step`] (one pass with every value kept).
//! - [`pictures`]: the chapter's computational graphs as SVG (`make graphs`).
//! - [`exercises`]: `make exercise`, the backward passes written by the learner and checked.
//! - [`serve`]: `make serve`, the page where a learner draws a digit and trains a network;
//!   [`walkthrough`]: its graph view, backprop one node at a time.

pub mod cli;
pub mod input;
pub mod json;
pub mod messages;
pub mod digits;
pub mod exercises;
pub mod fetch;
pub mod output;
pub mod params_file;
pub mod pgm;
pub mod pictures;
pub mod plot;
pub mod progress;
pub mod serve;
pub mod settings;
pub mod step;
pub mod units;
pub mod walkthrough;
