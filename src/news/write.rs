//! The informant writes the village's news (`/staff/news`) and the township reviews it
//! (`/staff/news/review`).

use leptos::prelude::*;
use yinong_model::news::{NewNews, NewsItem, PHOTOS_PER_NEWS};
use yinong_model::sync::Capture;

use super::NewsBody;
use crate::api;
use crate::capture::{keep_draft, sent_list, use_outbox, Keeping, OutboxList};
use crate::i18n::use_i18n;
use crate::photos::PhotoPicker;
use crate::review::{published_label, review_queue};
use crate::shell::labelled_input;

/// `/staff/news`: the informant writes news — kept on the phone first and sent when there
/// is a network — and follows what they wrote.
#[component]
pub fn WriteNews() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let (page, mine) = outbox.sent_page(api::my_news);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<String>::new());
    let typed = move || NewNews {
        title: title.get(),
        body: body.get(),
        photos: photos.get(),
    };
    keep_draft(Capture::News, typed, move |draft: NewNews| {
        title.set(draft.title);
        body.set(draft.body);
        photos.set(draft.photos);
    });
    // News sent back for correction fills the form again; sent, it is new news.
    let correct = move |item: NewsItem| {
        title.set(item.title);
        body.set(item.body);
        photos.set(item.photos);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let keeping = Keeping::with_outbox();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let news = typed();
        let summary = news.title.trim().to_owned();
        keeping.keep(news, summary, move || {
            title.set(String::new());
            body.set(String::new());
            photos.set(Vec::new());
        });
    };
    view! {
        <section class="news">
            <h1 class="section-title">{move || i18n.portal().write_news_title}</h1>
            <form class="form news-form" on:submit=submit>
                <p class="note">{move || i18n.portal().write_news_note}</p>
                {labelled_input(|t| t.news_title, "title", title, "text")}
                <label>
                    {move || i18n.portal().news_body}
                    <textarea name="body" rows="6" maxlength="3000"
                        prop:value=body on:input=move |e| body.set(event_target_value(&e))></textarea>
                </label>
                <fieldset class="choices">
                    <legend>{move || i18n.portal().listing_photos}</legend>
                    <PhotoPicker photos max=PHOTOS_PER_NEWS outbox/>
                </fieldset>
                {keeping.messages()}
                <button type="submit" class="button" disabled=keeping.busy>{move || i18n.portal().submit_listing}</button>
            </form>
            <OutboxList kind=Capture::News/>
            <h2 class="section-title">{move || i18n.portal().my_news}</h2>
            {sent_list(page, mine, "", correct, |item| view! { <NewsBody item/> })}
        </section>
    }
}

/// `/staff/news/review`: the township approves, refuses or sends back its villages' news,
/// one by one or a page at once, and learns of new ones while it works.
#[component]
pub fn NewsReview() -> impl IntoView {
    let i18n = use_i18n();
    review_queue(
        Capture::News.reviewed_at(),
        published_label,
        api::news_queue,
        "news",
        move || i18n.portal().review_news_title,
        move || i18n.portal().no_news,
        |item| view! { <NewsBody item/> },
    )
}
