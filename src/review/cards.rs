//! A reviewer's decision on one submission: its buttons, and its card.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::review::{ReviewDecision, ReviewedAt};

use crate::api;
use crate::i18n::{use_i18n, PortalTextOf};
use crate::shell::ReasonForm;

use super::DecisionWords;

/// A reviewer's buttons: approve (when `can_approve`; its `approve_label`), refuse (or
/// take down: its `refuse_label`) with a reason (asked for by `reason_label`) — `decide`
/// runs with `true` to approve — and, with `send_back`, send back for correction with what
/// to correct.
#[component]
pub fn ReviewButtons(
    can_approve: bool,
    refuse_label: PortalTextOf,
    reason: RwSignal<String>,
    busy: RwSignal<bool>,
    decide: Callback<bool>,
    #[prop(optional_no_strip)] send_back: Option<Callback<()>>,
    #[prop(default = |t| t.approve)] approve_label: PortalTextOf,
    #[prop(default = |t| t.refuse_reason)] reason_label: PortalTextOf,
) -> impl IntoView {
    let i18n = use_i18n();
    let refusing = RwSignal::new(false);
    let sending_back = RwSignal::new(false);
    view! {
        <div class="request-actions">
            {can_approve.then(|| view! {
                <button type="button" class="button" disabled=busy on:click=move |_| decide.run(true)>
                    {move || approve_label(i18n.portal())}
                </button>
            })}
            {send_back.is_some().then(|| view! {
                <button type="button" class="button secondary" disabled=busy
                    on:click=move |_| { sending_back.update(|open| *open = !*open); refusing.set(false); }>
                    {move || i18n.portal().send_back}
                </button>
            })}
            <button type="button" class="button secondary" disabled=busy
                on:click=move |_| { refusing.update(|open| *open = !*open); sending_back.set(false); }>
                {move || refuse_label(i18n.portal())}
            </button>
        </div>
        {move || refusing.get().then(|| view! {
            <ReasonForm label=reason_label confirm=|t| t.confirm_refuse reason busy
                on_confirm=Callback::new(move |()| decide.run(false))/>
        })}
        {move || (sending_back.get()).then(|| send_back.map(|send_back| view! {
            <ReasonForm label=|t| t.send_back_reason confirm=|t| t.confirm_send_back reason busy
                on_confirm=send_back/>
        }))}
    }
}

/// A reviewer's card for a submission (something an informant captured, a county's
/// filing): what it is (`children`) and, while it waits, the buttons that approve, refuse
/// or send it back.
#[component]
pub fn ReviewCard(
    kind: ReviewedAt,
    id: i64,
    waiting: bool,
    changed: Callback<()>,
    children: Children,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let words = DecisionWords::of(kind);
    let send = move |decision: ReviewDecision| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::review_submission(kind, id, &decision).await {
                Ok(()) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <article class="request queue-card">
            {children()}
            {waiting.then(|| view! {
                <ReviewButtons can_approve=true refuse_label=words.refuse reason busy
                    approve_label=words.approve reason_label=words.reason
                    decide=Callback::new(move |approve| send(ReviewDecision::of(approve, reason.get_untracked())))
                    send_back=words.sends_back.then(|| Callback::new(move |()| send(ReviewDecision::send_back(reason.get_untracked()))))/>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}
