//! A reviewer's queue (prices, news, field reports, 供求 posts): filtered by status, told
//! of new arrivals while it is open (short polling, without redrawing the cards being
//! worked on), and approved a page at once.

use crate::answer::Answer;
use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::review::{BulkApproved, NotApproved, ReviewStatus, ReviewedAt};

use crate::api::{self, ApiFailure};
use crate::i18n::use_i18n;
use crate::shell::{ChoiceButtons, ChoiceLabel};

/// How often an open queue asks whether new records arrived.
const QUEUE_POLL: Duration = Duration::from_secs(15);

/// One kind's review queue: the page shown (`queue`, of `status` — one of `statuses`,
/// `waiting` the one new records arrive in — and `page`), whether new records arrived
/// since it was read, and what approving a page did.
pub struct LiveQueue<P: 'static, S: 'static = ReviewStatus> {
    kind: ReviewedAt,
    statuses: &'static [S],
    label: ChoiceLabel<S>,
    pub status: RwSignal<S>,
    pub page: RwSignal<i64>,
    pub queue: Answer<P>,
    arrived: RwSignal<bool>,
    approved: RwSignal<Option<BulkApproved>>,
}

impl<P, S> Clone for LiveQueue<P, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, S> Copy for LiveQueue<P, S> {}

impl<P, S> LiveQueue<P, S>
where
    P: Clone + 'static,
    S: Copy + PartialEq + Send + Sync + 'static,
{
    /// `fetch` reads a page of the queue in a status; `mark` tells from the first page of
    /// `waiting` records how many wait and the newest one's id — what changes when new
    /// ones arrive.
    pub fn with_statuses<Fetched>(
        kind: ReviewedAt,
        statuses: &'static [S],
        waiting: S,
        label: ChoiceLabel<S>,
        fetch: impl Fn(S, i64) -> Fetched + Copy + 'static,
        mark: fn(&P) -> (i64, Option<i64>),
    ) -> Self
    where
        Fetched: Future<Output = Result<P, ApiFailure>> + 'static,
    {
        let status = RwSignal::new(waiting);
        let page = RwSignal::new(0);
        let queue = Answer::new(move || fetch(status.get(), page.get()));
        let arrived = RwSignal::new(false);
        // A queue read afresh has nothing new to announce.
        Effect::new(move |_| {
            queue.track();
            arrived.set(false);
        });
        if let Ok(poll) = set_interval_with_handle(
            move || {
                if status.get_untracked() != waiting || page.get_untracked() != 0 {
                    return;
                }
                let Some(Ok(shown)) = queue.get_untracked() else {
                    return;
                };
                spawn_local(async move {
                    if let Ok(now) = fetch(waiting, 0).await {
                        arrived.set(mark(&now) != mark(&shown));
                    }
                });
            },
            QUEUE_POLL,
        ) {
            on_cleanup(move || poll.clear());
        }
        Self {
            kind,
            statuses,
            label,
            status,
            page,
            queue,
            arrived,
            approved: RwSignal::new(None),
        }
    }

    /// For a card's decision: read the queue again.
    pub fn changed(self) -> Callback<()> {
        Callback::new(move |()| self.queue.refetch())
    }

    /// Above the list: the status filter, news of arrivals, and what approving a page did.
    pub fn head(self) -> impl IntoView {
        let i18n = use_i18n();
        let Self {
            statuses,
            label,
            status,
            page,
            queue,
            arrived,
            approved,
            ..
        } = self;
        view! {
            <ChoiceButtons choices=statuses.to_vec() chosen=status page label/>
            <div role="status">
                {move || arrived.get().then(|| view! {
                    <button type="button" class="button secondary new-arrivals"
                        on:click=move |_| { arrived.set(false); queue.refetch(); }>
                        {move || i18n.staff().new_submissions}
                    </button>
                })}
            </div>
            {move || approved.get().map(|done| view! {
                <p class="form-ok" role="status">{move || i18n.staff().approved_count}" "{done.approved.len()}</p>
                {done.not_approved.into_iter().map(|not| view! {
                    <p class="form-error">{not.message}</p>
                }).collect_view()}
            })}
        }
    }

    /// The button approving `waiting`, the page's waiting records, when there are any.
    pub fn approve_button(self, waiting: Vec<i64>) -> impl IntoView {
        let i18n = use_i18n();
        let Self {
            kind,
            queue,
            approved,
            ..
        } = self;
        let approve = move |ids: Vec<i64>| {
            spawn_local(async move {
                let done = api::approve_page(kind, ids)
                    .await
                    .unwrap_or_else(|failure| BulkApproved {
                        approved: Vec::new(),
                        not_approved: vec![NotApproved {
                            id: 0,
                            message: failure.message_zh(),
                        }],
                    });
                approved.set(Some(done));
                queue.refetch();
            });
        };
        let pages = super::DecisionWords::of(kind).approves_pages;
        (pages && !waiting.is_empty()).then(|| {
            let count = waiting.len();
            view! {
                <button type="button" class="button approve-page"
                    on:click=move |_| approve(waiting.clone())>
                    {move || i18n.staff().approve_page}" "{count}
                </button>
            }
        })
    }
}
