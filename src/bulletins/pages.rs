//! The farmer's pages: the warnings, or the notices and policies, of my village
//! (`/notices`), and one bulletin with a read-aloud button (`/notices/{id}`).

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::bulletin::{Bulletin, BulletinPage};

use super::{whom_and_when, Headline};
use crate::api;
use crate::i18n::{use_i18n, PortalTextOf};
use crate::portal::my_village;
use crate::shell::{loaded, number_param, HotlineCall, Link, Pager, ReadAloud};

#[component]
pub fn BulletinList() -> impl IntoView {
    let i18n = use_i18n();
    let Some(village) = my_village() else {
        return view! {
            <section class="bulletins">
                <h1 class="section-title">{move || i18n.t().notices_title}</h1>
                <p class="note">{move || i18n.t().choose_village_why}</p>
                <Link href="/village" class="button">{move || i18n.t().choose_village}</Link>
            </section>
        }
        .into_any();
    };
    let warnings = RwSignal::new(true);
    let page = RwSignal::new(0);
    let list = Answer::new(move || {
        let village = village.clone();
        let (warnings, page) = (warnings.get(), page.get());
        async move { api::bulletins(&village, warnings, page).await }
    });
    let tab = move |shows_warnings: bool, label: PortalTextOf| {
        view! {
            <button type="button" class="button secondary" aria-pressed=move || (warnings.get() == shows_warnings).to_string()
                on:click=move |_| { warnings.set(shows_warnings); page.set(0); }>
                {move || label(i18n.portal())}
            </button>
        }
    };
    view! {
        <section class="bulletins">
            <h1 class="section-title">{move || i18n.t().notices_title}</h1>
            <HotlineCall/>
            <div class="status-filters">
                {tab(true, |t| t.warnings_tab)}
                {tab(false, |t| t.notices_tab)}
            </div>
            {loaded(list, move |shown: BulletinPage| {
                let BulletinPage { bulletins, total, page: current, per_page } = shown;
                if bulletins.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_bulletins}</p> }.into_any();
                }
                view! {
                    <ul class="bulletin-list">
                        {bulletins.into_iter().map(|headline| view! { <li><Headline headline/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
    .into_any()
}

#[component]
pub fn BulletinView() -> impl IntoView {
    let i18n = use_i18n();
    let id = number_param::<i64>("id");
    let bulletin = Answer::new(move || api::bulletin(id()));
    view! {
        <section class="bulletins">
            {loaded(bulletin, move |bulletin: Bulletin| {
                let Bulletin { headline, body, publisher, .. } = bulletin;
                let kind = headline.kind;
                let spoken = format!("{}。{body}", headline.title);
                let whom_and_when = whom_and_when(&headline);
                view! {
                    <article class=if kind.is_warning() { "bulletin warning" } else { "bulletin" }>
                        <span class="tag">{move || i18n.lang().pick(kind.name_zh(), kind.name_en()).to_owned()}</span>
                        <h1 class="section-title">{headline.title}</h1>
                        <p class="bulletin-meta">
                            {whom_and_when}" · "{move || i18n.portal().published_by}" "{publisher}
                        </p>
                        <ReadAloud text=spoken/>
                        <div class="bulletin-body">
                            {body.lines().filter(|line| !line.trim().is_empty())
                                .map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
                        </div>
                    </article>
                }
            })}
            <Link href="/notices" class="more-link">{move || i18n.t().all_notices}</Link>
        </section>
    }
}
