//! 村网页 news: written by a village's informant, reviewed by the township above, and
//! published on the village page, over HTTP on SQLite and PostgreSQL.

mod support;

on_both_backends!(an_informants_news_reaches_the_village_page_once_the_township_approves,);

mod cases {
    use std::sync::Arc;

    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::news::{NewsItem, NewsPage};
    use yinong_model::review::ReviewStatus;
    use yinong_store::Store;

    use crate::support::{
        error_message, farmer_session, region, small_tree, staff_accounts, staff_sessions,
        TestServer,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    pub async fn an_informants_news_reaches_the_village_page_once_the_township_approves(
        store: Arc<dyn Store>,
    ) {
        let mut tree = small_tree();
        tree.extend([region("370812", "兖州区"), region("370812001", "鼓楼街道")]);
        store.upsert_regions(&tree).await.unwrap();
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900000001"),
                (Role::Informant, YI, "13900000002"),
                (Role::TownshipAdmin, "370811001", "13900000003"),
                (Role::TownshipAdmin, "370812001", "13900000004"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let [informant, neighbour_informant, township, other_township] = staff_sessions(
            &server,
            ["13900000001", "13900000002", "13900000003", "13900000004"],
        )
        .await;
        let farmer = farmer_session(&server, "13800138000").await;
        let sent = std::sync::atomic::AtomicU8::new(0);
        let client_id =
            |n: u8| yinong_model::sync::uuid_v7(1_780_000_000_000 + u64::from(n), [n; 10]);
        let write = |session: &str, title: &str, body: &str| {
            let id = client_id(sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
            server
                .request(Method::PUT, &format!("/api/news/{id}"), Some(session))
                .json(&serde_json::json!({ "title": title, "body": body, "photos": [] }))
                .send()
        };
        let body = "甲村到古槐街道的机耕路修好了，农机可以开到地头。";
        assert_eq!(
            write(&farmer, "路修好了", body).await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "the village's informant writes its news"
        );
        assert_eq!(
            error_message(write(&informant, "路修好了", "修好了").await.unwrap()).await,
            (
                StatusCode::BAD_REQUEST,
                "正文至少 10 个字，写清楚什么事、什么时间、在哪里".to_owned()
            )
        );
        let written = write(&informant, "机耕路修好了", body).await.unwrap();
        assert_eq!(written.status(), StatusCode::CREATED);
        let written: NewsItem = written.json().await.unwrap();
        assert_eq!(
            (written.status, written.place.as_str()),
            (ReviewStatus::Pending, "任城区 古槐街道 甲村")
        );
        // Its answer lost on the way, the phone sends it again: the first result, once.
        let resent = server
            .request(
                Method::PUT,
                &format!("/api/news/{}", client_id(2)),
                Some(&informant),
            )
            .json(&serde_json::json!({ "title": "机耕路修好了", "body": body, "photos": [] }))
            .send()
            .await
            .unwrap();
        assert_eq!(resent.status(), StatusCode::OK);
        assert_eq!(resent.json::<NewsItem>().await.unwrap(), written);

        let page: NewsPage = server
            .get_json(&format!("/api/villages/{JIA}/news"), None)
            .await;
        assert_eq!(page.total, 0, "not before review");
        let one = format!("/api/news/{}", written.id);
        let hidden = server
            .request(Method::GET, &one, None)
            .send()
            .await
            .unwrap();
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        let own: NewsItem = server.get_json(&one, Some(&informant)).await;
        assert_eq!(own.id, written.id);

        let review = |session: &str, approve: bool| {
            server
                .request(Method::POST, &format!("{one}/review"), Some(session))
                .json(&serde_json::json!({ "approve": approve, "reason": null }))
                .send()
        };
        for outsider in [&informant, &neighbour_informant, &other_township] {
            assert_eq!(
                review(outsider, true).await.unwrap().status(),
                StatusCode::FORBIDDEN
            );
        }
        let queue: NewsPage = server.get_json("/api/news/review", Some(&township)).await;
        assert_eq!(
            queue.news.iter().map(|n| n.id).collect::<Vec<_>>(),
            [written.id]
        );
        let approved = review(&township, true).await.unwrap();
        assert_eq!(
            approved.json::<NewsItem>().await.unwrap().status,
            ReviewStatus::Approved
        );
        assert_eq!(
            error_message(review(&township, false).await.unwrap()).await,
            (
                StatusCode::BAD_REQUEST,
                "这一条已发布，不能再审核".to_owned()
            )
        );
        let again: yinong_model::review::BulkApproved = server
            .request(Method::POST, "/api/news/approve", Some(&township))
            .json(&serde_json::json!({ "ids": [written.id] }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            again.approved.is_empty(),
            "a page approved twice counts once"
        );
        assert_eq!(again.not_approved[0].message, "这一条已发布，不能再审核");

        let page: NewsPage = server
            .get_json(&format!("/api/villages/{JIA}/news"), None)
            .await;
        assert_eq!(
            page.news.iter().map(|n| n.id).collect::<Vec<_>>(),
            [written.id]
        );
        let neighbours: NewsPage = server
            .get_json(&format!("/api/villages/{YI}/news"), None)
            .await;
        assert_eq!(neighbours.total, 0, "a village page shows its own news");
        let township_code = server
            .request(Method::GET, "/api/villages/370811001/news", None)
            .send()
            .await
            .unwrap();
        assert_eq!(township_code.status(), StatusCode::BAD_REQUEST);
        let public: NewsItem = server.get_json(&one, None).await;
        assert_eq!(public.title, "机耕路修好了");
        let mine: NewsPage = server.get_json("/api/news/mine", Some(&informant)).await;
        assert_eq!(mine.total, 1);
    }
}
