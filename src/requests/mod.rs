//! 代办 and 代购: the farmer's pages (`farmer.rs`, in the portal bundle), the informant's
//! queue (`queue.rs`) and log of services done for farmers who came in (`log.rs`), both in
//! the staff bundle, sharing how a request is shown.

mod farmer;
mod log;
mod queue;

pub use farmer::{MyRequests, NewRequestForm, RequestView};
pub use log::ServiceLog;
pub use queue::RequestQueue;

use leptos::prelude::*;
use yinong_model::request::{to_the_minute, RequestStatus, ServiceRequest};

use crate::i18n::use_i18n;

#[component]
fn StatusBadge(status: RequestStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge request-status status-{}", status.code())>
            {move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}
        </span>
    }
}

/// What was asked, of which station, when, and where it stands.
#[component]
fn RequestSummary(request: ServiceRequest) -> impl IntoView {
    let i18n = use_i18n();
    let item = request.item;
    let submitted = request
        .steps
        .first()
        .map(|step| to_the_minute(&step.at))
        .unwrap_or_default();
    view! {
        <header class="request-head">
            <h2 class="request-item">{move || i18n.lang().pick(item.name_zh(), item.name_en()).to_owned()}</h2>
            <StatusBadge status=request.status/>
        </header>
        <p class="request-details">{request.details}</p>
        <p class="request-meta">
            {request.station_name}" · "{move || i18n.portal().submitted_at}" "{submitted}
        </p>
    }
}

/// Every step the request went through, oldest first, with the reason for a cancellation.
#[component]
fn RequestSteps(request: ServiceRequest) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="request-steps">
            <h3>{move || i18n.portal().request_steps}</h3>
            <ol class="history">
                {request.steps.into_iter().map(|step| {
                    let status = step.status;
                    view! {
                        <li class="event">
                            <span class="event-step">{move || i18n.lang().pick(status.step_zh(), status.step_en()).to_owned()}</span>
                            <span class="event-meta">{to_the_minute(&step.at)}</span>
                            {step.reason.map(|reason| view! { <span class="event-reason">{reason}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
