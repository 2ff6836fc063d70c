//! 集中培训: the sessions a village's people may join, with sign-up (the portal's
//! `/training`, the informant's `/staff/group-training`); the organiser's schedule form and
//! list; and one session's page (`/staff/group-training/:id`), where an informant signs up
//! villagers and the organiser records attendance and ability checks.

use leptos::prelude::*;
use yinong_model::group_training::{
    attendance_problem, session_problem, villager_problem, AttendanceRecord, Attendee, NewSignUp,
    NewTrainingSession, SessionDetail, TrainingSession, Villager,
};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_model::training::CourseCategory;

use crate::account::SignInFirst;
use crate::answer::Answer;
use crate::api;
use crate::capture::china_now;
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n};
use crate::portal::my_village;
use crate::shell::{labelled_input, loaded, number_param, Link, RadioChoices, Sending};

fn category_name(category: CourseCategory, i18n: I18n) -> &'static str {
    i18n.lang().pick(category.name_zh(), category.name_en())
}

/// What a session is, when and where, and how many have signed up.
#[component]
fn SessionFacts(session: TrainingSession) -> impl IntoView {
    let i18n = use_i18n();
    let TrainingSession {
        topic,
        category,
        region_name,
        starts_at,
        place,
        trainer,
        seats,
        signed_up,
        attended,
        ..
    } = session;
    let when = starts_at.replace('T', " ");
    view! {
        <header class="request-head">
            <h2 class="request-item">{topic}</h2>
            <span class="tag">{move || category_name(category, i18n)}</span>
        </header>
        <dl class="training-facts">
            <dt>{move || i18n.portal().training_when}</dt><dd>{when}</dd>
            <dt>{move || i18n.portal().training_where}</dt><dd>{format!("{region_name} · {place}")}</dd>
            <dt>{move || i18n.portal().training_trainer}</dt><dd>{trainer}</dd>
            <dt>{move || i18n.portal().training_seats}</dt>
            <dd class="training-count">{move || format!(
                "{} {signed_up} / {seats} · {} {attended}",
                i18n.portal().training_signed_up,
                i18n.portal().training_attended,
            )}</dd>
        </dl>
    }
}

/// Signs the signed-in farmer or informant up (a farmer from `village`, their phone's).
#[component]
fn SignUpButton(id: i64, mine: bool, village: Option<RegionCode>) -> impl IntoView {
    let i18n = use_i18n();
    let mine = RwSignal::new(mine);
    let sending = Sending::new();
    let sign_up = move |_| {
        let new = NewSignUp {
            village: village.clone(),
            villager: None,
        };
        sending.send(
            None,
            async move { api::sign_up_for_training(id, &new).await },
            move |_| mine.set(true),
        );
    };
    view! {
        {move || if mine.get() {
            view! { <p class="tag tag-ok signed-up">{move || i18n.portal().signed_up_already}</p> }.into_any()
        } else {
            view! {
                <button type="button" class="button" disabled=sending.busy on:click=sign_up.clone()>
                    {move || i18n.portal().sign_up}
                </button>
            }.into_any()
        }}
        {sending.message()}
    }
}

/// On the portal's `/training`: the sessions near the phone's village, to sign up for.
#[component]
pub fn NearbyTraining() -> impl IntoView {
    let i18n = use_i18n();
    my_village().map(|village| {
        let near = {
            let village = village.clone();
            Answer::new(move || {
                let village = village.clone();
                async move { api::training_sessions_near(&village).await }
            })
        };
        view! {
            <section class="group-training">
                <h2 class="subtitle">{move || i18n.portal().group_training_title}</h2>
                <p class="note">{move || i18n.portal().group_training_intro}</p>
                {loaded(near, move |sessions: Vec<TrainingSession>| {
                    let village = village.clone();
                    session_list(sessions, move |session| {
                        let (id, mine, village) = (session.id, session.mine, village.clone());
                        view! {
                            <SignInFirst signed_in=move || view! { <SignUpButton id mine village=Some(village.clone())/> }/>
                        }
                        .into_any()
                    })
                })}
            </section>
        }
    })
}

/// Sessions as cards, each with what `action` puts under it.
fn session_list(
    sessions: Vec<TrainingSession>,
    action: impl Fn(&TrainingSession) -> AnyView + 'static,
) -> AnyView {
    let i18n = use_i18n();
    if sessions.is_empty() {
        return view! { <p class="note">{move || i18n.portal().no_group_training}</p> }.into_any();
    }
    view! {
        <ul class="listing-list">
            {sessions.into_iter().map(|session| {
                let below = action(&session);
                view! { <li><article class="request training-session">
                    <SessionFacts session/>
                    {below}
                </article></li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The region an organiser schedules for: their own, a county or township.
fn organised_region() -> impl Fn() -> Option<RegionCode> + Copy {
    let session = use_session();
    move || {
        session
            .me
            .get()
            .filter(|me| me.role.manages_informants())
            .and_then(|me| me.region_code())
            .filter(|code| matches!(code.level(), RegionLevel::County | RegionLevel::Township))
    }
}

/// Whether the signed-in account organises group training (the workbench links it).
pub fn organises_training() -> impl Fn() -> bool + Copy {
    let region = organised_region();
    move || region().is_some()
}

/// `/staff/group-training`: an organiser schedules and lists their sessions; an informant
/// lists their village's and signs up.
#[component]
pub fn GroupTrainingPage() -> impl IntoView {
    let i18n = use_i18n();
    let region = organised_region();
    view! {
        <section class="group-training">
            <h1 class="section-title">{move || i18n.portal().group_training_title}</h1>
            {move || match region() {
                Some(region) => view! { <Organised region/> }.into_any(),
                None => view! { <VillageTraining/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn VillageTraining() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Answer::new(api::training_sessions_of_my_village);
    view! {
        <p class="note">{move || i18n.portal().group_training_intro}</p>
        {loaded(sessions, move |sessions: Vec<TrainingSession>| session_list(sessions, move |session| {
            let (id, mine) = (session.id, session.mine);
            view! {
                <SignUpButton id mine village=None/>
                <Link href=format!("/staff/group-training/{id}") class="button secondary">{move || i18n.portal().sign_up_villager}</Link>
            }.into_any()
        }))}
    }
}

#[component]
fn Organised(region: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Answer::new(api::organised_training_sessions);
    let scheduled = Callback::new(move |()| sessions.refetch());
    view! {
        <ScheduleForm region scheduled/>
        <h2 class="subtitle">{move || i18n.portal().organised_training}</h2>
        {loaded(sessions, move |sessions: Vec<TrainingSession>| session_list(sessions, move |session| {
            let id = session.id;
            view! {
                <Link href=format!("/staff/group-training/{id}") class="button secondary">{move || i18n.portal().attendees_title}</Link>
            }.into_any()
        }))}
    }
}

#[component]
fn ScheduleForm(region: RegionCode, scheduled: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let topic = RwSignal::new(String::new());
    let category = RwSignal::new(CourseCategory::ProductionTechnique);
    let place = RwSignal::new(String::new());
    let starts_at = RwSignal::new(String::new());
    let trainer = RwSignal::new(String::new());
    let seats = RwSignal::new("30".to_owned());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let session = NewTrainingSession {
            region_code: region.clone(),
            topic: topic.get_untracked(),
            category: category.get_untracked(),
            place: place.get_untracked(),
            starts_at: starts_at.get_untracked(),
            trainer: trainer.get_untracked(),
            seats: seats.get_untracked().trim().parse().unwrap_or(0),
        };
        sending.send(
            session_problem(&session, &china_now()),
            async move { api::schedule_training(&session).await },
            move |_| {
                topic.set(String::new());
                scheduled.run(());
            },
        );
    };
    view! {
        <details class="schedule-training">
            <summary>{move || i18n.portal().schedule_training}</summary>
            <form class="form" on:submit=submit>
                {labelled_input(|t| t.training_topic, "topic", topic, "text")}
                <RadioChoices legend=|t| t.training_category name="category" choices=CourseCategory::ALL.to_vec()
                    chosen=category label=category_name/>
                {labelled_input(|t| t.training_starts_at, "starts_at", starts_at, "datetime-local")}
                {labelled_input(|t| t.training_place, "place", place, "text")}
                {labelled_input(|t| t.training_trainer, "trainer", trainer, "text")}
                {labelled_input(|t| t.training_seats_label, "seats", seats, "number")}
                <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().schedule_button}</button>
                {sending.message()}
            </form>
        </details>
    }
}

/// `/staff/group-training/:id`: the session, who signed up; the informant signs up
/// villagers, the organiser records attendance and checks.
#[component]
pub fn TrainingSessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = number_param::<i64>("id");
    let detail = Answer::new(move || api::training_session(id()));
    let changed = Callback::new(move |()| detail.refetch());
    let organiser = organises_training();
    let informant = move || {
        session
            .me
            .get()
            .is_some_and(|me| me.role.reports_from_village())
    };
    view! {
        <section class="group-training">
            <Link href="/staff/group-training" class="more-link">{move || i18n.portal().group_training_title}</Link>
            {loaded(detail, move |detail: SessionDetail| {
                let SessionDetail { session, attendees } = detail;
                let id = session.id;
                let organises = organiser();
                view! {
                    <article class="request training-session"><SessionFacts session/></article>
                    {informant().then(|| view! { <VillagerForm id changed/> })}
                    <h2 class="subtitle">{move || i18n.portal().attendees_title}</h2>
                    {organises.then(|| view! { <p class="note">{move || i18n.portal().check_note}</p> })}
                    <ul class="attendees">
                        {attendees.into_iter().map(|attendee| view! {
                            <li><AttendeeCard id attendee organises changed/></li>
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

#[component]
fn VillagerForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let villager = Villager {
            name: name.get_untracked(),
            phone: phone.get_untracked().trim().to_owned(),
        };
        let problem = villager_problem(&villager);
        let new = NewSignUp {
            village: None,
            villager: Some(villager),
        };
        sending.send(
            problem,
            async move { api::sign_up_for_training(id, &new).await },
            move |_| {
                name.set(String::new());
                phone.set(String::new());
                changed.run(());
            },
        );
    };
    view! {
        <form class="form villager-form" on:submit=submit>
            <h2 class="subtitle">{move || i18n.portal().sign_up_villager}</h2>
            {labelled_input(|t| t.villager_name, "villager_name", name, "text")}
            {labelled_input(|t| t.villager_phone, "villager_phone", phone, "tel")}
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().sign_up}</button>
            {sending.message()}
        </form>
    }
}

#[component]
fn AttendeeCard(
    id: i64,
    attendee: Attendee,
    organises: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Attendee {
        id: seat,
        name,
        phone_masked,
        village,
        informant,
        signed_up_by,
        attended,
        check_score,
    } = attendee;
    let present = RwSignal::new(attended);
    let score = RwSignal::new(
        check_score
            .map(|score| score.to_string())
            .unwrap_or_default(),
    );
    let saved = RwSignal::new(false);
    let sending = Sending::new();
    let save = move |_| {
        let typed = score.get_untracked();
        let check_score = match typed.trim() {
            "" => None,
            text => match text.parse::<u8>() {
                Ok(value) => Some(value),
                Err(_) => {
                    sending.error.set(Some("考核成绩请填 0 到 100".to_owned()));
                    return;
                }
            },
        };
        let record = AttendanceRecord {
            attended: present.get_untracked(),
            check_score,
        };
        saved.set(false);
        sending.send(
            attendance_problem(&record, informant),
            async move { api::record_attendance(id, seat, &record).await },
            move |_| {
                saved.set(true);
                changed.run(());
            },
        );
    };
    view! {
        <article class="attendee" data-attended=attended.to_string()>
            <p class="attendee-name">
                <strong>{name}</strong>" "{phone_masked}
                {informant.then(|| view! { <span class="tag">{move || i18n.portal().attendee_informant}</span> })}
                {attended.then(|| view! { <span class="tag tag-ok">{move || i18n.portal().training_attended}</span> })}
            </p>
            <p class="job-facts">
                <span>{village}</span>
                {signed_up_by.map(|by| view! { <span>{move || i18n.portal().attendee_by}{by.clone()}</span> })}
                {check_score.map(|score| view! { <span class="check-score">{move || i18n.portal().check_score}" "{score}</span> })}
            </p>
            {organises.then(|| view! {
                <div class="form attendance-form">
                    <label class="choice">
                        <input type="checkbox" name="attended" prop:checked=present
                            on:change=move |e| present.set(event_target_checked(&e))/>
                        {move || i18n.portal().mark_attended}
                    </label>
                    {informant.then(|| labelled_input(|t| t.check_score, "check_score", score, "number"))}
                    <button type="button" class="button" disabled=sending.busy on:click=save>{move || i18n.portal().save_attendance}</button>
                    {move || saved.get().then(|| view! { <p class="note" role="status">{move || i18n.portal().attendance_saved}</p> })}
                    {sending.message()}
                </div>
            })}
        </article>
    }
}
