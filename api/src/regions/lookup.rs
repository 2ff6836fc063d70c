//! Regions as handlers name them: a code from a request, and a region's chain above it.

use yinong_model::region::{Region, RegionCode};

use crate::error::ApiError;
use crate::state::AppState;

pub fn parse_code(code: &str) -> Result<RegionCode, ApiError> {
    RegionCode::parse(code).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// The region with the regions above it, province first.
pub async fn path(state: &AppState, code: &RegionCode) -> Result<Vec<Region>, ApiError> {
    let chain = state.store.ancestry(code).await?;
    if chain.last().map(|region| &region.code) != Some(code) {
        return Err(ApiError::NotFound(format!("没有代码为 {code} 的地区")));
    }
    if chain.len() != code.level().depth() as usize {
        return Err(ApiError::Internal(format!(
            "an ancestor of region {code} is missing"
        )));
    }
    Ok(chain)
}
