//! `/staff/listings`: the reviewers' queue of 供求 posts in their region — waiting ones
//! first (new, or sent back by neighbours' reports) — to approve, refuse with a reason the
//! poster reads, or take down once published.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::listing::{Listing, ListingPage, ListingStatus, ReviewDecision};

use super::{ListingDetails, ListingSummary};
use crate::api;
use crate::i18n::use_i18n;
use crate::shell::{loaded, ChoiceButtons, Pager, ReasonForm};

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
    let i18n = use_i18n();
    let (id, status) = (listing.id, listing.status);
    let refusing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = move |approve: bool| {
        let decision = ReviewDecision {
            approve,
            reason: (!approve).then(|| reason.get_untracked()),
        };
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
    let refuse_label = move || {
        if status == ListingStatus::Approved {
            i18n.portal().take_down_listing
        } else {
            i18n.portal().refuse
        }
    };
    view! {
        <article class="request queue-card">
            <ListingSummary listing=listing.clone()/>
            <ListingDetails listing/>
            {status.is_open().then(|| view! {
                <div class="request-actions">
                    {(status == ListingStatus::Pending).then(|| view! {
                        <button type="button" class="button" disabled=busy on:click=move |_| decide(true)>
                            {move || i18n.portal().approve}
                        </button>
                    })}
                    <button type="button" class="button secondary" disabled=busy
                        on:click=move |_| refusing.update(|open| *open = !*open)>
                        {refuse_label}
                    </button>
                </div>
            })}
            {move || refusing.get().then(|| view! {
                <ReasonForm label=|t| t.refuse_reason confirm=|t| t.confirm_refuse reason busy
                    on_confirm=Callback::new(move |()| decide(false))/>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}
