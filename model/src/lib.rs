//! The yinong API's wire types: every request and response, defined once and used by both
//! the app (compiled to WebAssembly) and the server. Domain rules that both sides need
//! (such as what a region code means) live here too, so they cannot drift apart.

pub mod account;
pub mod assessment;
pub mod bulletin;
pub mod coverage;
pub mod entry;
pub mod error;
pub mod incident;
pub mod jobs;
pub mod listing;
pub mod news;
pub mod portal;
pub mod price;
pub mod qualification;
pub mod question;
pub mod region;
pub mod request;
pub mod review;
pub mod service;
pub mod station;
pub mod sync;
pub mod system;
pub mod target;
pub mod training;
