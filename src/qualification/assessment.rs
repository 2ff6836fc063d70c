//! `/staff/assessment` (动态考核): the informants of the administrator's villages scored by
//! the published formula for a month or a year and ranked; a failing informant can be
//! dismissed from their row. Operators are assessed on their own criteria
//! (`/staff/operators`).

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::assessment::{AssessedInformant, Assessment, Figures, FORMULA_EN, FORMULA_ZH};
use yinong_model::qualification::{QualificationStatus, QualificationStep};

use super::manage::QualificationSteps;
use super::status_tag;
use crate::api;
use crate::i18n::{use_i18n, StaffTextOf};
use crate::shell::{header_row, loaded};

const INFORMANT_COLUMNS: [StaffTextOf; 11] = [
    |t| t.col_place,
    |t| t.col_informant,
    |t| t.col_submitted,
    |t| t.col_approval,
    |t| t.col_returned,
    |t| t.col_served,
    |t| t.col_service_hours,
    |t| t.col_training,
    |t| t.col_days_active,
    |t| t.col_score,
    |t| t.col_result,
];

/// This month on the phone's calendar, `2026-11`.
fn this_month() -> String {
    let now = js_sys::Date::new_0();
    format!("{}-{:02}", now.get_full_year(), now.get_month() + 1)
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let month = RwSignal::new(this_month());
    let whole_year = RwSignal::new(false);
    let period = move || {
        let month = month.get();
        if whole_year.get() {
            month.chars().take(4).collect()
        } else {
            month
        }
    };
    let ranked = Answer::new(move || {
        let period = period();
        async move { api::assessment(&period).await }
    });
    let changed = Callback::new(move |()| ranked.refetch());
    view! {
        <section class="assessment">
            <h1 class="section-title">{move || i18n.staff().assessment_title}</h1>
            <div class="form assessment-period">
                <label>
                    {move || i18n.staff().assessment_month}
                    <input type="month" name="month" prop:value=month
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            if !value.is_empty() { month.set(value) }
                        }/>
                </label>
                <label class="choice">
                    <input type="checkbox" name="whole_year" prop:checked=whole_year
                        on:change=move |e| whole_year.set(event_target_checked(&e))/>
                    {move || i18n.staff().assessment_whole_year}
                </label>
            </div>
            <details class="assessment-formula">
                <summary>{move || i18n.staff().assessment_formula}</summary>
                <p>{move || i18n.lang().pick(FORMULA_ZH, FORMULA_EN)}</p>
            </details>
            {loaded(ranked, move |assessment: Assessment| {
                if assessment.informants.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().informants_empty}</p> }.into_any();
                }
                let period = assessment.period.clone();
                view! {
                    <div class="table-scroll">
                        <table class="coverage-table assessment-table" data-period=period.clone()>
                            <thead>{header_row(&INFORMANT_COLUMNS)}</thead>
                            <tbody>
                                {assessment.informants.into_iter().map(|assessed| {
                                    view! { <AssessedRow assessed period=period.clone() changed/> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn AssessedRow(
    assessed: AssessedInformant,
    period: String,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let AssessedInformant {
        informant,
        figures,
        score,
        rank,
        passed,
    } = assessed;
    let approval = figures
        .approval_rate()
        .map(|rate| format!("{:.0}%", rate * 100.0))
        .unwrap_or_else(|| "—".into());
    let Figures {
        submitted,
        returned,
        served,
        average_service_hours,
        lessons_finished,
        lessons_required,
        days_active,
        ..
    } = figures;
    let hours = average_service_hours
        .map(|h| format!("{h:.1}"))
        .unwrap_or_else(|| "—".into());
    let may_dismiss = !passed && informant.status != QualificationStatus::Dismissed;
    let reason = format!("动态考核不合格（{period}，得分 {score}）");
    view! {
        <tr data-informant=informant.account_id>
            <td>{rank}</td>
            <th scope="row">
                <span class="assessed-name">{informant.name.clone()}</span>" "{status_tag(informant.status, i18n)}
                <span class="event-meta assessed-place">{informant.place.clone()}</span>
            </th>
            <td>{submitted}</td>
            <td>{approval}</td>
            <td>{returned}</td>
            <td>{served}</td>
            <td>{hours}</td>
            <td>{lessons_finished}" / "{lessons_required}</td>
            <td>{days_active}</td>
            <td class="assessed-score">{score}</td>
            <td>
                <span class=if passed { "tag tag-ok" } else { "tag tag-warn" }>
                    {move || if passed { i18n.staff().assessment_pass } else { i18n.staff().assessment_fail }}
                </span>
                {may_dismiss.then(|| view! {
                    <QualificationSteps account_id=informant.account_id status=informant.status changed
                        reason only=QualificationStep::Dismiss/>
                })}
            </td>
        </tr>
    }
}
