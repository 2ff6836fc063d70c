//! `/staff/listings`: the reviewers' queue of 供求 posts in their region — waiting ones
//! first (new, or sent back by neighbours' reports), told of new ones as they arrive — to
//! approve (one by one or a page at once), refuse with a reason the poster reads, or take
//! down once published.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::listing::{Listing, ListingPage, ListingStatus, ReviewDecision};
use yinong_model::sync::Capture;

use super::{ListingDetails, ListingSummary};
use crate::api;
use crate::i18n::{use_i18n, PortalTextOf};
use crate::review::{LiveQueue, ReviewButtons};
use crate::shell::{loaded, Pager};

/// The statuses a reviewer looks through.
const SHOWN: [ListingStatus; 3] = [
    ListingStatus::Pending,
    ListingStatus::Approved,
    ListingStatus::Rejected,
];

/// The newest waiting post and how many wait: what tells a reviewer new ones arrived.
fn queue_mark(page: &ListingPage) -> (i64, Option<i64>) {
    (page.total, page.listings.first().map(|listing| listing.id))
}

#[component]
pub fn ListingReview() -> impl IntoView {
    let i18n = use_i18n();
    let live = LiveQueue::with_statuses(
        Capture::Listing.reviewed_at(),
        &SHOWN,
        ListingStatus::Pending,
        |status, i18n| i18n.lang().pick(status.name_zh(), status.name_en()),
        api::listing_queue,
        queue_mark,
    );
    let changed = live.changed();
    view! {
        <section class="listing-review">
            <h1 class="section-title">{move || i18n.portal().review_title}</h1>
            <p class="note">{move || i18n.portal().review_intro}</p>
            {live.head()}
            {loaded(live.queue, move |shown: ListingPage| {
                let ListingPage { listings, total, page: current, per_page } = shown;
                if listings.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_listings}</p> }.into_any();
                }
                let waiting: Vec<i64> = listings
                    .iter()
                    .filter(|listing| listing.status == ListingStatus::Pending)
                    .map(|listing| listing.id)
                    .collect();
                view! {
                    {live.approve_button(waiting)}
                    <ul class="listing-list">
                        {listings.into_iter().map(|listing| view! { <li><ReviewCard listing changed/></li> }).collect_view()}
                    </ul>
                    <Pager page=live.page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn ReviewCard(listing: Listing, changed: Callback<()>) -> impl IntoView {
    let (id, status) = (listing.id, listing.status);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = move |approve: bool| {
        let decision = ReviewDecision::of(approve, reason.get_untracked());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::review_listing(id, &decision).await {
                Ok(_) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    let refuse_label: PortalTextOf = if status == ListingStatus::Approved {
        |t| t.take_down_listing
    } else {
        |t| t.refuse
    };
    view! {
        <article class="request queue-card">
            <ListingSummary listing=listing.clone()/>
            <ListingDetails listing/>
            {status.is_open().then(|| view! {
                <ReviewButtons can_approve=status == ListingStatus::Pending refuse_label reason busy
                    decide=Callback::new(decide)/>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}
