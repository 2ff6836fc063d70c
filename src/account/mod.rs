//! Signing in and out, asking to sign in first, and the 我的 page. Who is signed in is
//! shared through `context`.

mod me;
mod sign_in;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::context::use_session;
use crate::i18n::{use_i18n, PortalTextOf};
use crate::shell::{Link, Loading};

pub use me::MyPage;
pub use sign_in::{PhoneSignIn, StaffSignIn};

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

/// A page of a form that needs an account (post work, offer produce, ask 12316): a section
/// of `class` under its `title`, the form once signed in.
#[component]
pub fn SignedInForm(
    class: &'static str,
    title: PortalTextOf,
    #[prop(into)] form: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=class>
            <h1 class="section-title">{move || title(i18n.portal())}</h1>
            <SignInFirst signed_in=form/>
        </section>
    }
}
