//! One contract (`/staff/operators/:id`): its stations and how it stands this year, its
//! correction notices with their outcome; the county gives a notice or replaces the
//! operator, the operator answers a notice; and the county's queue of answers to check
//! (`/staff/operators/reports`).

use leptos::prelude::*;
use yinong_model::operator::{
    day_after, report_status_en, report_status_zh, AssessedContract, Contract, ContractDetail,
    ContractStanding, ContractStation, CorrectionNotice, CorrectionOutcome, CorrectionReport,
    CountyOperators, NewCorrectionNotice, NewCorrectionReport, Replacement, CORRECTION_REPORTS,
};
use yinong_model::review::ReviewStatus;

use super::{china_today, ContractFacts, TermsFields};
use crate::answer::Answer;
use crate::api;
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n, StaffTextOf};
use crate::review::review_queue;
use crate::shell::{header_row, loaded, number_param, Link, Sending};

fn report_label(status: ReviewStatus, i18n: I18n) -> &'static str {
    i18n.lang()
        .pick(report_status_zh(status), report_status_en(status))
}

const STATION_COLUMNS: [StaffTextOf; 5] = [
    |t| t.col_station,
    |t| t.col_place,
    |t| t.col_station_status,
    |t| t.col_six_have,
    |t| t.col_with_informant,
];

/// `/staff/operators/:id`.
#[component]
pub fn ContractPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = number_param::<i64>("id");
    let detail = Answer::new(move || api::contract(id()));
    let changed = Callback::new(move |()| detail.refetch());
    view! {
        <section class="operators contract-page">
            <Link href="/staff/operators" class="more-link">{move || i18n.staff().operators_title}</Link>
            {loaded(detail, move |detail: ContractDetail| {
                let ContractDetail { contract, stations, notices, took_over_from, this_year } = detail;
                let me = session.me.get_untracked();
                let operates = me.as_ref().is_some_and(|me| me.id == contract.operator_id);
                let manages = me.as_ref().is_some_and(|me| me.role.manages_stations());
                let running = contract.standing(&china_today()) == ContractStanding::Running;
                let may_replace = manages && contract.ended_on.is_none() && running;
                let id = contract.id;
                view! {
                    <article class="request contract-card"><ContractFacts contract=contract.clone()/></article>
                    {took_over_from.map(|earlier| view! {
                        <p class="note took-over">{move || format!(
                            "{} {} · {}：{}",
                            i18n.staff().took_over_from,
                            earlier.operator_name,
                            i18n.staff().replacement_reason,
                            earlier.end_reason.clone().unwrap_or_default(),
                        )}</p>
                    })}
                    {this_year.map(|assessed| view! { <ThisYear assessed/> })}
                    <h2 class="subtitle">{move || i18n.staff().correction_notices_title}</h2>
                    {(manages && running).then(|| view! { <NoticeForm id changed/> })}
                    <NoticeList notices operates changed/>
                    <h2 class="subtitle">{move || i18n.staff().contract_stations}</h2>
                    <StationTable stations/>
                    {may_replace.then(|| view! { <ReplaceForm contract changed/> })}
                }
            })}
        </section>
    }
}

#[component]
fn ThisYear(assessed: AssessedContract) -> impl IntoView {
    let i18n = use_i18n();
    let AssessedContract { score, passed, .. } = assessed;
    view! {
        <p class="contract-this-year">
            {move || i18n.staff().score_this_year}" "
            <strong class="assessed-score">{score}</strong>" "
            <span class=if passed { "tag tag-ok" } else { "tag tag-warn" }>
                {move || if passed { i18n.staff().assessment_pass } else { i18n.staff().assessment_fail }}
            </span>
        </p>
    }
}

#[component]
fn StationTable(stations: Vec<ContractStation>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="coverage-table contract-stations">
                <thead>{header_row(&STATION_COLUMNS)}</thead>
                <tbody>
                    {stations.into_iter().map(|station| {
                        let ContractStation { name, place, status, compliant, qualified_informants, .. } = station;
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>{place}</td>
                                <td>{move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}</td>
                                <td>{move || if compliant { "✓" } else { "—" }}</td>
                                <td class="number">{qualified_informants}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn NoticeForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(String::new());
    let correct_by = RwSignal::new(String::new());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let notice = NewCorrectionNotice {
            problem: problem.get_untracked(),
            correct_by: correct_by.get_untracked(),
        };
        sending.send(
            notice.problem(&china_today()),
            async move { api::issue_correction_notice(id, &notice).await },
            move |_| {
                problem.set(String::new());
                changed.run(());
            },
        );
    };
    view! {
        <details class="notice-form">
            <summary>{move || i18n.staff().issue_notice}</summary>
            <form class="form" on:submit=submit>
                <label>
                    {move || i18n.staff().notice_problem}
                    <textarea name="problem" rows="3" prop:value=problem
                        on:input=move |e| problem.set(event_target_value(&e))></textarea>
                </label>
                <label>
                    {move || i18n.staff().notice_correct_by}
                    <input type="date" name="correct_by" prop:value=correct_by
                        on:input=move |e| correct_by.set(event_target_value(&e))/>
                </label>
                <button type="submit" class="button" disabled=sending.busy>{move || i18n.staff().issue_notice_button}</button>
                {sending.message()}
            </form>
        </details>
    }
}

#[component]
fn NoticeList(
    notices: Vec<CorrectionNotice>,
    operates: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    if notices.is_empty() {
        return view! { <p class="note">{move || i18n.staff().no_notices}</p> }.into_any();
    }
    view! {
        <ul class="listing-list notices">
            {notices.into_iter().map(|notice| view! { <li><NoticeCard notice operates changed/></li> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn NoticeCard(notice: CorrectionNotice, operates: bool, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let CorrectionNotice {
        id,
        problem,
        correct_by,
        issued_by,
        issued_on,
        outcome,
        corrected_on,
        latest_report,
        ..
    } = notice;
    let settled = corrected_on.is_some();
    let waiting = latest_report
        .as_ref()
        .is_some_and(|report| report.status == ReviewStatus::Pending);
    let tag = if matches!(outcome, CorrectionOutcome::OnTime) {
        "tag tag-ok"
    } else {
        "tag tag-warn"
    };
    view! {
        <article class="request notice-card" data-outcome=format!("{outcome:?}")>
            <header class="request-head">
                <h3 class="request-item">{problem}</h3>
                <span class=tag>{move || i18n.lang().pick(outcome.name_zh(), outcome.name_en()).to_owned()}</span>
            </header>
            <p class="event-meta">{move || format!(
                "{} {correct_by} · {issued_by} {issued_on}",
                i18n.staff().notice_correct_by,
            )}</p>
            {latest_report.map(|report| view! { <ReportLine report/> })}
            {(operates && !settled && !waiting).then(|| view! { <AnswerForm id changed/> })}
        </article>
    }
}

#[component]
fn ReportLine(report: CorrectionReport) -> impl IntoView {
    let i18n = use_i18n();
    let CorrectionReport {
        done,
        status,
        review_note,
        sent_at,
        ..
    } = report;
    let sent_on: String = sent_at.chars().take(10).collect();
    view! {
        <p class="correction-done">
            {move || i18n.staff().correction_done}"："{done}" · "{sent_on}" · "
            <span class="tag" data-status=status.code()>{move || report_label(status, i18n)}</span>
        </p>
        {review_note.map(|note| view! {
            <p class="event-reason">{move || i18n.portal().review_note_label}"："{note.clone()}</p>
        })}
    }
}

#[component]
fn AnswerForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(String::new());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let report = NewCorrectionReport {
            done: done.get_untracked(),
        };
        sending.send(
            report.problem(),
            async move { api::answer_correction_notice(id, &report).await },
            move |_| changed.run(()),
        );
    };
    view! {
        <form class="form answer-notice" on:submit=submit>
            <label>
                {move || i18n.staff().correction_done}
                <textarea name="done" rows="2" prop:value=done on:input=move |e| done.set(event_target_value(&e))></textarea>
            </label>
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.staff().send_correction}</button>
            {sending.message()}
        </form>
    }
}

#[component]
fn ReplaceForm(contract: Contract, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let Contract {
        id,
        county_code,
        ends_on,
        duties,
        operator_id,
        ..
    } = contract;
    let fields = TermsFields::new(day_after(&china_today()), ends_on, duties);
    let reason = RwSignal::new(String::new());
    let sending = Sending::new();
    let candidates = Answer::new(move || {
        let county = county_code.clone();
        async move { api::county_operators(&county).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let replacement = Replacement {
            reason: reason.get_untracked(),
            terms: fields.terms(),
        };
        let problem = if replacement.terms.operator_id == 0 {
            Some(i18n.staff().choose_operator_first.to_owned())
        } else {
            None
        };
        sending.send(
            problem,
            async move { api::replace_operator(id, &replacement).await },
            move |_| changed.run(()),
        );
    };
    view! {
        <details class="replace-operator">
            <summary>{move || i18n.staff().replace_operator}</summary>
            <p class="note">{move || i18n.staff().replace_note}</p>
            {loaded(candidates, move |county: CountyOperators| {
                let others = county
                    .candidates
                    .into_iter()
                    .filter(|candidate| candidate.id != operator_id)
                    .collect();
                view! {
                    <form class="form" on:submit=submit>
                        {fields.view(others, |t| t.successor_operator)}
                        <label>
                            {move || i18n.staff().replacement_reason}
                            <textarea name="reason" rows="2" prop:value=reason
                                on:input=move |e| reason.set(event_target_value(&e))></textarea>
                        </label>
                        <button type="submit" class="button" disabled=sending.busy>{move || i18n.staff().replace_button}</button>
                        {sending.message()}
                    </form>
                }
            })}
        </details>
    }
}

/// `/staff/operators/reports`: the operators' answers to the county's notices, to check.
#[component]
pub fn CorrectionReview() -> impl IntoView {
    let i18n = use_i18n();
    review_queue(
        CORRECTION_REPORTS,
        report_label,
        api::correction_report_queue,
        "correction-review",
        move || i18n.staff().correction_queue_title,
        move || i18n.staff().no_corrections,
        |report| view! { <CorrectionCard report/> },
    )
}

#[component]
fn CorrectionCard(report: CorrectionReport) -> impl IntoView {
    let i18n = use_i18n();
    let CorrectionReport {
        problem,
        correct_by,
        done,
        operator_name,
        sent_at,
        ..
    } = report;
    let sent_on: String = sent_at.chars().take(10).collect();
    view! {
        <header class="request-head">
            <h2 class="request-item">{problem}</h2>
            <span class="tag">{operator_name}</span>
        </header>
        <p class="event-meta">{move || format!("{} {correct_by} · {sent_on}", i18n.staff().notice_correct_by)}</p>
        <p class="correction-done">{move || i18n.staff().correction_done}"："{done}</p>
    }
}
