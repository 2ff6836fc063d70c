//! 12316 专家问答 (portal): the knowledge base of answered questions near me or in the
//! country, by topic and words (`/questions`), one question with its photos and the
//! expert's answer read aloud on request, rated by its asker (`/questions/:id`), and my
//! questions (`/questions/mine`); asking is `form.rs`, the experts' queue `queue.rs` (staff).

mod form;
mod queue;

pub use form::AskQuestion;
pub use queue::ExpertQueue;

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::question::{Question, QuestionPage, Rating, Topic};

use crate::account::SignInFirst;
use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::photos::PhotoStrip;
use crate::portal::{my_village, nearby_scopes, ScopeButtons};
use crate::shell::{loaded, number_param, ChoiceButtons, HotlineCall, Link, Pager, ReadAloud};

fn topic_label(topic: Option<Topic>, i18n: I18n) -> &'static str {
    match topic {
        None => i18n.portal().all_kinds,
        Some(topic) => i18n.lang().pick(topic.name_zh(), topic.name_en()),
    }
}

/// `/questions`.
#[component]
pub fn KnowledgeBase() -> impl IntoView {
    let i18n = use_i18n();
    let scopes = nearby_scopes(my_village().as_ref());
    // Answers hold wherever the crop grows: the whole country first.
    let within = RwSignal::new(None);
    let topic = RwSignal::new(None::<Topic>);
    let words = RwSignal::new(String::new());
    let page = RwSignal::new(0);
    let base = Answer::new(move || {
        let (within, topic, words, page) = (within.get(), topic.get(), words.get(), page.get());
        async move { api::questions(within.as_ref(), topic, &words, page).await }
    });
    let topics: Vec<Option<Topic>> = std::iter::once(None)
        .chain(Topic::ALL.into_iter().map(Some))
        .collect();
    view! {
        <section class="questions">
            <h1 class="section-title">{move || i18n.portal().questions_title}</h1>
            <p class="note">{move || i18n.portal().questions_intro}</p>
            <HotlineCall/>
            <p class="service-pages">
                <Link href="/questions/new" class="button">{move || i18n.portal().ask_question}</Link>
                <Link href="/questions/mine" class="button secondary">{move || i18n.portal().my_questions}</Link>
            </p>
            <ScopeButtons scopes within page/>
            <ChoiceButtons choices=topics chosen=topic page label=topic_label/>
            <div class="form">
                <label>
                    {move || i18n.portal().search_questions}
                    <input type="search" name="q" prop:value=words
                        on:change=move |e| { words.set(event_target_value(&e)); page.set(0); }/>
                </label>
            </div>
            {loaded(base, move |shown: QuestionPage| view! { <QuestionList shown page/> })}
        </section>
    }
}

/// A page of questions, each a link to its own page.
#[component]
fn QuestionList(shown: QuestionPage, page: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let QuestionPage {
        questions,
        total,
        page: current,
        per_page,
    } = shown;
    if questions.is_empty() {
        return view! { <p class="note">{move || i18n.portal().no_questions}</p> }.into_any();
    }
    view! {
        <ul class="listing-list">
            {questions.into_iter().map(|question| view! {
                <li><Link href=format!("/questions/{}", question.id) class="listing-link">
                    <QuestionSummary question/>
                </Link></li>
            }).collect_view()}
        </ul>
        <Pager page current total per_page/>
    }
    .into_any()
}

/// A question in a list: crop, topic, whether it is answered, and the question itself.
#[component]
pub fn QuestionSummary(question: Question) -> impl IntoView {
    let i18n = use_i18n();
    let Question {
        crop,
        topic,
        text,
        place,
        answer,
        ..
    } = question;
    let answered = answer.is_some();
    view! {
        <article class="listing-card question-card">
            <div class="listing-body">
                <header class="request-head">
                    <h2 class="request-item">{crop}</h2>
                    <span class="tag">{move || i18n.lang().pick(topic.name_zh(), topic.name_en()).to_owned()}</span>
                    <span class=if answered { "tag tag-ok" } else { "tag tag-warn" }>
                        {move || if answered { i18n.portal().answered } else { i18n.portal().waiting_for_expert }}
                    </span>
                </header>
                <p class="question-text">{text}</p>
                <p class="job-facts"><span>{place}</span></p>
            </div>
        </article>
    }
}

/// A question's photos, when and where it was asked, and the expert's answer.
#[component]
pub fn QuestionDetails(question: Question) -> impl IntoView {
    let i18n = use_i18n();
    let Question {
        photos,
        asked_at,
        answer,
        ..
    } = question;
    let asked_on = asked_at.chars().take(10).collect::<String>();
    view! {
        <PhotoStrip photos/>
        <p class="job-facts"><span>{move || i18n.portal().asked_on}" "{asked_on.clone()}</span></p>
        {answer.map(|answer| {
            let answered_on = answer.answered_at.chars().take(10).collect::<String>();
            view! {
                <section class="answer">
                    <h2>{move || i18n.portal().expert_answer}</h2>
                    <p class="answer-text">{answer.text.clone()}</p>
                    <p class="job-facts">
                        <span>{answer.expert_name.clone()}</span>
                        <span>{answered_on}</span>
                    </p>
                    <ReadAloud text=answer.text/>
                </section>
            }
        })}
    }
}

/// `/questions/:id`.
#[component]
pub fn QuestionView() -> impl IntoView {
    let i18n = use_i18n();
    let id = number_param::<i64>("id");
    let question = Answer::new(move || api::question(id()));
    view! {
        <section class="questions">
            <Link href="/questions" class="more-link">{move || i18n.portal().questions_title}</Link>
            {loaded(question, move |shown: Question| {
                let rating = shown.answer.as_ref().filter(|_| shown.mine).map(|answer| answer.rating);
                let id = shown.id;
                view! {
                    <QuestionSummary question=shown.clone()/>
                    <QuestionDetails question=shown/>
                    {rating.map(|given| view! { <Stars id given/> })}
                }
            })}
            <HotlineCall/>
        </section>
    }
}

/// The asker's one-to-five stars for the answer; given again, they replace the first.
#[component]
fn Stars(id: i64, given: Option<u8>) -> impl IntoView {
    let i18n = use_i18n();
    let stars = RwSignal::new(given);
    let error = RwSignal::new(None::<String>);
    let rate = move |chosen: u8| {
        spawn_local(async move {
            match api::rate_answer(id, Rating { stars: chosen }).await {
                Ok(()) => {
                    stars.set(Some(chosen));
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    view! {
        <fieldset class="stars">
            <legend>{move || i18n.portal().rate_answer}</legend>
            {(1..=5u8).map(|n| view! {
                <button type="button" class="star"
                    aria-label=move || format!("{n} {}", i18n.portal().stars)
                    aria-pressed=move || (stars.get() == Some(n)).to_string()
                    on:click=move |_| rate(n)>
                    {move || if stars.get().is_some_and(|given| n <= given) { "★" } else { "☆" }}
                </button>
            }).collect_view()}
            {move || stars.get().map(|_| view! { <p class="note" role="status">{move || i18n.portal().thanks_for_rating}</p> })}
        </fieldset>
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
    }
}

/// `/questions/mine`.
#[component]
pub fn MyQuestions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="questions">
            <h1 class="section-title">{move || i18n.portal().my_questions}</h1>
            <Link href="/questions/new" class="button">{move || i18n.portal().ask_question}</Link>
            <HotlineCall/>
            <SignInFirst signed_in=|| view! { <MyQuestionList/> }/>
        </section>
    }
}

#[component]
fn MyQuestionList() -> impl IntoView {
    let page = RwSignal::new(0);
    let mine = Answer::new(move || api::my_questions(page.get()));
    loaded(
        mine,
        move |shown: QuestionPage| view! { <QuestionList shown page/> },
    )
}
