//! The dashboard's chart options, built with charming from a coverage answer. Each function
//! returns the ECharts option for one chart; `super::echarts` draws it.

use charming::component::{Axis, Grid, Legend, VisualMap, VisualMapPiece};
use charming::element::{AxisLabel, AxisType, Orient, Tooltip, Trigger};
use charming::series::{Bar, Line};
use charming::Chart;
use serde_json::json;
use yinong_model::coverage::Coverage;
use yinong_model::service::ServiceKind;
use yinong_model::station::StationType;

use super::echarts::{ChartSpec, MapShapes};
use crate::i18n::{Lang, StaffTexts};

/// The programme's green, then colours that stay apart in grey print.
const COLORS: [&str; 4] = ["#15803d", "#f59e0b", "#2563eb", "#9ca3af"];

/// Coverage classes of the map's legend, in per cent.
const CLASSES: [(f64, f64, &str); 4] = [
    (0.0, 50.0, "#fee2e2"),
    (50.0, 70.0, "#fde68a"),
    (70.0, 85.0, "#86efac"),
    (85.0, 100.1, "#15803d"),
];

fn spec(chart: Chart) -> ChartSpec {
    ChartSpec {
        option: chart.to_string(),
        map: None,
    }
}

/// Category charts: a grid that keeps long region names inside, an axis tooltip, a legend.
/// Region names are all shown (slanted); months are thinned out by ECharts.
fn category_chart(categories: Vec<String>) -> Chart {
    let label = AxisLabel::new().interval(0).rotate(30);
    category_chart_labelled(categories, label)
}

fn category_chart_labelled(categories: Vec<String>, label: AxisLabel) -> Chart {
    Chart::new()
        .color(COLORS.to_vec())
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(
            Grid::new()
                .left(8)
                .right(8)
                .bottom(8)
                .top(36)
                .contain_label(true),
        )
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .axis_label(label)
                .data(categories),
        )
        .y_axis(Axis::new().type_(AxisType::Value))
}

fn percent(share: Option<f64>) -> Option<f64> {
    share.map(|s| (s * 1000.0).round() / 10.0)
}

fn child_names(coverage: &Coverage) -> Vec<String> {
    coverage
        .children
        .iter()
        .map(|c| {
            c.region
                .as_ref()
                .map_or_else(String::new, |r| r.name.clone())
        })
        .collect()
}

/// Stations in operation at the period's end against the stations due, per child region.
pub fn target_vs_actual(coverage: &Coverage, t: &StaffTexts) -> ChartSpec {
    let actual: Vec<i64> = coverage
        .children
        .iter()
        .map(|c| c.stations_at_period_end)
        .collect();
    let due: Vec<Option<f64>> = coverage
        .children
        .iter()
        .map(|c| c.stations_due.as_ref().map(|d| d.value.round()))
        .collect();
    spec(
        category_chart(child_names(coverage))
            .series(Bar::new().name(t.series_actual).data(actual))
            .series(Bar::new().name(t.series_target).data(due)),
    )
}

/// Operating stations month by month, with each period's target at the period's end.
pub fn cumulative(coverage: &Coverage, t: &StaffTexts) -> ChartSpec {
    let mut months: Vec<String> = coverage.series.iter().map(|p| p.month.clone()).collect();
    months.extend(coverage.period_targets.iter().map(|p| p.end_month.clone()));
    months.sort();
    months.dedup();
    let mut stations = Vec::with_capacity(months.len());
    let mut last = None;
    for month in &months {
        if let Some(point) = coverage.series.iter().find(|p| &p.month == month) {
            last = Some(point.stations);
        }
        stations.push(last);
    }
    let targets: Vec<Option<f64>> = months
        .iter()
        .map(|month| {
            coverage
                .period_targets
                .iter()
                .find(|p| &p.end_month == month)
                .map(|p| p.stations_due.round())
        })
        .collect();
    spec(
        category_chart_labelled(months, AxisLabel::new())
            .series(
                Line::new()
                    .name(t.series_operating)
                    .show_symbol(false)
                    .data(stations),
            )
            .series(
                Line::new()
                    .name(t.series_target)
                    .symbol_size(12)
                    .connect_nulls(true)
                    .data(targets),
            ),
    )
}

/// The mix of operating station types, in per cent, beside the planned mix when a plan
/// exists (新平: 2 示范社 : 5 标准型 : 3 简易型).
pub fn type_mix(coverage: &Coverage, lang: Lang, t: &StaffTexts) -> ChartSpec {
    let types = [
        StationType::Demonstration,
        StationType::Standard,
        StationType::Simple,
        StationType::Professional,
    ];
    let figures = &coverage.summary.figures;
    let operating = figures.operating().max(1) as f64;
    let actual: Vec<Option<f64>> = types
        .iter()
        .map(|ty| percent(Some(figures.operating_of_type(*ty) as f64 / operating)))
        .collect();
    let names = types
        .iter()
        .map(|ty| lang.pick(ty.name_zh(), ty.name_en()).to_owned())
        .collect();
    let mut chart = category_chart(names).series(Bar::new().name(t.series_actual_mix).data(actual));
    let planned: f64 = coverage.type_plan.iter().map(|(_, n)| n).sum();
    if planned > 0.0 {
        let plan: Vec<Option<f64>> = types
            .iter()
            .map(|ty| {
                let n = coverage
                    .type_plan
                    .iter()
                    .find(|(planned_type, _)| planned_type == ty)
                    .map_or(0.0, |(_, n)| *n);
                percent(Some(n / planned))
            })
            .collect();
        chart = chart.series(Bar::new().name(t.series_plan_mix).data(plan));
    }
    spec(chart)
}

/// Services recorded in the last twelve months by the four kinds.
pub fn services(coverage: &Coverage, t: &StaffTexts) -> ChartSpec {
    let names = coverage
        .activity
        .services
        .iter()
        .map(|(kind, _)| service_kind_name(*kind, t).to_owned())
        .collect();
    let counts: Vec<i64> = coverage.activity.services.iter().map(|(_, n)| *n).collect();
    spec(category_chart(names).series(Bar::new().name(t.series_services).data(counts)))
}

pub fn service_kind_name(kind: ServiceKind, t: &StaffTexts) -> &'static str {
    match kind {
        ServiceKind::PublicWelfare => t.kind_public_welfare,
        ServiceKind::Convenience => t.kind_convenience,
        ServiceKind::ECommerce => t.kind_e_commerce,
        ServiceKind::Training => t.kind_training,
    }
}

/// Informants registered, in training, qualified and dismissed.
pub fn informants(coverage: &Coverage, t: &StaffTexts) -> ChartSpec {
    let counts = &coverage.activity.informants;
    let names = [
        t.informants_registered,
        t.informants_training,
        t.informants_qualified,
        t.informants_dismissed,
    ]
    .map(str::to_owned)
    .to_vec();
    let values = vec![
        counts.registered,
        counts.in_training,
        counts.qualified,
        counts.dismissed,
    ];
    spec(category_chart(names).series(Bar::new().name(t.series_informants).data(values)))
}

/// Coverage of poverty villages against the other villages, per child region.
pub fn poverty_vs_other(coverage: &Coverage, t: &StaffTexts) -> ChartSpec {
    let poverty: Vec<Option<f64>> = coverage
        .children
        .iter()
        .map(|c| percent(c.figures.poverty_coverage()))
        .collect();
    let other: Vec<Option<f64>> = coverage
        .children
        .iter()
        .map(|c| percent(c.figures.other_coverage()))
        .collect();
    spec(
        category_chart(child_names(coverage))
            .series(Bar::new().name(t.series_poverty).data(poverty))
            .series(Bar::new().name(t.series_other).data(other)),
    )
}

/// The choropleth of the children's coverage on their boundaries (`map`), with a classed
/// legend; each area carries its code (for drill-down) and a tooltip of its figures.
pub fn coverage_map(coverage: &Coverage, map: MapShapes, t: &StaffTexts) -> ChartSpec {
    let pieces: Vec<VisualMapPiece> = CLASSES
        .iter()
        .map(|(min, max, color)| {
            let label = if *max > 100.0 {
                format!("≥ {min:.0}%")
            } else {
                format!("{min:.0}–{max:.0}%")
            };
            VisualMapPiece::new()
                .min(*min)
                .max(*max)
                .label(label)
                .color(*color)
        })
        .collect();
    let chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .visual_map(
            VisualMap::new()
                .type_(charming::component::VisualMapType::Piecewise)
                .pieces(pieces)
                .orient(Orient::Vertical)
                .left(8)
                .bottom(8),
        );
    let data: Vec<_> = coverage
        .children
        .iter()
        .filter_map(|child| {
            let region = child.region.as_ref()?;
            let share = percent(child.figures.coverage());
            let tip = format!(
                "<b>{}</b><br/>{} {}<br/>{} {} / {}<br/>{} {}",
                region.name,
                t.col_coverage,
                share.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}%")),
                t.col_covered,
                child.figures.covered_villages,
                child.figures.villages,
                t.col_of_target,
                percent(child.of_target()).map_or_else(|| "—".to_owned(), |s| format!("{s:.1}%")),
            );
            Some(json!({
                "name": region.name,
                "value": share,
                "code": region.code.as_str(),
                "tip": tip,
            }))
        })
        .collect();
    let mut option: serde_json::Value =
        serde_json::from_str(&chart.to_string()).expect("charming writes JSON");
    option["series"] = json!([{
        "type": "map",
        "map": map.name,
        "roam": false,
        "selectedMode": false,
        "label": {"show": true, "fontSize": 10},
        "emphasis": {"label": {"show": true}},
        "data": data,
    }]);
    ChartSpec {
        option: option.to_string(),
        map: Some(map),
    }
}
