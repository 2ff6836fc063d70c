//! What every page of an entry point shares through context: which entry point it is, and
//! who is signed in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::account::Me;
use yinong_model::entry::EntryPoint;

use crate::api;

pub fn provide_entry(entry: EntryPoint) {
    provide_context(entry);
}

pub fn use_entry() -> EntryPoint {
    expect_context::<EntryPoint>()
}

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
