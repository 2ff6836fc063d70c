//! Stations' lifecycle and the coverage arithmetic, on SQLite and PostgreSQL, against
//! figures worked out by hand on a small tree.

mod support;

on_both_backends!(
    a_station_goes_through_its_lifecycle_with_history,
    coverage_counts_operating_stations_at_every_level,
    the_checklist_decides_compliance,
);

mod cases {
    use std::sync::Arc;

    use chrono::{NaiveDate, TimeZone, Utc};
    use yinong_api::store::{MonthChange, Store, StoreError, Transition};
    use yinong_model::coverage::CoverageFigures;
    use yinong_model::station::{StationStatus, StationType};

    use crate::support::{code, small_tree, station};

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
            .coverage_figures(within.map(code).as_ref(), len)
            .await
            .unwrap()
            .into_iter()
            .map(|(code, figures)| (code.as_str().to_owned(), figures))
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
        store.set_poverty_villages(&[code(YI)], true).await.unwrap();
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

        let months = store.coverage_months(Some(&code("3708")), 4).await.unwrap();
        let months: Vec<_> = months
            .into_iter()
            .map(|(region, change)| {
                assert_eq!(region, code("3708"));
                change
            })
            .collect();
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
        let provinces = store.coverage_months(None, 2).await.unwrap();
        let shandong: Vec<_> = provinces
            .into_iter()
            .map(|(region, change)| {
                assert_eq!(region, code("37"));
                change
            })
            .collect();
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
