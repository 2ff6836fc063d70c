//! Who is signed in (shared through context), signing in and out, and the 我的 page.

mod me;
mod sign_in;
mod staff_home;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use yinong_model::account::Me;

use crate::api;
use crate::i18n::use_i18n;
use crate::shell::{Link, Loading};

pub use me::MyPage;
pub use sign_in::{PhoneSignIn, StaffSignIn};
pub use staff_home::StaffHome;

/// The signed-in account, or `None`; `known` turns true once the server has said (or
/// could not be reached: then `offline`).
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub known: RwSignal<bool>,
    pub offline: RwSignal<bool>,
}

pub fn provide_session() {
    let session = Session {
        me: RwSignal::new(None),
        known: RwSignal::new(false),
        offline: RwSignal::new(false),
    };
    spawn_local(async move {
        match api::me().await {
            Ok(me) => session.me.set(me),
            Err(failure) => session.offline.set(failure == api::ApiFailure::Network),
        }
        session.known.set(true);
    });
    provide_context(session);
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Shows `signed_in` to a signed-in account; otherwise asks to sign in and come back here.
#[component]
pub fn SignInFirst(#[prop(into)] signed_in: ViewFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    move || {
        if !session.known.get() {
            return view! { <Loading/> }.into_any();
        }
        if session.me.get().is_some() {
            return signed_in.run();
        }
        let href = format!("/login?next={}", location.pathname.get_untracked());
        view! {
            <p class="note">{move || i18n.portal().sign_in_first}</p>
            <Link href=href class="button">{move || i18n.t().sign_in_farmer}</Link>
        }
        .into_any()
    }
}
