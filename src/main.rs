//! The yinong web app: Leptos, client-side rendered, built by Trunk.

mod account;
mod api;
mod app;
mod dashboard;
mod i18n;
mod portal;
mod shell;
mod users;
mod workbench;

fn main() {
    console_error_panic_hook::set_once();
    // index.html shows a boot message while the wasm downloads; the app replaces it.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
