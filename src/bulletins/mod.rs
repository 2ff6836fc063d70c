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
    let BulletinHeadline {
        id,
        kind,
        title,
        region_name,
        published_at,
        expires_on,
        ..
    } = headline;
    let class = if kind.is_warning() {
        "bulletin-link warning"
    } else {
        "bulletin-link"
    };
    let day = published_at.get(..10).unwrap_or_default().to_owned();
    let until = expires_on
        .filter(|_| kind.is_warning())
        .map(|last| move || format!(" · {} {last}", i18n.t().valid_until));
    view! {
        <Link href=format!("/notices/{id}") class>
            <span class="tag">{move || i18n.lang().pick(kind.name_zh(), kind.name_en()).to_owned()}</span>
            <span class="bulletin-title">{title}</span>
            <span class="bulletin-meta">{region_name}" · "{day}{until}</span>
        </Link>
    }
}
