//! Finding one's village, and the stations that serve it: open to everyone.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use yinong_model::portal::{
    distance_m, search_text, PublicStation, VillageHome, VillageMatch, VillageSearch, NEARBY_LIMIT,
    SEARCH_LIMIT,
};
use yinong_model::region::RegionLevel;

use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::regions::{parse_code, path};
use crate::state::AppState;
use yinong_store::portal::{Bounds, NameMatch};
use yinong_store::KnownRegion;

#[derive(Deserialize, schemars::JsonSchema)]
pub struct SearchQuery {
    q: String,
    within: Option<String>,
}

/// `GET /api/villages/search`: inside a county or township any part of the name matches;
/// above that only the start does, so the whole country stays an index range.
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<VillageSearch>, ApiError> {
    let within = query.within.as_deref().map(parse_code).transpose()?;
    let anywhere_in_name = within
        .as_ref()
        .is_some_and(|code| code.level() >= RegionLevel::County);
    let text = search_text(&query.q, anywhere_in_name).map_err(ApiError::BadRequest)?;
    let matching = if anywhere_in_name {
        NameMatch::Anywhere
    } else {
        NameMatch::Start
    };
    let mut found = state
        .store
        .search_villages(&text, matching, within.as_ref(), SEARCH_LIMIT + 1)
        .await?;
    let more = found.len() > SEARCH_LIMIT;
    found.truncate(SEARCH_LIMIT);
    let matches = found
        .into_iter()
        .map(|found| VillageMatch {
            code: found.village.code,
            name: found.village.name,
            place: place(&found.ancestors),
        })
        .collect();
    Ok(Json(VillageSearch {
        matches,
        anywhere_in_name,
        more,
    }))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct HomeQuery {
    lat: Option<f64>,
    lng: Option<f64>,
}

/// `GET /api/villages/{code}/home`: the village's operating stations and the nearest
/// others, measured from the farmer (`lat`, `lng`) or else from the village's station. A
/// village merged away (撤并) answers with its successor's home, saying so.
pub async fn home(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<HomeQuery>,
) -> Result<Json<VillageHome>, ApiError> {
    let asked = parse_code(&code)?;
    let known = state
        .store
        .known_regions(std::slice::from_ref(&asked))
        .await?;
    let (code, merged_from) = match known.into_iter().next() {
        Some(KnownRegion {
            region,
            merged_into: Some(successor),
            ..
        }) => (successor, Some(region)),
        _ => (asked, None),
    };
    let chain = path(&state, &code).await?;
    let village = chain.last().cloned().expect("a path ends at its region");
    if village.level != RegionLevel::Village {
        return Err(ApiError::BadRequest(format!(
            "{} 不是行政村，请选择一个村",
            village.name
        )));
    }
    let farmer = match (query.lat, query.lng) {
        (Some(lat), Some(lng))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) =>
        {
            Some((lat, lng))
        }
        (None, None) => None,
        _ => return Err(ApiError::BadRequest("位置应为有效的纬度和经度".into())),
    };
    let stations = async {
        let mut stations = state.store.operating_stations_in(&village.code).await?;
        let origin = farmer.or_else(|| stations.iter().find_map(|station| station.position));
        let mut nearby = match origin {
            Some(origin) => nearest(&state, origin, &stations).await?,
            None => Vec::new(),
        };
        for station in &mut stations {
            station.distance_m = origin
                .zip(station.position)
                .map(|(from, to)| rounded_metres(distance_m(from, to)));
        }
        for station in &mut nearby {
            station.contacts = state.store.contacts_of(&station.code).await?;
        }
        Ok::<_, ApiError>((stations, nearby))
    };
    // The stations, the bulletins and the prices are independent reads: at once, not one
    // round trip after the other.
    let ((stations, nearby), (warnings, notices), prices) = tokio::try_join!(
        stations,
        crate::bulletins::for_home(&state, &village.code),
        crate::prices::for_home(&state, &village.code),
    )?;
    let names: Vec<String> = chain[..chain.len() - 1]
        .iter()
        .map(|region| region.name.clone())
        .collect();
    Ok(Json(VillageHome {
        village,
        place: place(&names),
        stations,
        nearby,
        warnings,
        notices,
        prices,
        merged_from,
    }))
}

/// The nearest operating stations to `origin`, other than the village's own. A box around
/// it grows until the circle inside the box holds enough: stations outside that circle
/// could be farther than one outside the box.
async fn nearest(
    state: &AppState,
    origin: (f64, f64),
    own: &[PublicStation],
) -> Result<Vec<PublicStation>, ApiError> {
    // ±0.03° of latitude is about 3.3 km each way.
    const HALF_SIDES_DEG: [f64; 5] = [0.03, 0.1, 0.4, 1.5, 5.0];
    const METRES_PER_DEGREE: f64 = 111_000.0;
    let mut measured = Vec::new();
    for half_side in HALF_SIDES_DEG {
        let stretch = origin.0.to_radians().cos().max(0.1);
        let bounds = Bounds {
            south: origin.0 - half_side,
            north: origin.0 + half_side,
            west: origin.1 - half_side / stretch,
            east: origin.1 + half_side / stretch,
        };
        let found = state
            .store
            .nearest_operating_stations(origin, bounds, NEARBY_LIMIT + own.len())
            .await?;
        measured = found
            .into_iter()
            .filter(|station| own.iter().all(|mine| mine.code != station.code))
            .filter_map(|station| Some((distance_m(origin, station.position?), station)))
            .collect();
        let inside_circle = measured
            .iter()
            .filter(|(distance, _)| *distance <= half_side * METRES_PER_DEGREE)
            .count();
        if inside_circle >= NEARBY_LIMIT {
            break;
        }
    }
    measured.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(measured
        .into_iter()
        .take(NEARBY_LIMIT)
        .map(|(distance, station)| PublicStation {
            distance_m: Some(rounded_metres(distance)),
            ..station
        })
        .collect())
}

fn rounded_metres(distance: f64) -> u32 {
    distance.round() as u32
}

/// The places above a village as one line, province first. Municipalities' placeholder
/// cities (市辖区, 县) say nothing and are left out.
fn place(ancestors: &[String]) -> String {
    ancestors
        .iter()
        .filter(|name| {
            !matches!(
                name.as_str(),
                "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
            )
        })
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_cities_are_left_out_of_a_place() {
        let names = ["北京市", "市辖区", "东城区", "东华门街道"].map(String::from);
        assert_eq!(place(&names), "北京市 东城区 东华门街道");
        let names = ["山东省", "济宁市", "任城区", "长沟镇"].map(String::from);
        assert_eq!(place(&names), "山东省 济宁市 任城区 长沟镇");
    }
}
