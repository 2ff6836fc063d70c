//! The gap planner: the region's villages without an operating station, in the order to
//! build (poverty villages first, then townships furthest behind their target), a page at
//! a time, with the whole list as a download.

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::coverage::share_text;

use super::grouped;
use crate::api;
use crate::i18n::use_i18n;
use crate::shell::loaded;

const PAGE: i64 = 20;

#[component]
pub fn GapPlanner(region: String, period: String) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(PAGE);
    let page = {
        let (region, period) = (region.clone(), period.clone());
        Answer::new(move || api::gaps(region.clone(), period.clone(), shown.get()))
    };
    let export =
        move |format: &str| format!("/api/coverage/{region}/gaps?period={period}&format={format}");
    view! {
        <section class="gaps">
            <h2 class="section-title">{move || i18n.staff().gaps_title}</h2>
            <div class="coverage-tools">
                <a class="button-link export" href=export("csv") download>{move || i18n.staff().export_csv}</a>
                <a class="button-link export" href=export("xlsx") download>{move || i18n.staff().export_xlsx}</a>
            </div>
            {loaded(page, move |page: yinong_model::coverage::GapPage| {
                let t = i18n.staff();
                let more = page.total > page.gaps.len() as i64;
                view! {
                    <p class="gap-total">{grouped(page.total)}" "{t.gaps_total}</p>
                    <ol class="gap-list">
                        {page.gaps.into_iter().map(|gap| view! {
                            <li class="gap" data-code=gap.village.code.as_str().to_owned()>
                                <span class="gap-village">{gap.village.name.clone()}</span>
                                {gap.poverty.then(|| view! { <span class="badge poverty">{t.poverty_mark}</span> })}
                                <span class="gap-township">
                                    {gap.township.name.clone()}" · "{t.col_of_target}" "{share_text(gap.township_of_target)}
                                    " · "{t.col_coverage}" "{share_text(gap.township_coverage)}
                                </span>
                            </li>
                        }).collect_view()}
                    </ol>
                    <Show when=move || more>
                        <button type="button" class="button secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                            {move || i18n.staff().gaps_more}
                        </button>
                    </Show>
                }
            })}
        </section>
    }
}
