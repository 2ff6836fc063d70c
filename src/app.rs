//! The app's routes inside the shell (header, demo banner, bottom tab bar).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::dashboard::Dashboard;
use crate::i18n::provide_i18n;
use crate::portal::{Home, Services};
use crate::shell::{NotFound, Shell};
use crate::workbench::Workbench;

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/services") view=Services/>
                    <Route path=path!("/workbench") view=Workbench/>
                    <Route path=path!("/dashboard") view=Dashboard/>
                </Routes>
            </Shell>
        </Router>
    }
}
