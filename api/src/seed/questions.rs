//! Demo 12316 questions from the demo villagers of 张营村: two answered by the demo expert
//! of 任城区 (the start of the knowledge base), one waiting past a day (so the city's expert
//! sees it too) and a livestock one waiting for a specialist; and the demo experts'
//! profiles.

use chrono::{Duration, Utc};
use yinong_model::expert::ExpertProfile;
use yinong_model::question::Topic;
use yinong_model::region::RegionCode;

use super::requests::{demo_villagers, VILLAGE};
use yinong_store::questions::{NewQuestionRecord, QuestionFilter};
use yinong_store::{Store, StoreResult};

/// (villager, crop, topic, question, the expert's answer if given).
const QUESTIONS: [(usize, &str, Topic, &str, Option<&str>); 4] = [
    (
        0,
        "小麦",
        Topic::PestsAndDiseases,
        "麦叶上有一行行黄色粉末，手一抹就掉，地里一片一片的，是什么病？怎么治？",
        Some(
            "从描述看是小麦条锈病。发病初期每亩用 15% 三唑酮可湿性粉剂 60～80 克，或 \
             12.5% 烯唑醇 20～30 克，兑水 30 公斤喷雾，间隔 7～10 天再喷一次。先喷发病中心，\
             再全田喷。雨后天晴时发展快，请及时防治。",
        ),
    ),
    (
        1,
        "生猪",
        Topic::Livestock,
        "刚买的小猪不爱吃食，有点拉稀，要不要打针？",
        Some(
            "新进仔猪先隔离观察，饮水中加口服补液盐，饲料少喂多餐、逐步换料。拉稀超过两天、\
             发烧或精神差，请联系镇畜牧站兽医诊断后再用药，不要自行乱打抗生素。",
        ),
    ),
    (
        1,
        "玉米",
        Topic::SoilAndFertilizer,
        "玉米苗长到膝盖高了，叶子发黄，该追什么肥，追多少？",
        None,
    ),
    (
        0,
        "山羊",
        Topic::Livestock,
        "母羊产羔后两天不怎么吃草，老是卧着，要紧吗？",
        None,
    ),
];

/// (expert, title, specialties): 任城区's agronomist answers crops at once, not livestock.
const PROFILES: [(&str, &str, &[Topic]); 2] = [
    (
        "rencheng-expert",
        "农艺师",
        &[
            Topic::Growing,
            Topic::PestsAndDiseases,
            Topic::SoilAndFertilizer,
        ],
    ),
    ("jining-expert", "高级畜牧师", &[Topic::Livestock]),
];

/// Gives the demo experts their profiles, once: a profile an expert changed is kept.
pub async fn ensure_demo_experts(store: &dyn Store) -> StoreResult<()> {
    for (login, title, specialties) in PROFILES {
        let Some(expert) = store.user_by_login(login).await? else {
            continue;
        };
        if store.expert_profile(expert.id).await?.is_none() {
            let profile = ExpertProfile {
                title: title.to_owned(),
                specialties: specialties.to_vec(),
            };
            store
                .set_expert_profile(expert.id, &profile, Utc::now())
                .await?;
        }
    }
    Ok(())
}

/// Creates the demo questions once: nothing when the demo expert is missing or the demo
/// villagers have asked already.
pub async fn ensure_demo_questions(store: &dyn Store) -> StoreResult<()> {
    let village = RegionCode::parse(VILLAGE).expect("a valid code");
    let Some(expert) = store.user_by_login("rencheng-expert").await? else {
        return Ok(());
    };
    if store.region(&village).await?.is_none() {
        return Ok(());
    }
    let villagers = demo_villagers(store, &village).await?;
    let asked_before = QuestionFilter {
        asker: Some(villagers[0]),
        ..QuestionFilter::default()
    };
    if store.questions(&asked_before, None, 0, 1).await?.1 > 0 {
        return Ok(());
    }
    let start = Utc::now() - Duration::hours(50);
    for (n, (villager, crop, topic, text, answer)) in QUESTIONS.into_iter().enumerate() {
        let at = start + Duration::hours(10 * n as i64);
        let new = NewQuestionRecord {
            region: &village,
            crop,
            topic,
            text,
            photos: &[],
            asker_id: villagers[villager],
            at,
        };
        let id = store.ask_question(&new, i64::MAX, None).await?.first()?;
        if let Some(answer) = answer {
            store
                .answer_question(id, expert.id, answer, at + Duration::hours(3))
                .await?;
            store.rate_answer(id, 5).await?;
        }
    }
    Ok(())
}
