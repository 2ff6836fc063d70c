//! The reviewer's side of what is submitted for review: one queue page for every reviewed
//! kind (informants' prices, news and field reports; counties' filings) — live, filtered
//! by status, approved a page at once (`LiveQueue`, also behind the 供求 queue) — with a
//! card per submission that approves, refuses or sends it back (`ReviewCard`,
//! `ReviewButtons`).

mod cards;
mod live_queue;

use std::future::Future;

use leptos::prelude::*;
use yinong_model::operator::COMPLAINTS;
use yinong_model::review::{ReviewStatus, ReviewedAt, SubmissionPage};

use crate::api::ApiFailure;
use crate::i18n::{I18n, PortalTextOf};
use crate::shell::{loaded, ChoiceLabel, Pager};

pub use cards::{ReviewButtons, ReviewCard};
pub use live_queue::LiveQueue;

/// How a reviewer's decisions on a kind read: a farmer's complaint is found true or not,
/// one at a time, and never sent back; everything else is approved (a page at once too),
/// sent back or refused.
#[derive(Clone, Copy)]
pub(crate) struct DecisionWords {
    pub approve: PortalTextOf,
    pub refuse: PortalTextOf,
    /// What the reason asks for.
    pub reason: PortalTextOf,
    pub sends_back: bool,
    pub approves_pages: bool,
}

impl DecisionWords {
    pub fn of(kind: ReviewedAt) -> Self {
        if kind == COMPLAINTS {
            Self {
                approve: |t| t.found_true,
                refuse: |t| t.found_untrue,
                reason: |t| t.found_untrue_reason,
                sends_back: false,
                approves_pages: false,
            }
        } else {
            Self {
                approve: |t| t.approve,
                refuse: |t| t.refuse,
                reason: |t| t.refuse_reason,
                sends_back: true,
                approves_pages: true,
            }
        }
    }
}

/// What a published kind's review statuses are called.
pub fn published_label(status: ReviewStatus, i18n: I18n) -> &'static str {
    i18n.lang().pick(status.name_zh(), status.name_en())
}

/// `/staff/<kind>/review`: the queue of one reviewed kind — its statuses called by
/// `label`, `title` above it, `empty` when there is nothing, each one drawn by `card` in its
/// review card — that learns of new ones while it is open and approves a page at once.
pub fn review_queue<P, Fetched, Card>(
    kind: ReviewedAt,
    label: ChoiceLabel<ReviewStatus>,
    fetch: impl Fn(ReviewStatus, i64) -> Fetched + Copy + 'static,
    section_class: &'static str,
    title: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
    empty: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
    card: impl Fn(P::Item) -> Card + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    P: SubmissionPage + Clone + Send + Sync + 'static,
    P::Item: Send + Sync + 'static,
    Fetched: Future<Output = Result<P, ApiFailure>> + 'static,
    Card: IntoView + 'static,
{
    let live = LiveQueue::with_statuses(
        kind,
        &ReviewStatus::ALL,
        ReviewStatus::Pending,
        label,
        fetch,
        P::mark,
    );
    let changed = live.changed();
    view! {
        <section class=section_class>
            <h1 class="section-title">{title}</h1>
            {live.head()}
            {loaded(live.queue, move |shown: P| {
                let waiting: Vec<i64> = shown
                    .items()
                    .iter()
                    .map(P::id_and_status)
                    .filter(|(_, status)| *status == ReviewStatus::Pending)
                    .map(|(id, _)| id)
                    .collect();
                let (items, total, current, per_page) = shown.into_parts();
                if items.is_empty() {
                    return view! { <p class="note">{empty}</p> }.into_any();
                }
                view! {
                    {live.approve_button(waiting)}
                    <ul class="listing-list">
                        {items.into_iter().map(|item| {
                            let (id, status) = P::id_and_status(&item);
                            view! {
                                <li>
                                    <ReviewCard kind id waiting=status == ReviewStatus::Pending changed>
                                        {card(item)}
                                    </ReviewCard>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Pager page=live.page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}
