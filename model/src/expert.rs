//! 12316 expert teams: an expert's profile (title and specialties, named by the question
//! topics), which waiting questions reach which expert, and the county's answer times per
//! expert.
//!
//! A question goes first to the experts of its county whose specialty matches its topic;
//! left unanswered for [`ESCALATE_AFTER_HOURS`], it reaches every expert whose region holds
//! it — the county's other experts, the city's, the province's.

use serde::{Deserialize, Serialize};

use crate::question::Topic;
use crate::region::RegionLevel;

/// How long a question waits for its county's specialists before the city's experts (and
/// the county's others) see it too.
pub const ESCALATE_AFTER_HOURS: i64 = 24;
pub const TITLE_MAX_CHARS: usize = 20;
/// The answer times cover the questions asked in this many days.
pub const ANSWER_TIMES_DAYS: i64 = 90;
/// The 12316 hotline (三农服务热线): one number across the country.
pub const HOTLINE: &str = "12316";

/// `GET/PUT /api/experts/me`: what an expert answers; their county is their account's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExpertProfile {
    /// 职称: 农艺师, 高级畜牧师….
    pub title: String,
    pub specialties: Vec<Topic>,
}

/// What is wrong with a profile, if anything.
pub fn profile_problem(profile: &ExpertProfile) -> Option<String> {
    let title = profile.title.trim().chars().count();
    if title == 0 || title > TITLE_MAX_CHARS {
        return Some(format!(
            "请填写职称（最多 {TITLE_MAX_CHARS} 个字），例如：高级农艺师、畜牧师"
        ));
    }
    if profile.specialties.is_empty() {
        return Some("请至少选一个专业方向，问题按专业分给专家".to_owned());
    }
    let mut seen = Vec::new();
    for topic in &profile.specialties {
        if seen.contains(topic) {
            return Some(format!("专业方向“{}”选了两次", topic.name_zh()));
        }
        seen.push(*topic);
    }
    None
}

/// The topics whose waiting questions reach an expert at once: a county's expert, those of
/// their specialties (every topic until they name any, so an expert without a profile still
/// answers); an expert of a city or above, none — they see a question once it has waited
/// [`ESCALATE_AFTER_HOURS`].
pub fn topics_at_once(level: Option<RegionLevel>, specialties: &[Topic]) -> Vec<Topic> {
    match level {
        Some(RegionLevel::County) if specialties.is_empty() => Topic::ALL.to_vec(),
        Some(RegionLevel::County) => specialties.to_vec(),
        _ => Vec::new(),
    }
}

/// Whether a waiting question of `topic`, asked `waited_hours` ago, reaches an expert who
/// sees `at_once` topics at once (the expert's region holding it is checked by access).
pub fn reaches(at_once: &[Topic], topic: Topic, waited_hours: f64) -> bool {
    at_once.contains(&topic) || waited_hours >= ESCALATE_AFTER_HOURS as f64
}

/// One expert's answers to a county's questions: how many and how fast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExpertAnswerTimes {
    pub name: String,
    /// `None` until the expert fills in a profile.
    pub profile: Option<ExpertProfile>,
    /// The expert's region: "任城区", "济宁市".
    pub region_name: String,
    pub answered: i64,
    /// Hours from asking to answer; `None` with no answers.
    pub median_hours: Option<f64>,
    pub slowest_hours: Option<f64>,
    /// Answers past [`ESCALATE_AFTER_HOURS`].
    pub late: i64,
    /// The askers' mean stars over the rated answers.
    pub mean_stars: Option<f64>,
}

impl ExpertAnswerTimes {
    /// Sums an expert's answers: each answer's hours and, once rated, its stars.
    pub fn from_answers(
        name: String,
        profile: Option<ExpertProfile>,
        region_name: String,
        answers: &[(f64, Option<u8>)],
    ) -> Self {
        let mut hours: Vec<f64> = answers.iter().map(|(hours, _)| *hours).collect();
        hours.sort_by(f64::total_cmp);
        let stars: Vec<f64> = answers
            .iter()
            .filter_map(|(_, stars)| stars.map(f64::from))
            .collect();
        let one_decimal = |value: f64| (value * 10.0).round() / 10.0;
        let median = (!hours.is_empty()).then(|| {
            let middle = hours.len() / 2;
            if hours.len() % 2 == 1 {
                hours[middle]
            } else {
                (hours[middle - 1] + hours[middle]) / 2.0
            }
        });
        Self {
            name,
            profile,
            region_name,
            answered: answers.len() as i64,
            median_hours: median.map(one_decimal),
            slowest_hours: hours.last().copied().map(one_decimal),
            late: hours
                .iter()
                .filter(|hours| **hours >= ESCALATE_AFTER_HOURS as f64)
                .count() as i64,
            mean_stars: (!stars.is_empty())
                .then(|| one_decimal(stars.iter().sum::<f64>() / stars.len() as f64)),
        }
    }
}

/// `GET /api/experts/answer-times?county=`: the county's questions of the last
/// [`ANSWER_TIMES_DAYS`] days, answered by whom and how fast, and what still waits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CountyAnswerTimes {
    pub county_name: String,
    pub days: i64,
    /// Questions waiting for an answer now.
    pub waiting: i64,
    /// Of them, those past [`ESCALATE_AFTER_HOURS`] (now also with the city's experts).
    pub waiting_escalated: i64,
    /// The county's own experts (answers or not) and every other expert who answered its
    /// questions; the most answers first.
    pub experts: Vec<ExpertAnswerTimes>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(title: &str, specialties: &[Topic]) -> ExpertProfile {
        ExpertProfile {
            title: title.to_owned(),
            specialties: specialties.to_vec(),
        }
    }

    #[test]
    fn a_profile_names_a_title_and_distinct_specialties() {
        assert_eq!(
            profile_problem(&profile("高级农艺师", &[Topic::Growing])),
            None
        );
        assert!(profile_problem(&profile(" ", &[Topic::Growing])).is_some());
        assert!(profile_problem(&profile(&"师".repeat(21), &[Topic::Growing])).is_some());
        assert!(profile_problem(&profile("畜牧师", &[])).is_some());
        assert!(
            profile_problem(&profile("畜牧师", &[Topic::Livestock, Topic::Livestock])).is_some()
        );
    }

    #[test]
    fn a_question_reaches_the_county_specialists_first_and_everyone_after_a_day() {
        let county = Some(RegionLevel::County);
        let plants = topics_at_once(county, &[Topic::Growing, Topic::PestsAndDiseases]);
        assert!(reaches(&plants, Topic::PestsAndDiseases, 0.0));
        assert!(!reaches(&plants, Topic::Livestock, 23.9));
        assert!(reaches(&plants, Topic::Livestock, 24.0));
        let unprofiled = topics_at_once(county, &[]);
        assert!(Topic::ALL
            .into_iter()
            .all(|topic| reaches(&unprofiled, topic, 0.0)));
        for above in [Some(RegionLevel::City), Some(RegionLevel::Province), None] {
            let at_once = topics_at_once(above, &[Topic::Livestock]);
            assert!(!reaches(&at_once, Topic::Livestock, 23.9), "{above:?}");
            assert!(reaches(&at_once, Topic::Livestock, 24.0), "{above:?}");
        }
    }

    #[test]
    fn answer_times_sum_hours_and_stars() {
        let times = ExpertAnswerTimes::from_answers(
            "专家".to_owned(),
            None,
            "任城区".to_owned(),
            &[(30.0, Some(4)), (1.0, None), (3.0, Some(5)), (2.0, None)],
        );
        assert_eq!(times.answered, 4);
        assert_eq!(times.median_hours, Some(2.5));
        assert_eq!(times.slowest_hours, Some(30.0));
        assert_eq!(times.late, 1);
        assert_eq!(times.mean_stars, Some(4.5));
        let none = ExpertAnswerTimes::from_answers(String::new(), None, String::new(), &[]);
        assert_eq!(
            (none.answered, none.median_hours, none.mean_stars),
            (0, None, None)
        );
    }
}
