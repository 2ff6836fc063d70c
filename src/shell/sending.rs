//! A form sent straight to the server (not through the outbox): what is wrong is shown
//! before sending, the button waits while it is sent, and everything typed stays in the
//! form when sending fails, with the server's message. What a form creates is sent under an
//! `Idempotency-Key`, the same while the same content is sent again: on a weak network the
//! answer can be lost after the server made the record, and the farmer's second tap must
//! not make it twice.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiFailure;

#[derive(Clone, Copy)]
pub struct Sending {
    pub error: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    /// The content last sent without an answer, and the key it went under.
    unsettled: StoredValue<Option<(String, String)>>,
}

impl Sending {
    pub fn new() -> Self {
        Self {
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
            unsettled: StoredValue::new(None),
        }
    }

    /// The idempotency key to send `content` under: the one it went under before when the
    /// same content is sent again without an answer, else a new one.
    pub fn key_for(self, content: &impl serde::Serialize) -> String {
        let json = serde_json::to_string(content).unwrap_or_default();
        if let Some((sent, key)) = self.unsettled.get_value() {
            if sent == json {
                return key;
            }
        }
        let key = crate::capture::client_id();
        self.unsettled.set_value(Some((json, key.clone())));
        key
    }

    /// Shows `problem` if there is one; otherwise runs `send` and, once the server took
    /// it, `sent` with the answer.
    pub fn send<A: 'static>(
        self,
        problem: Option<String>,
        send: impl Future<Output = Result<A, ApiFailure>> + 'static,
        sent: impl FnOnce(A) + 'static,
    ) {
        if problem.is_some() {
            self.error.set(problem);
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            match send.await {
                Ok(answer) => {
                    self.unsettled.set_value(None);
                    sent(answer)
                }
                Err(failure) => self.error.set(Some(failure.message_zh())),
            }
            self.busy.set(false);
        });
    }

    /// Why the form was not sent, where the form shows it.
    pub fn message(self) -> impl IntoView {
        move || {
            self.error
                .get()
                .map(|message| view! { <p class="form-error" role="alert">{message}</p> })
        }
    }
}

impl Default for Sending {
    fn default() -> Self {
        Self::new()
    }
}
