//! 田间上报 (staff): the informant reports from the field — how a crop stands and its work
//! goes, or a pest, disease or disaster — kept on the phone first and sent when there is a
//! network, with photos and the phone's position (`/staff/incidents`); the township confirms, refuses or sends back
//! (`/staff/incidents/review`), where the county reads the confirmed ones.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::incident::{
    ConditionGrade, CropCondition, GrowthStage, Incident, IncidentKind, Location, NewCropCondition,
    NewIncident,
};
use yinong_model::listing::PHOTOS_PER_LISTING;
use yinong_model::review::ReviewStatus;
use yinong_model::sync::Capture;

use crate::api;
use crate::capture::{keep_draft, sent_list, use_outbox, Keeping, OutboxList};
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::photos::{PhotoPicker, PhotoStrip};
use crate::portal::current_position;
use crate::review::{published_label, review_queue};

/// `/staff/incidents`.
#[component]
pub fn ReportIncident() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let outbox = use_outbox();
    let (page, mine) = outbox.sent_page(api::my_incidents);
    let kind = RwSignal::new(IncidentKind::Pest);
    let crop = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let location = RwSignal::new(None::<Location>);
    let photos = RwSignal::new(Vec::<String>::new());
    let stage = RwSignal::new(GrowthStage::Seedling);
    let grade = RwSignal::new(ConditionGrade::First);
    let progress = RwSignal::new(String::new());
    let expected_yield = RwSignal::new(String::new());
    let grading = move || kind.get() == IncidentKind::CropCondition;
    let typed = move || NewIncident {
        kind: kind.get(),
        crop: crop.get(),
        description: description.get(),
        area_mu: area.get(),
        location: location.get(),
        photos: photos.get(),
        condition: grading().then(|| NewCropCondition {
            stage: stage.get(),
            grade: grade.get(),
            progress_percent: progress.get(),
            yield_jin_per_mu: expected_yield.get(),
        }),
    };
    let fill = move |report: NewIncident| {
        kind.set(report.kind);
        crop.set(report.crop);
        description.set(report.description);
        area.set(report.area_mu);
        location.set(report.location);
        photos.set(report.photos);
        let condition = report.condition.unwrap_or(NewCropCondition {
            stage: GrowthStage::Seedling,
            grade: ConditionGrade::First,
            progress_percent: String::new(),
            yield_jin_per_mu: String::new(),
        });
        stage.set(condition.stage);
        grade.set(condition.grade);
        progress.set(condition.progress_percent);
        expected_yield.set(condition.yield_jin_per_mu);
    };
    keep_draft(Capture::Incident, typed, fill);
    // A report sent back for correction fills the form again; sent, it is a new report.
    let correct = move |incident: Incident| {
        fill(NewIncident {
            kind: incident.kind,
            crop: incident.crop,
            description: incident.description,
            area_mu: incident.area_mu.unwrap_or_default(),
            location: incident.location,
            photos: incident.photos,
            condition: incident.condition.map(|condition| NewCropCondition {
                stage: condition.stage,
                grade: condition.grade,
                progress_percent: condition
                    .progress_percent
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                yield_jin_per_mu: condition
                    .yield_jin_per_mu
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            }),
        });
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let locating = RwSignal::new(false);
    let no_location = RwSignal::new(false);
    let locate = move |_| {
        locating.set(true);
        no_location.set(false);
        spawn_local(async move {
            match current_position().await {
                Some((latitude, longitude)) => {
                    location.set(Some(Location::from_degrees(latitude, longitude)))
                }
                None => no_location.set(true),
            }
            locating.set(false);
        });
    };
    let keeping = Keeping::with_outbox();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let report = typed();
        let summary = format!(
            "{} {} · {}",
            report.kind.name_zh(),
            report.crop.trim(),
            report
                .description
                .trim()
                .chars()
                .take(20)
                .collect::<String>()
        );
        keeping.keep(report, summary, move || {
            fill(NewIncident {
                kind: IncidentKind::Pest,
                crop: String::new(),
                description: String::new(),
                area_mu: String::new(),
                location: None,
                photos: Vec::new(),
                condition: None,
            })
        });
    };
    view! {
        <section class="incidents">
            <h1 class="section-title">{move || i18n.staff().incident_title}</h1>
            <form class="form incident-form" on:submit=submit>
                <p class="note">{move || i18n.staff().incident_note}</p>
                <fieldset class="choices">
                    <legend>{move || i18n.staff().incident_kind}</legend>
                    {IncidentKind::ALL.into_iter().map(|choice| view! {
                        <label class="choice">
                            <input type="radio" name="kind" prop:checked=move || kind.get() == choice
                                on:change=move |_| kind.set(choice)/>
                            {move || i18n.lang().pick(choice.name_zh(), choice.name_en()).to_owned()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label>
                    {move || if grading() { i18n.staff().incident_crop_plain } else { i18n.staff().incident_crop }}
                    <input type="text" name="crop" prop:value=crop on:input=move |e| crop.set(event_target_value(&e))/>
                </label>
                {move || grading().then(|| view! {
                    <label>
                        {move || i18n.staff().incident_stage}
                        <select name="stage" prop:value=move || stage.get().code()
                            on:change=move |e| {
                                if let Some(chosen) = GrowthStage::from_code(&event_target_value(&e)) {
                                    stage.set(chosen);
                                }
                            }>
                            {GrowthStage::ALL.iter().copied().map(|choice| view! {
                                <option value=choice.code() selected=move || stage.get() == choice>
                                    {move || i18n.lang().pick(choice.name_zh(), choice.name_en()).to_owned()}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                    <fieldset class="choices">
                        <legend>{move || i18n.staff().incident_grade}</legend>
                        {ConditionGrade::ALL.iter().copied().map(|choice| view! {
                            <label class="choice">
                                <input type="radio" name="grade" prop:checked=move || grade.get() == choice
                                    on:change=move |_| grade.set(choice)/>
                                {move || i18n.lang().pick(choice.name_zh(), choice.name_en()).to_owned()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field-pair">
                        <label>
                            {move || i18n.staff().incident_progress}
                            <input type="text" name="progress" inputmode="numeric" prop:value=progress
                                on:input=move |e| progress.set(event_target_value(&e))/>
                        </label>
                        <label>
                            {move || i18n.staff().incident_yield}
                            <input type="text" name="yield" inputmode="numeric" prop:value=expected_yield
                                on:input=move |e| expected_yield.set(event_target_value(&e))/>
                        </label>
                    </div>
                })}
                <label>
                    {move || i18n.staff().incident_description}
                    <textarea name="description" rows="4" maxlength="1000"
                        prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
                </label>
                <label>
                    {move || if grading() { i18n.staff().incident_area_plain } else { i18n.staff().incident_area }}
                    <input type="text" name="area" inputmode="decimal" prop:value=area on:input=move |e| area.set(event_target_value(&e))/>
                </label>
                <div class="incident-location">
                    <button type="button" class="button secondary" disabled=locating on:click=locate>
                        {move || i18n.staff().incident_locate}
                    </button>
                    {move || location.get().map(|place| view! {
                        <span class="incident-place">{move || i18n.staff().incident_located}{place.degrees()}</span>
                    })}
                    {move || no_location.get().then(|| view! { <p class="note">{move || i18n.staff().incident_no_location}</p> })}
                </div>
                <fieldset class="choices">
                    <legend>{move || i18n.portal().listing_photos}</legend>
                    <PhotoPicker photos max=PHOTOS_PER_LISTING outbox/>
                </fieldset>
                {keeping.messages()}
                <button type="submit" class="button" disabled=move || keeping.busy.get() || session.me.get().is_none()>
                    {move || i18n.staff().incident_submit}
                </button>
            </form>
            <OutboxList kind=Capture::Incident/>
            <h2 class="section-title">{move || i18n.staff().incident_mine}</h2>
            {sent_list(page, mine, "request queue-card", correct, |incident| view! { <IncidentSummary incident/> })}
        </section>
    }
}

/// A report as its reporter and its reviewers read it.
#[component]
fn IncidentSummary(incident: Incident) -> impl IntoView {
    let i18n = use_i18n();
    let Incident {
        kind,
        crop,
        description,
        area_mu,
        location,
        photos,
        condition,
        place,
        reporter_name,
        reported_at,
        status,
        review_note,
        ..
    } = incident;
    let when = reported_at
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    view! {
        <div class="incident">
            <p>
                <span class="tag tag-warn">{move || i18n.lang().pick(kind.name_zh(), kind.name_en()).to_owned()}</span>
                " "<strong>{crop}</strong>" "
                <span class=if status == ReviewStatus::Approved { "tag tag-ok" } else { "tag" }>
                    {move || i18n.lang().pick(status.name_zh(), status.name_en()).to_owned()}
                </span>
            </p>
            {condition.map(|condition| view! { <ConditionLine condition/> })}
            <p class="incident-description">{description}</p>
            {area_mu.map(|area| view! {
                <p class="event-meta">{move || i18n.staff().incident_area_label}{area.clone()}" "{move || i18n.staff().incident_mu}</p>
            })}
            {location.map(|place| view! {
                <p class="event-meta incident-place">{move || i18n.staff().incident_located}{place.degrees()}</p>
            })}
            <p class="event-meta">{place}" · "{reporter_name}" · "{when}</p>
            <PhotoStrip photos/>
            {review_note.map(|note| view! {
                <p class="event-reason">{move || i18n.portal().review_note_label}"："{note.clone()}</p>
            })}
        </div>
    }
}

/// A crop-condition report's stage and grade, and its progress and yield when given.
#[component]
fn ConditionLine(condition: CropCondition) -> impl IntoView {
    let i18n = use_i18n();
    let CropCondition {
        stage,
        grade,
        progress_percent,
        yield_jin_per_mu,
    } = condition;
    view! {
        <p class="incident-condition">
            {move || i18n.lang().pick(stage.name_zh(), stage.name_en()).to_owned()}" · "
            {move || i18n.lang().pick(grade.name_zh(), grade.name_en()).to_owned()}
            {progress_percent.map(|percent| view! {
                " · "{move || i18n.staff().incident_progress_label}{percent}"%"
            })}
            {yield_jin_per_mu.map(|jin| view! {
                " · "{move || i18n.staff().incident_yield_label}{jin}" "{move || i18n.staff().incident_jin_per_mu}
            })}
        </p>
    }
}

/// `/staff/incidents/review`: the township confirms, refuses or sends back its villages'
/// field reports, one by one or a page at once, and learns of new ones while it works.
#[component]
pub fn IncidentReview() -> impl IntoView {
    let i18n = use_i18n();
    review_queue(
        Capture::Incident.reviewed_at(),
        published_label,
        api::incident_queue,
        "incidents",
        move || i18n.staff().incident_review_title,
        move || i18n.staff().incident_none,
        |incident| view! { <IncidentSummary incident/> },
    )
}
