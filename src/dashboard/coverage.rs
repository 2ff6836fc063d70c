//! Coverage drill-down: a region's figures against its target for a period, and a table of
//! its children; a child's name opens it. The region and period live in the address
//! (`?region=…&period=…`), so the back button and a shared link both work.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use yinong_model::coverage::{Coverage, RegionCoverage};

use super::grouped;
use crate::api;
use crate::i18n::{use_i18n, TextOf};
use crate::shell::loaded;

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |share| format!("{:.1}%", share * 100.0))
}

fn dashboard_link(region: Option<&str>, period: &str) -> String {
    match region {
        Some(code) => format!("/staff/dashboard?region={code}&period={period}"),
        None => format!("/staff/dashboard?period={period}"),
    }
}

/// `start`: the region shown when the address names none (the account's own region).
#[component]
pub fn CoverageView(start: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let scope = start.clone();
    let region = move || query.read().get("region").or_else(|| start.clone());
    let period = move || query.read().get("period");
    let coverage = LocalResource::new(move || api::coverage(region(), period()));
    view! {
        <section class="coverage">
            <h2 class="section-title">{move || i18n.t().coverage_title}</h2>
            {loaded(coverage, move |coverage: Coverage| {
                let scope = scope.clone();
                view! { <CoverageReport coverage scope/> }
            })}
        </section>
    }
}

type Kpi = (TextOf, fn(&RegionCoverage) -> String);

const KPIS: [Kpi; 6] = [
    (|t| t.col_villages, |c| grouped(c.figures.villages)),
    (|t| t.kpi_covered, |c| grouped(c.figures.covered_villages)),
    (|t| t.col_coverage, |c| percent(c.figures.coverage())),
    (|t| t.kpi_operating, |c| grouped(c.figures.operating())),
    (
        |t| t.kpi_compliant,
        |c| grouped(c.figures.compliant_operating()),
    ),
    (|t| t.kpi_of_target, |c| percent(c.of_target())),
];

/// `scope`: the account's region; the breadcrumb starts there, not above what it may see.
#[component]
fn CoverageReport(coverage: Coverage, scope: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let period = coverage.period.clone();
    let here = coverage.code().map(|code| code.as_str().to_owned());
    let on_period = move |event| {
        let chosen = event_target_value(&event);
        navigate(
            &dashboard_link(here.as_deref(), &chosen),
            Default::default(),
        );
    };
    let crumbs = {
        let period = period.clone();
        let scope_len = scope.as_ref().map_or(0, String::len);
        let mut crumbs = Vec::new();
        if scope.is_none() {
            crumbs.push((dashboard_link(None, &period), None));
        }
        for region in coverage
            .path
            .iter()
            .filter(|r| r.code.as_str().len() >= scope_len)
        {
            let href = dashboard_link(Some(region.code.as_str()), &period);
            crumbs.push((href, Some(region.name.clone())));
        }
        crumbs
    };
    let summary = coverage.summary.clone();
    view! {
        <nav class="breadcrumb" aria-label="breadcrumb">
            {crumbs.into_iter().map(|(href, name)| view! {
                <A href=href attr:class="crumb">{move || name.clone().unwrap_or_else(|| i18n.t().nation.to_owned())}</A>
            }).collect_view()}
        </nav>
        <label class="period-picker">
            {move || i18n.t().period}
            <select name="period" on:change=on_period>
                {coverage.periods.iter().map(|option| view! {
                    <option value=option.clone() selected={*option == period}>{option.clone()}</option>
                }).collect_view()}
            </select>
        </label>
        <ul class="kpi-grid coverage-kpis">
            {KPIS.into_iter().map(|(label, value)| view! {
                <li class="kpi">
                    <span class="kpi-value">{value(&summary)}</span>
                    <span class="kpi-label">{move || label(i18n.t())}</span>
                </li>
            }).collect_view()}
        </ul>
        <ChildTable coverage/>
    }
}

#[component]
fn ChildTable(coverage: Coverage) -> impl IntoView {
    let i18n = use_i18n();
    let period = coverage.period.clone();
    let headers: [TextOf; 8] = [
        |t| t.col_region,
        |t| t.col_villages,
        |t| t.col_covered,
        |t| t.col_coverage,
        |t| t.col_poverty,
        |t| t.col_stations,
        |t| t.col_due,
        |t| t.col_of_target,
    ];
    let rows = coverage
        .children
        .into_iter()
        .map(|child| {
            let region = child.region.clone().expect("children are regions");
            // Villages have no children to drill into.
            let name = if region.code.as_str().len() < 12 {
                let href = dashboard_link(Some(region.code.as_str()), &period);
                view! { <A href=href>{region.name.clone()}</A> }.into_any()
            } else {
                view! { <span>{region.name.clone()}</span> }.into_any()
            };
            let due = child
                .stations_due
                .as_ref()
                .map_or_else(|| "—".to_owned(), |due| grouped(due.value.round() as i64));
            view! {
                <tr class="child-row" data-code=region.code.as_str().to_owned()>
                    <th scope="row">{name}</th>
                    <td>{grouped(child.figures.villages)}</td>
                    <td>{grouped(child.figures.covered_villages)}</td>
                    <td>{percent(child.figures.coverage())}</td>
                    <td>{percent(child.figures.poverty_coverage())}</td>
                    <td>{grouped(child.stations_at_period_end)}</td>
                    <td>{due}</td>
                    <td>{percent(child.of_target())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="coverage-table">
                <thead>
                    <tr>{headers.into_iter().map(|h| view! { <th scope="col">{move || h(i18n.t())}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
