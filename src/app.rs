//! The two entry points' routes inside the shell (header, demo banner, bottom tab bar).
//! Farmers load only the portal; staff pages live under `/staff` in a second wasm, so the
//! farmer's first load never carries the workbench, dashboard or account management.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::account::{provide_session, MyPage, PhoneSignIn, StaffHome, StaffSignIn};
use crate::dashboard::Dashboard;
use crate::i18n::provide_i18n;
use crate::portal::{Home, Services};
use crate::shell::{NotFound, Shell, PORTAL_TABS, STAFF_TABS};
use crate::stations::{DeclareStation, EditStation, StationList, StationView};
use crate::users::Users;

/// Which entry point a path belongs to. Links to the other one load it in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Portal,
    Staff,
}

impl Entry {
    pub fn of(path: &str) -> Self {
        if path == "/staff" || path.starts_with("/staff/") {
            Self::Staff
        } else {
            Self::Portal
        }
    }

    /// Where this entry point starts: its home in the tab bar and after a not-found page.
    pub fn home(self) -> &'static str {
        match self {
            Self::Portal => "/",
            Self::Staff => "/staff",
        }
    }
}

pub fn use_entry() -> Entry {
    expect_context::<Entry>()
}

fn provide_app_state(entry: Entry) {
    provide_context(entry);
    provide_i18n();
    provide_session();
}

#[component]
pub fn PortalApp() -> impl IntoView {
    provide_app_state(Entry::Portal);
    view! {
        <Router>
            <Shell tabs=&PORTAL_TABS>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/services") view=Services/>
                    <Route path=path!("/login") view=PhoneSignIn/>
                    <Route path=path!("/me") view=MyPage/>
                </Routes>
            </Shell>
        </Router>
    }
}

#[component]
pub fn StaffApp() -> impl IntoView {
    provide_app_state(Entry::Staff);
    view! {
        <Router>
            <Shell tabs=&STAFF_TABS>
                <Routes fallback=NotFound>
                    <Route path=path!("/staff") view=StaffHome/>
                    <Route path=path!("/staff/login") view=StaffSignIn/>
                    <Route path=path!("/staff/dashboard") view=Dashboard/>
                    <Route path=path!("/staff/users") view=Users/>
                    <Route path=path!("/staff/stations") view=StationList/>
                    <Route path=path!("/staff/stations/new") view=DeclareStation/>
                    <Route path=path!("/staff/stations/:code") view=StationView/>
                    <Route path=path!("/staff/stations/:code/edit") view=EditStation/>
                    <Route path=path!("/staff/me") view=MyPage/>
                </Routes>
            </Shell>
        </Router>
    }
}
