//! Notices, policies and warnings: a headline (on the home page, and in lists), the
//! farmer's pages (`pages.rs`, portal: a village's list and one bulletin, read aloud on
//! request) and publishing (`publish.rs`, staff).

mod pages;
mod publish;

pub use pages::{BulletinList, BulletinView};
pub use publish::PublishBulletins;

use leptos::prelude::*;
use yinong_model::bulletin::BulletinHeadline;

use crate::i18n::use_i18n;
use crate::shell::Link;

/// One bulletin in a list: its kind, title, whom it is for and when; a warning also says
/// until when. Opens the bulletin. Part of the home page's bundle: it uses only the shared
/// words.
#[component]
pub fn Headline(headline: BulletinHeadline) -> impl IntoView {
    let i18n = use_i18n();
    let (id, kind) = (headline.id, headline.kind);
    let class = if kind.is_warning() {
        "bulletin-link warning"
    } else {
        "bulletin-link"
    };
    let whom_and_when = whom_and_when(&headline);
    view! {
        <Link href=format!("/notices/{id}") class>
            <span class="tag">{move || i18n.lang().pick(kind.name_zh(), kind.name_en()).to_owned()}</span>
            <span class="bulletin-title">{headline.title}</span>
            <span class="bulletin-meta">{whom_and_when}</span>
        </Link>
    }
}

/// "任城区 · 2026-11-23", and for a warning " · 有效至 2026-11-28".
fn whom_and_when(headline: &BulletinHeadline) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let day = headline.published_at.get(..10).unwrap_or_default();
    let shown = format!("{} · {day}", headline.region_name);
    let last = headline
        .expires_on
        .clone()
        .filter(|_| headline.kind.is_warning());
    move || match &last {
        Some(last) => format!("{shown} · {} {last}", i18n.t().valid_until),
        None => shown.clone(),
    }
}
