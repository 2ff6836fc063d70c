//! The portal's village search and station look-ups, on SQLite and PostgreSQL, and their
//! HTTP answers.

mod support;

on_both_backends!(
    villages_are_found_by_the_start_of_their_name_or_any_part_inside_a_county,
    a_village_shows_its_operating_stations_with_their_qualified_informants,
    the_nearest_operating_stations_come_in_order_of_distance,
    the_village_endpoints_answer_farmers_without_signing_in,
);

mod cases {
    use std::sync::Arc;

    use yinong_model::portal::{VillageHome, VillageSearch};
    use yinong_model::station::StationStatus;
    use yinong_store::portal::{Bounds, NameMatch};
    use yinong_store::{DemoInformant, DemoStation, Store};

    use crate::support::{code, region, small_tree, station, TestServer};

    /// The small tree plus villages named alike in two counties.
    async fn villages(store: &dyn Store) {
        let mut tree = small_tree();
        tree.extend([
            region("370811001003", "张庄村"),
            region("370811001004", "小张庄村"),
            region("370811001005", "张家庄村"),
            region("370812", "兖州区"),
            region("370812001", "鼓楼街道"),
            region("370812001001", "张庄村"),
        ]);
        store.upsert_regions(&tree).await.unwrap();
    }

    fn names(found: &[yinong_store::portal::FoundVillage]) -> Vec<String> {
        found
            .iter()
            .map(|f| format!("{} {}", f.village.code, f.village.name))
            .collect()
    }

    pub async fn villages_are_found_by_the_start_of_their_name_or_any_part_inside_a_county(
        store: Arc<dyn Store>,
    ) {
        villages(store.as_ref()).await;
        let nationally = store
            .search_villages("张庄", NameMatch::Start, None, 10)
            .await
            .unwrap();
        assert_eq!(
            names(&nationally),
            ["370811001003 张庄村", "370812001001 张庄村"],
            "小张庄村 does not start with 张庄 and 张家庄村 is another name"
        );
        assert_eq!(
            nationally[1].ancestors,
            ["山东省", "济宁市", "兖州区", "鼓楼街道"]
        );

        let in_county = store
            .search_villages("张庄", NameMatch::Anywhere, Some(&code("370811")), 10)
            .await
            .unwrap();
        assert_eq!(
            names(&in_county),
            ["370811001004 小张庄村", "370811001003 张庄村"],
            "any part of the name, inside 任城区 only, in name order"
        );

        let limited = store
            .search_villages("张", NameMatch::Start, None, 2)
            .await
            .unwrap();
        assert_eq!(limited.len(), 2);
        let wildcard = store
            .search_villages("%", NameMatch::Anywhere, Some(&code("370811")), 10)
            .await
            .unwrap();
        assert!(wildcard.is_empty(), "% is a character, not a wildcard");
    }

    fn with_informants(mut station: DemoStation, statuses: &[&'static str]) -> DemoStation {
        station.informants = statuses
            .iter()
            .enumerate()
            .map(|(n, status)| DemoInformant {
                name: format!("信息员{n}"),
                phone: format!("1001234567{n}"),
                status,
            })
            .collect();
        station
    }

    pub async fn a_village_shows_its_operating_stations_with_their_qualified_informants(
        store: Arc<dyn Store>,
    ) {
        villages(store.as_ref()).await;
        let jia = with_informants(
            station("370811001001", StationStatus::Operating, None, true),
            &["qualified", "dismissed", "qualified"],
        );
        let yi = station("370811001002", StationStatus::Approved, None, true);
        store.insert_demo_stations(&[jia, yi]).await.unwrap();

        let here = store
            .operating_stations_in(&code("370811001001"))
            .await
            .unwrap();
        assert_eq!(here.len(), 1);
        assert_eq!(here[0].code, "37081100100101");
        assert!(here[0].compliant);
        let contacts: Vec<_> = here[0].contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            contacts,
            ["信息员0", "信息员2"],
            "dismissed informants are not listed"
        );

        let not_yet = store
            .operating_stations_in(&code("370811001002"))
            .await
            .unwrap();
        assert!(not_yet.is_empty(), "an approved station does not serve yet");
    }

    fn at(village: &str, status: StationStatus, lat: f64, lng: f64) -> DemoStation {
        let mut placed = station(village, status, None, false);
        placed.details.latitude = Some(lat);
        placed.details.longitude = Some(lng);
        placed
    }

    pub async fn the_nearest_operating_stations_come_in_order_of_distance(store: Arc<dyn Store>) {
        villages(store.as_ref()).await;
        store
            .insert_demo_stations(&[
                at("370811001001", StationStatus::Operating, 35.40, 116.60),
                at("370811001002", StationStatus::Operating, 35.46, 116.60),
                at("370811001003", StationStatus::Operating, 35.41, 116.61),
                at("370811001004", StationStatus::Suspended, 35.401, 116.601),
                at("370812001001", StationStatus::Operating, 37.00, 116.60),
            ])
            .await
            .unwrap();
        let bounds = Bounds {
            south: 34.4,
            north: 36.4,
            west: 115.6,
            east: 117.6,
        };
        let nearest = store
            .nearest_operating_stations((35.40, 116.60), bounds, 2)
            .await
            .unwrap();
        let codes: Vec<_> = nearest.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(
            codes,
            ["37081100100101", "37081100100301"],
            "the suspended one is nearer but closed to farmers; the far one is outside"
        );
        let all = store
            .nearest_operating_stations((35.40, 116.60), bounds, 10)
            .await
            .unwrap();
        assert_eq!(all.len(), 3, "37.00° lies outside the box");
    }

    pub async fn the_village_endpoints_answer_farmers_without_signing_in(store: Arc<dyn Store>) {
        villages(store.as_ref()).await;
        store
            .insert_demo_stations(&[
                at("370811001001", StationStatus::Operating, 35.40, 116.60),
                at("370811001003", StationStatus::Operating, 35.41, 116.61),
                at("370812001001", StationStatus::Operating, 35.50, 116.70),
            ])
            .await
            .unwrap();
        let server = TestServer::start(store, false).await;

        let found: VillageSearch = server
            .get_json("/api/villages/search?q=%E5%BC%A0%E5%BA%84", None)
            .await;
        assert!(!found.anywhere_in_name);
        let places: Vec<_> = found.matches.iter().map(|m| m.place.as_str()).collect();
        assert_eq!(
            places,
            [
                "山东省 济宁市 任城区 古槐街道",
                "山东省 济宁市 兖州区 鼓楼街道"
            ]
        );

        let too_short = server
            .request(
                reqwest::Method::GET,
                "/api/villages/search?q=%E5%BC%A0",
                None,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(too_short.status(), 400);
        let body: serde_json::Value = too_short.json().await.unwrap();
        assert_eq!(body["error"]["message"], "请至少输入 2 个字");
        let local: VillageSearch = server
            .get_json("/api/villages/search?q=%E5%BC%A0&within=370811", None)
            .await;
        assert!(local.anywhere_in_name);
        assert_eq!(
            local.matches.len(),
            3,
            "张庄村, 小张庄村, 张家庄村 in 任城区"
        );

        let home: VillageHome = server
            .get_json("/api/villages/370811001001/home", None)
            .await;
        assert_eq!(home.village.name, "甲村");
        assert_eq!(home.place, "山东省 济宁市 任城区 古槐街道");
        assert_eq!(home.stations.len(), 1);
        assert_eq!(home.stations[0].distance_m, Some(0));
        let nearby: Vec<_> = home.nearby.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(
            nearby,
            ["37081100100301", "37081200100101"],
            "nearest first"
        );
        let first = home.nearby[0].distance_m.unwrap();
        assert!((1_300..1_500).contains(&first), "{first}");

        // From the farmer's own position the order turns round.
        let there: VillageHome = server
            .get_json("/api/villages/370811001001/home?lat=35.5&lng=116.7", None)
            .await;
        assert_eq!(there.nearby[0].code, "37081200100101");
        assert_eq!(there.nearby[0].distance_m, Some(0));

        for (path, status) in [
            ("/api/villages/370811/home", 400),
            ("/api/villages/370811001009/home", 404),
            ("/api/villages/370811001001/home?lat=35.5", 400),
        ] {
            let response = server
                .request(reqwest::Method::GET, path, None)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{path}");
        }
    }
}
