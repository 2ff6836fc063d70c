//! `/staff/listings`: the reviewers' queue of 供求 posts in their region — waiting ones
//! first (new, or sent back by neighbours' reports) — to approve, refuse with a reason the
//! poster reads, or take down once published.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::listing::{Listing, ListingPage, ListingStatus, ReviewDecision};

use super::{ListingDetails, ListingSummary};
use crate::api;
use crate::i18n::{use_i18n, PortalTextOf};
use crate::shell::{loaded, ChoiceButtons, Pager, ReviewButtons};

/// The statuses a reviewer looks through.
const SHOWN: [ListingStatus; 3] = [
    ListingStatus::Pending,
    ListingStatus::Approved,
    ListingStatus::Rejected,
];

#[component]
pub fn ListingReview() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(ListingStatus::Pending);
    let page = RwSignal::new(0);
    let queue = LocalResource::new(move || api::listing_queue(status.get(), page.get()));
    let changed = Callback::new(move |()| queue.refetch());
    view! {
        <section class="listing-review">
            <h1 class="section-title">{move || i18n.portal().review_title}</h1>
            <p class="note">{move || i18n.portal().review_intro}</p>
            <ChoiceButtons choices=SHOWN.to_vec() chosen=status page
                label=|status, i18n| i18n.lang().pick(status.name_zh(), status.name_en())/>
            {loaded(queue, move |shown: ListingPage| {
                let ListingPage { listings, total, page: current, per_page } = shown;
                if listings.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_listings}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {listings.into_iter().map(|listing| view! { <li><ReviewCard listing changed/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
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
