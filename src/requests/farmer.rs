//! The farmer's side: ask the village's station (`/requests/new`), follow one request
//! (`/requests/{id}`) and see all of one's own (`/requests`).

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use yinong_model::portal::{PublicStation, VillageHome};
use yinong_model::request::{
    details_problem, NewRequest, RequestChange, RequestItem, RequestPage, RequestStatus,
    ServiceRequest,
};

use super::{RequestSteps, RequestSummary};
use crate::account::SignInFirst;
use crate::api;
use crate::i18n::use_i18n;
use crate::portal::my_village;
use crate::shell::{loaded, number_param, Link, Pager, Sending};

/// `/requests`: my requests, newest first.
#[component]
pub fn MyRequests() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="requests">
            <h1 class="section-title">{move || i18n.portal().requests_title}</h1>
            <p class="hint">{move || i18n.portal().requests_intro}</p>
            <SignInFirst signed_in=|| view! { <MyRequestList/> }/>
        </section>
    }
}

#[component]
fn MyRequestList() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(0);
    let list = Answer::new(move || api::my_requests(page.get()));
    view! {
        <Link href="/requests/new" class="button">{move || i18n.portal().new_request}</Link>
        {loaded(list, move |shown: RequestPage| {
            if shown.requests.is_empty() {
                return view! { <p class="note">{move || i18n.portal().no_requests}</p> }.into_any();
            }
            let RequestPage { requests, total, page: current, per_page } = shown;
            view! {
                <ul class="request-list">
                    {requests.into_iter().map(|request| {
                        let href = format!("/requests/{}", request.id);
                        view! { <li><Link href class="request-card"><RequestSummary request/></Link></li> }
                    }).collect_view()}
                </ul>
                <Pager page current total per_page/>
            }.into_any()
        })}
    }
}

/// `/requests/new`: what the station should do, in the farmer's words.
#[component]
pub fn NewRequestForm() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="requests">
            <h1 class="section-title">{move || i18n.portal().new_request}</h1>
            <SignInFirst signed_in=|| view! { <VillageStations/> }/>
        </section>
    }
}

#[component]
fn VillageStations() -> impl IntoView {
    let i18n = use_i18n();
    let Some(village) = my_village() else {
        return view! {
            <p class="note">{move || i18n.portal().choose_village_for_requests}</p>
            <Link href="/village" class="button">{move || i18n.t().choose_village}</Link>
        }
        .into_any();
    };
    let home = Answer::new(move || {
        let village = village.clone();
        async move { api::village_home(&village, None).await }
    });
    loaded(home, move |home: VillageHome| {
        if home.stations.is_empty() {
            view! { <p class="note">{move || i18n.portal().no_station_for_requests}</p> }.into_any()
        } else {
            view! { <RequestForm stations=home.stations/> }.into_any()
        }
    })
    .into_any()
}

#[component]
fn RequestForm(stations: Vec<PublicStation>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let item = RwSignal::new(None::<RequestItem>);
    let details = RwSignal::new(String::new());
    let station = RwSignal::new(stations[0].code.clone());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(chosen) = item.get_untracked() else {
            sending
                .error
                .set(Some(i18n.portal().request_item.to_owned() + "？"));
            return;
        };
        let request = NewRequest {
            station_code: station.get_untracked(),
            item: chosen,
            details: details.get_untracked(),
        };
        let navigate = navigate.clone();
        let key = sending.key_for(&request);
        sending.send(
            details_problem(&request.details),
            async move { api::submit_request(&request, &key).await },
            move |made| navigate(&format!("/requests/{}", made.id), Default::default()),
        );
    };
    let choices = move |purchases: bool| {
        RequestItem::ALL
            .into_iter()
            .filter(move |choice| choice.is_purchase() == purchases)
            .map(move |choice| {
                view! {
                    <label class="choice">
                        <input type="radio" name="item" value=choice.code()
                            prop:checked=move || item.get() == Some(choice)
                            on:change=move |_| item.set(Some(choice))/>
                        {move || i18n.lang().pick(choice.name_zh(), choice.name_en()).to_owned()}
                    </label>
                }
            })
            .collect_view()
    };
    let station_choice = if stations.len() == 1 {
        view! { <p class="request-station">{move || i18n.portal().request_station}": "{stations[0].name.clone()}</p> }.into_any()
    } else {
        view! {
            <label>
                {move || i18n.portal().request_station}
                <select name="station" on:change=move |e| station.set(event_target_value(&e))>
                    {stations.into_iter().map(|s| view! { <option value=s.code.clone()>{s.name}</option> }).collect_view()}
                </select>
            </label>
        }
        .into_any()
    };
    let hint = move || {
        item.get().map_or("", |chosen| {
            i18n.lang().pick(chosen.hint_zh(), chosen.hint_en())
        })
    };
    view! {
        <form class="form request-form" on:submit=submit>
            <fieldset class="choices">
                <legend>{move || i18n.portal().request_item}</legend>
                <p class="choice-group">{move || i18n.portal().errands}</p>
                {choices(false)}
                <p class="choice-group">{move || i18n.portal().purchases}</p>
                {choices(true)}
            </fieldset>
            <label>
                {move || i18n.portal().request_details}
                <textarea name="details" rows="4" maxlength="500" placeholder=hint
                    prop:value=details on:input=move |e| details.set(event_target_value(&e))></textarea>
            </label>
            {station_choice}
            <p class="hint">{move || i18n.portal().no_payment_note}</p>
            {sending.message()}
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().submit_request}</button>
        </form>
    }
}

/// `/requests/{id}`: one request and its steps; the farmer may withdraw it until the
/// station accepts it.
#[component]
pub fn RequestView() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="requests">
            <h1 class="section-title">{move || i18n.portal().requests_title}</h1>
            <SignInFirst signed_in=|| view! { <OneRequest/> }/>
            <Link href="/requests" class="more-link">{move || i18n.portal().requests_title}</Link>
        </section>
    }
}

#[component]
fn OneRequest() -> impl IntoView {
    let i18n = use_i18n();
    let id = number_param::<i64>("id");
    let request = Answer::new(move || api::service_request(id()));
    let error = RwSignal::new(None::<String>);
    let withdraw = move |_| {
        error.set(None);
        spawn_local(async move {
            let change = RequestChange {
                to: RequestStatus::Cancelled,
                reason: None,
            };
            match api::change_request(id(), &change).await {
                Ok(_) => request.refetch(),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    view! {
        {loaded(request, move |request: ServiceRequest| {
            let waiting = request.status == RequestStatus::Submitted;
            view! {
                <article class="request">
                    <RequestSummary request=request.clone()/>
                    <RequestSteps request/>
                </article>
                {waiting.then(|| view! {
                    <button type="button" class="button secondary" on:click=withdraw>{move || i18n.portal().withdraw_request}</button>
                })}
            }
        })}
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        <button type="button" class="button secondary" on:click=move |_| request.refetch()>
            {move || i18n.portal().refresh_status}
        </button>
    }
}
