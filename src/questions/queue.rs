//! `/staff/questions`: the expert's profile, then the queue of questions waiting in their
//! region that reach them (their specialties, or waited too long), oldest first, each
//! answered in place.

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::question::{answer_problem, NewAnswer, Question, QuestionPage};

use super::{QuestionDetails, QuestionSummary};
use crate::api;
use crate::experts::ExpertProfileCard;
use crate::i18n::use_i18n;
use crate::shell::{loaded, Pager};

#[component]
pub fn ExpertQueue() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(0);
    let queue = Answer::new(move || api::question_queue(page.get()));
    let answered = Callback::new(move |()| queue.refetch());
    view! {
        <section class="questions">
            <h1 class="section-title">{move || i18n.portal().expert_queue_title}</h1>
            <ExpertProfileCard saved=answered/>
            {loaded(queue, move |shown: QuestionPage| {
                let QuestionPage { questions, total, page: current, per_page } = shown;
                if questions.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_questions}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {questions.into_iter().map(|question| view! { <li><AnswerCard question answered/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn AnswerCard(question: Question, answered: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = question.id;
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |_| {
        let answer = NewAnswer {
            text: text.get_untracked(),
        };
        if let Some(problem) = answer_problem(&answer) {
            error.set(Some(problem));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::answer_question(id, &answer).await {
                Ok(_) => answered.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <article class="request queue-card">
            <QuestionSummary question=question.clone()/>
            <QuestionDetails question/>
            <div class="form cancel-form">
                <label>
                    {move || i18n.portal().your_answer}
                    <textarea name="answer" rows="4" maxlength="2000"
                        prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
                </label>
                <button type="button" class="button" disabled=busy on:click=send>{move || i18n.portal().send_answer}</button>
            </div>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}
