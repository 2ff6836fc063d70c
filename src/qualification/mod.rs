//! 上岗资格 (staff): the informant's standing on the workbench, their required courses and
//! attempts (`/staff/qualification`) and the exam (`/staff/exam`); administrators' list of
//! informants, their steps and the county's pass mark are `manage.rs` (`/staff/informants`);
//! the ranking by the published formula is `assessment.rs` (`/staff/assessment`).

mod assessment;
mod manage;

pub use assessment::AssessmentPage;
pub use manage::InformantStandingsPage;

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::qualification::{
    ExamAnswers, ExamAttempt, ExamPaper, ExamResult, Qualification, QualificationStatus,
};

use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::shell::{loaded, Link};
use crate::training::CourseCard;

/// The status as a tag: green once qualified.
fn status_tag(status: QualificationStatus, i18n: I18n) -> impl IntoView {
    let class = if status == QualificationStatus::Qualified {
        "tag tag-ok"
    } else {
        "tag tag-warn"
    };
    view! {
        <span class=class data-status=status.code()>
            {move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}
        </span>
    }
}

/// On the informant's workbench: where they stand, and the way to the exam.
#[component]
pub fn QualificationBadge() -> impl IntoView {
    let i18n = use_i18n();
    let standing = Answer::new(api::qualification);
    move || {
        standing
            .get()
            .and_then(Result::ok)
            .map(|qualification: Qualification| {
                let status = qualification.status;
                view! {
                    <Link href="/staff/qualification" class="qualification-badge">
                        <span>{move || i18n.staff().qualification_title}" "</span>
                        {status_tag(status, i18n)}
                        {(status != QualificationStatus::Qualified).then(|| view! {
                            <span class="note">{move || i18n.staff().qualification_note}</span>
                        })}
                    </Link>
                }
            })
    }
}

/// `/staff/qualification`.
#[component]
pub fn QualificationPage() -> impl IntoView {
    let i18n = use_i18n();
    let standing = Answer::new(api::qualification);
    view! {
        <section class="qualification">
            <h1 class="section-title">{move || i18n.staff().qualification_title}</h1>
            {loaded(standing, move |qualification: Qualification| {
                let Qualification { status, since, reason, required_courses, pass_mark, attempts, exam_problem } = qualification;
                view! {
                    <p class="qualification-status">{status_tag(status, i18n)}
                        {since.map(|since| view! {
                            <span class="event-meta">" "{move || i18n.staff().qualification_since}{since.chars().take(10).collect::<String>()}</span>
                        })}
                    </p>
                    {reason.map(|reason| view! {
                        <p class="event-reason">{move || i18n.staff().qualification_reason}{reason.clone()}</p>
                    })}
                    <p class="note">{move || i18n.staff().qualification_note}</p>
                    <h2>{move || i18n.staff().qualification_required_courses}</h2>
                    <div class="course-list">
                        {required_courses.into_iter().map(|course| view! { <CourseCard course/> }).collect_view()}
                    </div>
                    <p>{move || i18n.staff().qualification_pass_mark}{pass_mark}</p>
                    {match exam_problem {
                        None => view! {
                            <Link href="/staff/exam" class="button">{move || i18n.staff().exam_start}</Link>
                        }.into_any(),
                        Some(problem) => view! { <p class="note exam-problem">{problem}</p> }.into_any(),
                    }}
                    <h2>{move || i18n.staff().qualification_attempts}</h2>
                    {if attempts.is_empty() {
                        view! { <p class="note">{move || i18n.staff().qualification_no_attempts}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="attempt-list">
                                {attempts.into_iter().map(|attempt| view! { <li><AttemptLine attempt/></li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            })}
        </section>
    }
}

#[component]
fn AttemptLine(attempt: ExamAttempt) -> impl IntoView {
    let i18n = use_i18n();
    let ExamAttempt {
        started_at,
        score,
        pass_mark,
        passed,
        ..
    } = attempt;
    let when = started_at
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    view! {
        <span class="event-meta">{when}" "</span>
        {match score {
            Some(score) => view! {
                <span>{move || i18n.staff().exam_score}{score}" / "{pass_mark}" "</span>
                <span class=if passed { "tag tag-ok" } else { "tag tag-warn" }>
                    {move || if passed { i18n.lang().pick("通过", "Passed") } else { i18n.lang().pick("未通过", "Not passed") }}
                </span>
            }.into_any(),
            None => view! { <span class="tag tag-warn">{move || i18n.staff().exam_not_handed_in}</span> }.into_any(),
        }}
    }
}

/// `/staff/exam`: the paper (the open one again after a reload), answered one choice per
/// question, handed in once; then the score.
#[component]
pub fn ExamPage() -> impl IntoView {
    let i18n = use_i18n();
    let paper = Answer::new(api::exam_paper);
    let result = RwSignal::new(None::<ExamResult>);
    view! {
        <section class="exam">
            <h1 class="section-title">{move || i18n.staff().exam_title}</h1>
            {move || match result.get() {
                Some(result) => view! { <ExamOutcome result/> }.into_any(),
                None => loaded(paper, move |paper: ExamPaper| view! { <ExamSheet paper result/> }).into_any(),
            }}
            <Link href="/staff/qualification" class="more-link">{move || i18n.staff().exam_back}</Link>
        </section>
    }
}

#[component]
fn ExamSheet(paper: ExamPaper, result: RwSignal<Option<ExamResult>>) -> impl IntoView {
    let i18n = use_i18n();
    let ExamPaper {
        id,
        questions,
        due_at,
        ..
    } = paper;
    // The answers chosen stay on the phone until the paper is handed in: a reload (a
    // call, a flat battery) continues where the informant was.
    let kept_as = format!("yinong.exam.{id}");
    let kept = crate::local_storage()
        .and_then(|storage| storage.get_item(&kept_as).ok().flatten())
        .and_then(|text| serde_json::from_str::<Vec<Option<u8>>>(&text).ok())
        .filter(|answers| answers.len() == questions.len());
    let chosen = RwSignal::new(kept.unwrap_or_else(|| vec![None::<u8>; questions.len()]));
    let keep_as = kept_as.clone();
    Effect::new(move |_| {
        let answers = chosen.get();
        if let (Some(storage), Ok(text)) = (crate::local_storage(), serde_json::to_string(&answers))
        {
            let _ = storage.set_item(&keep_as, &text);
        }
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let hand_in = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let answers = chosen.get_untracked();
        let blank: Vec<String> = answers
            .iter()
            .enumerate()
            .filter(|(_, answer)| answer.is_none())
            .map(|(at, _)| (at + 1).to_string())
            .collect();
        if !blank.is_empty() {
            error.set(Some(format!(
                "{}{}",
                i18n.staff().exam_unanswered,
                blank.join("、")
            )));
            return;
        }
        busy.set(true);
        error.set(None);
        let kept_as = kept_as.clone();
        spawn_local(async move {
            match api::hand_in_paper(id, &ExamAnswers { answers }).await {
                Ok(scored) => {
                    if let Some(storage) = crate::local_storage() {
                        let _ = storage.remove_item(&kept_as);
                    }
                    result.set(Some(scored));
                }
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    let due = due_at
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    view! {
        <form class="form exam-sheet" on:submit=hand_in>
            <p class="note">{move || i18n.staff().exam_due}{due.clone()}</p>
            <ol class="exam-questions">
                {questions.into_iter().enumerate().map(|(at, question)| view! {
                    <li>
                        <fieldset class="choices exam-question">
                            <legend>{question.text}</legend>
                            {question.options.into_iter().enumerate().map(|(option, text)| {
                                let option = option as u8;
                                view! {
                                    <label class="choice">
                                        <input type="radio" name=format!("q{at}")
                                            prop:checked=move || chosen.get()[at] == Some(option)
                                            on:change=move |_| chosen.update(|answers| answers[at] = Some(option))/>
                                        {text}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    </li>
                }).collect_view()}
            </ol>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" class="button" disabled=busy>{move || i18n.staff().exam_submit}</button>
        </form>
    }
}

#[component]
fn ExamOutcome(result: ExamResult) -> impl IntoView {
    let i18n = use_i18n();
    let ExamResult {
        attempt,
        correct,
        total,
        ..
    } = result;
    let passed = attempt.passed;
    view! {
        <div class="exam-outcome" role="status">
            <p class="exam-score">{move || i18n.staff().exam_score}{attempt.score.unwrap_or(0)}" / "{attempt.pass_mark}</p>
            <p>{move || i18n.staff().exam_correct}{correct}" / "{total}</p>
            <p class=if passed { "form-ok" } else { "form-error" }>
                {move || if passed { i18n.staff().exam_passed } else { i18n.staff().exam_failed }}
            </p>
        </div>
    }
}
