//! 产品供求 (portal): the board near my village by kind and product (`/listings`), one
//! post with its photos, whom to call and a report button (`/listings/:id`), what I
//! posted with its review status (`/listings/mine`) and posting (`/listings/new`, in
//! `form.rs`); the reviewers' queue is `review.rs` (staff).

mod for_farmer;
mod form;
mod review;

pub use for_farmer::PostForFarmer;
pub use form::ListingForm;
pub use review::ListingReview;

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::listing::{Listing, ListingKind, ListingPage, ListingReport, ListingStatus};

use crate::account::SignInFirst;
use crate::api::{self, photo_url};
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n};
use crate::photos::PhotoStrip;
use crate::portal::{default_scope, my_village, nearby_scopes, ScopeButtons};
use crate::shell::{loaded, number_param, ChoiceButtons, Link, Pager, ReasonForm};

const KINDS: [Option<ListingKind>; 3] = [None, Some(ListingKind::Sell), Some(ListingKind::Buy)];

fn kind_label(kind: Option<ListingKind>, i18n: I18n) -> &'static str {
    match kind {
        None => i18n.portal().all_kinds,
        Some(kind) => i18n.lang().pick(kind.name_zh(), kind.name_en()),
    }
}

#[component]
pub fn ListingBoard() -> impl IntoView {
    let i18n = use_i18n();
    let scopes = nearby_scopes(my_village().as_ref());
    let within = RwSignal::new(default_scope(&scopes));
    let kind = RwSignal::new(None::<ListingKind>);
    let product = RwSignal::new(String::new());
    let page = RwSignal::new(0);
    let board = Answer::new(move || {
        let (within, kind, product, page) = (within.get(), kind.get(), product.get(), page.get());
        async move { api::listings(within.as_ref(), kind, &product, page).await }
    });
    view! {
        <section class="listings">
            <h1 class="section-title">{move || i18n.portal().listings_title}</h1>
            <p class="note">{move || i18n.portal().listings_intro}</p>
            <p class="service-pages">
                <Link href="/listings/new" class="button">{move || i18n.portal().post_listing}</Link>
                <Link href="/listings/mine" class="button secondary">{move || i18n.portal().my_listings}</Link>
            </p>
            <ScopeButtons scopes within page/>
            <ChoiceButtons choices=KINDS.to_vec() chosen=kind page label=kind_label/>
            <div class="form">
                <label>
                    {move || i18n.portal().product_search}
                    <input type="search" name="product" prop:value=product
                        on:change=move |e| { product.set(event_target_value(&e)); page.set(0); }/>
                </label>
            </div>
            {loaded(board, move |shown: ListingPage| {
                let ListingPage { listings, total, page: current, per_page } = shown;
                if listings.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_listings}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {listings.into_iter().map(|listing| view! {
                            <li><Link href=format!("/listings/{}", listing.id) class="listing-link">
                                <ListingSummary listing/>
                            </Link></li>
                        }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

/// A post in a list: its first photo, product, kind, amount, price and place; its review
/// status when it is not (or no longer) on the board.
#[component]
pub fn ListingSummary(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let Listing {
        kind,
        status,
        product,
        quantity,
        unit,
        price,
        place,
        photos,
        ..
    } = listing;
    view! {
        <article class="listing-card">
            {photos.first().map(|hash| view! {
                <img class="listing-thumb" src=photo_url(hash) alt="" width="72" height="72" loading="lazy"/>
            })}
            <div class="listing-body">
                <header class="request-head">
                    <h2 class="request-item">{product}</h2>
                    <span class=if kind == ListingKind::Sell { "tag tag-ok" } else { "tag" }>
                        {move || i18n.lang().pick(kind.name_zh(), kind.name_en()).to_owned()}
                    </span>
                    {(status != ListingStatus::Approved).then(|| view! {
                        <span class="tag tag-warn">{move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}</span>
                    })}
                </header>
                <p class="job-facts">
                    <span>{quantity}" "{unit}</span>
                    <span class="job-pay">{price}</span>
                    <span>{place}</span>
                </p>
            </div>
        </article>
    }
}

/// The parts of a post below its summary: description, photos, dates, the reviewer's
/// reason and reports, and whom to call.
#[component]
pub fn ListingDetails(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let Listing {
        description,
        photos,
        posted_at,
        expires_on,
        review_note,
        reports,
        contact_name,
        contact_phone,
        ..
    } = listing;
    let posted_on = posted_at.chars().take(10).collect::<String>();
    view! {
        {(!description.is_empty()).then(|| view! { <p class="request-details">{description}</p> })}
        <PhotoStrip photos/>
        <p class="job-facts">
            <span>{move || i18n.portal().posted_on}" "{posted_on.clone()}</span>
            <span>{move || i18n.portal().shows_until}" "{expires_on.clone()}</span>
            {(reports > 0).then(|| view! { <span>{move || i18n.portal().reports_label}" "{reports}</span> })}
        </p>
        {review_note.map(|note| view! {
            <p class="event-reason">{move || i18n.portal().review_note_label}"："{note.clone()}</p>
        })}
        <p class="request-farmer">
            <span>{contact_name}</span>
            <a class="button secondary call" href=format!("tel:{contact_phone}")>{move || i18n.t().call}</a>
        </p>
    }
}

/// `/listings/:id`.
#[component]
pub fn ListingView() -> impl IntoView {
    let i18n = use_i18n();
    let id = number_param::<i64>("id");
    let listing = Answer::new(move || api::listing(id()));
    view! {
        <section class="listings">
            <Link href="/listings" class="more-link">{move || i18n.portal().listings_title}</Link>
            {loaded(listing, move |shown: Listing| {
                let on_board = shown.status == ListingStatus::Approved;
                let (id, mine) = (shown.id, shown.mine);
                view! {
                    <ListingSummary listing=shown.clone()/>
                    <ListingDetails listing=shown/>
                    {mine.then(|| view! { <TakeDown id changed=Callback::new(move |()| listing.refetch())/> })}
                    {(on_board && !mine).then(|| view! { <ReportForm id/> })}
                }
            })}
        </section>
    }
}

/// The poster's button that takes a waiting or showing post down.
#[component]
fn TakeDown(id: i64, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let take_down = move |_| {
        spawn_local(async move {
            match api::withdraw_listing(id).await {
                Ok(()) => {
                    done.set(true);
                    changed.run(());
                }
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    view! {
        {move || if done.get() {
            let withdrawn = ListingStatus::Withdrawn;
            view! {
                <p class="note" role="status">{move || i18n.lang().pick(withdrawn.name_zh(), withdrawn.name_en()).to_owned()}</p>
            }.into_any()
        } else {
            view! {
                <button type="button" class="button secondary" on:click=take_down>{move || i18n.portal().take_down}</button>
            }.into_any()
        }}
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
    }
}

/// A neighbour tells what is wrong with a post (signed in, once).
#[component]
fn ReportForm(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let send = Callback::new(move |()| {
        busy.set(true);
        error.set(None);
        let report = ListingReport {
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match api::report_listing(id, &report).await {
                Ok(()) => sent.set(true),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    });
    let signed_in = move || session.me.get().is_some();
    view! {
        {move || if sent.get() {
            view! { <p class="note" role="status">{move || i18n.portal().reported}</p> }.into_any()
        } else if !signed_in() {
            let href = format!("/login?next=/listings/{id}");
            view! { <Link href class="button secondary">{move || i18n.portal().sign_in_to_report}</Link> }.into_any()
        } else if open.get() {
            view! {
                <ReasonForm label=|t| t.report_reason confirm=|t| t.send_report reason busy on_confirm=send/>
            }.into_any()
        } else {
            view! {
                <button type="button" class="button secondary" on:click=move |_| open.set(true)>
                    {move || i18n.portal().report_listing}
                </button>
            }.into_any()
        }}
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
    }
}

/// `/listings/mine`.
#[component]
pub fn MyListings() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="listings">
            <h1 class="section-title">{move || i18n.portal().my_listings}</h1>
            <Link href="/listings/new" class="button">{move || i18n.portal().post_listing}</Link>
            <SignInFirst signed_in=|| view! { <MyListingList/> }/>
        </section>
    }
}

#[component]
fn MyListingList() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(0);
    let mine = Answer::new(move || api::my_listings(page.get()));
    let changed = Callback::new(move |()| mine.refetch());
    loaded(mine, move |shown: ListingPage| {
        let ListingPage {
            listings,
            total,
            page: current,
            per_page,
        } = shown;
        if listings.is_empty() {
            return view! { <p class="note">{move || i18n.portal().no_listings}</p> }.into_any();
        }
        view! {
            <ul class="listing-list">
                {listings.into_iter().map(|listing| {
                    let (id, open) = (listing.id, listing.status.is_open());
                    view! {
                        <li class="listing-item">
                            <ListingSummary listing=listing.clone()/>
                            <ListingDetails listing/>
                            {open.then(|| view! { <TakeDown id changed/> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Pager page current total per_page/>
        }
        .into_any()
    })
}
