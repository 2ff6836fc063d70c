//! The informant's side: the requests to the stations of their village, by status, with
//! the steps each allows (受理, 办结, 撤销 with a reason the farmer sees).

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::request::{RequestChange, RequestPage, RequestStatus, ServiceRequest};

use super::RequestSummary;
use crate::api;
use crate::i18n::use_i18n;
use crate::shell::{loaded, ChoiceButtons, Pager, ReasonForm};

#[component]
pub fn RequestQueue() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(RequestStatus::Submitted);
    let page = RwSignal::new(0);
    let queue = Answer::new(move || api::request_queue(status.get(), page.get()));
    let changed = Callback::new(move |()| queue.refetch());
    view! {
        <section class="request-queue">
            <h2 class="section-title">{move || i18n.portal().queue_title}</h2>
            <ChoiceButtons choices=RequestStatus::ALL.to_vec() chosen=status page
                label=|status, i18n| i18n.lang().pick(status.name_zh(), status.name_en())/>
            {loaded(queue, move |shown: RequestPage| {
                if shown.requests.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().queue_empty}</p> }.into_any();
                }
                let RequestPage { requests, total, page: current, per_page } = shown;
                view! {
                    <ul class="request-list">
                        {requests.into_iter().map(|request| view! { <li><QueueCard request changed/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn QueueCard(request: ServiceRequest, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = request.id;
    let status = request.status;
    let cancelling = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let step = move |to: RequestStatus| {
        let reason = (to == RequestStatus::Cancelled).then(|| reason.get_untracked());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::change_request(id, &RequestChange { to, reason }).await {
                Ok(_) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    let onward = match status {
        RequestStatus::Submitted => Some((RequestStatus::Accepted, i18n.portal().accept_request)),
        RequestStatus::Accepted => Some((RequestStatus::Done, i18n.portal().finish_request)),
        _ => None,
    };
    let phone = format!("tel:{}", request.farmer_phone);
    let farmer = format!("{} {}", request.farmer_name, request.farmer_phone);
    let cancel_reason = request
        .steps
        .last()
        .filter(|_| status == RequestStatus::Cancelled)
        .and_then(|step| step.reason.clone());
    view! {
        <article class="request queue-card">
            <RequestSummary request/>
            <p class="request-farmer">
                <span>{farmer}</span>
                <a class="button secondary call" href=phone>{move || i18n.portal().call_farmer}</a>
            </p>
            {cancel_reason.map(|reason| view! { <p class="event-reason">{reason}</p> })}
            {status.is_open().then(|| view! {
                <div class="request-actions">
                    {onward.map(|(to, label)| view! {
                        <button type="button" class="button" disabled=busy on:click=move |_| step(to)>{label}</button>
                    })}
                    <button type="button" class="button secondary" disabled=busy
                        on:click=move |_| cancelling.update(|open| *open = !*open)>
                        {move || i18n.portal().cancel_request}
                    </button>
                </div>
            })}
            {move || cancelling.get().then(|| view! {
                <ReasonForm label=|t| t.cancel_reason confirm=|t| t.confirm_cancel reason busy
                    on_confirm=Callback::new(move |()| step(RequestStatus::Cancelled))/>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}
