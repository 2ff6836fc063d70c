//! 村网页 (portal): a village's page — its warnings, station and notices (as on the home
//! page) and the news its informant writes (`/villages/:code`) — and one news item read
//! aloud on request (`/news/:id`); writing and reviewing news is `write.rs` (staff).

mod write;

pub use write::{NewsReview, WriteNews};

use crate::answer::Answer;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yinong_model::news::{NewsItem, NewsPage};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;

use crate::api;
use crate::i18n::use_i18n;
use crate::photos::PhotoStrip;
use crate::portal::MyStations;
use crate::shell::{loaded, number_param, Link, NotFound, Pager, ReadAloud};

/// `/villages/:code`.
#[component]
pub fn VillagePage() -> impl IntoView {
    let params = use_params_map();
    let village = params
        .read_untracked()
        .get("code")
        .and_then(|code| RegionCode::parse(&code).ok());
    match village {
        Some(village) => view! {
            <MyStations village=village.clone()/>
            <VillageNews village/>
        }
        .into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[component]
fn VillageNews(village: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(0);
    let news = Answer::new(move || {
        let village = village.clone();
        let page = page.get();
        async move { api::village_news(&village, page).await }
    });
    view! {
        <section class="village-news">
            <h2>{move || i18n.portal().village_news}</h2>
            {loaded(news, move |shown: NewsPage| {
                let NewsPage { news, total, page: current, per_page } = shown;
                if news.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_news}</p> }.into_any();
                }
                view! {
                    <ul class="bulletin-list">
                        {news.into_iter().map(|item| view! { <li><NewsHeadline item/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn NewsHeadline(item: NewsItem) -> impl IntoView {
    let written_on = item.written_at.chars().take(10).collect::<String>();
    view! {
        <Link href=format!("/news/{}", item.id) class="bulletin-link">
            <span class="bulletin-title">{item.title}</span>
            <span class="bulletin-meta">{written_on}" · "{item.author_name}</span>
        </Link>
    }
}

/// A news item's body, photos and byline: on its page and in the reviewer's card.
#[component]
pub fn NewsBody(item: NewsItem) -> impl IntoView {
    let i18n = use_i18n();
    let NewsItem {
        title,
        body,
        photos,
        place,
        author_name,
        written_at,
        status,
        review_note,
        ..
    } = item;
    let written_on = written_at.chars().take(10).collect::<String>();
    let spoken = format!("{title}。{body}");
    view! {
        <article class="bulletin">
            {(status != ReviewStatus::Approved).then(|| view! {
                <span class="tag tag-warn">{move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}</span>
            })}
            <h1 class="section-title">{title}</h1>
            <p class="bulletin-meta">{place}" · "{written_on}" · "{author_name}</p>
            <ReadAloud text=spoken/>
            <PhotoStrip photos/>
            <div class="bulletin-body">
                {body.lines().filter(|line| !line.trim().is_empty())
                    .map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
            </div>
            {review_note.map(|note| view! {
                <p class="event-reason">{move || i18n.portal().review_note_label}"："{note.clone()}</p>
            })}
        </article>
    }
}

/// `/news/:id`.
#[component]
pub fn NewsView() -> impl IntoView {
    let i18n = use_i18n();
    let id = number_param::<i64>("id");
    let item = Answer::new(move || api::news_item(id()));
    view! {
        <section class="news">
            {loaded(item, move |item: NewsItem| {
                let village = format!("/villages/{}", item.region_code);
                view! {
                    <Link href=village class="more-link">{move || i18n.t().village_page}</Link>
                    <NewsBody item/>
                }
            })}
        </section>
    }
}
