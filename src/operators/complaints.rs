//! 投诉: a farmer complains about a station from its card (`/complaints/:station`, the
//! portal) and follows what the county found; the county looks into each
//! (`/staff/complaints`): found true counts against the station's operator.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yinong_model::operator::{
    complaint_status_en, complaint_status_zh, Complaint, ComplaintPage, NewComplaint, COMPLAINTS,
};
use yinong_model::review::ReviewStatus;

use crate::account::SignedInForm;
use crate::answer::Answer;
use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::review::review_queue;
use crate::shell::{loaded, Sending};

fn complaint_label(status: ReviewStatus, i18n: I18n) -> &'static str {
    i18n.lang()
        .pick(complaint_status_zh(status), complaint_status_en(status))
}

/// `/complaints/:station`: the complaint form once signed in, and the farmer's complaints.
#[component]
pub fn ComplainPage() -> impl IntoView {
    let params = use_params_map();
    let station = params.read_untracked().get("station").unwrap_or_default();
    view! {
        <SignedInForm class="complaints" title=|t| t.complain_title
            form=move || view! { <ComplaintFields station=station.clone()/> }/>
    }
}

#[component]
fn ComplaintFields(station: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let sending = Sending::new();
    let mine = Answer::new(|| api::my_complaints(0));
    let station = StoredValue::new(station);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let new = NewComplaint {
            station_code: station.get_value(),
            text: text.get_untracked(),
        };
        sending.send(
            new.problem(),
            async move { api::complain(&new).await },
            move |_| {
                text.set(String::new());
                mine.refetch();
            },
        );
    };
    view! {
        <p class="note">{move || i18n.portal().complain_intro}</p>
        <form class="form" on:submit=submit>
            <p class="complaint-station">{move || i18n.portal().complain_station}" "{station.get_value()}</p>
            <label>
                {move || i18n.portal().complain_text}
                <textarea name="text" rows="4" prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
            </label>
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().complain_button}</button>
            {sending.message()}
        </form>
        <h2 class="subtitle">{move || i18n.portal().my_complaints}</h2>
        {loaded(mine, move |page: ComplaintPage| {
            if page.complaints.is_empty() {
                return view! { <p class="note">{move || i18n.portal().no_complaints}</p> }.into_any();
            }
            view! {
                <ul class="listing-list my-complaints">
                    {page.complaints.into_iter().map(|complaint| view! {
                        <li><article class="request complaint-card"><ComplaintBody complaint/></article></li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

/// What a complaint says, about which station, and what the county found.
#[component]
fn ComplaintBody(complaint: Complaint) -> impl IntoView {
    let i18n = use_i18n();
    let Complaint {
        station_name,
        text,
        status,
        review_note,
        sent_at,
        ..
    } = complaint;
    let sent_on: String = sent_at.chars().take(10).collect();
    view! {
        <header class="request-head">
            <h3 class="request-item">{station_name}</h3>
            <span class="tag complaint-status" data-status=status.code()>{move || complaint_label(status, i18n)}</span>
        </header>
        <p>{text}</p>
        <p class="event-meta">{sent_on}</p>
        {review_note.map(|note| view! {
            <p class="event-reason">{move || i18n.portal().review_note_label}"："{note.clone()}</p>
        })}
    }
}

/// `/staff/complaints`: the county finds each complaint true or not.
#[component]
pub fn ComplaintReview() -> impl IntoView {
    let i18n = use_i18n();
    review_queue(
        COMPLAINTS,
        complaint_label,
        api::complaint_queue,
        "complaint-review",
        move || i18n.staff().complaint_queue_title,
        move || i18n.staff().no_complaints_to_check,
        |complaint| view! { <ComplaintBody complaint/> },
    )
}
