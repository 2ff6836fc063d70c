//! Notices, policies and warnings: who reads which (a region and every region above it,
//! until expiry or withdrawal) in the store, and who may publish over HTTP, on SQLite and
//! PostgreSQL.

mod support;

on_both_backends!(
    a_village_reads_what_was_published_for_it_or_above_until_it_expires_or_is_withdrawn,
    administrators_publish_for_their_region_and_anyone_reads_a_villages,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Days, NaiveDate, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::bulletin::{Bulletin, BulletinKind, BulletinPage};
    use yinong_model::portal::VillageHome;
    use yinong_model::region::RegionCode;
    use yinong_store::bulletins::{BulletinFilter, NewBulletinRecord};
    use yinong_store::{china_time, Store, StoreError};

    use crate::support::{
        account, code, error_message, farmer_session, staff_accounts, staff_sessions, two_counties,
        TestServer,
    };

    const JIA: &str = "370811001001";

    /// The small tree and a village in another county of 济宁.
    fn today() -> NaiveDate {
        china_time(Utc::now()).date_naive()
    }

    pub async fn a_village_reads_what_was_published_for_it_or_above_until_it_expires_or_is_withdrawn(
        store: Arc<dyn Store>,
    ) {
        use BulletinKind::*;
        two_counties(store.as_ref()).await;
        let publisher = account(store.as_ref(), Role::SystemAdmin, "37", "13900139000").await;
        let today = today();
        let yesterday = today - Days::new(1);
        let publish = |kind, target: Option<&'static str>, title: &'static str, expires_on| {
            let store = store.clone();
            async move {
                let target = target.map(code);
                let new = NewBulletinRecord {
                    kind,
                    target: target.as_ref(),
                    title,
                    body: "正文",
                    expires_on,
                    publisher_id: publisher,
                    at: Utc::now(),
                };
                store.publish_bulletin(&new).await.unwrap()
            }
        };
        let national = publish(Policy, None, "全国政策", None).await;
        let province = publish(Notice, Some("37"), "山东通知", None).await;
        publish(Notice, Some("370812"), "兖州通知", None).await;
        let county = publish(PestWarning, Some("370811"), "任城虫情", Some(today)).await;
        publish(WeatherWarning, Some("370811"), "昨日气象", Some(yesterday)).await;
        let township = publish(DisasterWarning, Some("370811001"), "古槐灾害", Some(today)).await;
        let withdrawn = publish(DiseaseWarning, Some(JIA), "撤下的", Some(today)).await;
        store
            .withdraw_bulletin(withdrawn, Utc::now())
            .await
            .unwrap();
        let again = store.withdraw_bulletin(withdrawn, Utc::now()).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");

        let read = |region: &str, warnings| {
            let store = store.clone();
            let filter = BulletinFilter::For {
                region: code(region),
                warnings,
                today,
            };
            async move {
                let (found, total) = store.bulletins(&filter, 0, 10).await.unwrap();
                assert_eq!(found.len() as i64, total);
                found.into_iter().map(|b| b.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(
            read(JIA, true).await,
            [township, county],
            "unexpired warnings of the township and county, newest first; not yesterday's, \
             not the withdrawn one"
        );
        assert_eq!(read(JIA, false).await, [province, national]);
        let newest = store
            .latest_bulletins(
                &BulletinFilter::For {
                    region: code(JIA),
                    warnings: false,
                    today,
                },
                1,
            )
            .await
            .unwrap();
        assert_eq!(newest.iter().map(|b| b.id).collect::<Vec<_>>(), [province]);
        assert_eq!(read("370812001001", true).await, Vec::<i64>::new());
        assert_eq!(
            read("370811", true).await,
            [county],
            "a county reads its own"
        );

        let (page, total) = store
            .bulletins(&BulletinFilter::TargetedWithin(Some(code("370811"))), 0, 2)
            .await
            .unwrap();
        assert_eq!(
            total, 4,
            "the county's, its township's and village's, withdrawn too"
        );
        assert!(page[0].withdrawn && page[0].id == withdrawn);
        let (_, everything) = store
            .bulletins(&BulletinFilter::TargetedWithin(None), 0, 1)
            .await
            .unwrap();
        assert_eq!(everything, 7);

        let bulletin = store.bulletin(county).await.unwrap().unwrap();
        assert_eq!(
            (
                bulletin.headline.region_name.as_str(),
                bulletin.publisher.as_str(),
                bulletin.region_code
            ),
            ("任城区", "系统管理员13900139000", Some(code("370811")))
        );
        assert_eq!(bulletin.headline.expires_on, Some(today.to_string()));
        let nationwide = store.bulletin(national).await.unwrap().unwrap();
        assert_eq!(
            (
                nationwide.headline.region_name.as_str(),
                nationwide.region_code
            ),
            ("全国", None::<RegionCode>)
        );
    }

    pub async fn administrators_publish_for_their_region_and_anyone_reads_a_villages(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::CountyAdmin, "370811", "13900139000"),
                (Role::TownshipAdmin, "370811001", "13900139001"),
                (Role::Informant, JIA, "13900139002"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let [county, township, informant] =
            staff_sessions(&server, ["13900139000", "13900139001", "13900139002"]).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let in_days = |days| (today() + Days::new(days)).to_string();

        let publish = |session: Option<&str>, body: serde_json::Value| {
            server
                .request(Method::POST, "/api/bulletins", session)
                .json(&body)
                .send()
        };
        let warning = |region: Option<&str>, expires_on: Option<String>| {
            serde_json::json!({
                "kind": "pest_warning", "region_code": region, "title": "草地贪夜蛾虫情预警",
                "body": "近期玉米田发现草地贪夜蛾幼虫，请及时查看并防治。", "expires_on": expires_on,
            })
        };
        let published = publish(Some(&county), warning(Some("370811"), Some(in_days(3))))
            .await
            .unwrap();
        assert_eq!(published.status(), StatusCode::CREATED);
        let published: Bulletin = published.json().await.unwrap();
        assert_eq!(published.headline.region_name, "任城区");

        for (body, expected) in [
            (
                warning(Some("370811"), None),
                "预警必须填写截止日期，过期后不再显示".to_owned(),
            ),
            (
                warning(Some("370811"), Some("12/01/2026".into())),
                "截止日期“12/01/2026”应写成 2026-12-01 的样子".to_owned(),
            ),
            (
                warning(Some("370811"), Some((today() - Days::new(1)).to_string())),
                "截止日期不能早于今天".to_owned(),
            ),
            (
                warning(Some("370811"), Some(in_days(31))),
                format!(
                    "预警最长显示 30 天（到 {} 为止），情况持续请到期后重新发布",
                    in_days(30)
                ),
            ),
        ] {
            assert_eq!(
                error_message(publish(Some(&county), body).await.unwrap()).await,
                (StatusCode::BAD_REQUEST, expected)
            );
        }
        for (session, region, status) in [
            (Some(&township), Some("370811"), StatusCode::FORBIDDEN),
            (Some(&county), None, StatusCode::FORBIDDEN),
            (Some(&county), Some("370812"), StatusCode::FORBIDDEN),
            (Some(&informant), Some(JIA), StatusCode::FORBIDDEN),
            (Some(&farmer), Some(JIA), StatusCode::FORBIDDEN),
            (None, Some(JIA), StatusCode::UNAUTHORIZED),
        ] {
            let response = publish(
                session.map(String::as_str),
                warning(region, Some(in_days(1))),
            )
            .await
            .unwrap();
            assert_eq!(response.status(), status, "{region:?}");
        }
        let notice = serde_json::json!({
            "kind": "notice", "region_code": "370811001", "title": "秋冬种技术培训通知",
            "body": "本周五上午在街道农技站举办小麦播种技术培训。", "expires_on": null,
        });
        let notice: Bulletin = publish(Some(&township), notice)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();

        // A farmer of 甲村 sees both on the village's home page, without signing in.
        let home: VillageHome = server
            .get_json(&format!("/api/villages/{JIA}/home"), None)
            .await;
        assert_eq!(home.warnings, std::slice::from_ref(&published.headline));
        assert_eq!(home.notices, std::slice::from_ref(&notice.headline));
        let other: VillageHome = server
            .get_json("/api/villages/370812001001/home", None)
            .await;
        assert!(other.warnings.is_empty() && other.notices.is_empty());
        let listed: BulletinPage = server
            .get_json(&format!("/api/bulletins?for={JIA}&warnings=true"), None)
            .await;
        assert_eq!(listed.total, 1);
        let path = format!("/api/bulletins/{}", published.headline.id);
        let read: Bulletin = server.get_json(&path, None).await;
        assert_eq!(read, published);

        let withdraw = |session: &str| {
            server
                .request(Method::POST, &format!("{path}/withdraw"), Some(session))
                .send()
        };
        assert_eq!(
            withdraw(&township).await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "the township cannot take down the county's warning"
        );
        assert_eq!(
            withdraw(&county).await.unwrap().status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            error_message(withdraw(&county).await.unwrap()).await,
            (StatusCode::CONFLICT, "这条信息已经撤下".to_owned())
        );
        let gone = server
            .request(Method::GET, &path, None)
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), StatusCode::NOT_FOUND);
        let home: VillageHome = server
            .get_json(&format!("/api/villages/{JIA}/home"), None)
            .await;
        assert!(home.warnings.is_empty());

        let mine: BulletinPage = server
            .get_json("/api/bulletins/published", Some(&county))
            .await;
        let states: Vec<_> = mine.bulletins.iter().map(|b| (b.id, b.withdrawn)).collect();
        assert_eq!(
            states,
            [(notice.headline.id, false), (published.headline.id, true)],
            "the county sees its township's notice and its own withdrawn warning"
        );
        let refused = server
            .request(Method::GET, "/api/bulletins/published", Some(&informant))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
}
