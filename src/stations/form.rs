//! Declaring a station (申报) and correcting a station's details and 六有 evidence: one form
//! serves both. What was typed stays when the server refuses it.

use crate::answer::Answer;
use std::str::FromStr;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use yinong_model::region::Region;
use yinong_model::station::{
    HostVenue, NewStation, SixHave, Station, StationDetail, StationDetails, StationType,
};

use crate::api;
use crate::context::use_session;
use crate::i18n::{use_i18n, StaffTextOf};
use crate::shell::{loaded, RegionPicker};

/// `/staff/stations/new`: township and county administrators declare a station in their
/// region; the county approves it afterwards.
#[component]
pub fn DeclareStation() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="station-form">
            <h1 class="section-title">{move || i18n.staff().declare_station}</h1>
            {move || session.me.get().map(|me| {
                let home = me.region_path.last().cloned();
                view! { <StationForm existing=None home/> }
            })}
        </section>
    }
}

/// `/staff/stations/{code}/edit`: the county corrects details and records 六有 evidence.
#[component]
pub fn EditStation() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let detail = Answer::new(move || api::station(params.read().get("code").unwrap_or_default()));
    view! {
        <section class="station-form">
            <h1 class="section-title">{move || i18n.staff().edit_station}</h1>
            {loaded(detail, |detail: StationDetail| {
                let home = detail.region_path.last().cloned();
                view! { <StationForm existing=Some(detail.station) home/> }
            })}
        </section>
    }
}

/// A text field's signal, starting from a value when there is one.
fn field<T: ToString>(value: Option<T>) -> RwSignal<String> {
    RwSignal::new(value.map(|v| v.to_string()).unwrap_or_default())
}

/// An optional number typed by hand: blank is `None`; anything else must parse.
fn optional<T: FromStr>(text: &str) -> Result<Option<T>, ()> {
    match text.trim() {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|_| ()),
    }
}

/// Declares a station in a region below `home` (the account's region) when `existing` is
/// `None`; otherwise edits `existing`, whose region `home` is.
#[component]
fn StationForm(existing: Option<Station>, home: Option<Region>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let details = existing.as_ref().map(|station| station.details.clone());
    let six = details
        .as_ref()
        .map(|d| d.six_have.clone())
        .unwrap_or_default();
    let text = |pick: fn(&StationDetails) -> &String| field(details.as_ref().map(pick));
    let name = text(|d| &d.name);
    let address = text(|d| &d.address);
    let hours = text(|d| &d.opening_hours);
    let latitude = field(details.as_ref().and_then(|d| d.latitude));
    let longitude = field(details.as_ref().and_then(|d| d.longitude));
    let area = field(six.venue_area_m2);
    let devices = field(six.devices);
    let broadband = field(six.broadband_mbps);
    let page_url = field(six.page_url);
    let sustainable = RwSignal::new(six.sustainable);
    let station_type = RwSignal::new(
        details
            .as_ref()
            .map_or(StationType::Standard, |d| d.station_type),
    );
    let host_venue = RwSignal::new(
        details
            .as_ref()
            .map_or(HostVenue::VillageCommittee, |d| d.host_venue),
    );
    let region = RwSignal::new(existing.as_ref().map(|s| s.region_code.clone()));
    let message = RwSignal::new(None::<String>);
    let editing = existing.as_ref().map(|s| s.code.clone());
    // A station keeps its level (village station or centre); a new one may be of any type
    // at or below the declaring account's level.
    let home_level = home.as_ref().map(|r| r.level);
    let types: Vec<StationType> = StationType::ALL
        .iter()
        .copied()
        .filter(|t| match &details {
            Some(d) => t.level() == d.station_type.level(),
            None => home_level.is_none_or(|level| level <= t.level()),
        })
        .collect();
    let home = StoredValue::new(home);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let t = i18n.staff();
        let numbers = (|| {
            Ok::<_, ()>((
                optional::<f64>(&latitude.get_untracked())?,
                optional::<f64>(&longitude.get_untracked())?,
                optional::<f64>(&area.get_untracked())?,
                optional::<i32>(&devices.get_untracked())?,
                optional::<f64>(&broadband.get_untracked())?,
            ))
        })();
        let Ok((latitude, longitude, venue_area_m2, devices, broadband_mbps)) = numbers else {
            message.set(Some(t.numbers_needed.to_owned()));
            return;
        };
        let details = StationDetails {
            name: name.get_untracked().trim().to_owned(),
            station_type: station_type.get_untracked(),
            host_venue: host_venue.get_untracked(),
            address: address.get_untracked().trim().to_owned(),
            opening_hours: hours.get_untracked().trim().to_owned(),
            latitude,
            longitude,
            six_have: SixHave {
                venue_area_m2,
                devices,
                broadband_mbps,
                page_url: Some(page_url.get_untracked().trim().to_owned())
                    .filter(|url| !url.is_empty()),
                sustainable: sustainable.get_untracked(),
            },
        };
        if let Some(problem) = details.problem() {
            message.set(Some(problem));
            return;
        }
        let editing = editing.clone();
        let navigate = navigate.clone();
        let region_code = region.get_untracked();
        if editing.is_none() && region_code.is_none() {
            message.set(Some(t.region_needed.to_owned()));
            return;
        }
        spawn_local(async move {
            let saved = match (editing, region_code) {
                (Some(code), _) => api::update_station(&code, &details).await,
                (None, Some(region_code)) => {
                    api::declare_station(&NewStation {
                        region_code,
                        details,
                    })
                    .await
                }
                (None, None) => return,
            };
            match saved {
                Ok(station) => navigate(
                    &format!("/staff/stations/{}", station.code),
                    Default::default(),
                ),
                Err(failure) => message.set(Some(failure.message_zh())),
            }
        });
    };

    // Where a new station goes: the account's own region when the type sits at its level,
    // else a region picked below it. Changing the type starts the choice again.
    let region_choice = existing.is_none().then_some({
        move || {
            let level = station_type.get().level();
            match home.get_value() {
                Some(own) if own.level == level => {
                    region.set(Some(own.code.clone()));
                    view! { <p class="note chosen-region">{own.name}</p> }.into_any()
                }
                home => {
                    region.set(None);
                    let parent = home.map(|h| h.code);
                    view! { <RegionPicker parent levels=vec![level] chosen=region/> }.into_any()
                }
            }
        }
    });
    let input = |label: StaffTextOf,
                 name: &'static str,
                 mode: &'static str,
                 value: RwSignal<String>| {
        view! {
            <label>{move || label(i18n.staff())}
                <input name=name inputmode=mode prop:value=value on:input=move |e| value.set(event_target_value(&e))/>
            </label>
        }
    };
    view! {
        <form class="form station-details" on:submit=submit>
            <label>{move || i18n.staff().station_type}
                <select name="station_type" on:change=move |e| {
                    if let Some(chosen) = StationType::from_code(&event_target_value(&e)) {
                        station_type.set(chosen);
                    }
                }>
                    {types.into_iter().map(|option| view! {
                        <option value=option.code() selected=move || station_type.get() == option>
                            {move || i18n.lang().pick(option.name_zh(), option.name_en())}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            {region_choice}
            {input(|t| t.station_name, "name", "text", name)}
            <label>{move || i18n.staff().host_venue}
                <select name="host_venue" on:change=move |e| {
                    if let Some(chosen) = HostVenue::from_code(&event_target_value(&e)) {
                        host_venue.set(chosen);
                    }
                }>
                    {HostVenue::ALL.iter().copied().map(|option| view! {
                        <option value=option.code() selected=move || host_venue.get() == option>
                            {move || i18n.lang().pick(option.name_zh(), option.name_en())}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            {input(|t| t.station_address, "address", "text", address)}
            {input(|t| t.station_hours, "opening_hours", "text", hours)}
            {input(|t| t.latitude, "latitude", "decimal", latitude)}
            {input(|t| t.longitude, "longitude", "decimal", longitude)}
            <fieldset class="six-evidence">
                <legend>{move || i18n.staff().six_evidence}</legend>
                {input(|t| t.venue_area, "venue_area_m2", "decimal", area)}
                {input(|t| t.device_count, "devices", "numeric", devices)}
                {input(|t| t.broadband_speed, "broadband_mbps", "decimal", broadband)}
                {input(|t| t.page_address, "page_url", "url", page_url)}
                <label class="check">
                    <input type="checkbox" name="sustainable" prop:checked=sustainable on:change=move |e| sustainable.set(event_target_checked(&e))/>
                    {move || i18n.staff().sustainable_evidence}
                </label>
                <p class="note">{move || i18n.staff().staff_item_note}</p>
            </fieldset>
            {move || message.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            <button type="submit" class="button">{move || i18n.staff().save}</button>
        </form>
    }
}
