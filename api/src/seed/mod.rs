//! What a new database is given: the service catalogue, the regions the demo needs, the
//! target tables of the programme's documents, and (on request) generated demo records.
//! All of it ships inside the server binary; nothing is read from outside at run time.

mod accounts;
mod bulletins;
mod demo;
mod listings;
mod news;
mod operators;
mod prices;
mod questions;
mod requests;

/// The demo's village (张营村), where its informant works.
mod targets;

use crate::regions::import::{import_embedded, ImportError};
use crate::regions::shapes::{read_collection, store_shapes, ShapeError, ShapeImport};
use yinong_store::{Change, Store};

pub use accounts::{
    ensure_bench_informants, ensure_demo_accounts, pass_the_exam, DEMO_ACCOUNTS, DEMO_PASSWORD,
    DEMO_TRAINEE,
};

pub use demo::generate_national;
pub use targets::seed_targets;

/// All provinces, cities and counties, and 济宁市 (3708) and 玉溪市 (5304) down to villages,
/// derived from the statistics bureau's 2023 divisions (WTFPL, see seed/regions/LICENSE).
const REGION_FILES: [(&str, &[u8]); 5] = [
    (
        "provinces.csv.gz",
        include_bytes!("../../seed/regions/provinces.csv.gz"),
    ),
    (
        "cities.csv.gz",
        include_bytes!("../../seed/regions/cities.csv.gz"),
    ),
    (
        "areas.csv.gz",
        include_bytes!("../../seed/regions/areas.csv.gz"),
    ),
    (
        "streets.csv.gz",
        include_bytes!("../../seed/regions/streets.csv.gz"),
    ),
    (
        "villages.csv.gz",
        include_bytes!("../../seed/regions/villages.csv.gz"),
    ),
];

/// Boundaries for the coverage map: the provinces, and the counties of 济宁市 and 玉溪市,
/// simplified from `shared/data/geo` by `yinong-api import-geo --write` (MIT, see
/// seed/geo/LICENSE.*). Other regions' boundaries come with `import-geo`.
const SHAPE_FILES: [(&str, &[u8]); 3] = [
    (
        "china.geojson",
        include_bytes!("../../seed/geo/china.geojson"),
    ),
    (
        "3708.geojson",
        include_bytes!("../../seed/geo/3708.geojson"),
    ),
    (
        "5304.geojson",
        include_bytes!("../../seed/geo/5304.geojson"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Regions(#[from] ImportError),
    #[error(transparent)]
    Shapes(#[from] ShapeError),
    #[error(transparent)]
    Store(#[from] yinong_store::StoreError),
}

/// Loads the shipped boundaries into a database that has none.
async fn seed_shapes(store: &dyn Store) -> Result<(), ShapeError> {
    if !store.child_shapes(None).await?.is_empty() {
        return Ok(());
    }
    let mut import = ShapeImport::default();
    for (file, bytes) in SHAPE_FILES {
        read_collection(store, file, bytes, &mut import).await?;
    }
    store_shapes(store, &import.shapes).await
}

/// Brings reference data up to date; loads the embedded regions into an empty database and
/// demo records and accounts when `demo` is set and they are not there yet. Safe to run at every start.
pub async fn prepare(store: &dyn Store, demo: bool) -> Result<(), SeedError> {
    // Servers started together against one database: one prepares it, the others then
    // find it prepared.
    let _preparing = store.preparing().await?;
    store
        .upsert_service_catalogue(&crate::portal::catalogue::catalogue())
        .await?;
    store
        .upsert_courses(&crate::training::shipped_courses())
        .await?;
    store
        .upsert_exam_questions(&crate::qualification::shipped_questions())
        .await?;
    if store.count_child_regions(None).await? == 0 {
        let counts = import_embedded(store, &REGION_FILES).await?;
        tracing::info!("loaded the embedded regions: {counts}");
    }
    seed_targets(store).await?;
    seed_shapes(store).await?;
    if demo && !store.has_demo_data().await? {
        let demo = demo::generate(store).await?;
        store.insert_demo_stations(&demo.stations).await?;
        let flags: Vec<_> = demo
            .poverty_villages
            .into_iter()
            .map(|v| (v, true))
            .collect();
        let change = Change {
            actor_id: None,
            action: "demo_generated",
            at: chrono::Utc::now(),
        };
        store.set_poverty(&flags, change).await?;
        store.refresh_coverage(None).await?;
        tracing::info!("generated {} demo stations", demo.stations.len());
    }
    if demo {
        ensure_demo_accounts(store).await?;
        requests::ensure_demo_requests(store).await?;
        bulletins::ensure_demo_bulletins(store).await?;
        listings::ensure_demo_listings(store).await?;
        questions::ensure_demo_questions(store).await?;
        questions::ensure_demo_experts(store).await?;
        prices::ensure_demo_prices(store).await?;
        news::ensure_demo_news(store).await?;
        operators::ensure_demo_contract(store).await?;
    }
    Ok(())
}

/// The id the demo informant's phone would have given its `n`-th record captured at `at`.
pub(crate) fn demo_client_id(at: chrono::DateTime<chrono::Utc>, n: u8) -> String {
    yinong_model::sync::uuid_v7(at.timestamp_millis() as u64, [n, 0, 0, 0, 0, 0, 0, 0, 0, 0])
}

/// The receipt of a demo record, as if it had arrived from the phone when it was written.
pub(crate) fn demo_receipt(
    client_id: &str,
    kind: yinong_model::sync::Capture,
    sender_id: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> yinong_store::sync::Receipt<'_> {
    yinong_store::sync::Receipt {
        client_id,
        kind: kind.code(),
        sender_id,
        content_digest: "demo",
        legacy_digest: None,
        at,
    }
}
