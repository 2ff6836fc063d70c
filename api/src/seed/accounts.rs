//! Demo accounts, one per kind of staff, created with the demo data. They share one
//! published password: a demo database is never a real one.

use chrono::{Duration, Utc};
use yinong_model::account::Role;
use yinong_model::qualification::{draw_paper, DEFAULT_PASS_MARK, PAPER_MINUTES, PAPER_QUESTIONS};
use yinong_model::region::RegionCode;

use crate::auth::hashing;
use yinong_store::qualification::{PaperLimit, ScoredPaper};
use yinong_store::{Change, NewUserRecord, Store, StoreResult};

pub const DEMO_PASSWORD: &str = "yinong-demo-2026";

/// The demo informant who has not qualified yet; the other has passed the exam.
pub const DEMO_TRAINEE: &str = "baitun-informant";

/// (username, phone, name, role, region).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role, Option<&str>); 13] = [
    (
        "admin",
        "10000000001",
        "系统管理员（演示）",
        Role::SystemAdmin,
        None,
    ),
    (
        "jining-leader",
        "10000000002",
        "济宁市领导（演示）",
        Role::Leader,
        Some("3708"),
    ),
    // Receives the cities' progress and publishes the province's 通报.
    (
        "shandong-leader",
        "10000000011",
        "山东省领导（演示）",
        Role::Leader,
        Some("37"),
    ),
    (
        "rencheng-county",
        "10000000003",
        "任城区管理员（演示）",
        Role::CountyAdmin,
        Some("370811"),
    ),
    (
        "rencheng-township",
        "10000000004",
        "许庄街道管理员（演示）",
        Role::TownshipAdmin,
        Some("370811002"),
    ),
    (
        "xinping-county",
        "10000000005",
        "新平县管理员（演示）",
        Role::CountyAdmin,
        Some("530427"),
    ),
    // 张营村 (许庄街道) has an operating demo station; the demo requests go to it.
    (
        "zhangying-informant",
        "10000000006",
        "张营村信息员（演示）",
        Role::Informant,
        Some("370811002212"),
    ),
    // Newly registered: takes the training and the exam before anything is published.
    (
        DEMO_TRAINEE,
        "10000000008",
        "白屯村信息员（演示，培训中）",
        Role::Informant,
        Some("370811002213"),
    ),
    // Runs 任城区's stations under the demo contract; assessed yearly by its criteria.
    (
        "rencheng-operator",
        "10000000009",
        "任城区运营商（演示）",
        Role::Operator,
        Some("370811"),
    ),
    // Answers the 12316 questions from 任城区's villages.
    (
        "rencheng-expert",
        "10000000007",
        "任城区农技专家（演示）",
        Role::Expert,
        Some("370811"),
    ),
    // The city's operator: may take over a county's stations when one is replaced.
    (
        "jining-operator",
        "10000000012",
        "济宁市运营商（演示）",
        Role::Operator,
        Some("3708"),
    ),
    // 新平县's operator, with no contract yet: the county signs its first.
    (
        "xinping-operator",
        "10000000013",
        "新平县运营商（演示）",
        Role::Operator,
        Some("530427"),
    ),
    // The city's livestock expert: 任城区's questions reach them once the county's experts
    // have left them unanswered for a day.
    (
        "jining-expert",
        "10000000010",
        "济宁市畜牧专家（演示）",
        Role::Expert,
        Some("3708"),
    ),
];

/// Creates the demo accounts that do not exist yet.
pub async fn ensure_demo_accounts(store: &dyn Store) -> StoreResult<()> {
    for (username, phone, name, role, region) in DEMO_ACCOUNTS {
        if store.user_by_login(username).await?.is_some() {
            continue;
        }
        let region_code =
            region.map(|code| RegionCode::parse(code).expect("demo regions are valid codes"));
        if let Some(code) = &region_code {
            if store.region(code).await?.is_none() {
                continue;
            }
        }
        let account = NewUserRecord {
            role,
            region_code,
            name: name.to_owned(),
            phone: phone.to_owned(),
            username: Some(username.to_owned()),
            password_hash: Some(hashing::hash(DEMO_PASSWORD)),
            id_card: None,
        };
        let id = store
            .create_user(
                &account,
                Change {
                    actor_id: None,
                    action: "demo_account_created",
                    at: Utc::now(),
                },
            )
            .await?;
        if role.reports_from_village() && username != DEMO_TRAINEE {
            pass_the_exam(store, id).await?;
        }
    }
    Ok(())
}

/// `count` qualified informants for the burst benchmark, `bench-informant-{n}` with the demo
/// password, spread over the villages of `township`; those that exist are kept.
pub async fn ensure_bench_informants(
    store: &dyn Store,
    township: &RegionCode,
    count: usize,
) -> StoreResult<()> {
    let villages = store.child_regions(Some(township)).await?;
    if villages.is_empty() {
        return Err(yinong_store::StoreError::Conflict(format!(
            "{township} has no villages"
        )));
    }
    // One hash for all: hashing is what signing in measures, not making accounts.
    let password_hash = hashing::hash(DEMO_PASSWORD);
    for n in 0..count {
        let username = format!("bench-informant-{n}");
        if store.user_by_login(&username).await?.is_some() {
            continue;
        }
        let account = NewUserRecord {
            role: Role::Informant,
            region_code: Some(villages[n % villages.len()].code.clone()),
            name: format!("压测信息员{n}"),
            phone: format!("199{n:08}"),
            username: Some(username),
            password_hash: Some(password_hash.clone()),
            id_card: None,
        };
        let change = Change {
            actor_id: None,
            action: "bench_account_created",
            at: Utc::now(),
        };
        let id = store.create_user(&account, change).await?;
        pass_the_exam(store, id).await?;
    }
    Ok(())
}

/// Finishes the required courses for `informant` and records a paper they passed, so
/// they are qualified as an informant at work would be.
pub async fn pass_the_exam(store: &dyn Store, informant: i64) -> StoreResult<()> {
    let at = Utc::now();
    for course in store.courses(Some(informant)).await? {
        if course.required_for_informants {
            for number in 1..=course.lessons {
                store
                    .finish_lesson(informant, &course.code, number, at)
                    .await?;
            }
        }
    }
    let bank = store.exam_bank().await?;
    let questions = draw_paper(&bank, PAPER_QUESTIONS, informant as u64);
    let bank = store.exam_questions(&questions).await?;
    let answers: Vec<Option<u8>> = questions
        .iter()
        .map(|code| {
            bank.iter()
                .find(|question| &question.code == code)
                .map(|question| question.answer)
        })
        .collect();
    let paper = store
        .draw_paper(
            informant,
            &questions,
            DEFAULT_PASS_MARK,
            at,
            at + Duration::minutes(PAPER_MINUTES),
            &PaperLimit {
                per_day: u32::MAX,
                day_started_at: at,
            },
        )
        .await?;
    let scored = ScoredPaper {
        answers: &answers,
        score: 100,
        passed: true,
        at,
    };
    store.score_paper(paper, &scored).await
}
