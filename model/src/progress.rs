//! Reports upward (进度报送): a county's monthly progress report, generated from the data
//! (the columns of the progress table, per township and the county's total), sent by the
//! county and accepted or returned by its city as every reviewed kind is; the city's sum of
//! its accepted counties for the province; and the province's 通报, its cities and counties
//! ranked by village coverage, published to them as a notice.

use serde::{Deserialize, Serialize};

use crate::coverage::CoverageFigures;
use crate::region::{RegionCode, RegionLevel};
use crate::review::{ReviewStatus, ReviewedAt};

pub const NOTE_MAX_CHARS: usize = 500;
pub const REPORTS_PER_PAGE: i64 = 20;

/// Where the city decides on its counties' reports.
pub const PROGRESS_REPORTS: ReviewedAt = ReviewedAt("/api/progress-reports");

/// One row of a report: a region and its figures when the report was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ReportLine {
    pub code: RegionCode,
    pub name: String,
    pub figures: CoverageFigures,
}

/// Whether `month` is written `YYYY-MM` and no later than `this_month`.
pub fn month_problem(month: &str, this_month: &str) -> Option<String> {
    let written = month.len() == 7
        && month.as_bytes()[4] == b'-'
        && month[..4].bytes().all(|b| b.is_ascii_digit())
        && matches!(month[5..].parse::<u8>(), Ok(1..=12));
    if !written {
        return Some("请选择月份，例如 2026-11".to_owned());
    }
    (month > this_month).then(|| "还没到这个月，不能报送".to_owned())
}

/// `POST /api/progress-reports`: the county sends the month's report, generated from the
/// data as it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewProgressReport {
    pub county_code: RegionCode,
    pub month: String,
    /// 说明: what the figures do not say (delays, plans).
    #[serde(default)]
    pub note: String,
}

impl NewProgressReport {
    pub fn problem(&self, this_month: &str) -> Option<String> {
        if self.county_code.level() != RegionLevel::County {
            return Some("进度由县报送，请选择县".to_owned());
        }
        if let Some(problem) = month_problem(&self.month, this_month) {
            return Some(problem);
        }
        (self.note.trim().chars().count() > NOTE_MAX_CHARS)
            .then(|| format!("说明最多 {NOTE_MAX_CHARS} 个字"))
    }
}

/// A county's report as sent: its townships' lines, then the county's total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProgressReport {
    pub id: i64,
    /// The county that sent it.
    pub region_code: RegionCode,
    pub county_name: String,
    pub month: String,
    pub lines: Vec<ReportLine>,
    pub note: String,
    pub status: ReviewStatus,
    /// Why the city returned it.
    pub review_note: Option<String>,
    pub sent_by: String,
    /// RFC 3339.
    pub sent_at: String,
}

impl ProgressReport {
    /// The county's own line (the last).
    pub fn total(&self) -> Option<&ReportLine> {
        self.lines.last()
    }
}

/// The names a report's review statuses go by.
pub fn report_status_zh(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "待市级审核",
        ReviewStatus::Approved => "已接收",
        ReviewStatus::Returned => "退回",
        ReviewStatus::Rejected => "未通过",
    }
}

pub fn report_status_en(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "Awaiting the city",
        ReviewStatus::Approved => "Accepted",
        ReviewStatus::Returned => "Returned",
        ReviewStatus::Rejected => "Not accepted",
    }
}

/// `GET /api/progress-reports?status=&page=`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProgressReportPage {
    pub reports: Vec<ProgressReport>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(
    ProgressReportPage,
    reports,
    ProgressReport,
    REPORTS_PER_PAGE
);

/// A region's figures summed from reports: a city's from its counties' accepted reports,
/// a province's from its cities'.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SummedProgress {
    pub code: RegionCode,
    pub name: String,
    pub month: String,
    /// Each region below: its summed line, `None` while it has no accepted report.
    pub parts: Vec<ProgressPart>,
    /// The sum of the parts that have one.
    pub total: CoverageFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProgressPart {
    pub code: RegionCode,
    pub name: String,
    pub figures: Option<CoverageFigures>,
}

impl SummedProgress {
    /// Sums `parts` into the region's total.
    pub fn of(code: RegionCode, name: String, month: String, parts: Vec<ProgressPart>) -> Self {
        let mut total = CoverageFigures::default();
        for figures in parts.iter().filter_map(|part| part.figures.as_ref()) {
            total.add(figures);
        }
        Self {
            code,
            name,
            month,
            parts,
            total,
        }
    }
}

/// A place in a 通报's ranking: the better the village coverage the higher; equal shares
/// share a rank; regions without figures come last, unranked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Ranked {
    pub rank: Option<u32>,
    pub name: String,
    pub coverage: Option<f64>,
    pub operating: i64,
}

pub fn rank_by_coverage(parts: &[ProgressPart]) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = parts
        .iter()
        .map(|part| Ranked {
            rank: None,
            name: part.name.clone(),
            coverage: part.figures.as_ref().and_then(CoverageFigures::coverage),
            operating: part.figures.as_ref().map_or(0, CoverageFigures::operating),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.coverage
            .unwrap_or(-1.0)
            .total_cmp(&a.coverage.unwrap_or(-1.0))
    });
    let mut previous: Option<(f64, u32)> = None;
    for (index, place) in ranked.iter_mut().enumerate() {
        let Some(share) = place.coverage else {
            continue;
        };
        let rank = match previous {
            Some((before, rank)) if before == share => rank,
            _ => index as u32 + 1,
        };
        place.rank = Some(rank);
        previous = Some((share, rank));
    }
    ranked
}

/// `POST /api/progress-reports/circulars`: the province publishes the month's 通报.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewCircular {
    pub province_code: RegionCode,
    pub month: String,
}

/// What a 通报 published: the notice, and the rankings it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublishedCircular {
    pub bulletin_id: i64,
    pub title: String,
    pub cities: Vec<Ranked>,
    pub counties: Vec<Ranked>,
}

/// The 通报's text: the cities ranked, then the counties, each with its coverage and
/// operating stations (a notice's body, read on any phone).
pub fn circular_body(
    province: &str,
    month: &str,
    cities: &[Ranked],
    counties: &[Ranked],
) -> String {
    let line = |place: &Ranked| {
        let rank = place
            .rank
            .map_or_else(|| "—".to_owned(), |rank| format!("第 {rank} 名"));
        let share = place.coverage.map_or_else(
            || "未报送".to_owned(),
            |share| format!("覆盖率 {:.1}%", share * 100.0),
        );
        format!(
            "{rank}　{}　{share}　运营益农社 {} 个",
            place.name, place.operating
        )
    };
    let mut body = format!(
        "{province}信息进村入户工程 {month} 进度通报（按各县报送、市级接收的数据，以行政村覆盖率排序）。\n\n一、各市\n"
    );
    for place in cities {
        body.push_str(&line(place));
        body.push('\n');
    }
    body.push_str("\n二、各县（市、区）\n");
    for place in counties {
        body.push_str(&line(place));
        body.push('\n');
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, villages: i64, covered: i64) -> ProgressPart {
        ProgressPart {
            code: RegionCode::parse("3708").unwrap(),
            name: name.to_owned(),
            figures: Some(CoverageFigures {
                villages,
                covered_villages: covered,
                ..CoverageFigures::default()
            }),
        }
    }

    #[test]
    fn months_are_written_and_not_ahead() {
        assert_eq!(month_problem("2026-11", "2026-12"), None);
        assert_eq!(month_problem("2026-12", "2026-12"), None);
        assert!(month_problem("2027-01", "2026-12").is_some());
        for bad in ["2026-13", "2026/11", "202611", "2026-1"] {
            assert!(month_problem(bad, "2026-12").is_some(), "{bad}");
        }
    }

    #[test]
    fn parts_sum_and_rank_by_coverage_with_ties_and_the_missing_last() {
        let mut missing = part("丙县", 0, 0);
        missing.figures = None;
        let parts = vec![
            part("甲县", 10, 5),
            missing,
            part("乙县", 10, 9),
            part("丁县", 20, 10),
        ];
        let summed = SummedProgress::of(
            RegionCode::parse("3708").unwrap(),
            "济宁市".to_owned(),
            "2026-11".to_owned(),
            parts.clone(),
        );
        assert_eq!(
            (summed.total.villages, summed.total.covered_villages),
            (40, 24)
        );
        let ranked = rank_by_coverage(&parts);
        let places: Vec<_> = ranked.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(
            places,
            [
                ("乙县", Some(1)),
                ("甲县", Some(2)),
                ("丁县", Some(2)),
                ("丙县", None)
            ]
        );
        let body = circular_body("山东省", "2026-11", &ranked, &[]);
        assert!(body.contains("第 1 名　乙县　覆盖率 90.0%"), "{body}");
        assert!(body.contains("—　丙县　未报送"), "{body}");
    }
}
