//! The informant's price reports (`/staff/prices`: report today's price, see each one's
//! review) and the township's review of them (`/staff/prices/review`).

use leptos::prelude::*;
use yinong_model::price::{yuan, NewPriceReport, PriceReport, ReviewStatus, PHOTOS_PER_REPORT};
use yinong_model::sync::Capture;

use crate::api;
use crate::capture::{keep_draft, sent_list, today, use_outbox, Keeping, OutboxList};
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::photos::{PhotoPicker, PhotoStrip};
use crate::review::{published_label, review_queue};
use crate::shell::labelled_input;

/// A report as a line: product, price, market, day, and who reported it from where.
#[component]
fn ReportSummary(report: PriceReport) -> impl IntoView {
    let i18n = use_i18n();
    let PriceReport {
        product,
        grade,
        unit,
        price_fen,
        market,
        observed_on,
        place,
        reporter_name,
        status,
        review_note,
        photos,
        ..
    } = report;
    view! {
        <header class="request-head">
            <h2 class="request-item">{product}" "{grade}</h2>
            <span class=if status == ReviewStatus::Approved { "tag tag-ok" } else { "tag tag-warn" }>
                {move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}
            </span>
        </header>
        <p class="price-line">
            <span class="price-now">{yuan(price_fen)}" "{move || i18n.portal().yuan_per}{unit}</span>
        </p>
        <p class="job-facts">
            <span>{market}</span>
            <span>{observed_on}</span>
            <span>{reporter_name}</span>
            <span>{place}</span>
        </p>
        <PhotoStrip photos/>
        {review_note.map(|note| view! {
            <p class="event-reason">{move || i18n.portal().review_note_label}"："{note.clone()}</p>
        })}
    }
}

/// `/staff/prices`: the informant reports a price — kept on the phone first and sent when
/// there is a network — and follows their reports.
#[component]
pub fn PriceReports() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let outbox = use_outbox();
    let (page, mine) = outbox.sent_page(api::my_price_reports);
    let empty = NewPriceReport {
        product: String::new(),
        grade: String::new(),
        unit: "斤".to_owned(),
        price: String::new(),
        market: String::new(),
        observed_on: today(),
        photos: Vec::new(),
    };
    let product = RwSignal::new(empty.product.clone());
    let grade = RwSignal::new(empty.grade.clone());
    let unit = RwSignal::new(empty.unit.clone());
    let price = RwSignal::new(empty.price.clone());
    let market = RwSignal::new(empty.market.clone());
    let observed_on = RwSignal::new(empty.observed_on.clone());
    let photos = RwSignal::new(Vec::<String>::new());
    let typed = move || NewPriceReport {
        product: product.get(),
        grade: grade.get(),
        unit: unit.get(),
        price: price.get(),
        market: market.get(),
        observed_on: observed_on.get(),
        photos: photos.get(),
    };
    let owner = move || session.me.get().map(|me| me.id);
    keep_draft(Capture::Price, typed, move |draft: NewPriceReport| {
        product.set(draft.product);
        grade.set(draft.grade);
        unit.set(draft.unit);
        price.set(draft.price);
        market.set(draft.market);
        photos.set(draft.photos);
    });
    // A report sent back for correction fills the form again; sent, it is a new report.
    let correct = move |report: PriceReport| {
        product.set(report.product);
        grade.set(report.grade);
        unit.set(report.unit);
        price.set(yuan(report.price_fen));
        market.set(report.market);
        observed_on.set(report.observed_on);
        photos.set(report.photos);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let keeping = Keeping::with_outbox();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let report = typed();
        let summary = format!(
            "{} {} {}{}{} · {} · {}",
            report.product.trim(),
            report.grade.trim(),
            report.price.trim(),
            i18n.portal().yuan_per,
            report.unit.trim(),
            report.market.trim(),
            report.observed_on
        );
        keeping.keep(report, summary, move || {
            // The next product at the same market on the same day is the usual next report.
            product.set(String::new());
            grade.set(String::new());
            price.set(String::new());
            photos.set(Vec::new());
        });
    };
    view! {
        <section class="prices">
            <h1 class="section-title">{move || i18n.portal().report_prices_title}</h1>
            <form class="form price-form" on:submit=submit>
                <p class="note">{move || i18n.portal().report_prices_note}</p>
                {labelled_input(|t| t.listing_product, "product", product, "text")}
                {labelled_input(|t| t.price_grade, "grade", grade, "text")}
                <div class="field-pair">
                    {labelled_input(|t| t.price_yuan, "price", price, "text")}
                    {labelled_input(|t| t.listing_unit, "unit", unit, "text")}
                </div>
                {labelled_input(|t| t.price_market, "market", market, "text")}
                {labelled_input(|t| t.observed_on, "observed_on", observed_on, "date")}
                <PhotoPicker photos max=PHOTOS_PER_REPORT outbox/>
                {keeping.messages()}
                <button type="submit" class="button" disabled=move || keeping.busy.get() || owner().is_none()>
                    {move || i18n.portal().send_price}
                </button>
            </form>
            {move || session.offline.get().then(|| view! {
                <p class="note" role="status">{move || i18n.staff().outbox_offline}</p>
            })}
            <OutboxList kind=Capture::Price/>
            <h2 class="section-title">{move || i18n.portal().my_price_reports}</h2>
            {sent_list(page, mine, "request queue-card", correct, |report| view! { <ReportSummary report/> })}
        </section>
    }
}

/// `/staff/prices/review`: the township approves or refuses the reports of its villages,
/// one by one or a page at once, and learns of new ones while it works.
#[component]
pub fn PriceReview() -> impl IntoView {
    let i18n = use_i18n();
    review_queue(
        Capture::Price.reviewed_at(),
        published_label,
        api::price_report_queue,
        "prices",
        move || i18n.portal().review_prices_title,
        move || i18n.portal().no_prices,
        |report| view! { <ReportSummary report/> },
    )
}
