//! `make serve`: a local web page to play with the trained network (draw a digit, watch it go
//! forward and back), served by the project itself. Beyond the chapter, so in a folder of its
//! own: [`http`] (a small std-only HTTP server), [`api`]
//! (the routes, and reading a request), [`app`] (what the server holds), `network`, `graph`
//! and `train_requests` (what each request computes, with the chapter's own code),
//! [`training`] (training from the page, streamed as server-sent events; JSON is
//! [`crate::lab::json`]'s) and the page (`page.html`,
//! `page.css`, `page.js`, embedded in the binary; no JavaScript library, nothing from the
//! network).

pub mod api;
pub mod app;
mod graph;
pub mod http;
mod network;
mod train_requests;
pub mod training;
