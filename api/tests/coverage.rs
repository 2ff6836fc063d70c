//! Stations' lifecycle and the coverage arithmetic, on SQLite and PostgreSQL, against
//! figures worked out by hand on a small tree.

mod support;

on_both_backends!(
    a_station_goes_through_its_lifecycle_with_history,
    coverage_counts_operating_stations_at_every_level,
    the_checklist_decides_compliance,
    activity_counts_recent_services_and_informants_by_status,
    boundaries_are_keyed_by_code_or_name_and_bad_ones_skipped,
    an_answer_reads_targets_down_to_its_children_and_every_typed_one,
);

mod cases {
    use std::sync::Arc;

    use chrono::{NaiveDate, TimeZone, Utc};
    use yinong_model::coverage::CoverageFigures;
    use yinong_model::station::{StationStatus, StationType};
    use yinong_store::{MonthChange, Store, StoreError, Transition};

    use crate::support::{code, small_tree, station};

    pub async fn an_answer_reads_targets_down_to_its_children_and_every_typed_one(
        store: Arc<dyn Store>,
    ) {
        use yinong_model::target::{Target, TargetMetric};
        store.upsert_regions(&small_tree()).await.unwrap();
        let target = |region: &str, period: &str, metric| Target {
            region_code: code(region),
            period: period.into(),
            metric,
            value: 10.0,
            basis_villages: None,
            source: "测试文件".into(),
        };
        store
            .upsert_targets(&[
                target("37", "2019", TargetMetric::StationsTotal),
                target("3708", "2019", TargetMetric::StationsTotal),
                target("370811", "2020H1", TargetMetric::StationsTotal),
                target("370811", "2019", TargetMetric::StationsStandard),
                target("53", "2018", TargetMetric::CoverageRatio),
            ])
            .await
            .unwrap();
        let read = |targets: Vec<Target>| -> Vec<(String, String)> {
            targets
                .into_iter()
                .map(|t| (t.region_code.to_string(), t.metric.code().to_owned()))
                .collect()
        };
        // The nation: its provinces' targets, and the county's typed one for the type plan.
        assert_eq!(
            read(store.targets_down_to(None, 2).await.unwrap()),
            [
                ("37".to_owned(), "stations_total".to_owned()),
                ("370811".to_owned(), "stations_standard".to_owned()),
                ("53".to_owned(), "coverage_ratio".to_owned()),
            ]
        );
        // 山东 down to its cities: its own, 济宁's, and the typed one below.
        assert_eq!(
            read(store.targets_down_to(Some(&code("37")), 4).await.unwrap()).len(),
            3
        );
        let mut periods = store.target_periods(Some(&code("37"))).await.unwrap();
        periods.sort();
        assert_eq!(periods, ["2019", "2020H1"], "periods come from every level");
        assert!(store
            .target_periods(Some(&code("3701")))
            .await
            .unwrap()
            .is_empty());
    }

    pub async fn activity_counts_recent_services_and_informants_by_status(store: Arc<dyn Store>) {
        use yinong_model::service::ServiceKind;
        use yinong_store::{DemoInformant, DemoServiceRecord};
        store.upsert_regions(&small_tree()).await.unwrap();
        store
            .upsert_service_catalogue(&yinong_api::portal::catalogue::catalogue())
            .await
            .unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2020, 6, d).unwrap();
        let record = |kind, item_code, served_on| DemoServiceRecord {
            kind,
            item_code,
            served_on,
        };
        let informant = |status| DemoInformant {
            name: "李强".into(),
            phone: "10087654321".into(),
            status,
        };
        let mut jia = station(JIA, StationStatus::Operating, Some(day(1)), true);
        jia.informants
            .extend([informant("training"), informant("dismissed")]);
        jia.service_records = vec![
            record("public_welfare", "expert_qa", day(10)),
            record("public_welfare", "market_prices", day(20)),
            // Before the months asked for: not counted.
            record(
                "public_welfare",
                "expert_qa",
                NaiveDate::from_ymd_opt(2020, 4, 30).unwrap(),
            ),
            record("convenience", "phone_topup", day(15)),
        ];
        store.insert_demo_stations(&[jia]).await.unwrap();
        store.refresh_coverage(None).await.unwrap();

        let activity = store
            .activity(Some(&code("3708")), "2020-05", "2020-06")
            .await
            .unwrap();
        assert_eq!(
            activity.services,
            [
                (ServiceKind::PublicWelfare, 2),
                (ServiceKind::Convenience, 1),
                (ServiceKind::ECommerce, 0),
                (ServiceKind::Training, 0)
            ]
        );
        let informants = &activity.informants;
        assert_eq!(
            (
                informants.registered,
                informants.qualified,
                informants.in_training,
                informants.dismissed
            ),
            (3, 1, 1, 1)
        );
        let nation = store.activity(None, "2020-01", "2020-12").await.unwrap();
        assert_eq!(nation.services[0], (ServiceKind::PublicWelfare, 3));
        let village = store
            .activity(Some(&code(JIA)), "2020-06", "2020-06")
            .await
            .unwrap();
        assert_eq!(village.services[0], (ServiceKind::PublicWelfare, 2));
        assert_eq!(village.informants.registered, 3);
        let elsewhere = store
            .activity(Some(&code("53")), "2020-01", "2020-12")
            .await
            .unwrap();
        assert!(elsewhere.services.iter().all(|(_, n)| *n == 0));
        assert_eq!(elsewhere.informants.registered, 0);
    }

    pub async fn boundaries_are_keyed_by_code_or_name_and_bad_ones_skipped(store: Arc<dyn Store>) {
        use yinong_api::regions::shapes::{read_collection, store_shapes, ShapeImport};
        store.upsert_regions(&small_tree()).await.unwrap();
        let square = "[[[116.0,35.0],[117.0,35.0],[117.0,36.0],[116.0,36.0],[116.0,35.0]]]";
        let sliver = "[[[116.0,35.0],[117.0,35.0],[117.0,35.0001],[116.0,35.0]]]";
        let collection = format!(
            r#"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","id":"370800","properties":{{"name":"济宁"}},"geometry":{{"type":"Polygon","coordinates":{square}}}}},
              {{"type":"Feature","id":"370100","properties":{{"name":"济南"}},"geometry":{{"type":"Polygon","coordinates":{sliver}}}}},
              {{"type":"Feature","properties":{{"name":"青岛市"}},"geometry":{{"type":"Polygon","coordinates":{square}}}}}
            ]}}"#
        );
        let mut import = ShapeImport::default();
        read_collection(
            store.as_ref(),
            "cities.geojson",
            collection.as_bytes(),
            &mut import,
        )
        .await
        .unwrap();
        assert_eq!(import.shapes.len(), 1);
        assert_eq!(import.shapes[0].code, code("3708"));
        assert_eq!(import.skipped.len(), 2, "{:?}", import.skipped);
        assert!(import.skipped[0].contains("济南: no polygon"));
        assert!(import.skipped[1].contains("青岛市: no such region"));
        store_shapes(store.as_ref(), &import.shapes).await.unwrap();

        // A later file keys a county by an old code: the name decides.
        let county = format!(
            r#"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","id":"370899","properties":{{"name":"任城县"}},"geometry":{{"type":"Polygon","coordinates":{square}}}}}
            ]}}"#
        );
        let mut import = ShapeImport::default();
        read_collection(
            store.as_ref(),
            "county.geojson",
            county.as_bytes(),
            &mut import,
        )
        .await
        .unwrap();
        assert_eq!(import.shapes[0].code, code("370811"));
        store_shapes(store.as_ref(), &import.shapes).await.unwrap();

        let cities = store.child_shapes(Some(&code("37"))).await.unwrap();
        assert_eq!(cities.len(), 1);
        assert_eq!(cities[0].0.name, "济宁市");
        let geometry: serde_json::Value = serde_json::from_str(&cities[0].1).unwrap();
        assert_eq!(geometry["type"], "Polygon");
        assert_eq!(geometry["coordinates"][0].as_array().unwrap().len(), 5);
        assert_eq!(
            store.child_shapes(Some(&code("3708"))).await.unwrap().len(),
            1
        );
        assert!(store
            .child_shapes(Some(&code("370811")))
            .await
            .unwrap()
            .is_empty());
        assert!(read_collection(store.as_ref(), "x", b"{}", &mut import)
            .await
            .is_err());
    }

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    fn at(day: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 3, day, 9, 0, 0).unwrap()
    }

    fn step(from: StationStatus, to: StationStatus, day: u32) -> Transition<'static> {
        Transition {
            from,
            to,
            reason: None,
            actor_id: None,
            at: at(day),
        }
    }

    async fn figures(
        store: &dyn Store,
        within: Option<&str>,
        len: usize,
    ) -> Vec<(String, CoverageFigures)> {
        store
            .coverage_rollups(within.map(code).as_ref(), len)
            .await
            .unwrap()
            .into_iter()
            .map(|row| (row.code.as_str().to_owned(), row.figures))
            .collect()
    }

    pub async fn a_station_goes_through_its_lifecycle_with_history(store: Arc<dyn Store>) {
        use StationStatus::*;
        store.upsert_regions(&small_tree()).await.unwrap();
        let details = station(YI, Declared, None, true).details;
        let declared = store
            .declare_station(&code(YI), &details, None, at(1))
            .await
            .unwrap();
        assert_eq!(
            declared.code, "37081100100201",
            "unified number: village code + serial"
        );
        assert_eq!(declared.status, Declared);
        let second = store
            .declare_station(&code(YI), &details, None, at(1))
            .await
            .unwrap();
        assert_eq!(second.code, "37081100100202");

        let rejected = Transition {
            reason: Some("与 01 号站重复"),
            ..step(Declared, Rejected, 2)
        };
        store
            .change_station_status(&second.code, &rejected)
            .await
            .unwrap();
        for (from, to, day) in [
            (Declared, Approved, 2),
            (Approved, Built, 10),
            (Built, Accepted, 20),
        ] {
            store
                .change_station_status(&declared.code, &step(from, to, day))
                .await
                .unwrap();
        }
        // Someone acting on what they saw before: the station is no longer declared.
        let stale = store
            .change_station_status(&declared.code, &step(Declared, Approved, 21))
            .await;
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
        let operating = store
            .change_station_status(&declared.code, &step(Accepted, Operating, 25))
            .await
            .unwrap();
        assert_eq!(operating.status, Operating);
        assert_eq!(operating.opened_on.as_deref(), Some("2020-03-25"));

        let history = store.station_history(&declared.code).await.unwrap();
        let steps: Vec<_> = history.iter().map(|e| (e.from, e.to)).collect();
        assert_eq!(
            steps,
            [
                (None, Declared),
                (Some(Declared), Approved),
                (Some(Approved), Built),
                (Some(Built), Accepted),
                (Some(Accepted), Operating)
            ]
        );
        let second_history = store.station_history(&second.code).await.unwrap();
        assert_eq!(second_history[1].reason.as_deref(), Some("与 01 号站重复"));
        assert_eq!(
            store.station("nothing").await.unwrap(),
            None,
            "an unknown code is not found"
        );
    }

    pub async fn coverage_counts_operating_stations_at_every_level(store: Arc<dyn Store>) {
        use StationStatus::*;
        store.upsert_regions(&small_tree()).await.unwrap();
        let may_2019 = NaiveDate::from_ymd_opt(2019, 5, 10);
        store
            .insert_demo_stations(&[
                station(JIA, Operating, may_2019, true),
                station(YI, Declared, None, false),
            ])
            .await
            .unwrap();
        let change = yinong_store::Change {
            actor_id: None,
            action: "poverty_set",
            at: chrono::Utc::now(),
        };
        store
            .set_poverty(&[(code(YI), true)], change)
            .await
            .unwrap();
        store.refresh_coverage(None).await.unwrap();

        // Two villages, 乙村 poor; only 甲村's station operates.
        for (within, len) in [
            (Some("37"), 2),
            (Some("3708"), 4),
            (Some("370811"), 6),
            (Some("370811"), 9),
        ] {
            let rows = figures(store.as_ref(), within, len).await;
            assert_eq!(rows.len(), 1, "{within:?} {len}: {rows:?}");
            let f = &rows[0].1;
            assert_eq!(
                (
                    f.villages,
                    f.poverty_villages,
                    f.covered_villages,
                    f.covered_poverty_villages
                ),
                (2, 1, 1, 0),
                "{within:?} {len}"
            );
            assert_eq!(f.qualified_informants, 2);
            assert_eq!(
                (
                    f.operating(),
                    f.with_status(Declared),
                    f.compliant_operating()
                ),
                (1, 1, 1)
            );
            assert_eq!(f.coverage(), Some(0.5));
            assert_eq!(f.poverty_coverage(), Some(0.0));
        }
        // Nationally only 山东 has villages or stations; 济南 has neither.
        let provinces = figures(store.as_ref(), None, 2).await;
        assert_eq!(
            provinces
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>(),
            ["37"]
        );
        assert!(figures(store.as_ref(), Some("3701"), 4).await.is_empty());

        // Villages are counted directly.
        let villages = figures(store.as_ref(), Some("370811001"), 12).await;
        let covered: Vec<_> = villages
            .iter()
            .map(|(c, f)| (c.as_str(), f.poverty_villages, f.covered_villages))
            .collect();
        assert_eq!(covered, [(JIA, 0, 1), (YI, 1, 0)]);

        // 乙村's station goes into operation: both villages covered, the poor one too.
        let yi_station = format!("{YI}01");
        for (from, to) in [
            (Declared, Approved),
            (Approved, Built),
            (Built, Accepted),
            (Accepted, Operating),
        ] {
            store
                .change_station_status(&yi_station, &step(from, to, 5))
                .await
                .unwrap();
        }
        let city = &figures(store.as_ref(), Some("3708"), 4).await[0].1;
        assert_eq!(
            (city.covered_villages, city.covered_poverty_villages),
            (2, 1)
        );
        assert_eq!(city.poverty_coverage(), Some(1.0));
        assert_eq!(city.operating_of_type(StationType::Standard), 2);

        // Suspended stations do not count; closing dates the close.
        store
            .change_station_status(&yi_station, &step(Operating, Suspended, 6))
            .await
            .unwrap();
        let county = &figures(store.as_ref(), Some("370811"), 6).await[0].1;
        assert_eq!(
            (
                county.covered_villages,
                county.operating(),
                county.with_status(Suspended)
            ),
            (1, 1, 1)
        );
        store
            .change_station_status(&yi_station, &step(Suspended, Closed, 7))
            .await
            .unwrap();

        let months_of = |rows: Vec<yinong_store::RegionRollup>| -> Vec<MonthChange> {
            rows.into_iter()
                .filter(|row| !row.months.is_empty())
                .flat_map(|row| {
                    assert!(["3708", "37"].contains(&row.code.as_str()), "{}", row.code);
                    row.months
                })
                .collect()
        };
        let city = store
            .coverage_rollups(Some(&code("3708")), 4)
            .await
            .unwrap();
        let months = months_of(city);
        assert_eq!(
            months,
            [
                MonthChange {
                    month: "2019-05".into(),
                    stations_opened: 1,
                    stations_closed: 0,
                    villages_covered: 1
                },
                MonthChange {
                    month: "2020-03".into(),
                    stations_opened: 1,
                    stations_closed: 1,
                    villages_covered: 0
                },
            ]
        );
        let provinces = store.coverage_rollups(None, 2).await.unwrap();
        let shandong = months_of(provinces);
        assert_eq!(shandong, months, "the province holds the same months");
    }

    pub async fn the_checklist_decides_compliance(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let opened = NaiveDate::from_ymd_opt(2019, 5, 10);
        store
            .insert_demo_stations(&[
                station(JIA, StationStatus::Operating, opened, true),
                station(YI, StationStatus::Operating, opened, false),
            ])
            .await
            .unwrap();
        store.refresh_coverage(None).await.unwrap();
        let jia = store.station(&format!("{JIA}01")).await.unwrap().unwrap();
        let yi = store.station(&format!("{YI}01")).await.unwrap().unwrap();
        assert!(
            jia.compliant && !yi.compliant,
            "乙村's station lacks 有持续运营能力"
        );
        assert_eq!(
            figures(store.as_ref(), Some("370811"), 6).await[0]
                .1
                .compliant_operating(),
            1
        );

        let mut details = yi.details.clone();
        details.six_have.sustainable = true;
        let fixed = store.update_station(&yi.code, &details).await.unwrap();
        assert!(fixed.compliant);
        assert_eq!(
            figures(store.as_ref(), Some("370811"), 6).await[0]
                .1
                .compliant_operating(),
            2
        );

        let mut details = jia.details.clone();
        details.six_have.broadband_mbps = None;
        assert!(
            !store
                .update_station(&jia.code, &details)
                .await
                .unwrap()
                .compliant
        );
        let missing = store.update_station("37081100100309", &details).await;
        assert!(
            matches!(missing, Err(StoreError::NotFound(_))),
            "{missing:?}"
        );
    }
}
