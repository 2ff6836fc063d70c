//! `/listings/new`: a farmer posts what they sell or want, with up to three photos; it
//! waits for review, and the form keeps everything when sending fails.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use yinong_model::listing::{
    listing_problem, ListingKind, NewListing, LISTING_DEFAULT_DAYS, PHOTOS_PER_LISTING,
};

use crate::account::SignInFirst;
use crate::api;
use crate::i18n::use_i18n;
use crate::photos::PhotoPicker;
use crate::portal::{place_label, post_places};
use crate::shell::{labelled_input, RadioChoices};

#[component]
pub fn ListingForm() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="listings">
            <h1 class="section-title">{move || i18n.portal().post_listing}</h1>
            <SignInFirst signed_in=|| view! { <ListingFields/> }/>
        </section>
    }
}

#[component]
fn ListingFields() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let (village, township) = match post_places() {
        Ok(places) => places,
        Err(prompt) => return prompt,
    };
    let kind = RwSignal::new(ListingKind::Sell);
    let in_village = RwSignal::new(true);
    let product = RwSignal::new(String::new());
    let quantity = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let contact_name = RwSignal::new(String::new());
    let days = RwSignal::new(LISTING_DEFAULT_DAYS.to_string());
    let photos = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let listing = NewListing {
            kind: kind.get_untracked(),
            region_code: if in_village.get_untracked() {
                village.clone()
            } else {
                township.clone()
            },
            product: product.get_untracked(),
            quantity: quantity.get_untracked(),
            unit: unit.get_untracked(),
            price: price.get_untracked(),
            description: description.get_untracked(),
            contact_name: contact_name.get_untracked(),
            photos: photos.get_untracked(),
            days: days.get_untracked().trim().parse().ok(),
            contact_phone: None,
        };
        if let Some(problem) = listing_problem(&listing) {
            error.set(Some(problem));
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::post_listing(&listing).await {
                Ok(_) => navigate("/listings/mine", Default::default()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form listing-form" on:submit=submit>
            <p class="note">{move || i18n.portal().review_after_post}</p>
            <RadioChoices legend=|t| t.listing_kind name="kind" choices=ListingKind::ALL.to_vec() chosen=kind
                label=|kind, i18n| i18n.lang().pick(kind.name_zh(), kind.name_en())/>
            <RadioChoices legend=|t| t.post_place name="place" choices=vec![true, false] chosen=in_village label=place_label/>
            {labelled_input(|t| t.listing_product, "product", product, "text")}
            <div class="field-pair">
                {labelled_input(|t| t.listing_quantity, "quantity", quantity, "text")}
                {labelled_input(|t| t.listing_unit, "unit", unit, "text")}
            </div>
            {labelled_input(|t| t.listing_price, "price", price, "text")}
            <label>
                {move || i18n.portal().listing_description}
                <textarea name="description" rows="3" maxlength="500"
                    prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
            </label>
            <fieldset class="choices">
                <legend>{move || i18n.portal().listing_photos}</legend>
                <PhotoPicker photos max=PHOTOS_PER_LISTING/>
            </fieldset>
            {labelled_input(|t| t.contact_name, "contact_name", contact_name, "text")}
            {labelled_input(|t| t.listing_days, "days", days, "number")}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" class="button" disabled=busy>{move || i18n.portal().submit_listing}</button>
        </form>
    }
    .into_any()
}
