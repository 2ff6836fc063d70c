//! The storage contract: every case runs on SQLite and on PostgreSQL.

mod support;

on_both_backends!(
    service_catalogue_round_trips_and_updates_in_place,
    regions_are_browsable_by_parent_in_code_order,
    a_region_is_read_with_its_ancestors_in_one_go,
    region_upsert_is_idempotent,
    a_region_needs_its_parent,
    targets_within_cover_exactly_the_subtree,
    target_upsert_replaces_the_value_of_the_same_target,
    demo_stations_are_counted_and_flagged,
    seeding_a_new_database_loads_the_demo_regions_and_targets_once,
    importing_a_folder_validates_before_writing,
    the_national_divisions_import_completely_and_idempotently,
);

mod cases {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use yinong_api::regions::import::{import_dir, ImportError};
    use yinong_model::station::StationStatus;
    use yinong_store::{DemoServiceRecord, DemoStation, Store};

    use crate::support;
    use yinong_model::service::{ServiceKind, ServiceType};
    use yinong_model::target::{Target, TargetMetric};

    use crate::support::{code, region, small_tree};

    fn target(region: &str, period: &str, metric: TargetMetric, value: f64) -> Target {
        Target {
            region_code: code(region),
            period: period.to_owned(),
            metric,
            value,
            basis_villages: Some(567),
            source: "测试文件".to_owned(),
        }
    }

    pub async fn service_catalogue_round_trips_and_updates_in_place(store: Arc<dyn Store>) {
        let mut catalogue = yinong_api::portal::catalogue::catalogue();
        store.upsert_service_catalogue(&catalogue).await.unwrap();
        assert_eq!(store.service_types().await.unwrap(), catalogue);
        let kinds: Vec<_> = store
            .service_types()
            .await
            .unwrap()
            .iter()
            .map(|s| s.kind)
            .collect();
        assert_eq!(kinds, ServiceKind::ALL);

        catalogue[1].name_zh = "便民服务（新）".to_owned();
        catalogue[1].items.truncate(2);
        store.upsert_service_catalogue(&catalogue).await.unwrap();
        let stored: Vec<ServiceType> = store.service_types().await.unwrap();
        assert_eq!(stored.len(), 4);
        assert_eq!(stored[1].name_zh, "便民服务（新）");
        // Items are never deleted by an upsert: records may refer to them.
        assert_eq!(stored[1].items.len(), 7);
    }

    pub async fn a_region_is_read_with_its_ancestors_in_one_go(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let names = |chain: Vec<yinong_model::region::Region>| -> Vec<String> {
            chain.into_iter().map(|region| region.name).collect()
        };
        assert_eq!(
            names(store.ancestry(&code("370811001001")).await.unwrap()),
            ["山东省", "济宁市", "任城区", "古槐街道", "甲村"]
        );
        assert_eq!(
            names(store.ancestry(&code("53")).await.unwrap()),
            ["云南省"]
        );
        assert_eq!(
            names(store.ancestry(&code("370811001009")).await.unwrap()),
            ["山东省", "济宁市", "任城区", "古槐街道"],
            "a missing region is left out, not invented"
        );
    }

    pub async fn regions_are_browsable_by_parent_in_code_order(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let provinces = store.child_regions(None).await.unwrap();
        assert_eq!(
            provinces
                .iter()
                .map(|r| r.code.as_str())
                .collect::<Vec<_>>(),
            ["37", "53"]
        );
        let cities = store.child_regions(Some(&code("37"))).await.unwrap();
        assert_eq!(
            cities.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["济南市", "济宁市"]
        );
        let villages = store.child_regions(Some(&code("370811001"))).await.unwrap();
        assert_eq!(
            villages,
            vec![
                region("370811001001", "甲村"),
                region("370811001002", "乙村")
            ]
        );
        assert_eq!(store.count_child_regions(None).await.unwrap(), 2);
        assert_eq!(
            store
                .count_child_regions(Some(&code("3708")))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .count_child_regions(Some(&code("370811001001")))
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store.region(&code("370811")).await.unwrap(),
            Some(region("370811", "任城区"))
        );
        assert_eq!(store.region(&code("370812")).await.unwrap(), None);
    }

    pub async fn region_upsert_is_idempotent(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        store.upsert_regions(&small_tree()).await.unwrap();
        let renamed = region("370811001001", "甲村（合并后）");
        store
            .upsert_regions(std::slice::from_ref(&renamed))
            .await
            .unwrap();
        assert_eq!(
            store
                .count_child_regions(Some(&code("370811001")))
                .await
                .unwrap(),
            2
        );
        assert_eq!(store.region(&renamed.code).await.unwrap(), Some(renamed));
        let overview = store.overview().await.unwrap();
        assert_eq!(
            (overview.provinces, overview.cities, overview.villages),
            (2, 2, 2)
        );
    }

    pub async fn a_region_needs_its_parent(store: Arc<dyn Store>) {
        store
            .upsert_regions(&[region("37", "山东省")])
            .await
            .unwrap();
        let orphan = [region("370811", "任城区")];
        assert!(
            store.upsert_regions(&orphan).await.is_err(),
            "no city 3708 exists"
        );
        assert_eq!(store.region(&code("370811")).await.unwrap(), None);
    }

    pub async fn targets_within_cover_exactly_the_subtree(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let targets = [
            target("37", "2018", TargetMetric::StationsTotal, 29687.0),
            target("3708", "2019H1", TargetMetric::StationsAdded, 2492.0),
            target("370811", "2019H1", TargetMetric::StationsAdded, 227.0),
            target("370811001001", "2020", TargetMetric::StationsTotal, 1.0),
            target("3701", "2019H1", TargetMetric::StationsAdded, 100.0),
            target("53", "2018", TargetMetric::CoverageRatio, 0.4),
        ];
        store.upsert_targets(&targets).await.unwrap();
        let within = |region: &'static str| {
            let store = store.clone();
            async move {
                let found = store.targets_within(Some(&code(region))).await.unwrap();
                found
                    .into_iter()
                    .map(|t| t.region_code.to_string())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(within("3708").await, ["3708", "370811", "370811001001"]);
        assert_eq!(
            within("37").await,
            ["37", "3701", "3708", "370811", "370811001001"]
        );
        assert_eq!(within("370811001001").await, ["370811001001"]);
        assert_eq!(within("53").await, ["53"]);
        let stored = store.targets_within(Some(&code("370811"))).await.unwrap();
        assert_eq!(stored[0], targets[2]);
    }

    pub async fn target_upsert_replaces_the_value_of_the_same_target(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        store
            .upsert_targets(&[target("3708", "2020", TargetMetric::StationsAdded, 1247.0)])
            .await
            .unwrap();
        let mut revised = target("3708", "2020", TargetMetric::StationsAdded, 1300.0);
        revised.basis_villages = None;
        store
            .upsert_targets(std::slice::from_ref(&revised))
            .await
            .unwrap();
        // The same figure from another document is a separate target.
        let mut other_source = revised.clone();
        other_source.source = "另一份文件".to_owned();
        store
            .upsert_targets(std::slice::from_ref(&other_source))
            .await
            .unwrap();
        let stored = store.targets_within(Some(&code("3708"))).await.unwrap();
        assert_eq!(stored, vec![other_source, revised]);
    }

    fn demo_station(village: &str, records: usize) -> DemoStation {
        let day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        DemoStation {
            service_records: (0..records)
                .map(|_| DemoServiceRecord {
                    kind: "convenience",
                    item_code: "phone_topup",
                    served_on: day,
                })
                .collect(),
            ..support::station(village, StationStatus::Operating, Some(day), true)
        }
    }

    pub async fn demo_stations_are_counted_and_flagged(store: Arc<dyn Store>) {
        store
            .upsert_service_catalogue(&yinong_api::portal::catalogue::catalogue())
            .await
            .unwrap();
        store.upsert_regions(&small_tree()).await.unwrap();
        assert!(!store.has_demo_data().await.unwrap());
        store
            .insert_demo_stations(&[
                demo_station("370811001001", 3),
                demo_station("370811001002", 0),
            ])
            .await
            .unwrap();
        assert!(store.has_demo_data().await.unwrap());
        let overview = store.overview().await.unwrap();
        assert_eq!(
            (
                overview.stations,
                overview.informants,
                overview.service_records
            ),
            (2, 2, 3)
        );
        assert!(overview.demo_data);
    }

    pub async fn seeding_a_new_database_loads_the_demo_regions_and_targets_once(
        store: Arc<dyn Store>,
    ) {
        yinong_api::seed::prepare(store.as_ref(), true)
            .await
            .unwrap();
        let first = store.overview().await.unwrap();
        assert_eq!(
            (
                first.provinces,
                first.cities,
                first.counties,
                first.townships,
                first.villages
            ),
            (31, 342, 2978, 234, 5645)
        );
        // 86 % of 济宁's 4,927 villages and 90 % of 新平's 124, give or take the dice.
        assert!(
            (4_200..4_500).contains(&first.stations),
            "{} stations",
            first.stations
        );
        assert!(first.informants >= first.stations && first.service_records > first.stations);
        // 8 provinces × 2 + 11 counties of 济宁 × 6 + 12 townships of 新平 × 7.
        let mut seeded = 0;
        for province in store.child_regions(None).await.unwrap() {
            seeded += store
                .targets_within(Some(&province.code))
                .await
                .unwrap()
                .len();
        }
        assert_eq!(seeded, 166);

        yinong_api::seed::prepare(store.as_ref(), true)
            .await
            .unwrap();
        assert_eq!(
            store.overview().await.unwrap(),
            first,
            "a second start adds nothing"
        );
        let xinping = store.child_regions(Some(&code("530427"))).await.unwrap();
        assert_eq!(xinping.len(), 12);
    }

    pub async fn importing_a_folder_validates_before_writing(store: Arc<dyn Store>) {
        let folder = tempfile::tempdir().unwrap();
        let write = |file: &str, text: &str| {
            use std::io::Write;
            let out = std::fs::File::create(folder.path().join(file)).unwrap();
            let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
            gz.write_all(text.as_bytes()).unwrap();
            gz.finish().unwrap();
        };
        write("provinces.csv.gz", "code,name\n37,\"山东省\"\n");
        write(
            "cities.csv.gz",
            "code,name,provinceCode\n3708,\"济宁市\",37\n",
        );
        write(
            "areas.csv.gz",
            "code,name,cityCode,provinceCode\n370811,\"任城区\",3708,37\n",
        );
        write(
            "streets.csv.gz",
            "code,name,areaCode,provinceCode,cityCode\n370811001,\"古槐街道\",370811,37,3708\n",
        );
        write(
            "villages.csv.gz",
            "code,name,streetCode,provinceCode,cityCode,areaCode\n\
             370811001001,\"甲村\",370811001,37,3708,370811\n\
             370811001002,\"乙村\",370811002,37,3708,370811\n",
        );
        match import_dir(store.as_ref(), folder.path()).await {
            Err(ImportError::Invalid {
                file,
                line,
                message,
            }) => {
                assert_eq!((file.as_str(), line), ("villages.csv.gz", 3));
                assert!(message.contains("370811001002"), "{message}");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(
            store
                .count_child_regions(Some(&code("370811001")))
                .await
                .unwrap(),
            0
        );

        write(
            "villages.csv.gz",
            "code,name,streetCode,provinceCode,cityCode,areaCode\n\
             370811001001,\"甲村\",370811001,37,3708,370811\n\
             370811001002,\"乙村\",370811001,37,3708,370811\n",
        );
        let counts = import_dir(store.as_ref(), folder.path()).await.unwrap();
        assert_eq!(counts.0, [1, 1, 1, 1, 2]);
        assert_eq!(
            import_dir(store.as_ref(), folder.path()).await.unwrap(),
            counts
        );
        assert_eq!(
            store
                .count_child_regions(Some(&code("370811001")))
                .await
                .unwrap(),
            2
        );
    }

    /// All of China: runs where `../shared/data/divisions` is beside the clone (as in CI).
    pub async fn the_national_divisions_import_completely_and_idempotently(store: Arc<dyn Store>) {
        let divisions =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/divisions");
        if !divisions.join("villages.csv.gz").exists() {
            eprintln!("skipped: {} not found (national data)", divisions.display());
            return;
        }
        let counts = import_dir(store.as_ref(), &divisions).await.unwrap();
        assert_eq!(counts.0, [31, 342, 2_978, 41_352, 620_573]);
        assert_eq!(
            import_dir(store.as_ref(), &divisions).await.unwrap(),
            counts
        );
        let overview = store.overview().await.unwrap();
        assert_eq!(
            [
                overview.provinces,
                overview.cities,
                overview.counties,
                overview.townships,
                overview.villages
            ],
            [31, 342, 2_978, 41_352, 620_573]
        );
        // 济宁's 2023 statistics list 4,927 village-level units in 11 counties and districts.
        let mut jining_villages = 0;
        for county in store.child_regions(Some(&code("3708"))).await.unwrap() {
            for township in store.child_regions(Some(&county.code)).await.unwrap() {
                jining_villages += store
                    .count_child_regions(Some(&township.code))
                    .await
                    .unwrap();
            }
        }
        assert_eq!(jining_villages, 4_927);
    }
}
