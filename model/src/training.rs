//! 培训体验: courses in four categories, each a sequence of lessons (text, an image, a
//! video link), and each learner's progress. The phone-skills course is featured: the
//! programme trains farmers to use their phones first.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CourseCategory {
    /// 农民手机应用技能.
    PhoneSkills,
    /// 生产技术.
    ProductionTechnique,
    /// 政策解读.
    Policy,
    /// 市场营销.
    Market,
}

impl CourseCategory {
    pub const ALL: [CourseCategory; 4] = [
        Self::PhoneSkills,
        Self::ProductionTechnique,
        Self::Policy,
        Self::Market,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::PhoneSkills => "phone_skills",
            Self::ProductionTechnique => "production_technique",
            Self::Policy => "policy",
            Self::Market => "market",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|category| category.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::PhoneSkills => "手机应用技能",
            Self::ProductionTechnique => "生产技术",
            Self::Policy => "政策解读",
            Self::Market => "市场营销",
        }
    }

    /// The catalogue item a finished lesson counts under at the learner's village station.
    pub fn service_item(self) -> &'static str {
        match self {
            Self::PhoneSkills => "phone_skills",
            Self::ProductionTechnique => "production_technique",
            Self::Policy => "policy_courses",
            Self::Market => "market_courses",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::PhoneSkills => "Phone skills",
            Self::ProductionTechnique => "Production technique",
            Self::Policy => "Policy",
            Self::Market => "Market",
        }
    }
}

/// A course in the list, with how far the signed-in learner has got (0 when nobody is
/// signed in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CourseSummary {
    pub code: String,
    pub category: CourseCategory,
    pub title: String,
    pub summary: String,
    pub featured: bool,
    /// Completed by every village informant before the qualification exam.
    #[serde(default)]
    pub required_for_informants: bool,
    pub lessons: u32,
    pub finished: u32,
}

/// A lesson in its course's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LessonSummary {
    /// 1-based.
    pub number: u32,
    pub title: String,
    pub finished: bool,
}

/// `GET /api/courses/{code}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Course {
    pub summary: CourseSummary,
    pub lessons: Vec<LessonSummary>,
}

/// `GET /api/courses/{code}/lessons/{number}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Lesson {
    pub course_code: String,
    pub course_title: String,
    pub number: u32,
    /// How many lessons the course has.
    pub of: u32,
    pub title: String,
    /// Paragraphs separated by line breaks.
    pub body: String,
    /// Where the lesson's picture is served, if it has one.
    pub image_url: Option<String>,
    pub video_url: Option<String>,
    pub finished: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip() {
        for category in CourseCategory::ALL {
            assert_eq!(CourseCategory::from_code(category.code()), Some(category));
        }
        assert_eq!(CourseCategory::from_code("cooking"), None);
    }
}
