//! 12316 专家问答: the knowledge base and the experts' queue in the store, and asking,
//! answering and rating over HTTP, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    the_knowledge_base_holds_answered_questions_by_region_topic_and_words,
    a_county_expert_answers_a_question_from_their_county_and_the_asker_rates_it,
);

mod cases {
    use std::sync::Arc;

    use chrono::Utc;
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::question::{Question, QuestionPage, Topic};
    use yinong_store::questions::{NewQuestionRecord, QuestionFilter};
    use yinong_store::sync::Arrival;
    use yinong_store::{Store, StoreError};

    use crate::support::{
        account, code, error_message, farmer_session, staff_accounts, staff_sessions, two_counties,
        TestServer,
    };

    const JIA: &str = "370811001001";
    const EAST: &str = "370812001001";

    pub async fn the_knowledge_base_holds_answered_questions_by_region_topic_and_words(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        let farmer = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let expert = account(store.as_ref(), Role::Expert, "370811", "13900000001").await;
        let ask = |place: &'static str, crop: &'static str, topic, text: &'static str| {
            let store = store.clone();
            async move {
                let region = code(place);
                let new = NewQuestionRecord {
                    region: &region,
                    crop,
                    topic,
                    text,
                    photos: &[],
                    asker_id: farmer,
                    at: Utc::now(),
                };
                store
                    .ask_question(&new, 3, None)
                    .await
                    .and_then(Arrival::first)
            }
        };
        let rust = ask(JIA, "小麦", Topic::PestsAndDiseases, "叶子上有黄色粉末")
            .await
            .unwrap();
        let pigs = ask(EAST, "生猪", Topic::Livestock, "小猪拉稀怎么办")
            .await
            .unwrap();
        let waiting = ask(JIA, "玉米", Topic::SoilAndFertilizer, "苗发黄追什么肥")
            .await
            .unwrap();
        assert!(
            matches!(
                ask(JIA, "大豆", Topic::Growing, "什么时候播种").await,
                Err(StoreError::Conflict(_))
            ),
            "three waiting is the limit here"
        );
        for id in [rust, pigs] {
            store
                .answer_question(id, expert, "按说明用药", Utc::now())
                .await
                .unwrap();
        }
        assert!(matches!(
            store
                .answer_question(rust, expert, "再答一次", Utc::now())
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.rate_answer(waiting, 4).await,
            Err(StoreError::Conflict(_))
        ));
        store.rate_answer(rust, 4).await.unwrap();

        let ids = |filter: QuestionFilter| {
            let store = store.clone();
            async move {
                let (questions, total) = store.questions(&filter, None, 0, 10).await.unwrap();
                assert_eq!(questions.len() as i64, total);
                questions.into_iter().map(|q| q.id).collect::<Vec<_>>()
            }
        };
        let answered = |within: Option<&str>, topic, search: Option<&str>| QuestionFilter {
            within: within.map(code),
            topic,
            search: search.map(str::to_owned),
            answered: Some(true),
            ..QuestionFilter::default()
        };
        assert_eq!(
            ids(answered(None, None, None)).await,
            [pigs, rust],
            "newest first"
        );
        assert_eq!(ids(answered(Some("370811"), None, None)).await, [rust]);
        assert_eq!(
            ids(answered(None, Some(Topic::Livestock), None)).await,
            [pigs]
        );
        assert_eq!(
            ids(answered(None, None, Some("小麦"))).await,
            [rust],
            "by crop"
        );
        assert_eq!(
            ids(answered(None, None, Some("拉稀"))).await,
            [pigs],
            "by words"
        );
        let queue = QuestionFilter {
            within: Some(code("370811")),
            answered: Some(false),
            oldest_first: true,
            ..QuestionFilter::default()
        };
        assert_eq!(ids(queue).await, [waiting]);

        let (read, asker) = store.question(rust, Some(farmer)).await.unwrap().unwrap();
        assert_eq!(asker, farmer);
        let answer = read.answer.unwrap();
        assert_eq!(
            (
                read.place.as_str(),
                read.mine,
                answer.expert_name.as_str(),
                answer.rating
            ),
            ("任城区 古槐街道 甲村", true, "专家13900000001", Some(4))
        );
    }

    pub async fn a_county_expert_answers_a_question_from_their_county_and_the_asker_rates_it(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Expert, "370811", "13900000001"),
                (Role::Expert, "370812", "13900000002"),
                (Role::Informant, JIA, "13900000003"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let ask = |body: serde_json::Value| {
            server
                .request(Method::POST, "/api/questions", Some(&farmer))
                .json(&body)
                .send()
        };
        let question = |region: &str, text: &str| {
            serde_json::json!({
                "region_code": region, "crop": "小麦", "topic": "pests_and_diseases",
                "text": text, "photos": [],
            })
        };
        assert_eq!(
            error_message(
                ask(question("370811001", "叶子上有黄色粉末"))
                    .await
                    .unwrap()
            )
            .await,
            (
                StatusCode::BAD_REQUEST,
                "请先选择你的村，专家按村所在的县答复".to_owned()
            )
        );
        let mut with_photo = question(JIA, "叶子上有黄色粉末");
        with_photo["photos"] = serde_json::json!(["e".repeat(64)]);
        assert_eq!(
            error_message(ask(with_photo).await.unwrap()).await,
            (
                StatusCode::BAD_REQUEST,
                "有照片没有上传成功，请重新选择照片".to_owned()
            )
        );
        let asked = ask(question(JIA, "叶子上有黄色粉末，一抹就掉"))
            .await
            .unwrap();
        assert_eq!(asked.status(), StatusCode::CREATED);
        let asked: Question = asked.json().await.unwrap();
        assert!(asked.answer.is_none() && asked.mine);

        let one = format!("/api/questions/{}", asked.id);
        let stranger = server
            .request(Method::GET, &one, None)
            .send()
            .await
            .unwrap();
        assert_eq!(
            stranger.status(),
            StatusCode::NOT_FOUND,
            "waiting questions are not public"
        );
        let base: QuestionPage = server.get_json("/api/questions", None).await;
        assert_eq!(base.total, 0);

        let [expert, elsewhere, informant] =
            staff_sessions(&server, ["13900000001", "13900000002", "13900000003"]).await;
        let queue: QuestionPage = server.get_json("/api/questions/queue", Some(&expert)).await;
        assert_eq!(
            queue.questions.iter().map(|q| q.id).collect::<Vec<_>>(),
            [asked.id]
        );
        let other_queue: QuestionPage = server
            .get_json("/api/questions/queue", Some(&elsewhere))
            .await;
        assert_eq!(other_queue.total, 0, "another county's expert");
        let seen: Question = server.get_json(&one, Some(&expert)).await;
        assert_eq!(seen.id, asked.id);
        let refused = server
            .request(Method::GET, "/api/questions/queue", Some(&informant))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);

        let answer = |session: String, text: &'static str| {
            let request = server
                .request(Method::POST, &format!("{one}/answer"), Some(&session))
                .json(&serde_json::json!({ "text": text }));
            async move { request.send().await.unwrap() }
        };
        for outsider in [&elsewhere, &informant, &farmer] {
            assert_eq!(
                answer(outsider.clone(), "是条锈病，用三唑酮。")
                    .await
                    .status(),
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            error_message(answer(expert.clone(), "锈病").await).await,
            (
                StatusCode::BAD_REQUEST,
                "请写出具体的答复（至少 5 个字）".to_owned()
            )
        );
        let answered = answer(expert.clone(), "是条锈病，每亩用三唑酮 60 克兑水喷雾。").await;
        assert_eq!(answered.status(), StatusCode::OK);
        assert_eq!(
            error_message(answer(expert.clone(), "补充：七天后再喷一次。").await).await,
            (StatusCode::CONFLICT, "这个问题已经有专家答复了".to_owned())
        );

        let base: QuestionPage = server
            .get_json(
                "/api/questions?within=370811&topic=pests_and_diseases&q=粉末",
                None,
            )
            .await;
        assert_eq!(base.total, 1, "answered: in the knowledge base");
        let public: Question = server.get_json(&one, None).await;
        let answer_text = public.answer.as_ref().unwrap();
        assert_eq!(
            (
                answer_text.expert_name.as_str(),
                answer_text.rating,
                public.mine
            ),
            ("专家13900000001", None, false)
        );

        let rate = |session: String, stars: u8| {
            let request = server
                .request(Method::POST, &format!("{one}/rating"), Some(&session))
                .json(&serde_json::json!({ "stars": stars }));
            async move { request.send().await.unwrap() }
        };
        let neighbour = farmer_session(&server, "13800138001").await;
        assert_eq!(rate(neighbour, 5).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            error_message(rate(farmer.clone(), 6).await).await,
            (StatusCode::BAD_REQUEST, "请选 1 到 5 颗星".to_owned())
        );
        assert_eq!(
            rate(farmer.clone(), 5).await.status(),
            StatusCode::NO_CONTENT
        );
        let mine: QuestionPage = server.get_json("/api/questions/mine", Some(&farmer)).await;
        assert_eq!(
            mine.questions[0].answer.as_ref().and_then(|a| a.rating),
            Some(5)
        );
    }
}
