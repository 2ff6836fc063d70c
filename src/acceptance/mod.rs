//! 验收 and 备案 for staff: a station's inspections and filing on its page; the county's
//! inspection form (the six items of 六有, each met or not, with a note and photos; what to
//! correct and by when when one is not met); the filing page, where the county files its
//! accepted stations to the city and the city confirms or returns each filing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use yinong_model::acceptance::{
    filing_status_en, filing_status_zh, CheckedItem, FiledStation, Filing, FilingPage, Inspection,
    NewFiling, NewInspection, StationAcceptance, FILINGS, PHOTOS_PER_ITEM,
};
use yinong_model::review::ReviewStatus;
use yinong_model::station::{SixHave, StationStatus};

use crate::answer::Answer;
use crate::api::{self, photo_url};
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n};
use crate::photos::PhotoPicker;
use crate::review::review_queue;
use crate::shell::{loaded, Link, Pager};

/// The six items' names in the language shown.
fn item_names(i18n: I18n) -> [&'static str; 6] {
    std::array::from_fn(|index| {
        i18n.lang()
            .pick(SixHave::ITEMS_ZH[index], SixHave::ITEMS_EN[index])
    })
}

fn filing_label(status: ReviewStatus, i18n: I18n) -> &'static str {
    i18n.lang()
        .pick(filing_status_zh(status), filing_status_en(status))
}

/// On a station's page: its filing and inspections, and — for a built station, to the
/// county — the way to record the inspection.
#[component]
pub fn StationAcceptanceCard(code: String, status: StationStatus) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let inspects = move || {
        status == StationStatus::Built
            && session
                .me
                .get()
                .is_some_and(|me| me.role.manages_stations())
    };
    let form = format!("/staff/stations/{code}/inspect");
    let acceptance = Answer::new(move || api::station_acceptance(code.clone()));
    view! {
        <section class="acceptance">
            <h2 class="subtitle">{move || i18n.staff().acceptance_title}</h2>
            <Show when=inspects>
                <Link href=form.clone() class="button">{move || i18n.staff().inspect_station}</Link>
            </Show>
            {loaded(acceptance, move |acceptance: StationAcceptance| {
                let filing = acceptance.filing.map_or(i18n.staff().not_filed, |status| filing_label(status, i18n));
                view! {
                    <p class="filing-state">{move || i18n.staff().filing_label}"："{filing}</p>
                    {if acceptance.inspections.is_empty() {
                        view! { <p class="note">{move || i18n.staff().no_inspections}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="inspections">
                                {acceptance.inspections.into_iter().map(|inspection| view! { <InspectionRecord inspection/> }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                }
            })}
        </section>
    }
}

/// One inspection as the register keeps it.
#[component]
fn InspectionRecord(inspection: Inspection) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.staff();
    let result = i18n
        .lang()
        .pick(inspection.result.name_zh(), inspection.result.name_en());
    let items = item_names(i18n)
        .into_iter()
        .zip(inspection.items)
        .map(|(name, item)| {
            view! {
                <li class=if item.met { "met" } else { "missing" }>
                    {if item.met { "✓ " } else { "✗ " }}{name}
                    {(!item.note.is_empty()).then(|| view! { <span class="item-note">" · "{item.note.clone()}</span> })}
                    {item.photos.into_iter().map(|photo| view! {
                        <img class="item-photo" src=photo_url(&photo) alt=name loading="lazy"/>
                    }).collect_view()}
                </li>
            }
        })
        .collect_view();
    let correction = (!inspection.problems.is_empty()).then(|| {
        view! {
            <p class="inspection-problems">{t.problems}"："{inspection.problems.clone()}
                {inspection.correct_by.clone().map(|day| view! { " · "{t.correct_by}" "{day} })}
            </p>
        }
    });
    view! {
        <li class="inspection" data-result=inspection.result.code()>
            <p class="inspection-head">
                <strong class="inspection-result">{result}</strong>" · "{inspection.inspected_on.clone()}" · "
                {t.inspectors}"："{inspection.inspectors.clone()}
            </p>
            <ul class="checklist">{items}</ul>
            {correction}
            <p class="note">{t.recorded_by}"："{inspection.recorded_by.clone()}" · "{inspection.recorded_at.get(..10).unwrap_or_default().to_owned()}</p>
        </li>
    }
}

/// `/staff/stations/{code}/inspect`: the county's inspectors record what they found.
#[component]
pub fn InspectStation() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = params.read_untracked().get("code").unwrap_or_default();
    let navigate = use_navigate();
    let today = crate::capture::today();
    let inspected_on = RwSignal::new(today.clone());
    let inspectors = RwSignal::new(String::new());
    let items: [(RwSignal<bool>, RwSignal<String>, RwSignal<Vec<String>>); 6] =
        std::array::from_fn(|_| {
            (
                RwSignal::new(false),
                RwSignal::new(String::new()),
                RwSignal::new(Vec::new()),
            )
        });
    let problems = RwSignal::new(String::new());
    let correct_by = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let all_met = move || items.iter().all(|(met, _, _)| met.get());
    let back = format!("/staff/stations/{code}");
    let code = StoredValue::new(code);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let inspection = NewInspection {
            inspected_on: inspected_on.get_untracked(),
            inspectors: inspectors.get_untracked(),
            items: items
                .iter()
                .map(|(met, note, photos)| CheckedItem {
                    met: met.get_untracked(),
                    note: note.get_untracked().trim().to_owned(),
                    photos: photos.get_untracked(),
                })
                .collect(),
            problems: problems.get_untracked(),
            correct_by: Some(correct_by.get_untracked()).filter(|day| !day.is_empty()),
        };
        // The server checks again against its own today.
        if let Some(problem) = inspection.problem(&today) {
            message.set(Some(problem));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let back = back.clone();
        spawn_local(async move {
            match api::record_inspection(&code.get_value(), &inspection).await {
                Ok(_) => navigate(&back, Default::default()),
                Err(failure) => message.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(index, (met, note, photos))| {
            view! {
                <fieldset class="inspection-item" data-item=index>
                    <legend>{move || item_names(i18n)[index]}</legend>
                    <label class="check">
                        <input type="checkbox" name=format!("met-{index}") prop:checked=met
                            on:change=move |e| met.set(event_target_checked(&e))/>
                        {move || i18n.staff().item_met}
                    </label>
                    <label>{move || i18n.staff().item_note}
                        <input name=format!("note-{index}") prop:value=note on:input=move |e| note.set(event_target_value(&e))/>
                    </label>
                    <PhotoPicker photos max=PHOTOS_PER_ITEM/>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="inspect">
            <h1 class="section-title">{move || i18n.staff().inspection_title}</h1>
            <p class="note">{move || i18n.staff().inspection_intro}</p>
            <form class="form inspection-form" on:submit=submit>
                <label>{move || i18n.staff().inspected_on}
                    <input type="date" name="inspected_on" prop:value=inspected_on on:input=move |e| inspected_on.set(event_target_value(&e))/>
                </label>
                <label>{move || i18n.staff().inspectors}
                    <input name="inspectors" prop:value=inspectors on:input=move |e| inspectors.set(event_target_value(&e))/>
                </label>
                {rows}
                <Show when=move || !all_met()>
                    <label>{move || i18n.staff().problems}
                        <textarea name="problems" prop:value=problems on:input=move |e| problems.set(event_target_value(&e))></textarea>
                    </label>
                    <label>{move || i18n.staff().correct_by}
                        <input type="date" name="correct_by" prop:value=correct_by on:input=move |e| correct_by.set(event_target_value(&e))/>
                    </label>
                </Show>
                <p class="inspection-verdict" role="status">
                    {move || if all_met() { i18n.staff().verdict_passed } else { i18n.staff().verdict_failed }}
                </p>
                {move || message.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <button type="submit" class="button" disabled=busy>{move || i18n.staff().save_inspection}</button>
            </form>
        </section>
    }
}

/// A filing: which county, who sent it when, and its stations with their inspections.
#[component]
fn FilingSummary(filing: Filing) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.staff();
    let status = filing_label(filing.status, i18n);
    view! {
        <h3 class="filing-title">{filing.county_name.clone()}" · "{filing.stations.len()}" "{t.stations_unit}</h3>
        <p class="note">{filing.sent_by.clone()}" · "{filing.sent_at.get(..10).unwrap_or_default().to_owned()}" · "
            <span class="filing-status">{status}</span>
        </p>
        {filing.review_note.clone().map(|note| view! { <p class="review-note">{note}</p> })}
        <FiledStations stations=filing.stations/>
    }
}

#[component]
fn FiledStations(stations: Vec<FiledStation>) -> impl IntoView {
    let t = use_i18n().staff();
    view! {
        <table class="filed-stations">
            <thead><tr><th>{t.station_number}</th><th>{t.station_name}</th><th>{t.region}</th><th>{t.inspected_on}</th><th>{t.inspectors}</th></tr></thead>
            <tbody>
                {stations.into_iter().map(|station| view! {
                    <tr data-code=station.code.clone()>
                        <td>{station.code.clone()}</td><td>{station.name}</td><td>{station.place}</td>
                        <td>{station.inspected_on.unwrap_or_default()}</td><td>{station.inspectors.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/staff/filings`: the county files its accepted stations and follows its filings; the
/// city (and those above) confirms or returns them.
#[component]
pub fn FilingsPage() -> impl IntoView {
    let session = use_session();
    move || {
        let me = session.me.get()?;
        Some(if me.role.files_stations() && me.region_code().is_some() {
            let county = me
                .region_code()
                .map(|code| code.as_str().to_owned())
                .unwrap_or_default();
            view! { <CountyFilings county/> }.into_any()
        } else {
            view! { <CityFilings/> }.into_any()
        })
    }
}

#[component]
fn CountyFilings(county: String) -> impl IntoView {
    let i18n = use_i18n();
    let ready = Answer::new({
        let county = county.clone();
        move || api::stations_to_file(county.clone())
    });
    let page = RwSignal::new(0_i64);
    let mine = Answer::new(move || api::my_filings(page.get()));
    let chosen = RwSignal::new(Vec::<String>::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let county = StoredValue::new(county);
    let file = move |_| {
        let filing = NewFiling {
            county_code: match yinong_model::region::RegionCode::parse(&county.get_value()) {
                Ok(code) => code,
                Err(problem) => return message.set(Some(problem.to_string())),
            },
            stations: chosen.get_untracked(),
        };
        if let Some(problem) = filing.problem() {
            return message.set(Some(problem));
        }
        busy.set(true);
        spawn_local(async move {
            match api::file_stations(&filing).await {
                Ok(_) => {
                    message.set(None);
                    chosen.set(Vec::new());
                    ready.refetch();
                    mine.refetch();
                }
                Err(failure) => message.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="filings">
            <h1 class="section-title">{move || i18n.staff().filings_title}</h1>
            <p class="note">{move || i18n.staff().filings_intro}</p>
            <h2 class="subtitle">{move || i18n.staff().ready_to_file}</h2>
            {loaded(ready, move |stations: Vec<FiledStation>| {
                if stations.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().none_ready}</p> }.into_any();
                }
                view! {
                    <ul class="ready-stations">
                        {stations.into_iter().map(|station| {
                            let code = station.code.clone();
                            let checked = {
                                let code = code.clone();
                                move || chosen.read().contains(&code)
                            };
                            view! {
                                <li>
                                    <label class="check">
                                        <input type="checkbox" name="station" value=code.clone() prop:checked=checked
                                            on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                chosen.update(|codes| {
                                                    codes.retain(|c| *c != code);
                                                    if on { codes.push(code.clone()); }
                                                });
                                            }/>
                                        {station.name}" · "{station.code.clone()}" · "{station.place}
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {move || message.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                    <button type="button" class="button file-stations" disabled=busy on:click=file>{move || i18n.staff().file_selected}</button>
                }.into_any()
            })}
            <h2 class="subtitle">{move || i18n.staff().my_filings}</h2>
            {loaded(mine, move |shown: FilingPage| {
                if shown.filings.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().no_filings}</p> }.into_any();
                }
                let (total, current, per_page) = (shown.total, shown.page, shown.per_page);
                view! {
                    <ul class="listing-list my-filings">
                        {shown.filings.into_iter().map(|filing| view! {
                            <li><article class="request">{view! { <FilingSummary filing/> }}</article></li>
                        }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn CityFilings() -> impl IntoView {
    let i18n = use_i18n();
    review_queue(
        FILINGS,
        filing_label,
        api::filing_queue,
        "filings",
        move || i18n.staff().filing_queue_title,
        move || i18n.staff().no_filings,
        |filing| view! { <FilingSummary filing/> },
    )
}
