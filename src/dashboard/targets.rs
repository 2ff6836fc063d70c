//! Setting a region's target for a period (county administrators and system
//! administrators; the server checks and records each change in the audit log). What was
//! typed stays when the server refuses it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::target::{TargetChange, TargetMetric};

use crate::api;
use crate::i18n::{use_i18n, StaffTextOf};

/// The metrics a person sets by hand, with their labels.
const METRICS: [(TargetMetric, StaffTextOf); 4] = [
    (TargetMetric::StationsTotal, |t| t.metric_stations_total),
    (TargetMetric::StationsAdded, |t| t.metric_stations_added),
    (TargetMetric::CoverageRatio, |t| t.metric_coverage_ratio),
    (TargetMetric::AppUsers, |t| t.metric_app_users),
];

/// `saved` outlives the editor: saving reloads the report, which draws a new editor, and
/// that one still shows (open) that this region's target for this period was saved.
#[component]
pub fn TargetEditor(
    region: String,
    period: String,
    saved: RwSignal<Option<(String, String)>>,
    #[prop(into)] on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let this_target = (region.clone(), period.clone());
    let open = saved.with_untracked(|saved| saved.as_ref() == Some(&this_target));
    let was_saved = move || saved.with(|saved| saved.as_ref() == Some(&this_target));
    let metric = RwSignal::new(TargetMetric::StationsTotal);
    let value = RwSignal::new(String::new());
    let basis = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let submit = {
        let period = period.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let t = i18n.staff();
            let Ok(number) = value.get_untracked().trim().parse::<f64>() else {
                message.set(Some((false, t.target_value_needed.to_owned())));
                return;
            };
            let basis_villages = match basis.get_untracked().trim() {
                "" => None,
                text => match text.parse::<i64>() {
                    Ok(villages) => Some(villages),
                    Err(_) => {
                        message.set(Some((false, t.target_basis_needed.to_owned())));
                        return;
                    }
                },
            };
            let change = TargetChange {
                period: period.clone(),
                metric: metric.get_untracked(),
                value: number,
                basis_villages,
                source: source.get_untracked(),
            };
            if let Some(problem) = change.problem() {
                message.set(Some((false, problem)));
                return;
            }
            let region = region.clone();
            saved.set(None);
            spawn_local(async move {
                match api::set_target(&region, &change).await {
                    Ok(_) => {
                        message.set(None);
                        saved.set(Some((region, change.period)));
                        on_saved.run(());
                    }
                    Err(failure) => message.set(Some((false, failure.message_zh()))),
                }
            });
        }
    };
    view! {
        <details class="target-editor" open=open>
            <summary>{move || i18n.staff().target_edit}" · "{period.clone()}</summary>
            <form class="form" on:submit=submit>
                <label>
                    {move || i18n.staff().target_metric}
                    <select name="metric" on:change=move |e| {
                        if let Some(chosen) = TargetMetric::from_code(&event_target_value(&e)) {
                            metric.set(chosen);
                        }
                    }>
                        {METRICS.into_iter().map(|(option, label)| view! {
                            <option value=option.code() selected=move || metric.get() == option>
                                {move || label(i18n.staff())}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.staff().target_value}
                    <input name="value" inputmode="decimal" prop:value=value on:input=move |e| value.set(event_target_value(&e))/>
                </label>
                <label>{move || i18n.staff().target_basis}
                    <input name="basis" inputmode="numeric" prop:value=basis on:input=move |e| basis.set(event_target_value(&e))/>
                </label>
                <label>{move || i18n.staff().target_source}
                    <input name="source" maxlength="200" prop:value=source on:input=move |e| source.set(event_target_value(&e))/>
                </label>
                {move || message.get().or_else(|| {
                    was_saved().then(|| (true, i18n.staff().target_saved.to_owned()))
                }).map(|(ok, text)| view! {
                    <p class=if ok { "form-ok" } else { "form-error" } role=if ok { "status" } else { "alert" }>{text}</p>
                })}
                <button type="submit" class="button">{move || i18n.staff().save}</button>
            </form>
        </details>
    }
}
