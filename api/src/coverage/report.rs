//! Assembles a coverage answer from the roll-ups, the targets and the monthly history.

use std::collections::BTreeMap;

use yinong_model::coverage::{
    add_months, forecast, Coverage, CoverageFigures, MonthPoint, PeriodTarget, RegionCoverage,
};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_model::target::{
    coverage_due, period_end_month, stations_due, type_plan, users_due, Target, TargetValue,
};

use crate::error::ApiError;
use crate::regions::path;
use crate::state::AppState;
use yinong_store::MonthChange;

pub async fn report(
    state: &AppState,
    region: Option<&RegionCode>,
    period: Option<String>,
) -> Result<Coverage, ApiError> {
    let store = &state.store;
    // The nation has no roll-up of its own: it is the sum of its provinces' rows.
    let summary_len = region.map_or(RegionLevel::Province.code_len(), |code| {
        code.level().code_len()
    });
    let child_level = match region {
        Some(code) => code.level().child(),
        None => Some(RegionLevel::Province),
    };
    let child_len = child_level.map(RegionLevel::code_len);
    // Rows read for the region itself serve its children too when they are the same rows
    // (the nation's are its provinces').
    let child_rows_len = child_len.filter(|len| *len != summary_len);
    let today = this_month();

    // The reads do not depend on one another: they go out at once.
    // Farmers who used the app in the last 30 days count as active.
    let active_since = chrono::Utc::now() - chrono::Duration::days(30);
    let (region_path, targets, periods, mut own_rows, child_rows, child_regions, activity, farmers) =
        tokio::try_join!(
            async {
                match region {
                    Some(code) => path(state, code).await,
                    None => Ok(Vec::new()),
                }
            },
            async {
                let down_to = child_len.unwrap_or(summary_len);
                Ok::<_, ApiError>(store.targets_down_to(region, down_to).await?)
            },
            async { Ok::<_, ApiError>(store.target_periods(region).await?) },
            async { Ok::<_, ApiError>(store.coverage_rollups(region, summary_len).await?) },
            async {
                Ok::<_, ApiError>(match child_rows_len {
                    Some(len) => Some(store.coverage_rollups(region, len).await?),
                    None => None,
                })
            },
            async {
                Ok::<_, ApiError>(match child_level {
                    Some(_) => store.child_regions(region).await?,
                    None => Vec::new(),
                })
            },
            // "Is service actually happening?" is a question about now, whatever the period:
            // this month and the eleven before.
            async {
                Ok::<_, ApiError>(
                    store
                        .activity(region, &add_months(&today, -11), &today)
                        .await?,
                )
            },
            // Per child region, or the region's own when it has no children (a village).
            async {
                let len = child_len.unwrap_or(summary_len);
                Ok::<_, ApiError>(store.farmer_counts(region, len, active_since).await?)
            },
        )?;
    let farmers: BTreeMap<String, (i64, i64)> = farmers
        .into_iter()
        .map(|(code, registered, active)| (code, (registered, active)))
        .collect();
    let with_farmers = |figures: &mut CoverageFigures, code: &str| {
        if let Some((registered, active)) = farmers.get(code) {
            figures.farmers = *registered;
            figures.active_farmers = *active;
        }
    };
    if child_len.is_none() {
        for row in &mut own_rows {
            with_farmers(&mut row.figures, row.code.as_str());
        }
    }

    let periods = in_order(periods);
    let period = period.unwrap_or_else(|| latest_period(&periods));
    let end_month = period_end_month(&period).unwrap_or(today.clone());
    // Forecasts are judged at the period's end, or today while the period runs.
    let as_of = end_month.clone().min(today.clone());

    let series = cumulative(own_rows.iter().flat_map(|row| &row.months));
    let at_end = |points: &[MonthPoint]| {
        points
            .iter()
            .take_while(|point| point.month <= end_month)
            .last()
            .map_or(0, |point| point.stations)
    };

    let mut summary_figures = CoverageFigures::default();
    for row in &own_rows {
        summary_figures.add(&row.figures);
    }
    if child_len.is_some() {
        summary_figures.farmers = farmers.values().map(|(registered, _)| registered).sum();
        summary_figures.active_farmers = farmers.values().map(|(_, active)| active).sum();
    }
    let mut children = Vec::new();
    if let Some(level) = child_level {
        let mut rows: BTreeMap<_, _> = child_rows
            .unwrap_or(own_rows)
            .into_iter()
            .map(|row| (row.code.clone(), row))
            .collect();
        for child in child_regions {
            let (mut figures, months) = rows
                .remove(&child.code)
                .map(|row| (row.figures, row.months))
                .unwrap_or_default();
            with_farmers(&mut figures, child.code.as_str());
            let child_series = cumulative(months.iter());
            let stations_at_period_end = if level == RegionLevel::Village {
                figures.operating()
            } else {
                at_end(&child_series)
            };
            let due = stations_due(&targets, &child.code, &period);
            children.push(RegionCoverage {
                forecast: due
                    .as_ref()
                    .map(|due| forecast(&child_series, due.value, &as_of)),
                stations_due: due,
                coverage_due: coverage_due(&targets, &child.code, &period),
                users_due: users_due(&targets, &child.code, &period),
                region: Some(child),
                figures,
                stations_at_period_end,
            });
        }
    }

    let own_due = |period: &str| match region {
        Some(code) => stations_due(&targets, code, period)
            .or_else(|| sum_of_children(&targets, &children, period)),
        None => None,
    };
    let period_targets = periods
        .iter()
        .filter_map(|period| {
            Some(PeriodTarget {
                end_month: period_end_month(period)?,
                stations_due: own_due(period)?.value,
                period: period.clone(),
            })
        })
        .collect();
    let due = own_due(&period);
    let summary = RegionCoverage {
        region: region_path.last().cloned(),
        forecast: due.as_ref().map(|due| forecast(&series, due.value, &as_of)),
        stations_due: due,
        coverage_due: region.and_then(|code| coverage_due(&targets, code, &period)),
        users_due: region.and_then(|code| users_due(&targets, code, &period)),
        figures: summary_figures,
        stations_at_period_end: at_end(&series),
    };
    Ok(Coverage {
        path: region_path,
        type_plan: type_plan(&targets, &period),
        period,
        periods,
        summary,
        children,
        series,
        period_targets,
        activity,
        computed_at: yinong_store::in_china(chrono::Utc::now()),
    })
}

/// The period shown when none is asked for: the latest with targets here or below, else
/// this year.
pub async fn default_period(
    state: &AppState,
    region: Option<&RegionCode>,
) -> Result<String, ApiError> {
    Ok(latest_period(&in_order(
        state.store.target_periods(region).await?,
    )))
}

fn latest_period(periods: &[String]) -> String {
    periods
        .last()
        .cloned()
        .unwrap_or_else(|| this_month()[..4].to_owned())
}

fn this_month() -> String {
    chrono::Local::now().format("%Y-%m").to_string()
}

/// A region without a target of its own is due what its children are due, when its
/// document sets targets child by child (济宁's table lists its counties).
fn sum_of_children(
    targets: &[Target],
    children: &[RegionCoverage],
    period: &str,
) -> Option<TargetValue> {
    let dues: Vec<TargetValue> = children
        .iter()
        .filter_map(|child| stations_due(targets, &child.region.as_ref()?.code, period))
        .collect();
    let first = dues.first()?.clone();
    Some(TargetValue {
        value: dues.iter().map(|due| due.value).sum(),
        basis_villages: dues.iter().map(|due| due.basis_villages).sum(),
        ..first
    })
}

/// Periods in the order they end.
fn in_order(mut periods: Vec<String>) -> Vec<String> {
    periods.sort_by_key(|period| (period_end_month(period), period.clone()));
    periods.dedup();
    periods
}

/// Running totals of operating stations and covered villages, month by month.
fn cumulative<'a>(changes: impl Iterator<Item = &'a MonthChange>) -> Vec<MonthPoint> {
    let mut by_month = BTreeMap::<&str, (i64, i64)>::new();
    for change in changes {
        let entry = by_month.entry(change.month.as_str()).or_default();
        entry.0 += change.stations_opened - change.stations_closed;
        entry.1 += change.villages_covered;
    }
    let (mut stations, mut villages) = (0, 0);
    by_month
        .into_iter()
        .map(|(month, (station_change, village_change))| {
            stations += station_change;
            villages += village_change;
            MonthPoint {
                month: month.to_owned(),
                stations,
                villages,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(month: &str, opened: i64, closed: i64, covered: i64) -> MonthChange {
        MonthChange {
            month: month.into(),
            stations_opened: opened,
            stations_closed: closed,
            villages_covered: covered,
        }
    }

    #[test]
    fn the_series_runs_totals_across_regions_month_by_month() {
        let changes = [
            change("2019-05", 2, 0, 2),
            change("2019-03", 1, 0, 1),
            change("2019-05", 1, 1, 0),
        ];
        let points: Vec<_> = cumulative(changes.iter())
            .into_iter()
            .map(|p| (p.month, p.stations, p.villages))
            .collect();
        assert_eq!(points, [("2019-03".into(), 1, 1), ("2019-05".into(), 3, 3)]);
    }
}
