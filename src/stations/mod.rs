//! The station registry for staff: the stations of one's region by status, and a station's
//! details, 六有 checklist and history, with the lifecycle steps the server allows the
//! signed-in account (county administrators approve, reject, suspend and close; acceptance
//! is an inspection, `acceptance`).

mod form;

pub use form::{DeclareStation, EditStation};

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use yinong_model::station::{StationDetail, StationPage, StationStatus, StatusChange};

use crate::acceptance::StationAcceptanceCard;
use crate::api;
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::loaded;

/// The statuses offered as filters, in lifecycle order.
const FILTERS: [StationStatus; 8] = [
    StationStatus::Declared,
    StationStatus::Approved,
    StationStatus::Built,
    StationStatus::Accepted,
    StationStatus::Operating,
    StationStatus::Suspended,
    StationStatus::Rejected,
    StationStatus::Closed,
];

/// `/staff/stations?region=…&status=…&page=…`.
#[component]
pub fn StationList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let declares = move || {
        session
            .me
            .get()
            .is_some_and(|me| me.role.declares_stations())
    };
    let files_or_confirms = move || {
        session
            .me
            .get()
            .is_some_and(|me| me.role.files_stations() || me.role.confirms_filings())
    };
    let query = use_query_map();
    let region = move || query.read().get("region");
    let status = move || query.read().get("status");
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let stations = Answer::new(move || api::stations(region(), status(), page()));
    let link = move |status: Option<&str>, page: i64| {
        let mut href = format!("/staff/stations?page={page}");
        if let Some(region) = region() {
            href.push_str(&format!("&region={region}"));
        }
        if let Some(status) = status {
            href.push_str(&format!("&status={status}"));
        }
        href
    };
    view! {
        <section class="stations">
            <h1 class="section-title">{move || i18n.staff().stations_title}</h1>
            <Show when=declares>
                <A href="/staff/stations/new" attr:class="button-link declare">{move || i18n.staff().declare_station}</A>
            </Show>
            <Show when=files_or_confirms>
                <A href="/staff/filings" attr:class="button-link filings">{move || i18n.staff().filings_link}</A>
            </Show>
            <nav class="status-filters" aria-label=move || i18n.staff().station_status>
                <A href=move || link(None, 0) attr:class="chip">{move || i18n.staff().all_statuses}</A>
                {FILTERS.into_iter().map(|filter| view! {
                    <A href=move || link(Some(filter.code()), 0) attr:class="chip">
                        {move || i18n.lang().pick(filter.name_zh(), filter.name_en())}
                    </A>
                }).collect_view()}
            </nav>
            {loaded(stations, move |page: StationPage| {
                let t = i18n.staff();
                let lang = i18n.lang();
                let more = (page.page + 1) * page.per_page < page.total;
                let status = status();
                view! {
                    <p class="note">{page.total}" "{t.stations_found}</p>
                    <ul class="station-list">
                        {page.stations.into_iter().map(|station| view! {
                            <li class="station-row" data-code=station.code.clone()>
                                <A href=format!("/staff/stations/{}", station.code)>{station.details.name.clone()}</A>
                                <span class="station-meta">
                                    {station.code.clone()}" · "
                                    {lang.pick(station.details.station_type.name_zh(), station.details.station_type.name_en())}" · "
                                    <span class="status">{lang.pick(station.status.name_zh(), station.status.name_en())}</span>
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <Show when=move || more>
                        <A href=link(status.as_deref(), page.page + 1) attr:class="button-link">{t.next_page}</A>
                    </Show>
                }
            })}
        </section>
    }
}

/// `/staff/stations/{code}`.
#[component]
pub fn StationView() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let detail = Answer::new(move || api::station(code()));
    let reload = Callback::new(move |()| detail.refetch());
    view! {
        <section class="station">
            {loaded(detail, move |detail: StationDetail| view! { <StationCard detail reload/> })}
        </section>
    }
}

#[component]
fn StationCard(detail: StationDetail, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let t = i18n.staff();
    let lang = i18n.lang();
    let station = detail.station;
    let place = detail
        .region_path
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(" › ");
    let six = station.details.six_have.items(station.qualified_informants);
    let checklist = [
        t.six_venue,
        t.six_staff,
        t.six_devices,
        t.six_broadband,
        t.six_page,
        t.six_sustainable,
    ]
    .into_iter()
    .zip(six)
    .map(|(item, met)| {
        view! { <li class=if met { "met" } else { "missing" }>{if met { "✓ " } else { "✗ " }}{item}</li> }
    })
    .collect_view();
    let history = detail
        .history
        .into_iter()
        .map(|event| {
            let step = lang.pick(event.to.name_zh(), event.to.name_en());
            view! {
                <li class="event">
                    <span class="event-step">{step}</span>
                    <span class="event-meta">{event.at.get(..10).unwrap_or_default().to_owned()}" · "{event.by.unwrap_or_default()}</span>
                    {event.reason.map(|reason| view! { <span class="event-reason">{reason}</span> })}
                </li>
            }
        })
        .collect_view();
    // The server decides; the steps are offered to those whose role takes them (known once
    // the session has loaded).
    let manages = move || {
        session
            .me
            .get()
            .is_some_and(|me| me.role.manages_stations())
    };
    let (code, status) = (station.code.clone(), station.status);
    let actions = move || {
        manages().then(|| {
            view! {
                <A href=format!("/staff/stations/{code}/edit") attr:class="button-link edit">{t.edit_station}</A>
                <LifecycleActions code=code.clone() status reload/>
            }
        })
    };
    view! {
        <h1 class="section-title">{station.details.name.clone()}</h1>
        <dl class="facts">
            <dt>{t.station_number}</dt><dd class="station-code">{station.code.clone()}</dd>
            <dt>{t.station_status}</dt><dd class="station-status">{lang.pick(station.status.name_zh(), station.status.name_en())}</dd>
            <dt>{t.region}</dt><dd>{place}</dd>
            <dt>{t.station_type}</dt><dd>{lang.pick(station.details.station_type.name_zh(), station.details.station_type.name_en())}</dd>
            <dt>{t.station_address}</dt><dd>{station.details.address.clone()}</dd>
            <dt>{t.station_hours}</dt><dd>{station.details.opening_hours.clone()}</dd>
        </dl>
        <h2 class="subtitle">{t.six_have}{if station.compliant { t.six_compliant } else { t.six_not_compliant }}</h2>
        <ul class="checklist">{checklist}</ul>
        {actions}
        <StationAcceptanceCard code=station.code.clone() status=station.status/>
        <h2 class="subtitle">{t.station_history}</h2>
        <ol class="history">{history}</ol>
    }
}

/// The next lifecycle steps, each a button; rejecting, suspending and closing ask why.
#[component]
fn LifecycleActions(code: String, status: StationStatus, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let code = StoredValue::new(code);
    // Acceptance is recorded by an inspection (its own form), not by a button.
    let steps: Vec<StationStatus> = status
        .next()
        .iter()
        .copied()
        .filter(|to| !to.needs_inspection())
        .collect();
    let any_step = !steps.is_empty();
    let buttons = steps
        .into_iter()
        .map(|to| {
            let act = move |_| {
                let change = StatusChange {
                    to,
                    reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
                };
                if to.needs_reason() && change.reason.is_none() {
                    message.set(Some(i18n.staff().reason_needed.to_owned()));
                    return;
                }
                spawn_local(async move {
                    match api::change_station_status(&code.get_value(), &change).await {
                        Ok(_) => reload.run(()),
                        Err(failure) => message.set(Some(failure.message_zh())),
                    }
                });
            };
            view! {
                <button type="button" class="button" class:secondary=to.needs_reason() on:click=act>
                    {move || i18n.lang().pick(to.name_zh(), to.name_en())}
                </button>
            }
        })
        .collect_view();
    any_step.then(|| {
        view! {
            <div class="form lifecycle">
                <h2 class="subtitle">{move || i18n.staff().next_step}</h2>
                <label>{move || i18n.staff().reason}
                    <input name="reason" prop:value=reason on:input=move |e| reason.set(event_target_value(&e))/>
                </label>
                {move || message.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <div class="actions">{buttons}</div>
            </div>
        }
    })
}
