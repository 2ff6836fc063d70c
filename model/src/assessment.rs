//! 动态考核: the county assesses each informant over a month (or a year) from what they did
//! — records submitted and how their review went, farmers' requests served and how fast,
//! training, days active — with one published formula, and ranks them. The arithmetic is
//! here, once, for the server and the page that explains it.

use serde::{Deserialize, Serialize};

use crate::qualification::InformantStanding;
use crate::review::ReviewStatus;

/// Below this score an informant fails the period's assessment (a case for dismissal).
pub const PASS_SCORE: u32 = 60;
/// Records a month that earn the reporting part in full.
pub const RECORDS_FOR_FULL_MARKS: u32 = 20;
/// Requests served a month that earn the service part in full.
pub const SERVED_FOR_FULL_MARKS: u32 = 10;
/// A request finished within this many hours of being asked is on time.
pub const ON_TIME_HOURS: u32 = 48;
/// Days active a month that earn the presence part in full.
pub const DAYS_FOR_FULL_MARKS: u32 = 20;

/// The formula as published to informants and administrators.
pub const FORMULA_ZH: &str = "得分（满分 100）= 上报 30 × min(上报条数, 20) ÷ 20 \
    + 质量 25 × 审核通过条数 ÷ 已审核条数 \
    + 服务 15 × min(办结请求数, 10) ÷ 10 \
    + 及时 10 × 48 小时内办结的比例 \
    + 培训 10 × 必修课完成比例（集中培训考核合格的类别按学完计） \
    + 在岗 10 × min(活跃天数, 20) ÷ 20。\
    按年考核时，条数、请求数和天数的满分线乘以 12。60 分以下为不合格。";
pub const FORMULA_EN: &str = "Score (of 100) = reporting 30 × min(records, 20) ÷ 20 \
    + quality 25 × approved ÷ reviewed \
    + service 15 × min(requests finished, 10) ÷ 10 \
    + timeliness 10 × share finished within 48 hours \
    + training 10 × share of required lessons finished (a passed group-training check counts its category's as finished) \
    + presence 10 × min(days active, 20) ÷ 20. \
    For a year the record, request and day thresholds are 12 times as high. Below 60 fails.";

/// A month (`2026-11`) or a year (`2026`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub enum Period {
    Month { year: i32, month: u32 },
    Year { year: i32 },
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let year = |digits: &str| {
            (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<i32>().ok())
                .flatten()
                .filter(|year| (2000..=2100).contains(year))
        };
        match text.split_once('-') {
            None => year(text).map(|year| Period::Year { year }),
            Some((y, m)) => {
                let month = (m.len() == 2)
                    .then(|| m.parse::<u32>().ok())
                    .flatten()
                    .filter(|month| (1..=12).contains(month))?;
                year(y).map(|year| Period::Month { year, month })
            }
        }
    }

    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Year { year } => format!("{year}"),
        }
    }

    /// Months in the period: the thresholds for full marks scale with it.
    pub fn months(self) -> u32 {
        match self {
            Period::Month { .. } => 1,
            Period::Year { .. } => 12,
        }
    }

    /// The first day of the period and the first day after it, as (year, month, day).
    pub fn bounds(self) -> ((i32, u32, u32), (i32, u32, u32)) {
        match self {
            Period::Month { year, month: 12 } => ((year, 12, 1), (year + 1, 1, 1)),
            Period::Month { year, month } => ((year, month, 1), (year, month + 1, 1)),
            Period::Year { year } => ((year, 1, 1), (year + 1, 1, 1)),
        }
    }
}

/// One thing an informant did, as the assessment counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub informant: i64,
    /// The day it happened on China's calendar (`2026-11-05`).
    pub day: String,
    pub kind: ActivityKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityKind {
    /// A price report, news or field report submitted, and where its review stands now.
    Submitted(ReviewStatus),
    /// A farmer's request finished, this many minutes after it was asked.
    Served { minutes: i64 },
    /// Another step on a farmer's request (accepted, cancelled with a reason).
    RequestStep,
}

/// What an informant did in a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Figures {
    pub submitted: u32,
    pub approved: u32,
    pub returned: u32,
    pub rejected: u32,
    pub served: u32,
    pub served_on_time: u32,
    /// The average time from asking to finished, in hours (one decimal), when any were.
    pub average_service_hours: Option<f64>,
    pub lessons_finished: u32,
    pub lessons_required: u32,
    pub days_active: u32,
}

impl Figures {
    /// The figures of `informant` from `activities` (any informant's) and their training.
    pub fn of(
        informant: i64,
        activities: &[Activity],
        lessons_finished: u32,
        lessons_required: u32,
    ) -> Figures {
        let mut figures = Figures {
            lessons_finished,
            lessons_required,
            ..Figures::default()
        };
        let mut days: Vec<&str> = Vec::new();
        let mut service_minutes = 0_i64;
        for activity in activities.iter().filter(|a| a.informant == informant) {
            days.push(&activity.day);
            match activity.kind {
                ActivityKind::Submitted(status) => {
                    figures.submitted += 1;
                    match status {
                        ReviewStatus::Approved => figures.approved += 1,
                        ReviewStatus::Returned => figures.returned += 1,
                        ReviewStatus::Rejected => figures.rejected += 1,
                        ReviewStatus::Pending => {}
                    }
                }
                ActivityKind::Served { minutes } => {
                    figures.served += 1;
                    service_minutes += minutes.max(0);
                    if minutes <= i64::from(ON_TIME_HOURS) * 60 {
                        figures.served_on_time += 1;
                    }
                }
                ActivityKind::RequestStep => {}
            }
        }
        days.sort_unstable();
        days.dedup();
        figures.days_active = days.len() as u32;
        if figures.served > 0 {
            let hours = service_minutes as f64 / 60.0 / f64::from(figures.served);
            figures.average_service_hours = Some((hours * 10.0).round() / 10.0);
        }
        figures
    }

    /// The reviewed share approved; `None` while nothing was reviewed.
    pub fn approval_rate(&self) -> Option<f64> {
        let reviewed = self.approved + self.returned + self.rejected;
        (reviewed > 0).then(|| f64::from(self.approved) / f64::from(reviewed))
    }
}

/// The score of `figures` over a period of `months` by the published formula
/// ([`FORMULA_ZH`]), rounded to a whole point.
pub fn score(figures: &Figures, months: u32) -> u32 {
    let share = |count: u32, full: u32| f64::from(count.min(full)) / f64::from(full.max(1));
    let months = months.max(1);
    let on_time = if figures.served == 0 {
        0.0
    } else {
        f64::from(figures.served_on_time) / f64::from(figures.served)
    };
    let training = if figures.lessons_required == 0 {
        1.0
    } else {
        share(figures.lessons_finished, figures.lessons_required)
    };
    let points = 30.0 * share(figures.submitted, RECORDS_FOR_FULL_MARKS * months)
        + 25.0 * figures.approval_rate().unwrap_or(0.0)
        + 15.0 * share(figures.served, SERVED_FOR_FULL_MARKS * months)
        + 10.0 * on_time
        + 10.0 * training
        + 10.0 * share(figures.days_active, DAYS_FOR_FULL_MARKS * months);
    points.round() as u32
}

/// An informant's assessment for the period, and their place in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AssessedInformant {
    pub informant: InformantStanding,
    pub figures: Figures,
    pub score: u32,
    /// 1 for the best; equal scores share a rank.
    pub rank: u32,
    pub passed: bool,
}

/// `GET /api/assessment?period=`: the informants of the administrator's region, ranked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Assessment {
    pub period: String,
    pub informants: Vec<AssessedInformant>,
}

/// Scores each informant from the period's `activities`, best first (ties by more
/// records, then by account id), ranks shared by equal scores.
pub fn assess(
    informants: Vec<InformantStanding>,
    activities: &[Activity],
    period: Period,
) -> Vec<AssessedInformant> {
    let mut assessed: Vec<AssessedInformant> = informants
        .into_iter()
        .map(|informant| {
            let figures = Figures::of(
                informant.account_id,
                activities,
                informant.lessons_finished,
                informant.lessons_required,
            );
            let score = score(&figures, period.months());
            AssessedInformant {
                informant,
                figures,
                score,
                rank: 0,
                passed: score >= PASS_SCORE,
            }
        })
        .collect();
    assessed.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.figures.submitted.cmp(&a.figures.submitted))
            .then(a.informant.account_id.cmp(&b.informant.account_id))
    });
    share_ranks(&mut assessed, |one| one.score, |one, rank| one.rank = rank);
    assessed
}

/// Ranks `sorted` (best first) 1, 2, …, those with equal `score`s sharing a rank: what an
/// informant's and an operator's assessment both publish.
pub fn share_ranks<T>(sorted: &mut [T], score: impl Fn(&T) -> u32, set: impl Fn(&mut T, u32)) {
    let mut previous: Option<(u32, u32)> = None;
    for (at, one) in sorted.iter_mut().enumerate() {
        let rank = match previous {
            Some((before, rank)) if before == score(one) => rank,
            _ => at as u32 + 1,
        };
        previous = Some((score(one), rank));
        set(one, rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qualification::QualificationStatus;
    use crate::region::RegionCode;

    fn activity(informant: i64, day: &str, kind: ActivityKind) -> Activity {
        Activity {
            informant,
            day: day.into(),
            kind,
        }
    }

    fn standing(id: i64, finished: u32) -> InformantStanding {
        InformantStanding {
            account_id: id,
            name: format!("信息员{id}"),
            region_code: RegionCode::parse("370811001001").unwrap(),
            place: "任城区 古槐街道 甲村".into(),
            status: QualificationStatus::Qualified,
            since: None,
            reason: None,
            lessons_finished: finished,
            lessons_required: 5,
            attempts: 1,
            best_score: Some(90),
        }
    }

    #[test]
    fn periods_parse_and_bound() {
        assert_eq!(
            Period::parse("2026-11"),
            Some(Period::Month {
                year: 2026,
                month: 11
            })
        );
        assert_eq!(Period::parse("2026"), Some(Period::Year { year: 2026 }));
        for bad in ["2026-13", "2026-1", "26-11", "2026-00", "abcd", ""] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Period::parse("2026-12").unwrap().bounds(),
            ((2026, 12, 1), (2027, 1, 1))
        );
        assert_eq!(Period::parse("2026").unwrap().code(), "2026");
        assert_eq!(
            Period::Month {
                year: 2026,
                month: 3
            }
            .code(),
            "2026-03"
        );
    }

    #[test]
    fn figures_count_what_one_informant_did_and_days_once() {
        use ActivityKind::*;
        let activities = [
            activity(1, "2026-11-02", Submitted(ReviewStatus::Approved)),
            activity(1, "2026-11-02", Submitted(ReviewStatus::Approved)),
            activity(1, "2026-11-03", Submitted(ReviewStatus::Returned)),
            activity(1, "2026-11-04", Submitted(ReviewStatus::Pending)),
            activity(1, "2026-11-05", Served { minutes: 90 }),
            activity(1, "2026-11-05", Served { minutes: 60 * 72 }),
            activity(1, "2026-11-06", RequestStep),
            activity(2, "2026-11-07", Submitted(ReviewStatus::Approved)),
        ];
        let figures = Figures::of(1, &activities, 5, 5);
        assert_eq!(
            figures,
            Figures {
                submitted: 4,
                approved: 2,
                returned: 1,
                rejected: 0,
                served: 2,
                served_on_time: 1,
                average_service_hours: Some(36.8),
                lessons_finished: 5,
                lessons_required: 5,
                days_active: 5,
            }
        );
        assert_eq!(figures.approval_rate(), Some(2.0 / 3.0));
        // 30×4/20 + 25×2/3 + 15×2/10 + 10×1/2 + 10×1 + 10×5/20 = 6 + 16.67 + 3 + 5 + 10 + 2.5
        assert_eq!(score(&figures, 1), 43);
        // A year asks twelve times as much for the counted parts.
        assert_eq!(score(&figures, 12), 33);
    }

    #[test]
    fn full_marks_cap_and_nothing_done_scores_only_training() {
        let busy = Figures {
            submitted: 40,
            approved: 40,
            served: 15,
            served_on_time: 15,
            lessons_finished: 5,
            lessons_required: 5,
            days_active: 28,
            ..Figures::default()
        };
        assert_eq!(score(&busy, 1), 100);
        let idle = Figures {
            lessons_finished: 5,
            lessons_required: 5,
            ..Figures::default()
        };
        assert_eq!(score(&idle, 1), 10);
    }

    #[test]
    fn ranking_is_by_score_and_equal_scores_share_a_rank() {
        use ActivityKind::*;
        let mut activities = Vec::new();
        for day in 1..=20 {
            for informant in [1, 3] {
                activities.push(activity(
                    informant,
                    &format!("2026-11-{day:02}"),
                    Submitted(ReviewStatus::Approved),
                ));
            }
        }
        let ranked = assess(
            vec![standing(2, 0), standing(3, 5), standing(1, 5)],
            &activities,
            Period::Month {
                year: 2026,
                month: 11,
            },
        );
        let order: Vec<(i64, u32, u32, bool)> = ranked
            .iter()
            .map(|a| (a.informant.account_id, a.score, a.rank, a.passed))
            .collect();
        assert_eq!(
            order,
            [(1, 75, 1, true), (3, 75, 1, true), (2, 0, 3, false)]
        );
    }
}
