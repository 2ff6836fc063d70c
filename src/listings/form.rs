//! `/listings/new`: a farmer posts what they sell or want, with up to three photos; it
//! waits for review, and the form keeps everything when sending fails. The fields are
//! [`ListingInputs`], which the informant's 代发 form (`for_farmer.rs`) shares.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use yinong_model::listing::{
    listing_problem, ListingKind, NewListing, LISTING_DEFAULT_DAYS, PHOTOS_PER_LISTING,
};
use yinong_model::region::RegionCode;

use crate::account::SignedInForm;
use crate::api;
use crate::capture::Outbox;
use crate::i18n::use_i18n;
use crate::photos::PhotoPicker;
use crate::portal::{place_label, post_places};
use crate::shell::{labelled_input, RadioChoices, Sending};

/// What a 供求 post is typed in: kind, product, amount, price, description, photos, whom
/// to ask for, and how many days it shows.
#[derive(Clone, Copy)]
pub(super) struct ListingInputs {
    kind: RwSignal<ListingKind>,
    product: RwSignal<String>,
    quantity: RwSignal<String>,
    unit: RwSignal<String>,
    price: RwSignal<String>,
    description: RwSignal<String>,
    contact_name: RwSignal<String>,
    days: RwSignal<String>,
    pub photos: RwSignal<Vec<String>>,
}

impl ListingInputs {
    pub fn empty() -> Self {
        Self {
            kind: RwSignal::new(ListingKind::Sell),
            product: RwSignal::new(String::new()),
            quantity: RwSignal::new(String::new()),
            unit: RwSignal::new(String::new()),
            price: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            contact_name: RwSignal::new(String::new()),
            days: RwSignal::new(LISTING_DEFAULT_DAYS.to_string()),
            photos: RwSignal::new(Vec::new()),
        }
    }

    /// The post as typed, for `region_code` (read tracked: a draft kept as it is typed).
    pub fn typed(self, region_code: RegionCode, contact_phone: Option<String>) -> NewListing {
        NewListing {
            kind: self.kind.get(),
            region_code,
            product: self.product.get(),
            quantity: self.quantity.get(),
            unit: self.unit.get(),
            price: self.price.get(),
            description: self.description.get(),
            contact_name: self.contact_name.get(),
            photos: self.photos.get(),
            days: self.days.get().trim().parse().ok(),
            contact_phone,
        }
    }

    /// Puts a post (a kept draft, or an empty one) in the fields.
    pub fn fill(self, listing: NewListing) {
        self.kind.set(listing.kind);
        self.product.set(listing.product);
        self.quantity.set(listing.quantity);
        self.unit.set(listing.unit);
        self.price.set(listing.price);
        self.description.set(listing.description);
        self.contact_name.set(listing.contact_name);
        self.photos.set(listing.photos);
        self.days
            .set(listing.days.unwrap_or(LISTING_DEFAULT_DAYS).to_string());
    }

    /// Empties the fields for the next post.
    pub fn clear(self) {
        self.kind.set(ListingKind::Sell);
        for text in [
            self.product,
            self.quantity,
            self.unit,
            self.price,
            self.description,
            self.contact_name,
        ] {
            text.set(String::new());
        }
        self.days.set(LISTING_DEFAULT_DAYS.to_string());
        self.photos.set(Vec::new());
    }

    /// The fields, with `place` (where it is posted, when there is a choice) after the
    /// kind; photos are uploaded at once, or kept in `outbox` to go with the post.
    pub fn view(self, place: Option<AnyView>, outbox: Option<Outbox>) -> impl IntoView {
        let i18n = use_i18n();
        let Self {
            kind,
            product,
            quantity,
            unit,
            price,
            description,
            contact_name,
            days,
            photos,
        } = self;
        let picker = match outbox {
            Some(outbox) => {
                view! { <PhotoPicker photos max=PHOTOS_PER_LISTING outbox/> }.into_any()
            }
            None => view! { <PhotoPicker photos max=PHOTOS_PER_LISTING/> }.into_any(),
        };
        view! {
            <RadioChoices legend=|t| t.listing_kind name="kind" choices=ListingKind::ALL.to_vec() chosen=kind
                label=|kind, i18n| i18n.lang().pick(kind.name_zh(), kind.name_en())/>
            {place}
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
                {picker}
            </fieldset>
            {labelled_input(|t| t.contact_name, "contact_name", contact_name, "text")}
            {labelled_input(|t| t.listing_days, "days", days, "number")}
        }
    }
}

#[component]
pub fn ListingForm() -> impl IntoView {
    view! { <SignedInForm class="listings" title=|t| t.post_listing form=|| view! { <ListingFields/> }/> }
}

#[component]
fn ListingFields() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let (village, township) = match post_places() {
        Ok(places) => places,
        Err(prompt) => return prompt,
    };
    let inputs = ListingInputs::empty();
    let in_village = RwSignal::new(true);
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let place = if in_village.get_untracked() {
            village.clone()
        } else {
            township.clone()
        };
        let listing = untrack(|| inputs.typed(place, None));
        let navigate = navigate.clone();
        let key = sending.key_for(&listing);
        sending.send(
            listing_problem(&listing),
            async move { api::post_listing(&listing, &key).await },
            move |_| navigate("/listings/mine", Default::default()),
        );
    };
    let place = view! {
        <RadioChoices legend=|t| t.post_place name="place" choices=vec![true, false] chosen=in_village label=place_label/>
    }
    .into_any();
    view! {
        <form class="form listing-form" on:submit=submit>
            <p class="note">{move || i18n.portal().review_after_post}</p>
            {inputs.view(Some(place), None)}
            {sending.message()}
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().submit_listing}</button>
        </form>
    }
    .into_any()
}
