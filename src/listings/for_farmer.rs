//! 代发供求 (`/staff/listings/for-farmer`): the village's informant posts 供求 for a farmer
//! without a smartphone, with the farmer's name and number as the contact; kept on the
//! phone first and sent when there is a network, it waits for the township's review.

use leptos::prelude::*;
use yinong_model::listing::{ListingPage, NewListing};
use yinong_model::region::RegionCode;
use yinong_model::sync::Capture;

use super::form::ListingInputs;
use super::{ListingDetails, ListingSummary};
use crate::api;
use crate::capture::{keep_draft, use_outbox, Keeping, OutboxList};
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::{loaded, Pager};

#[component]
pub fn PostForFarmer() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let outbox = use_outbox();
    let (page, mine) = outbox.sent_page(api::my_listings);
    let inputs = ListingInputs::empty();
    let farmer_phone = RwSignal::new(String::new());
    // The informant's own village: where their posts for its farmers go.
    let village =
        move || -> Option<RegionCode> { session.me.get().and_then(|me| me.region_code()) };
    let typed = move || village().map(|village| inputs.typed(village, Some(farmer_phone.get())));
    let fill = move |listing: NewListing| {
        farmer_phone.set(listing.contact_phone.clone().unwrap_or_default());
        inputs.fill(listing);
    };
    keep_draft(Capture::Listing, typed, move |draft: Option<NewListing>| {
        if let Some(listing) = draft {
            fill(listing);
        }
    });
    let keeping = Keeping::with_outbox();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(listing) = untrack(typed) else {
            return;
        };
        let summary = format!(
            "{} {} · {} {}",
            listing.kind.name_zh(),
            listing.product.trim(),
            listing.contact_name.trim(),
            listing.contact_phone.as_deref().unwrap_or_default().trim()
        );
        keeping.keep(listing, summary, move || {
            // Each farmer's post is their own: nothing of it stays for the next one.
            inputs.clear();
            farmer_phone.set(String::new());
        });
    };
    view! {
        <section class="listings">
            <h1 class="section-title">{move || i18n.staff().for_farmer_title}</h1>
            <form class="form listing-form" on:submit=submit novalidate>
                <p class="note">{move || i18n.staff().for_farmer_note}</p>
                {inputs.view(None, Some(outbox))}
                <label>
                    {move || i18n.staff().for_farmer_phone}
                    <input type="tel" name="contact_phone" inputmode="numeric" maxlength="11"
                        prop:value=farmer_phone on:input=move |e| farmer_phone.set(event_target_value(&e))/>
                </label>
                {keeping.messages()}
                <button type="submit" class="button" disabled=move || keeping.busy.get() || village().is_none()>
                    {move || i18n.portal().submit_listing}
                </button>
            </form>
            <OutboxList kind=Capture::Listing/>
            <h2 class="section-title">{move || i18n.staff().for_farmer_mine}</h2>
            {loaded(mine, move |shown: ListingPage| {
                let ListingPage { listings, total, page: current, per_page } = shown;
                if listings.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().for_farmer_none}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {listings.into_iter().map(|listing| view! {
                            <li class="listing-item">
                                <ListingSummary listing=listing.clone()/>
                                <ListingDetails listing/>
                            </li>
                        }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}
