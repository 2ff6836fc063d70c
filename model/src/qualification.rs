//! 上岗资格: a village informant completes the required training courses and passes an exam
//! before anything they submit can be published. The exam is a random paper drawn from a
//! question bank kept per topic; the county sets the pass mark; every attempt is recorded.
//! Administrators above the village suspend, dismiss (解聘) or send an informant back to
//! qualify again. These are the rules both sides share.

use serde::{Deserialize, Serialize};

use crate::random::SplitMix;
use crate::region::RegionCode;
use crate::training::{CourseCategory, CourseSummary};

/// Questions on one paper, drawn from every topic in turn.
pub const PAPER_QUESTIONS: usize = 10;
/// A paper is answered within this time from being drawn.
pub const PAPER_MINUTES: i64 = 30;
/// Papers an informant may draw in one day (China's calendar): enough to retry after
/// studying, too few to learn the bank by guessing.
pub const PAPERS_PER_DAY: u32 = 3;
/// The pass mark (percent) where the county has set none.
pub const DEFAULT_PASS_MARK: u8 = 80;
pub const PASS_MARK_MIN: u8 = 60;
pub const PASS_MARK_MAX: u8 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QualificationStatus {
    /// 培训中: registered, not yet passed the exam. Every informant starts here.
    Training,
    /// 已上岗: passed; what they submit may be published.
    Qualified,
    /// 暂停上岗: kept on, but nothing they submit is published until they qualify again.
    Suspended,
    /// 已解聘: dismissed; nothing they submit is published.
    Dismissed,
}

impl QualificationStatus {
    pub const ALL: [QualificationStatus; 4] = [
        Self::Training,
        Self::Qualified,
        Self::Suspended,
        Self::Dismissed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Training => "training",
            Self::Qualified => "qualified",
            Self::Suspended => "suspended",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Training => "培训中",
            Self::Qualified => "已上岗",
            Self::Suspended => "暂停上岗",
            Self::Dismissed => "已解聘",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Training => "In training",
            Self::Qualified => "Qualified",
            Self::Suspended => "Suspended",
            Self::Dismissed => "Dismissed",
        }
    }
}

/// Why what an informant in `status` submitted may not be published, if it may not.
pub fn publish_problem(name: &str, status: QualificationStatus) -> Option<String> {
    (status != QualificationStatus::Qualified).then(|| {
        format!(
            "信息员{name}{}，还未考核合格上岗，提交的信息不能发布",
            status.name_zh()
        )
    })
}

/// What an administrator does to an informant's qualification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QualificationStep {
    /// 暂停上岗, saying why.
    Suspend,
    /// 解聘, saying why.
    Dismiss,
    /// 重新考核: back to training; they take the exam again to be qualified.
    Requalify,
}

impl QualificationStep {
    pub const ALL: [QualificationStep; 3] = [Self::Suspend, Self::Dismiss, Self::Requalify];

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Suspend => "暂停上岗",
            Self::Dismiss => "解聘",
            Self::Requalify => "重新考核",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Suspend => "Suspend",
            Self::Dismiss => "Dismiss",
            Self::Requalify => "Re-qualify",
        }
    }

    /// The status the step leads to.
    pub fn leads_to(self) -> QualificationStatus {
        match self {
            Self::Suspend => QualificationStatus::Suspended,
            Self::Dismiss => QualificationStatus::Dismissed,
            Self::Requalify => QualificationStatus::Training,
        }
    }

    /// The steps open from `status`.
    pub fn open_from(status: QualificationStatus) -> Vec<QualificationStep> {
        Self::ALL
            .into_iter()
            .filter(|step| step_problem(status, *step, "原因").is_none())
            .collect()
    }
}

pub const STEP_REASON_MAX_CHARS: usize = 200;

/// Why `step` may not be taken from `status` with `reason`, if it may not: suspension
/// needs someone qualified, a dismissed informant is only sent back to qualify, and
/// suspending or dismissing says why (the informant reads it).
pub fn step_problem(
    status: QualificationStatus,
    step: QualificationStep,
    reason: &str,
) -> Option<String> {
    use QualificationStatus::*;
    use QualificationStep::*;
    let allowed = match step {
        Suspend => status == Qualified,
        Dismiss => status != Dismissed,
        Requalify => matches!(status, Suspended | Dismissed),
    };
    if !allowed {
        return Some(format!(
            "该信息员{}，不能{}",
            status.name_zh(),
            step.name_zh()
        ));
    }
    let chars = reason.trim().chars().count();
    if step != Requalify && chars == 0 {
        return Some(format!("请写明{}的原因，信息员会看到", step.name_zh()));
    }
    (chars > STEP_REASON_MAX_CHARS).then(|| format!("原因最多 {STEP_REASON_MAX_CHARS} 个字"))
}

/// `POST /api/informants/{id}/qualification`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QualificationChange {
    pub step: QualificationStep,
    #[serde(default)]
    pub reason: String,
}

/// Why `mark` cannot be a pass mark, if it cannot.
pub fn pass_mark_problem(mark: u8) -> Option<String> {
    (!(PASS_MARK_MIN..=PASS_MARK_MAX).contains(&mark))
        .then(|| format!("及格分数应在 {PASS_MARK_MIN} 到 {PASS_MARK_MAX} 分之间"))
}

/// `PUT /api/exam/pass-marks/{county}`: the county's new pass mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewPassMark {
    pub pass_mark: u8,
}

/// `GET`/`PUT /api/exam/pass-marks/{county}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PassMark {
    pub county_code: RegionCode,
    pub pass_mark: u8,
    /// False while the county uses [`DEFAULT_PASS_MARK`].
    pub set_by_county: bool,
}

/// The percent score of `correct` answers out of `total`, rounded down.
pub fn percent(correct: usize, total: usize) -> u8 {
    (correct * 100).checked_div(total).unwrap_or(0) as u8
}

/// A paper of up to `size` questions from `bank` (code, topic): each topic's questions
/// shuffled, then taken from the topics in turn, so every topic is asked about as often
/// as the others and no question twice.
pub fn draw_paper(bank: &[(String, CourseCategory)], size: usize, seed: u64) -> Vec<String> {
    let mut random = SplitMix::new(seed);
    let mut topics: Vec<Vec<&String>> = CourseCategory::ALL
        .into_iter()
        .map(|topic| {
            bank.iter()
                .filter(|(_, of)| *of == topic)
                .map(|(code, _)| code)
                .collect()
        })
        .filter(|questions: &Vec<&String>| !questions.is_empty())
        .collect();
    random.shuffle(&mut topics);
    for questions in &mut topics {
        random.shuffle(questions);
    }
    let mut paper = Vec::with_capacity(size);
    for round in 0.. {
        let before = paper.len();
        for questions in &topics {
            if paper.len() < size {
                if let Some(code) = questions.get(round) {
                    paper.push((*code).clone());
                }
            }
        }
        if paper.len() == before || paper.len() == size {
            break;
        }
    }
    paper
}

/// A question as the paper shows it: never its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExamQuestion {
    pub code: String,
    pub topic: CourseCategory,
    pub text: String,
    pub options: Vec<String>,
}

/// `POST /api/exam/papers`: the paper to answer (the open one again, if one is open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExamPaper {
    pub id: i64,
    pub questions: Vec<ExamQuestion>,
    pub pass_mark: u8,
    pub due_at: String,
}

/// `POST /api/exam/papers/{id}/answers`: the option chosen for each question in the
/// paper's order, `None` where none was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExamAnswers {
    pub answers: Vec<Option<u8>>,
}

/// One paper drawn, answered or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExamAttempt {
    pub id: i64,
    pub started_at: String,
    pub submitted_at: Option<String>,
    /// Percent; `None` until answered (a paper left past its time scores nothing).
    pub score: Option<u8>,
    pub pass_mark: u8,
    pub passed: bool,
}

/// The answer to a paper: the attempt, scored, and where that leaves the informant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExamResult {
    pub attempt: ExamAttempt,
    pub correct: u32,
    pub total: u32,
    pub status: QualificationStatus,
}

/// `GET /api/qualification`: the informant's own standing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Qualification {
    pub status: QualificationStatus,
    /// When the status last changed (RFC 3339, China time); `None` for a new informant.
    pub since: Option<String>,
    /// Why they were suspended or dismissed.
    pub reason: Option<String>,
    /// The training courses an informant completes before the exam, with their progress.
    pub required_courses: Vec<CourseSummary>,
    pub pass_mark: u8,
    /// Newest first.
    pub attempts: Vec<ExamAttempt>,
    /// Why they may not draw a paper now, if they may not.
    pub exam_problem: Option<String>,
}

/// Why an informant may not draw a paper now, if they may not: only while in training,
/// after the required courses, and [`PAPERS_PER_DAY`] a day.
pub fn exam_problem(
    status: QualificationStatus,
    required_courses: &[CourseSummary],
    papers_today: u32,
) -> Option<String> {
    let standing = match status {
        QualificationStatus::Training => None,
        QualificationStatus::Qualified => Some("您已上岗，不用再考"),
        QualificationStatus::Suspended => Some("您已暂停上岗，请等管理员安排重新考核"),
        QualificationStatus::Dismissed => Some("您已解聘，不能参加考试"),
    };
    if let Some(problem) = standing {
        return Some(problem.to_owned());
    }
    if let Some(course) = required_courses
        .iter()
        .find(|course| course.finished < course.lessons)
    {
        return Some(format!("请先学完必修课程“{}”", course.title));
    }
    (papers_today >= PAPERS_PER_DAY).then(|| format!("今天已考了 {PAPERS_PER_DAY} 次，请明天再考"))
}

/// One informant as administrators see them: standing, training and exam.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct InformantStanding {
    pub account_id: i64,
    pub name: String,
    pub region_code: RegionCode,
    /// The village, from the county down.
    pub place: String,
    pub status: QualificationStatus,
    pub since: Option<String>,
    pub reason: Option<String>,
    /// Lessons of the required courses finished, of how many.
    pub lessons_finished: u32,
    pub lessons_required: u32,
    pub attempts: u32,
    pub best_score: Option<u8>,
}

/// `GET /api/informants`: the informants in the administrator's region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct InformantStandings {
    pub informants: Vec<InformantStanding>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> Vec<(String, CourseCategory)> {
        let mut bank = Vec::new();
        for (topic, count) in [
            (CourseCategory::PhoneSkills, 6),
            (CourseCategory::Policy, 5),
            (CourseCategory::Market, 2),
        ] {
            for n in 0..count {
                bank.push((format!("{}-{n}", topic.code()), topic));
            }
        }
        bank
    }

    fn topic_of(code: &str) -> &str {
        code.rsplit_once('-').unwrap().0
    }

    #[test]
    fn a_paper_asks_every_topic_in_turn_and_no_question_twice() {
        let bank = bank();
        for seed in 0..200 {
            let paper = draw_paper(&bank, PAPER_QUESTIONS, seed);
            assert_eq!(paper.len(), PAPER_QUESTIONS);
            let mut unique = paper.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), paper.len(), "seed {seed}: {paper:?}");
            let count = |topic: CourseCategory| {
                paper
                    .iter()
                    .filter(|code| topic_of(code) == topic.code())
                    .count()
            };
            // The market topic has two questions: both asked; the others share the rest.
            assert_eq!(count(CourseCategory::Market), 2, "seed {seed}");
            assert_eq!(count(CourseCategory::PhoneSkills), 4, "seed {seed}");
            assert_eq!(count(CourseCategory::Policy), 4, "seed {seed}");
        }
    }

    #[test]
    fn papers_differ_by_seed_and_a_small_bank_gives_what_it_has() {
        let bank = bank();
        let papers: std::collections::HashSet<Vec<String>> = (0..20)
            .map(|seed| draw_paper(&bank, PAPER_QUESTIONS, seed))
            .collect();
        assert!(papers.len() > 15, "random papers: {}", papers.len());
        assert_eq!(
            draw_paper(&bank, PAPER_QUESTIONS, 7),
            draw_paper(&bank, PAPER_QUESTIONS, 7)
        );
        assert_eq!(draw_paper(&bank, 50, 1).len(), bank.len());
        assert!(draw_paper(&[], 10, 1).is_empty());
    }

    #[test]
    fn scores_are_percent_rounded_down() {
        assert_eq!(percent(8, 10), 80);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(10, 10), 100);
    }

    #[test]
    fn steps_follow_the_status_and_say_why() {
        use QualificationStatus::*;
        use QualificationStep::*;
        assert_eq!(step_problem(Qualified, Suspend, "上报虚假价格"), None);
        assert!(step_problem(Qualified, Suspend, " ").is_some(), "says why");
        assert!(step_problem(Training, Suspend, "x").is_some());
        assert_eq!(step_problem(Training, Dismiss, "长期不在岗"), None);
        assert!(step_problem(Dismissed, Dismiss, "x").is_some());
        assert_eq!(step_problem(Suspended, Requalify, ""), None);
        assert_eq!(step_problem(Dismissed, Requalify, ""), None);
        assert!(step_problem(Qualified, Requalify, "").is_some());
        assert!(step_problem(Qualified, Dismiss, &"长".repeat(201)).is_some());
        assert_eq!(
            QualificationStep::open_from(Qualified),
            vec![Suspend, Dismiss]
        );
        assert_eq!(QualificationStep::open_from(Dismissed), vec![Requalify]);
        for step in QualificationStep::ALL {
            assert_ne!(step.leads_to(), Qualified, "only the exam qualifies");
        }
    }

    #[test]
    fn only_the_qualified_publish_and_pass_marks_stay_in_range() {
        assert_eq!(
            publish_problem("张三", QualificationStatus::Qualified),
            None
        );
        let problem = publish_problem("张三", QualificationStatus::Training).unwrap();
        assert!(
            problem.contains("张三") && problem.contains("培训中"),
            "{problem}"
        );
        assert_eq!(pass_mark_problem(DEFAULT_PASS_MARK), None);
        assert!(pass_mark_problem(59).is_some());
        assert!(pass_mark_problem(101).is_some());
    }

    fn course(lessons: u32, finished: u32) -> CourseSummary {
        CourseSummary {
            code: "phone-basics".into(),
            category: CourseCategory::PhoneSkills,
            title: "手机上网".into(),
            summary: String::new(),
            featured: true,
            required_for_informants: true,
            lessons,
            finished,
        }
    }

    #[test]
    fn the_exam_opens_after_training_a_few_times_a_day() {
        use QualificationStatus::*;
        assert!(exam_problem(Training, &[course(4, 3)], 0)
            .unwrap()
            .contains("手机上网"));
        assert_eq!(exam_problem(Training, &[course(4, 4)], 0), None);
        assert!(exam_problem(Training, &[course(4, 4)], PAPERS_PER_DAY).is_some());
        for status in [Qualified, Suspended, Dismissed] {
            assert!(
                exam_problem(status, &[course(4, 4)], 0).is_some(),
                "{status:?}"
            );
        }
    }
}
