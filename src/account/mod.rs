//! Who is signed in (shared through context), signing in and out, and the 我的 page.

mod me;
mod sign_in;
mod staff_home;

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::account::Me;

use crate::api;

pub use me::MyPage;
pub use sign_in::{PhoneSignIn, StaffSignIn};
pub use staff_home::StaffHome;

/// The signed-in account, or `None`; `known` turns true once the server has said.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub known: RwSignal<bool>,
}

pub fn provide_session() {
    let session = Session {
        me: RwSignal::new(None),
        known: RwSignal::new(false),
    };
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            session.me.set(me);
        }
        session.known.set(true);
    });
    provide_context(session);
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
