//! 代办台账 (`/staff/service-log`): the informant logs the 代办 and 代购 done at the station
//! for farmers who came in — kept on the phone first and sent when there is a network —
//! and reads back what was logged; the services count as the station's.

use leptos::prelude::*;
use yinong_model::request::{NewServiceLog, RequestItem, ServiceLogEntry, ServiceLogPage};
use yinong_model::sync::Capture;

use crate::api;
use crate::capture::{keep_draft, today, use_outbox, Keeping, OutboxList};
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::{loaded, Pager};

#[component]
pub fn ServiceLog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let outbox = use_outbox();
    let (page, mine) = outbox.sent_page(api::my_service_log);
    let item = RwSignal::new(RequestItem::Parcel);
    let times = RwSignal::new("1".to_owned());
    let served_on = RwSignal::new(today());
    let note = RwSignal::new(String::new());
    let typed = move || NewServiceLog {
        item: item.get(),
        times: times.get(),
        served_on: served_on.get(),
        note: note.get(),
    };
    keep_draft(Capture::ServiceLog, typed, move |draft: NewServiceLog| {
        item.set(draft.item);
        times.set(draft.times);
        served_on.set(draft.served_on);
        note.set(draft.note);
    });
    let keeping = Keeping::with_outbox();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let log = typed();
        let summary = format!(
            "{} × {} · {}",
            i18n.lang().pick(log.item.name_zh(), log.item.name_en()),
            log.times.trim(),
            log.served_on
        );
        keeping.keep(log, summary, move || {
            // The same service on the same day is the usual next entry.
            times.set("1".to_owned());
            note.set(String::new());
        });
    };
    view! {
        <section class="service-log">
            <h1 class="section-title">{move || i18n.staff().service_log_title}</h1>
            <form class="form service-log-form" on:submit=submit novalidate>
                <p class="note">{move || i18n.staff().service_log_note}</p>
                <label>
                    {move || i18n.staff().service_log_item}
                    <select name="item" prop:value=move || item.get().code()
                        on:change=move |e| {
                            if let Some(chosen) = RequestItem::from_code(&event_target_value(&e)) {
                                item.set(chosen);
                            }
                        }>
                        {RequestItem::ALL.into_iter().map(|choice| view! {
                            <option value=choice.code() selected=move || item.get() == choice>
                                {move || i18n.lang().pick(choice.name_zh(), choice.name_en()).to_owned()}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="field-pair">
                    <label>
                        {move || i18n.staff().service_log_times}
                        <input type="text" name="times" inputmode="numeric" maxlength="2"
                            prop:value=times on:input=move |e| times.set(event_target_value(&e))/>
                    </label>
                    <label>
                        {move || i18n.staff().service_log_day}
                        <input type="date" name="served_on"
                            prop:value=served_on on:input=move |e| served_on.set(event_target_value(&e))/>
                    </label>
                </div>
                <label>
                    {move || i18n.staff().service_log_remark}
                    <textarea name="note" rows="2" maxlength="200"
                        prop:value=note on:input=move |e| note.set(event_target_value(&e))></textarea>
                </label>
                {keeping.messages()}
                <button type="submit" class="button" disabled=move || keeping.busy.get() || session.me.get().is_none()>
                    {move || i18n.staff().service_log_submit}
                </button>
            </form>
            <OutboxList kind=Capture::ServiceLog/>
            <h2 class="section-title">{move || i18n.staff().service_log_mine}</h2>
            {loaded(mine, move |shown: ServiceLogPage| {
                let ServiceLogPage { entries, total, page: current, per_page } = shown;
                if entries.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().service_log_none}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {entries.into_iter().map(|entry| view! { <LogLine entry/> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

/// One logged entry: what, how many times, which day, at which station.
#[component]
fn LogLine(entry: ServiceLogEntry) -> impl IntoView {
    let i18n = use_i18n();
    let ServiceLogEntry {
        item,
        times,
        served_on,
        note,
        station_name,
        ..
    } = entry;
    view! {
        <li class="request queue-card service-log-entry">
            <p>
                <strong>{move || i18n.lang().pick(item.name_zh(), item.name_en()).to_owned()}</strong>
                " × "{times}
            </p>
            <p class="event-meta">{served_on}" · "{station_name}</p>
            {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
        </li>
    }
}
