//! 12316 专家问答: a farmer asks about a crop or animal with text and photos; an expert
//! whose region holds the farmer's village answers; the farmer rates the answer. Answered
//! questions are the knowledge base everyone searches by crop and topic.

use serde::{Deserialize, Serialize};

use crate::listing::{photos_problem, PHOTOS_PER_LISTING};
use crate::region::{RegionCode, RegionLevel};

pub const CROP_MAX_CHARS: usize = 10;
pub const QUESTION_MAX_CHARS: usize = 500;
pub const ANSWER_MAX_CHARS: usize = 2_000;
pub const QUESTIONS_PER_PAGE: i64 = 20;
/// Questions one account may have waiting for an answer at once.
pub const OPEN_QUESTIONS_PER_ACCOUNT: i64 = 5;
/// Photos one question may carry (as many as a post).
pub const PHOTOS_PER_QUESTION: usize = PHOTOS_PER_LISTING;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// 栽培管理.
    Growing,
    /// 病虫害.
    PestsAndDiseases,
    /// 土肥水.
    SoilAndFertilizer,
    /// 畜禽水产.
    Livestock,
    /// 农机.
    Machinery,
    /// 市场与政策.
    MarketAndPolicy,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Self::Growing,
        Self::PestsAndDiseases,
        Self::SoilAndFertilizer,
        Self::Livestock,
        Self::Machinery,
        Self::MarketAndPolicy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Growing => "growing",
            Self::PestsAndDiseases => "pests_and_diseases",
            Self::SoilAndFertilizer => "soil_and_fertilizer",
            Self::Livestock => "livestock",
            Self::Machinery => "machinery",
            Self::MarketAndPolicy => "market_and_policy",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|topic| topic.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Growing => "栽培管理",
            Self::PestsAndDiseases => "病虫害",
            Self::SoilAndFertilizer => "土肥水",
            Self::Livestock => "畜禽水产",
            Self::Machinery => "农机",
            Self::MarketAndPolicy => "市场政策",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Growing => "Growing",
            Self::PestsAndDiseases => "Pests and diseases",
            Self::SoilAndFertilizer => "Soil and fertiliser",
            Self::Livestock => "Livestock and fish",
            Self::Machinery => "Machinery",
            Self::MarketAndPolicy => "Market and policy",
        }
    }
}

/// `POST /api/questions`: asked from the farmer's village.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewQuestion {
    pub region_code: RegionCode,
    pub crop: String,
    pub topic: Topic,
    pub text: String,
    pub photos: Vec<String>,
}

/// What is wrong with a question, if anything.
pub fn question_problem(question: &NewQuestion) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if question.region_code.level() != RegionLevel::Village {
        return Some("请先选择你的村，专家按村所在的县答复".to_owned());
    }
    if chars(&question.crop) == 0 || chars(&question.crop) > CROP_MAX_CHARS {
        return Some(format!(
            "请填写作物或畜禽（最多 {CROP_MAX_CHARS} 个字），例如：小麦、生猪"
        ));
    }
    if chars(&question.text) < 5 {
        return Some(
            "请把问题说清楚一些（至少 5 个字），例如：叶子发黄有斑点，是什么病".to_owned(),
        );
    }
    if chars(&question.text) > QUESTION_MAX_CHARS {
        return Some(format!("问题最多 {QUESTION_MAX_CHARS} 个字"));
    }
    if let Some(problem) = photos_problem(&question.photos) {
        return Some(problem);
    }
    None
}

/// `POST /api/questions/{id}/answer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewAnswer {
    pub text: String,
}

pub fn answer_problem(answer: &NewAnswer) -> Option<String> {
    let chars = answer.text.trim().chars().count();
    if chars < 5 {
        Some("请写出具体的答复（至少 5 个字）".to_owned())
    } else if chars > ANSWER_MAX_CHARS {
        Some(format!("答复最多 {ANSWER_MAX_CHARS} 个字"))
    } else {
        None
    }
}

/// `POST /api/questions/{id}/rating`: one to five stars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Rating {
    pub stars: u8,
}

pub fn rating_problem(rating: Rating) -> Option<String> {
    (!(1..=5).contains(&rating.stars)).then(|| "请选 1 到 5 颗星".to_owned())
}

/// An expert's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Answer {
    pub text: String,
    pub expert_name: String,
    /// RFC 3339, China time.
    pub answered_at: String,
    /// The asker's stars, once given.
    pub rating: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Question {
    pub id: i64,
    pub crop: String,
    pub topic: Topic,
    pub text: String,
    pub photos: Vec<String>,
    pub region_code: RegionCode,
    /// Where, from the county down: "任城区 许庄街道 张营村".
    pub place: String,
    /// RFC 3339, China time.
    pub asked_at: String,
    /// `None` while it waits for an expert.
    pub answer: Option<Answer>,
    /// The signed-in account asked it.
    pub mine: bool,
}

/// `GET /api/questions…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QuestionPage {
    pub questions: Vec<Question>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> NewQuestion {
        NewQuestion {
            region_code: RegionCode::parse("370811002212").unwrap(),
            crop: "小麦".to_owned(),
            topic: Topic::PestsAndDiseases,
            text: "叶子发黄，有褐色斑点，是什么病？".to_owned(),
            photos: Vec::new(),
        }
    }

    #[test]
    fn a_question_comes_from_a_village_about_a_crop_and_says_enough() {
        assert_eq!(question_problem(&question()), None);
        let mut township = question();
        township.region_code = RegionCode::parse("370811002").unwrap();
        assert!(question_problem(&township).is_some());
        let mut short = question();
        short.text = "怎么办".to_owned();
        assert!(question_problem(&short).is_some());
        let mut no_crop = question();
        no_crop.crop = " ".to_owned();
        assert!(question_problem(&no_crop).is_some());
        let mut photos = question();
        photos.photos = vec!["a".repeat(64); PHOTOS_PER_QUESTION + 1];
        assert!(question_problem(&photos).is_some());
    }

    #[test]
    fn answers_say_something_and_ratings_are_one_to_five_stars() {
        assert!(answer_problem(&NewAnswer {
            text: "好".to_owned()
        })
        .is_some());
        assert_eq!(
            answer_problem(&NewAnswer {
                text: "是条锈病，用三唑酮喷雾。".to_owned()
            }),
            None
        );
        assert!(rating_problem(Rating { stars: 0 }).is_some());
        assert!(rating_problem(Rating { stars: 6 }).is_some());
        assert_eq!(rating_problem(Rating { stars: 5 }), None);
        for topic in Topic::ALL {
            assert_eq!(Topic::from_code(topic.code()), Some(topic));
            assert_eq!(
                serde_json::to_value(topic).unwrap(),
                topic.code(),
                "the query's code is the body's"
            );
        }
    }
}
