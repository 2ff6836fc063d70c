//! `/questions/new`: a farmer asks about a crop or animal from their village, with up to
//! three photos; the form keeps everything when sending fails.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use yinong_model::question::{question_problem, NewQuestion, Topic, PHOTOS_PER_QUESTION};

use crate::account::SignedInForm;
use crate::api;
use crate::i18n::use_i18n;
use crate::photos::PhotoPicker;
use crate::portal::post_places;
use crate::shell::{labelled_input, HotlineCall, RadioChoices, Sending};

#[component]
pub fn AskQuestion() -> impl IntoView {
    view! { <SignedInForm class="questions" title=|t| t.ask_question form=|| view! { <QuestionFields/> }/> }
}

#[component]
fn QuestionFields() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let village = match post_places() {
        Ok((village, _)) => village,
        Err(prompt) => return prompt,
    };
    let crop = RwSignal::new(String::new());
    let topic = RwSignal::new(Topic::Growing);
    let text = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<String>::new());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let question = NewQuestion {
            region_code: village.clone(),
            crop: crop.get_untracked(),
            topic: topic.get_untracked(),
            text: text.get_untracked(),
            photos: photos.get_untracked(),
        };
        let navigate = navigate.clone();
        let key = sending.key_for(&question);
        sending.send(
            question_problem(&question),
            async move { api::ask_question(&question, &key).await },
            move |asked| navigate(&format!("/questions/{}", asked.id), Default::default()),
        );
    };
    view! {
        <form class="form question-form" on:submit=submit>
            <p class="note">{move || i18n.portal().ask_note}</p>
            <HotlineCall/>
            {labelled_input(|t| t.crop, "crop", crop, "text")}
            <RadioChoices legend=|t| t.topic name="topic" choices=Topic::ALL.to_vec() chosen=topic
                label=|topic, i18n| i18n.lang().pick(topic.name_zh(), topic.name_en())/>
            <label>
                {move || i18n.portal().question_text}
                <textarea name="text" rows="4" maxlength="500"
                    prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
            </label>
            <fieldset class="choices">
                <legend>{move || i18n.portal().listing_photos}</legend>
                <PhotoPicker photos max=PHOTOS_PER_QUESTION/>
            </fieldset>
            {sending.message()}
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().send_question}</button>
        </form>
    }
    .into_any()
}
