//! 12316 expert teams for staff: the expert's profile (title and specialties) above their
//! queue, and `/staff/experts`, a county's answer times per expert.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use yinong_model::expert::{
    profile_problem, CountyAnswerTimes, ExpertAnswerTimes, ExpertProfile, ESCALATE_AFTER_HOURS,
};
use yinong_model::question::Topic;
use yinong_model::region::{RegionCode, RegionLevel};

use crate::answer::Answer;
use crate::api;
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n, StaffTextOf};
use crate::shell::{header_row, loaded, RegionPicker};

fn topic_names(topics: &[Topic], i18n: I18n) -> String {
    topics
        .iter()
        .map(|topic| i18n.lang().pick(topic.name_zh(), topic.name_en()))
        .collect::<Vec<_>>()
        .join("、")
}

/// Above the expert's queue: their title and specialties, open to fill in until kept;
/// `saved` runs once a change is kept (the queue follows the specialties).
#[component]
pub fn ExpertProfileCard(saved: Callback<()>) -> impl IntoView {
    let profile = Answer::new(api::expert_profile);
    view! {
        {loaded(profile, move |kept: Option<ExpertProfile>| view! { <ProfileForm kept saved/> })}
    }
}

#[component]
fn ProfileForm(kept: Option<ExpertProfile>, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = kept.is_none();
    let kept = RwSignal::new(kept);
    let title = RwSignal::new(
        kept.get_untracked()
            .map(|profile| profile.title)
            .unwrap_or_default(),
    );
    let specialties = RwSignal::new(
        kept.get_untracked()
            .map(|profile| profile.specialties)
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let summary = move || match kept.get() {
        Some(profile) => format!(
            "{}{} · {}",
            i18n.staff().profile_heading,
            profile.title,
            topic_names(&profile.specialties, i18n)
        ),
        None => i18n.staff().profile_missing.to_owned(),
    };
    let save = move |_| {
        // Kept in the order the topics are listed, whatever order they were ticked in.
        let chosen = specialties.get_untracked();
        let profile = ExpertProfile {
            title: title.get_untracked(),
            specialties: Topic::ALL
                .into_iter()
                .filter(|topic| chosen.contains(topic))
                .collect(),
        };
        done.set(false);
        if let Some(problem) = profile_problem(&profile) {
            error.set(Some(problem));
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::keep_expert_profile(&profile).await {
                Ok(profile) => {
                    kept.set(Some(profile));
                    done.set(true);
                    saved.run(());
                }
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="expert-profile" open=open>
            <summary>{summary}</summary>
            <div class="form">
                <p class="note">{move || i18n.staff().profile_intro}</p>
                <label>
                    {move || i18n.staff().expert_title_label}
                    <input name="title" maxlength="20" prop:value=title
                        on:input=move |e| title.set(event_target_value(&e))/>
                </label>
                <fieldset class="choices">
                    <legend>{move || i18n.staff().specialties_label}</legend>
                    {Topic::ALL.into_iter().map(|topic| view! {
                        <label class="choice">
                            <input type="checkbox" name="specialty" value=topic.code()
                                prop:checked=move || specialties.with(|chosen| chosen.contains(&topic))
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    specialties.update(|chosen| {
                                        chosen.retain(|other| *other != topic);
                                        if on {
                                            chosen.push(topic);
                                        }
                                    });
                                }/>
                            {move || i18n.lang().pick(topic.name_zh(), topic.name_en()).to_owned()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="button" class="button" disabled=busy on:click=save>{move || i18n.staff().save_profile}</button>
                {move || done.get().then(|| view! { <p class="note saved" role="status">{move || i18n.staff().profile_saved}</p> })}
                {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            </div>
        </details>
    }
}

const COLUMNS: [StaffTextOf; 8] = [
    |t| t.col_expert,
    |t| t.col_specialties,
    |t| t.col_expert_region,
    |t| t.col_answered,
    |t| t.col_median_hours,
    |t| t.col_slowest_hours,
    |t| t.col_late_answers,
    |t| t.col_stars,
];

/// `/staff/experts?county=`: a county's answer times; without a county, one's own, or a
/// leader above a county picks one first.
#[component]
pub fn AnswerTimesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    // The county asked for (the dashboard links here), else one's own region.
    let start = move || {
        query
            .with(|query| query.get("county"))
            .and_then(|code| RegionCode::parse(&code).ok())
            .or_else(|| session.me.get().and_then(|me| me.region_code()))
    };
    let chosen = RwSignal::new(None::<RegionCode>);
    view! {
        <section class="answer-times">
            <h1 class="section-title">{move || i18n.staff().answer_times_title}</h1>
            <p class="note">{move || {
                i18n.staff()
                    .answer_times_intro
                    .replace("{hours}", &ESCALATE_AFTER_HOURS.to_string())
            }}</p>
            {move || match start() {
                Some(county) if county.level() == RegionLevel::County => {
                    view! { <CountyAnswerTimesTable county/> }.into_any()
                }
                above => view! {
                    <div class="form">
                        <RegionPicker parent=above levels=vec![RegionLevel::County] chosen/>
                    </div>
                    {move || chosen.get().map(|county| view! { <CountyAnswerTimesTable county/> })}
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn CountyAnswerTimesTable(county: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let times = Answer::new(move || {
        let county = county.clone();
        async move { api::answer_times(&county).await }
    });
    loaded(times, move |times: CountyAnswerTimes| {
        let CountyAnswerTimes {
            county_name,
            days,
            waiting,
            waiting_escalated,
            experts,
        } = times;
        view! {
            <p class="answer-times-summary">
                <strong>{county_name}</strong>
                {move || format!(
                    " · {} {days} {} · {} {waiting} · {} {waiting_escalated}",
                    i18n.staff().answer_times_last,
                    i18n.staff().answer_times_days,
                    i18n.staff().answer_times_waiting,
                    i18n.staff().answer_times_escalated,
                )}
            </p>
            {if experts.is_empty() {
                view! { <p class="note">{move || i18n.staff().answer_times_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="coverage-table answer-times-table">
                            <thead>{header_row(&COLUMNS)}</thead>
                            <tbody>
                                {experts.into_iter().map(|expert| view! { <ExpertRow expert/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        }
    })
}

#[component]
fn ExpertRow(expert: ExpertAnswerTimes) -> impl IntoView {
    let i18n = use_i18n();
    let ExpertAnswerTimes {
        name,
        profile,
        region_name,
        answered,
        median_hours,
        slowest_hours,
        late,
        mean_stars,
    } = expert;
    let figure = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"));
    let (median, slowest, stars) = (
        figure(median_hours),
        figure(slowest_hours),
        figure(mean_stars),
    );
    let title = profile.as_ref().map(|profile| profile.title.clone());
    view! {
        <tr class="expert-row">
            <th scope="row">{name}{title.map(|title| view! { <span class="expert-title">{title}</span> })}</th>
            <td>{move || match &profile {
                Some(profile) => topic_names(&profile.specialties, i18n),
                None => i18n.staff().profile_not_filled.to_owned(),
            }}</td>
            <td>{region_name}</td>
            <td class="number">{answered}</td>
            <td class="number">{median}</td>
            <td class="number">{slowest}</td>
            <td class="number">{late}</td>
            <td class="number">{stars}</td>
        </tr>
    }
}
