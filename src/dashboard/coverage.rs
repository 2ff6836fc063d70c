//! Coverage drill-down: a region's figures against its target for a period, a map and
//! charts of its children, a sortable table of them (a child's name or area opens it), the
//! downloads, and the gap planner. The region and period live in the address
//! (`?region=…&period=…`), so the back button and a shared link both work.

use crate::answer::Answer;
use std::cmp::Ordering;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use yinong_model::coverage::{share_text, Coverage, Forecast, RegionCoverage};
use yinong_model::region::RegionLevel;

use super::charts;
use super::echarts::{ChartSpec, EChart, MapShapes};
use super::gaps::GapPlanner;
use super::grouped;
use super::targets::TargetEditor;
use crate::api;
use crate::context::use_session;
use crate::i18n::{use_i18n, StaffTextOf, StaffTexts};
use crate::shell::loaded;

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
    let coverage = Answer::new(move || api::coverage(region(), period()));
    let saved_target = RwSignal::new(None);
    view! {
        <section class="coverage">
            <h2 class="section-title">{move || i18n.staff().coverage_title}</h2>
            {loaded(coverage, move |answer: Coverage| {
                let scope = scope.clone();
                let reload = Callback::new(move |()| coverage.refetch());
                view! { <CoverageReport coverage=answer scope reload saved_target/> }
            })}
        </section>
    }
}

type Kpi = (StaffTextOf, fn(&RegionCoverage) -> String);

const KPIS: [Kpi; 9] = [
    (|t| t.col_villages, |c| grouped(c.figures.villages)),
    (|t| t.kpi_covered, |c| grouped(c.figures.covered_villages)),
    (|t| t.col_coverage, |c| share_text(c.figures.coverage())),
    (|t| t.kpi_operating, |c| grouped(c.figures.operating())),
    (
        |t| t.kpi_compliant,
        |c| grouped(c.figures.compliant_operating()),
    ),
    (|t| t.kpi_of_target, |c| share_text(c.of_target())),
    (|t| t.kpi_farmers, |c| grouped(c.figures.farmers)),
    (
        |t| t.kpi_active_farmers,
        |c| grouped(c.figures.active_farmers),
    ),
    (
        |t| t.kpi_users_of_target,
        |c| share_text(c.users_of_target()),
    ),
];

/// `scope`: the account's region; the breadcrumb starts there, not above what it may see.
#[component]
fn CoverageReport(
    coverage: Coverage,
    scope: Option<String>,
    reload: Callback<()>,
    saved_target: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let period = coverage.period.clone();
    let here = coverage.code().map(|code| code.as_str().to_owned());
    let on_period = {
        let here = here.clone();
        let navigate = navigate.clone();
        move |event| {
            let chosen = event_target_value(&event);
            navigate(
                &dashboard_link(here.as_deref(), &chosen),
                Default::default(),
            );
        }
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
    let table_url = {
        let base = here.as_ref().map_or_else(
            || "/api/coverage/table".to_owned(),
            |code| format!("/api/coverage/{code}/table"),
        );
        move |format: &str| format!("{base}?period={period}&format={format}")
    };
    let summary = coverage.summary.clone();
    // "2026-12-06T17:35:12+08:00" shows as "2026-12-06 17:35".
    let computed_at = coverage
        .computed_at
        .get(..16)
        .unwrap_or_default()
        .replace('T', " ");
    // The server decides; the form is offered to those whose role may set targets.
    let may_set_targets = session
        .me
        .get_untracked()
        .is_some_and(|me| me.role.manages_stations());
    let target_editor = here.clone().filter(|_| may_set_targets).map(|code| {
        let period = coverage.period.clone();
        view! { <TargetEditor region=code period saved=saved_target on_saved=reload/> }
    });
    let gap_planner = here.clone().map(|code| {
        let period = coverage.period.clone();
        view! { <GapPlanner region=code period/> }
    });
    view! {
        <nav class="breadcrumb" aria-label="breadcrumb">
            {crumbs.into_iter().map(|(href, name)| view! {
                <A href=href attr:class="crumb">{move || name.clone().unwrap_or_else(|| i18n.staff().nation.to_owned())}</A>
            }).collect_view()}
        </nav>
        <div class="coverage-tools">
            <label class="period-picker">
                {move || i18n.staff().period}
                <select name="period" on:change=on_period>
                    {coverage.periods.iter().map(|option| view! {
                        <option value=option.clone() selected={*option == coverage.period}>{option.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <span class="computed-at">{move || i18n.staff().computed_at}" "{computed_at.clone()}</span>
            <a class="button-link export" href=table_url("csv") download>{move || i18n.staff().export_csv}</a>
            <a class="button-link export" href=table_url("xlsx") download>{move || i18n.staff().export_xlsx}</a>
        </div>
        {target_editor}
        {here.clone().map(|code| view! {
            <A href=format!("/staff/stations?region={code}") attr:class="button-link">{move || i18n.staff().stations_link}</A>
        })}
        {here.clone().filter(|code| {
            [RegionLevel::City, RegionLevel::Province].iter().any(|level| code.len() == level.code_len())
        }).map(|_| {
            let decides = move || session.me.get().is_some_and(|me| me.role.confirms_filings());
            view! {
                <Show when=decides>
                    <A href="/staff/progress" attr:class="button-link">{move || i18n.staff().progress_title}</A>
                </Show>
            }
        })}
        {here.clone().filter(|code| code.len() == RegionLevel::County.code_len()).map(|code| {
            let oversees = move || session.me.get().is_some_and(|me| me.role.oversees_county());
            view! {
                <Show when=oversees>
                    <A href=format!("/staff/experts?county={code}") attr:class="button-link">{move || i18n.staff().answer_times_title}</A>
                    <A href=format!("/staff/operators?county={code}") attr:class="button-link">{move || i18n.staff().operators_title}</A>
                </Show>
            }
        })}
        <ul class="kpi-grid coverage-kpis">
            {KPIS.into_iter().map(|(label, value)| view! {
                <li class="kpi">
                    <span class="kpi-value">{value(&summary)}</span>
                    <span class="kpi-label">{move || label(i18n.staff())}</span>
                </li>
            }).collect_view()}
        </ul>
        <Charts coverage=coverage.clone()/>
        <ChildTable coverage reload may_flag=may_set_targets/>
        {gap_planner}
    }
}

/// The map (where the children have boundaries) and the charts.
#[component]
fn Charts(coverage: Coverage) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let period = coverage.period.clone();
    // Boundaries exist for provinces, cities and counties; below, the table serves.
    let map = match coverage.code() {
        None => Some(MapShapes {
            name: "yinong-china".into(),
            url: "/api/shapes".into(),
        }),
        Some(code) if code.level() < RegionLevel::County => Some(MapShapes {
            name: format!("yinong-{code}"),
            url: format!("/api/shapes/{code}"),
        }),
        Some(_) => None,
    };
    let coverage = StoredValue::new(coverage);
    let chart = move |build: fn(&Coverage, &StaffTexts) -> ChartSpec| {
        Signal::derive(move || coverage.with_value(|c| build(c, i18n.staff())))
    };
    let map_view = map.map(|map| {
        let spec = Signal::derive(move || {
            coverage.with_value(|c| charts::coverage_map(c, map.clone(), i18n.staff()))
        });
        let on_pick = Callback::new(move |code: String| {
            navigate(&dashboard_link(Some(&code), &period), Default::default());
        });
        view! { <EChart label=i18n.staff().chart_map.to_owned() spec on_pick/> }
    });
    let type_mix = Signal::derive(move || {
        coverage.with_value(|c| charts::type_mix(c, i18n.lang(), i18n.staff()))
    });
    let t = i18n.staff();
    view! {
        <div class="charts">
            {map_view}
            <EChart label=t.chart_target.to_owned() spec=chart(charts::target_vs_actual)/>
            <EChart label=t.chart_cumulative.to_owned() spec=chart(charts::cumulative)/>
            <EChart label=t.chart_types.to_owned() spec=type_mix/>
            <EChart label=t.chart_poverty.to_owned() spec=chart(charts::poverty_vs_other)/>
            <EChart label=t.chart_services.to_owned() spec=chart(charts::services)/>
            <EChart label=t.chart_informants.to_owned() spec=chart(charts::informants)/>
        </div>
    }
}

/// One column of the children's table: its heading, what it shows, and how it sorts.
struct Column {
    heading: StaffTextOf,
    show: fn(&RegionCoverage, &StaffTexts) -> String,
    order: fn(&RegionCoverage, &RegionCoverage) -> Ordering,
}

fn by<K: PartialOrd>(
    key: fn(&RegionCoverage) -> K,
) -> impl Fn(&RegionCoverage, &RegionCoverage) -> Ordering {
    move |a, b| key(a).partial_cmp(&key(b)).unwrap_or(Ordering::Equal)
}

fn due_of(c: &RegionCoverage) -> Option<f64> {
    c.stations_due.as_ref().map(|due| due.value)
}

/// The village count the target was set against (villages merge; today's is beside it).
fn basis_of(c: &RegionCoverage) -> Option<i64> {
    c.stations_due.as_ref().and_then(|due| due.basis_villages)
}

/// Sorts forecasts by when: met first (earliest), then expected, then stalled, then none.
fn forecast_rank(c: &RegionCoverage) -> (u8, String) {
    match &c.forecast {
        Some(Forecast::Met(month)) => (0, month.clone()),
        Some(Forecast::Expected(month)) => (1, month.clone()),
        Some(Forecast::Stalled) => (2, String::new()),
        None => (3, String::new()),
    }
}

pub(super) fn forecast_text(c: &RegionCoverage, t: &StaffTexts) -> String {
    match &c.forecast {
        Some(Forecast::Met(month)) => format!("{} {month}", t.forecast_met),
        Some(Forecast::Expected(month)) => format!("{} {month}", t.forecast_expected),
        Some(Forecast::Stalled) => t.forecast_stalled.to_owned(),
        None => "—".to_owned(),
    }
}

fn columns() -> [Column; 11] {
    [
        Column {
            heading: |t| t.col_region,
            show: |_, _| String::new(),
            order: |a, b| {
                let code = |c: &RegionCoverage| c.region.as_ref().map(|r| r.code.clone());
                code(a).cmp(&code(b))
            },
        },
        Column {
            heading: |t| t.col_villages,
            show: |c, _| grouped(c.figures.villages),
            order: |a, b| by(|c| c.figures.villages)(a, b),
        },
        Column {
            heading: |t| t.col_covered,
            show: |c, _| grouped(c.figures.covered_villages),
            order: |a, b| by(|c| c.figures.covered_villages)(a, b),
        },
        Column {
            heading: |t| t.col_coverage,
            show: |c, _| share_text(c.figures.coverage()),
            order: |a, b| by(|c| c.figures.coverage())(a, b),
        },
        Column {
            heading: |t| t.col_poverty,
            show: |c, _| share_text(c.figures.poverty_coverage()),
            order: |a, b| by(|c| c.figures.poverty_coverage())(a, b),
        },
        Column {
            heading: |t| t.col_stations,
            show: |c, _| grouped(c.stations_at_period_end),
            order: |a, b| by(|c| c.stations_at_period_end)(a, b),
        },
        Column {
            heading: |t| t.col_due,
            show: |c, _| {
                due_of(c).map_or_else(|| "—".to_owned(), |due| grouped(due.round() as i64))
            },
            order: |a, b| by(due_of)(a, b),
        },
        Column {
            heading: |t| t.col_basis,
            show: |c, _| basis_of(c).map_or_else(|| "—".to_owned(), grouped),
            order: |a, b| by(basis_of)(a, b),
        },
        Column {
            heading: |t| t.col_of_target,
            show: |c, _| share_text(c.of_target()),
            order: |a, b| by(|c| c.of_target())(a, b),
        },
        Column {
            heading: |t| t.col_farmers,
            show: |c, _| grouped(c.figures.farmers),
            order: |a, b| by(|c| c.figures.farmers)(a, b),
        },
        Column {
            heading: |t| t.col_forecast,
            show: forecast_text,
            order: |a, b| forecast_rank(a).cmp(&forecast_rank(b)),
        },
    ]
}

/// The children, sortable by any column (a second click reverses).
#[component]
fn ChildTable(coverage: Coverage, reload: Callback<()>, may_flag: bool) -> impl IntoView {
    let i18n = use_i18n();
    let flag_failed = RwSignal::new(None::<String>);
    let period = coverage.period.clone();
    let children = StoredValue::new(coverage.children);
    // (column, descending); the table starts in code order.
    let sort = RwSignal::new((0usize, false));
    let headers = columns()
        .into_iter()
        .enumerate()
        .map(|(index, column)| {
            let state = move || match sort.get() {
                (sorted, false) if sorted == index => "ascending",
                (sorted, true) if sorted == index => "descending",
                _ => "none",
            };
            let heading = column.heading;
            view! {
                <th scope="col" aria-sort=state>
                    <button type="button" class="sort" on:click=move |_| {
                        sort.update(|(sorted, descending)| {
                            *descending = *sorted == index && !*descending;
                            *sorted = index;
                        });
                    }>{move || heading(i18n.staff())}</button>
                </th>
            }
        })
        .collect_view();
    let rows = move || {
        let (sorted, descending) = sort.get();
        let columns = columns();
        let mut rows = children.get_value();
        rows.sort_by(|a, b| {
            let order = (columns[sorted].order)(a, b);
            if descending {
                order.reverse()
            } else {
                order
            }
        });
        let t = i18n.staff();
        rows.into_iter()
            .map(|child| {
                let region = child.region.clone().expect("children are regions");
                // Villages have no children to drill into.
                let name = if region.code.level() < RegionLevel::Village {
                    let href = dashboard_link(Some(region.code.as_str()), &period);
                    view! { <A href=href>{region.name.clone()}</A> }.into_any()
                } else if may_flag {
                    // The county marks its poverty villages here; the figures reload with it.
                    let poverty = child.figures.poverty_villages > 0;
                    let code = region.code.as_str().to_owned();
                    let flip = move |_| {
                        let code = code.clone();
                        leptos::task::spawn_local(async move {
                            match api::set_poverty(&code, !poverty).await {
                                Ok(()) => reload.run(()),
                                Err(failure) => flag_failed.set(Some(failure.message_zh())),
                            }
                        });
                    };
                    view! {
                        <span>{region.name.clone()}</span>
                        <label class="poverty-flag">
                            <input type="checkbox" checked=poverty on:change=flip/>
                            {t.poverty_mark}
                        </label>
                    }
                    .into_any()
                } else {
                    view! { <span>{region.name.clone()}</span> }.into_any()
                };
                let cells = columns[1..]
                    .iter()
                    .map(|column| view! { <td>{(column.show)(&child, t)}</td> })
                    .collect_view();
                view! {
                    <tr class="child-row" data-code=region.code.as_str().to_owned()>
                        <th scope="row">{name}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        {move || flag_failed.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        <div class="table-scroll">
            <table class="coverage-table">
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
