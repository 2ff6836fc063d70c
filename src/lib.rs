//! The yinong web app: Leptos, client-side rendered, built by Trunk as three entry points
//! sharing this library (`yinong_model::entry`). `home` is what farmers load first (the
//! budget that matters most), `portal` the other farmer pages, `staff` the workbench,
//! review, dashboard and account management under `/staff/`.

pub mod acceptance;
pub mod account;
pub mod answer;
pub mod api;
pub mod app;
pub mod bulletins;
pub mod capture;
pub mod context;
pub mod dashboard;
pub mod experts;
pub mod group_training;
pub mod i18n;
pub mod imports;
pub mod incidents;
pub mod jobs;
pub mod listings;
pub mod news;
pub mod operators;
pub mod photos;
pub mod portal;
pub mod prices;
pub mod progress;
pub mod qualification;
pub mod questions;
pub mod requests;
pub mod review;
pub mod shell;
pub mod stations;
pub mod training;
pub mod users;
pub mod workbench;

/// The phone's localStorage, where the app keeps choices (language, large text, village)
/// and the last dashboard; `None` where the browser refuses it.
pub fn local_storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// Starts an entry point's app in place of the boot message.
pub fn start<V: leptos::IntoView + 'static>(app: fn() -> V) {
    // A panic's message and place in the console (the release build aborts after it). The
    // JavaScript stack the usual hook adds names only wasm function numbers in a stripped
    // build: bytes on the first load for nothing.
    std::panic::set_hook(Box::new(|panic| leptos::logging::error!("{panic}")));
    // The HTML shows a boot message while the wasm downloads; the app replaces it.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app);
}
