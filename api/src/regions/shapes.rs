//! Region boundaries for the coverage map: reading GeoJSON (a file, or a `.tgz` of files as
//! in `shared/data/geo`), keying each feature to its statistics code, simplifying it for a
//! phone screen, and storing it; and answering `GET /api/shapes[/{code}]` with the
//! boundaries of a region's children as one FeatureCollection for `echarts.registerMap`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use flate2::read::GzDecoder;
use serde_json::Value;
use yinong_model::region::{Region, RegionCode, RegionLevel};

use crate::error::{ApiError, ApiPath};
use crate::state::AppState;
use yinong_store::{Store, StoreError};

/// A region's boundary, simplified, as a GeoJSON geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub code: RegionCode,
    pub geometry: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ShapeError {
    #[error("{file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did, and the features it could not use (with why).
#[derive(Debug, Default)]
pub struct ShapeImport {
    pub shapes: Vec<Shape>,
    /// Provinces outside the divisions (台湾, 香港, 澳门): no figures, but a map of China
    /// must show them, so they are kept as outlines, by name.
    pub context: Vec<(String, String)>,
    pub skipped: Vec<String>,
}

/// Reads every GeoJSON file in `paths` (`.geojson`/`.json`, or `.tgz`/`.tar.gz` archives of
/// them), keys the features to known regions and simplifies them. Nothing is stored.
pub async fn read_paths(store: &dyn Store, paths: &[&Path]) -> Result<ShapeImport, ShapeError> {
    let mut import = ShapeImport::default();
    for path in paths {
        let file = path.display().to_string();
        let read_error = |source| ShapeError::Read {
            file: file.clone(),
            source,
        };
        let opened = std::fs::File::open(path).map_err(read_error)?;
        if file.ends_with(".tgz") || file.ends_with(".tar.gz") {
            let mut archive = tar::Archive::new(GzDecoder::new(opened));
            for entry in archive.entries().map_err(read_error)? {
                let mut entry = entry.map_err(read_error)?;
                let name = entry.path().map_err(read_error)?.display().to_string();
                if !(name.ends_with(".geojson") || name.ends_with(".json")) {
                    continue;
                }
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).map_err(read_error)?;
                let name = format!("{file}:{name}");
                read_collection(store, &name, &bytes, &mut import).await?;
            }
        } else {
            let bytes = std::fs::read(path).map_err(read_error)?;
            read_collection(store, &file, &bytes, &mut import).await?;
        }
    }
    Ok(import)
}

/// Keys and simplifies one FeatureCollection's features into `import`.
pub async fn read_collection(
    store: &dyn Store,
    file: &str,
    bytes: &[u8],
    import: &mut ShapeImport,
) -> Result<(), ShapeError> {
    let invalid = |message: String| ShapeError::Invalid {
        file: file.to_owned(),
        message,
    };
    let collection: Value =
        serde_json::from_slice(bytes).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let features = collection["features"]
        .as_array()
        .ok_or_else(|| invalid("not a GeoJSON FeatureCollection".into()))?;
    // Features without a known code are matched by name among the siblings of those with
    // one: the city files leave some counties without a code, and codes change
    // (澄江县 530422 became 澄江市 530481).
    let coded: Vec<Option<RegionCode>> = features.iter().map(feature_code).collect();
    let parent = coded.iter().flatten().next().and_then(RegionCode::parent);
    let mut siblings: Option<Vec<Region>> = None;
    for (feature, code) in features.iter().zip(coded) {
        let name = feature["properties"]["name"].as_str().unwrap_or("?");
        let known = match &code {
            Some(code) => store.region(code).await?,
            None => None,
        };
        let region = match known {
            Some(region) => Some(region),
            None => {
                if siblings.is_none() {
                    siblings = Some(store.child_regions(parent.as_ref()).await?);
                }
                let known = siblings.as_deref().unwrap_or_default();
                known.iter().find(|r| same_name(&r.name, name)).cloned()
            }
        };
        let Some(region) = region else {
            let province = code
                .as_ref()
                .is_some_and(|code| code.level() == RegionLevel::Province);
            match simplify_geometry(&feature["geometry"], RegionLevel::Province) {
                Some(geometry) if province => {
                    import.context.push((name.to_owned(), geometry.to_string()));
                }
                _ => import
                    .skipped
                    .push(format!("{file}: {name}: no such region here")),
            }
            continue;
        };
        match simplify_geometry(&feature["geometry"], region.level) {
            Some(geometry) => import.shapes.push(Shape {
                code: region.code,
                geometry: geometry.to_string(),
            }),
            None => import
                .skipped
                .push(format!("{file}: {name}: no polygon in its geometry")),
        }
    }
    Ok(())
}

/// Stores what was read; regions keep any boundary not in `shapes`.
pub async fn store_shapes(store: &dyn Store, shapes: &[Shape]) -> Result<(), ShapeError> {
    let rows: Vec<(RegionCode, String)> = shapes
        .iter()
        .map(|shape| (shape.code.clone(), shape.geometry.clone()))
        .collect();
    Ok(store.upsert_shapes(&rows).await?)
}

/// The outlines drawn on the national map without figures (see [`ShapeImport::context`]).
const CHINA_CONTEXT: &str = include_str!("../../seed/geo/china-context.geojson");

/// Writes the shapes as one FeatureCollection per parent region into `dir`
/// (`china.geojson` for the provinces, `<parent code>.geojson` below, and the outlines
/// without figures in `china-context.geojson`): how the shapes in `api/seed/geo` are made.
pub async fn write_collections(
    store: &dyn Store,
    import: &ShapeImport,
    dir: &Path,
) -> Result<Vec<String>, ShapeError> {
    let shapes = &import.shapes;
    let mut by_parent = BTreeMap::<Option<RegionCode>, Vec<(Region, String)>>::new();
    for shape in shapes {
        if let Some(region) = store.region(&shape.code).await? {
            by_parent
                .entry(region.parent_code.clone())
                .or_default()
                .push((region, shape.geometry.clone()));
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| ShapeError::Read {
        file: dir.display().to_string(),
        source,
    })?;
    let mut written = Vec::new();
    for (parent, mut regions) in by_parent {
        regions.sort_by(|a, b| a.0.code.cmp(&b.0.code));
        let name = parent.map_or_else(|| "china".to_owned(), |p| p.as_str().to_owned());
        let path = dir.join(format!("{name}.geojson"));
        std::fs::write(&path, feature_collection(&regions, &[])).map_err(|source| {
            ShapeError::Read {
                file: path.display().to_string(),
                source,
            }
        })?;
        written.push(path.display().to_string());
    }
    if !import.context.is_empty() {
        let features: Vec<String> = import
            .context
            .iter()
            .map(|(name, geometry)| {
                let name = Value::String(name.clone());
                format!(
                    r#"{{"type":"Feature","properties":{{"name":{name}}},"geometry":{geometry}}}"#
                )
            })
            .collect();
        let path = dir.join("china-context.geojson");
        let collection = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        std::fs::write(&path, collection).map_err(|source| ShapeError::Read {
            file: path.display().to_string(),
            source,
        })?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// The features' region code: the feature `id` or `properties.adcode`/`code`, as a
/// six-digit 行政区划代码 (370000 → 37, 370800 → 3708) or already in our form.
fn feature_code(feature: &Value) -> Option<RegionCode> {
    let properties = &feature["properties"];
    let raw = [&feature["id"], &properties["adcode"], &properties["code"]]
        .into_iter()
        .find_map(|value| match value {
            Value::String(code) => Some(code.clone()),
            Value::Number(code) => Some(code.to_string()),
            _ => None,
        })?;
    let code = match raw.len() {
        6 if raw.ends_with("0000") => &raw[..2],
        6 if raw.ends_with("00") => &raw[..4],
        _ => &raw,
    };
    RegionCode::parse(code).ok()
}

/// Map files use short names (山东 for 山东省) and older ones (澄江县, now 澄江市).
fn same_name(ours: &str, theirs: &str) -> bool {
    const SUFFIXES: [&str; 5] = ["省", "市", "县", "区", "自治州"];
    let stem = |name: &str| {
        SUFFIXES
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name)
            .to_owned()
    };
    ours == theirs || stem(ours) == stem(theirs)
}

/// How far (in degrees) a simplified line may stray from the original, by level: about
/// 2 km for a province on a national map, a few hundred metres for a county.
fn tolerance(level: RegionLevel) -> f64 {
    match level {
        RegionLevel::Province => 0.02,
        RegionLevel::City => 0.008,
        _ => 0.003,
    }
}

type Ring = Vec<[f64; 2]>;

/// About ten metres: finer detail is noise on any map we draw.
const MIN_TOLERANCE: f64 = 0.0001;

/// A Polygon or MultiPolygon with every ring simplified (Douglas–Peucker) and rounded;
/// `None` when nothing is left.
fn simplify_geometry(geometry: &Value, level: RegionLevel) -> Option<Value> {
    let tolerance = tolerance(level);
    let polygons: Vec<Vec<Ring>> = match geometry["type"].as_str()? {
        "Polygon" => vec![rings(&geometry["coordinates"])?],
        "MultiPolygon" => geometry["coordinates"]
            .as_array()?
            .iter()
            .map(rings)
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let simplified: Vec<Vec<Ring>> = polygons
        .into_iter()
        .filter_map(|polygon| {
            // Rings that shrink below the tolerance go. Some files list a province's islands
            // as further rings after a degenerate first one, so a polygon lives on while any
            // of its rings does.
            let rings: Vec<Ring> = polygon
                .iter()
                .filter_map(|ring| simplify_ring(ring, tolerance))
                .collect();
            (!rings.is_empty()).then_some(rings)
        })
        .collect();
    match simplified.len() {
        0 => None,
        1 => Some(serde_json::json!({"type": "Polygon", "coordinates": simplified[0]})),
        _ => Some(serde_json::json!({"type": "MultiPolygon", "coordinates": simplified})),
    }
}

fn rings(polygon: &Value) -> Option<Vec<Ring>> {
    polygon
        .as_array()?
        .iter()
        .map(|ring| {
            ring.as_array()?
                .iter()
                .map(|point| Some([point.get(0)?.as_f64()?, point.get(1)?.as_f64()?]))
                .collect()
        })
        .collect()
}

/// A closed ring simplified to within `tolerance` and rounded to a tenth of it; `None`
/// when fewer than three distinct corners remain.
fn simplify_ring(ring: &[[f64; 2]], tolerance: f64) -> Option<Ring> {
    let tolerance = tolerance.max(MIN_TOLERANCE);
    if ring.len() < 4 {
        return None;
    }
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[ring.len() - 1] = true;
    let mut spans = vec![(0, ring.len() - 1)];
    while let Some((first, last)) = spans.pop() {
        let farthest = (first + 1..last)
            .map(|i| (i, distance_to_segment(ring[i], ring[first], ring[last])))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, distance)) = farthest {
            if distance > tolerance {
                keep[i] = true;
                spans.push((first, i));
                spans.push((i, last));
            }
        }
    }
    let scale = 10f64.powi((-(tolerance / 10.0).log10()).ceil() as i32);
    let mut out: Ring = Vec::new();
    for (point, kept) in ring.iter().zip(keep) {
        let rounded = [
            (point[0] * scale).round() / scale,
            (point[1] * scale).round() / scale,
        ];
        if kept && out.last() != Some(&rounded) {
            out.push(rounded);
        }
    }
    // Closed, with at least three corners besides the repeated first point.
    (out.len() >= 4).then_some(out)
}

fn distance_to_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length_squared = dx * dx + dy * dy;
    let t = if length_squared == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length_squared).clamp(0.0, 1.0)
    };
    let (x, y) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
    (x * x + y * y).sqrt()
}

/// Regions with their geometry as a FeatureCollection; each feature carries the region's
/// code (as `id` and `properties.code`) and today's name. `extra` are further features
/// (JSON objects), drawn without figures.
fn feature_collection(regions: &[(Region, String)], extra: &[Value]) -> String {
    let features: Vec<String> = regions
        .iter()
        .map(|(region, geometry)| {
            let code = region.code.as_str();
            let name = Value::String(region.name.clone());
            format!(
                r#"{{"type":"Feature","id":"{code}","properties":{{"code":"{code}","name":{name}}},"geometry":{geometry}}}"#
            )
        })
        .chain(extra.iter().map(Value::to_string))
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// `GET /api/shapes`: the provinces' boundaries.
pub async fn national(State(state): State<AppState>) -> Result<Response, ApiError> {
    children_of(&state, None).await
}

/// `GET /api/shapes/{code}`: the boundaries of the region's children (404 when it has none).
pub async fn regional(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, ApiError> {
    let code = RegionCode::parse(&code).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    children_of(&state, Some(&code)).await
}

async fn children_of(state: &AppState, parent: Option<&RegionCode>) -> Result<Response, ApiError> {
    let regions = state.store.child_shapes(parent).await?;
    if regions.is_empty() {
        let place = parent.map_or_else(|| "全国".to_owned(), |code| code.to_string());
        return Err(ApiError::NotFound(format!("{place} 下没有已导入的边界")));
    }
    // The nation's map shows the whole country, figures or not.
    let context: Vec<Value> = match parent {
        None => serde_json::from_str::<Value>(CHINA_CONTEXT)
            .ok()
            .and_then(|collection| collection["features"].as_array().cloned())
            .unwrap_or_default(),
        Some(_) => Vec::new(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            // Boundaries change only with an import; a day's caching spares weak networks.
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        feature_collection(&regions, &context),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_ids_in_either_form() {
        let code = |id: Value| feature_code(&serde_json::json!({"id": id, "properties": {}}));
        assert_eq!(code("370000".into()), RegionCode::parse("37").ok());
        assert_eq!(code(370800.into()), RegionCode::parse("3708").ok());
        assert_eq!(code("370811".into()), RegionCode::parse("370811").ok());
        assert_eq!(code(Value::Null), None);
    }

    #[test]
    fn short_and_renamed_names_match() {
        assert!(same_name("山东省", "山东"));
        assert!(same_name("澄江市", "澄江县"));
        assert!(!same_name("任城区", "兖州区"));
    }

    #[test]
    fn simplification_keeps_corners_and_drops_wobbles() {
        // A unit square with a 0.0001° wobble on one side and a needless midpoint.
        let square = [
            [0.0, 0.0],
            [0.5, 0.0001],
            [1.0, 0.0],
            [1.0, 1.0],
            [0.0, 1.0],
            [0.0, 0.5],
            [0.0, 0.0],
        ];
        let simplified = simplify_ring(&square, 0.003).unwrap();
        assert_eq!(
            simplified,
            [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
        );
        // Simplifying again changes nothing: shipped shapes can be re-imported.
        assert_eq!(simplify_ring(&simplified, 0.003).unwrap(), simplified);
        // A sliver narrower than the tolerance vanishes.
        let sliver = [[0.0, 0.0], [1.0, 0.0], [1.0, 0.001], [0.0, 0.0]];
        assert_eq!(simplify_ring(&sliver, 0.003), None);
    }
}
