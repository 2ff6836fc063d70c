//! The gap planner: a region's villages without an operating station, ranked by
//! `model::coverage::rank_gaps` (poverty villages first, then townships furthest behind).

use std::collections::BTreeMap;

use yinong_model::coverage::{rank_gaps, Gap};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_model::target::stations_due;

use crate::error::ApiError;
use crate::state::AppState;

/// Every uncovered village inside `region` in planning order, judged against `period`.
pub async fn ranked_gaps(
    state: &AppState,
    region: &RegionCode,
    period: &str,
) -> Result<Vec<Gap>, ApiError> {
    let store = &state.store;
    let township_len = RegionLevel::Township.code_len();
    let figures: BTreeMap<_, _> = store
        .coverage_rollups(Some(region), township_len)
        .await?
        .into_iter()
        .map(|row| (row.code, row.figures))
        .collect();
    let targets = store.targets_within(Some(region)).await?;
    let mut townships = BTreeMap::new();
    let mut gaps = Vec::new();
    for (village, poverty) in store.uncovered_villages(region).await? {
        let township_code = village
            .code
            .ancestor(RegionLevel::Township)
            .expect("villages lie in townships");
        if !townships.contains_key(&township_code) {
            let township = store.region(&township_code).await?.ok_or_else(|| {
                ApiError::Internal(format!("township {township_code} is missing"))
            })?;
            townships.insert(township_code.clone(), township);
        }
        let township = townships[&township_code].clone();
        let figures = figures.get(&township_code).cloned().unwrap_or_default();
        let township_of_target = stations_due(&targets, &township_code, period)
            .filter(|due| due.value > 0.0)
            .map(|due| figures.operating() as f64 / due.value);
        gaps.push(Gap {
            village,
            township,
            poverty,
            township_of_target,
            township_coverage: figures.coverage(),
        });
    }
    rank_gaps(&mut gaps);
    Ok(gaps)
}
