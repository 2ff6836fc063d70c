//! The app's routes inside the shell (header, demo banner, bottom tab bar).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::account::{provide_session, MyPage, PhoneSignIn, StaffSignIn};
use crate::dashboard::Dashboard;
use crate::i18n::provide_i18n;
use crate::portal::{Home, Services};
use crate::shell::{NotFound, Shell};
use crate::users::Users;
use crate::workbench::Workbench;

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/services") view=Services/>
                    <Route path=path!("/workbench") view=Workbench/>
                    <Route path=path!("/dashboard") view=Dashboard/>
                    <Route path=path!("/login") view=PhoneSignIn/>
                    <Route path=path!("/login/staff") view=StaffSignIn/>
                    <Route path=path!("/me") view=MyPage/>
                    <Route path=path!("/users") view=Users/>
                </Routes>
            </Shell>
        </Router>
    }
}
