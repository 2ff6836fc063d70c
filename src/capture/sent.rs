//! What the informant sent of one kind, with where each stands in review.

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::review::{ReviewStatus, SubmissionPage};

use super::correct_button;
use crate::shell::{loaded, Pager};

/// The informant's own records of one kind (`Outbox::sent_page`), newest first, a page at
/// a time, each drawn by `body` in a list item of `item_class`; those sent back for
/// correction carry the button that fills the form again (`correct`).
pub fn sent_list<P, Body>(
    page: RwSignal<i64>,
    sent: Answer<P>,
    item_class: &'static str,
    correct: impl Fn(P::Item) + Copy + Send + Sync + 'static,
    body: impl Fn(P::Item) -> Body + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    P: SubmissionPage + Clone + Send + Sync + 'static,
    P::Item: Clone + Send + Sync + 'static,
    Body: IntoView + 'static,
{
    loaded(sent, move |shown: P| {
        let (items, total, current, per_page) = shown.into_parts();
        view! {
            <ul class="listing-list">
                {items.into_iter().map(|item| {
                    let returned = (P::id_and_status(&item).1 == ReviewStatus::Returned)
                        .then(|| item.clone());
                    view! {
                        <li class=item_class>
                            {body(item)}
                            {correct_button(returned, correct)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Pager page current total per_page/>
        }
    })
}
