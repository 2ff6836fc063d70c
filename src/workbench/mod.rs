//! The workbench: the informant's standing (上岗资格) and queue of farmers' 代办 and 代购
//! requests; the review of 供求 posts; market prices, village news and field reports of
//! pests, diseases and disasters written and reviewed; the expert's 12316 questions; for administrators, publishing notices and
//! warnings and overseeing the informants; operators' contracts (the county's, or an
//! operator's own) and farmers' complaints.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use yinong_model::account::Role;

use crate::context::use_session;
use crate::group_training::organises_training;
use crate::i18n::use_i18n;
use crate::qualification::QualificationBadge;
use crate::requests::RequestQueue;
use crate::shell::{Link, Loading};

#[component]
pub fn Workbench() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = move || session.me.get().map(|me| me.role);
    let organises = organises_training();
    view! {
        <section class="workbench">
            <h1 class="section-title">{move || i18n.staff().workbench_title}</h1>
            <p class="note">{move || i18n.staff().workbench_body}</p>
            {move || role().is_some_and(|role| role.reports_from_village()).then(|| view! { <QualificationBadge/> })}
            {move || role().is_some_and(|role| role.publishes_bulletins()).then(|| view! {
                <Link href="/staff/bulletins" class="button">{move || i18n.portal().publish_title}</Link>
            })}
            {move || role().is_some_and(|role| role.reports_from_village()).then(|| view! {
                <Link href="/staff/prices" class="button">{move || i18n.portal().report_prices_title}</Link>
                <Link href="/staff/news" class="button">{move || i18n.portal().write_news_title}</Link>
                <Link href="/staff/incidents" class="button">{move || i18n.staff().incident_title}</Link>
                <Link href="/staff/listings/for-farmer" class="button">{move || i18n.staff().for_farmer_title}</Link>
                <Link href="/staff/jobs/for-farmer" class="button">{move || i18n.staff().job_for_farmer_title}</Link>
            })}
            {move || role().is_some_and(|role| role.reviews_reports()).then(|| view! {
                <Link href="/staff/prices/review" class="button">{move || i18n.portal().review_prices_title}</Link>
                <Link href="/staff/news/review" class="button">{move || i18n.portal().review_news_title}</Link>
                <Link href="/staff/incidents/review" class="button">{move || i18n.staff().incident_review_title}</Link>
            })}
            {move || role().is_some_and(|role| role.manages_informants()).then(|| view! {
                <Link href="/staff/informants" class="button">{move || i18n.staff().informants_title}</Link>
                <Link href="/staff/assessment" class="button">{move || i18n.staff().assessment_title}</Link>
            })}
            {move || (organises() || role().is_some_and(|role| role.reports_from_village())).then(|| view! {
                <Link href="/staff/group-training" class="button">{move || i18n.portal().group_training_title}</Link>
            })}
            {move || role().is_some_and(|role| role.files_stations()).then(|| view! {
                <Link href="/staff/progress" class="button">{move || i18n.staff().progress_title}</Link>
            })}
            {move || role().is_some_and(|role| role.oversees_county()).then(|| view! {
                <Link href="/staff/experts" class="button">{move || i18n.staff().answer_times_title}</Link>
            })}
            {move || role().is_some_and(|role| role.oversees_county() || role == Role::Operator).then(|| view! {
                <Link href="/staff/operators" class="button">{move || i18n.staff().operators_title}</Link>
            })}
            {move || role().is_some_and(|role| role.manages_stations()).then(|| view! {
                <Link href="/staff/complaints" class="button">{move || i18n.staff().complaint_queue_title}</Link>
            })}
            {move || role().is_some_and(|role| role.answers_questions()).then(|| view! {
                <Link href="/staff/questions" class="button">{move || i18n.portal().expert_queue_title}</Link>
            })}
            {move || role().is_some_and(|role| role.reviews_listings()).then(|| view! {
                <Link href="/staff/listings" class="button">{move || i18n.portal().review_title}</Link>
            })}
            {move || role().is_some_and(|role| role.serves_requests()).then(|| view! {
                <Link href="/staff/service-log" class="button">{move || i18n.staff().service_log_title}</Link>
                <RequestQueue/>
            })}
        </section>
    }
}

/// `/staff`: sign in first; then those who capture or review land on the workbench and
/// those who only watch go to the dashboard.
#[component]
pub fn StaffHome() -> impl IntoView {
    let session = use_session();
    move || {
        if !session.known.get() {
            return view! { <Loading/> }.into_any();
        }
        match session.me.get().map(|me| me.role) {
            None => view! { <Redirect path="/staff/login"/> }.into_any(),
            Some(role) if role.uses_workbench() => view! { <Workbench/> }.into_any(),
            Some(_) => view! { <Redirect path="/staff/dashboard"/> }.into_any(),
        }
    }
}
