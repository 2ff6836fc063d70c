//! `/staff/informants`: the administrators above the villages see each informant's
//! standing, training and exam results, and suspend, dismiss or send them back to qualify;
//! a county's administrator sets the county's pass mark here.

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::account::Role;
use yinong_model::qualification::{
    pass_mark_problem, InformantStanding, InformantStandings, PassMark, QualificationChange,
    QualificationStatus, QualificationStep,
};
use yinong_model::region::{RegionCode, RegionLevel};

use super::status_tag;
use crate::api;
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::{loaded, ChoiceButtons, Pager};

#[component]
pub fn InformantStandingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let status = RwSignal::new(None::<QualificationStatus>);
    let page = RwSignal::new(0);
    let list = Answer::new(move || api::informant_standings(status.get(), page.get()));
    let changed = Callback::new(move |()| list.refetch());
    // The pass mark is the county's: its administrator sets it.
    let county = move || {
        session.me.get().and_then(|me| {
            (me.role == Role::CountyAdmin)
                .then(|| me.region_path.last().cloned())
                .flatten()
                .filter(|region| region.level == RegionLevel::County)
                .map(|region| region.code)
        })
    };
    let mut choices = vec![None];
    choices.extend(QualificationStatus::ALL.map(Some));
    view! {
        <section class="informants">
            <h1 class="section-title">{move || i18n.staff().informants_title}</h1>
            {move || county().map(|county| view! { <PassMarkForm county/> })}
            <ChoiceButtons choices chosen=status page
                label=|status, i18n| match status {
                    None => i18n.staff().informants_all,
                    Some(status) => i18n.lang().pick(status.name_zh(), status.name_en()),
                }/>
            {loaded(list, move |shown: InformantStandings| {
                let InformantStandings { informants, total, page: current, per_page } = shown;
                if informants.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().informants_empty}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {informants.into_iter().map(|informant| view! { <li><StandingCard informant changed/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn StandingCard(informant: InformantStanding, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let InformantStanding {
        account_id,
        name,
        place,
        status,
        since,
        reason,
        lessons_finished,
        lessons_required,
        attempts,
        best_score,
        ..
    } = informant;
    view! {
        <div class="request queue-card standing-card" data-informant=account_id>
            <p><strong>{name}</strong>" "{status_tag(status, i18n)}</p>
            <p class="event-meta">{place}{since.map(|since| format!(" · {}", since.chars().take(10).collect::<String>()))}</p>
            {reason.map(|reason| view! {
                <p class="event-reason">{move || i18n.staff().qualification_reason}{reason.clone()}</p>
            })}
            <p class="event-meta">
                {move || i18n.staff().informant_lessons}{lessons_finished}" / "{lessons_required}" · "
                {move || i18n.staff().informant_attempts}{attempts}" · "
                {move || i18n.staff().informant_best}{best_score.map(|score| score.to_string()).unwrap_or_else(|| "—".into())}
            </p>
            <QualificationSteps account_id status changed/>
        </div>
    }
}

/// The steps open to an administrator for an informant in `status`: suspending or
/// dismissing asks why (starting from `reason`), sending back to qualify does not.
#[component]
pub(super) fn QualificationSteps(
    account_id: i64,
    status: QualificationStatus,
    changed: Callback<()>,
    #[prop(optional)] reason: String,
    #[prop(optional)] only: Option<QualificationStep>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(None::<QualificationStep>);
    let typed = RwSignal::new(reason);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let take = move |step: QualificationStep| {
        busy.set(true);
        error.set(None);
        let change = QualificationChange {
            step,
            reason: typed.get_untracked(),
        };
        spawn_local(async move {
            match api::change_qualification(account_id, &change).await {
                Ok(()) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    let steps: Vec<QualificationStep> = QualificationStep::open_from(status)
        .into_iter()
        .filter(|step| only.is_none_or(|only| only == *step))
        .collect();
    view! {
        <div class="request-actions">
            {steps.into_iter().map(|step| view! {
                <button type="button" class="button secondary" disabled=busy
                    aria-pressed=move || (chosen.get() == Some(step)).to_string()
                    on:click=move |_| {
                        if step == QualificationStep::Requalify { take(step) } else { chosen.set(Some(step)) }
                    }>
                    {move || i18n.lang().pick(step.name_zh(), step.name_en()).to_owned()}
                </button>
            }).collect_view()}
        </div>
        {move || chosen.get().map(|step| view! {
            <div class="form cancel-form">
                <label>
                    {move || i18n.staff().step_reason}
                    <textarea name="reason" rows="2" maxlength="200"
                        prop:value=typed on:input=move |e| typed.set(event_target_value(&e))></textarea>
                </label>
                <button type="button" class="button" disabled=busy on:click=move |_| take(step)>
                    {move || i18n.lang().pick(step.name_zh(), step.name_en()).to_owned()}
                </button>
            </div>
        })}
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
    }
}

#[component]
fn PassMarkForm(county: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let current = Answer::new({
        let county = county.clone();
        move || {
            let county = county.clone();
            async move { api::pass_mark(&county).await }
        }
    });
    Effect::new(move || {
        if let Some(Ok(mark)) = current.get() {
            let mark: PassMark = mark;
            typed.set(mark.pass_mark.to_string());
        }
    });
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let mark = match typed.get_untracked().trim().parse::<u8>() {
            Ok(mark) => mark,
            Err(_) => {
                error.set(pass_mark_problem(0));
                return;
            }
        };
        if let Some(problem) = pass_mark_problem(mark) {
            error.set(Some(problem));
            return;
        }
        error.set(None);
        busy.set(true);
        let county = county.clone();
        spawn_local(async move {
            match api::set_pass_mark(&county, mark).await {
                Ok(_) => saved.set(true),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form pass-mark-form" novalidate on:submit=save>
            <label>
                {move || i18n.staff().pass_mark_title}
                <input type="number" name="pass_mark" min="60" max="100" inputmode="numeric"
                    prop:value=typed on:input=move |e| typed.set(event_target_value(&e))/>
            </label>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || saved.get().then(|| view! { <p class="form-ok" role="status">{move || i18n.staff().pass_mark_saved}</p> })}
            <button type="submit" class="button" disabled=busy>{move || i18n.staff().pass_mark_save}</button>
        </form>
    }
}
