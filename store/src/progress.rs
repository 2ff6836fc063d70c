//! 进度报送: a county's monthly report kept as it was sent, reviewed by its city as every
//! submission is (`Submitted`); one waiting or accepted report a county and month.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::progress::{ProgressReport, ReportLine};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;

use crate::engine::{on_pool, on_tx, SqlStore, WriteLock};
use crate::sql::subtree_range;
use crate::submissions::{SubmissionTable, Submissions, Submitted};
use crate::{in_china, Store, StoreError, StoreResult};

#[async_trait]
pub trait ProgressStore: Send + Sync {
    /// Keeps `county`'s report of `month` as sent; [`StoreError::Conflict`] while another
    /// of the same month waits for the city or was accepted.
    async fn send_progress_report(&self, report: &SentReport<'_>) -> StoreResult<ProgressReport>;
    /// The accepted reports of `month` from the counties inside `within`.
    async fn accepted_reports(
        &self,
        within: &RegionCode,
        month: &str,
    ) -> StoreResult<Vec<ProgressReport>>;
}

pub struct SentReport<'a> {
    pub county: &'a RegionCode,
    pub month: &'a str,
    pub lines: &'a [ReportLine],
    pub note: &'a str,
    pub by: i64,
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub struct ReportRow {
    id: i64,
    region_code: String,
    county_name: String,
    month: String,
    lines: String,
    note: String,
    status: String,
    review_note: Option<String>,
    sent_by_name: String,
    sent_at: DateTime<Utc>,
    sent_by: i64,
}

const REPORT_SELECT: &str = "SELECT p.id, p.region_code, r.name AS county_name, p.month, \
    p.lines, p.note, p.status, p.review_note, u.name AS sent_by_name, p.sent_at, p.sent_by \
    FROM progress_reports p JOIN regions r ON r.code = p.region_code \
    JOIN users u ON u.id = p.sent_by";

fn report_from_row(row: ReportRow) -> StoreResult<(ProgressReport, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("progress report {}: {what}", row.id));
    let status = ReviewStatus::from_code(&row.status).ok_or_else(|| corrupt(row.status.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let lines = serde_json::from_str(&row.lines).map_err(|e| corrupt(e.to_string()))?;
    Ok((
        ProgressReport {
            id: row.id,
            region_code,
            county_name: row.county_name,
            month: row.month,
            lines,
            note: row.note,
            status,
            review_note: row.review_note,
            sent_by: row.sent_by_name,
            sent_at: in_china(row.sent_at),
        },
        row.sent_by,
    ))
}

impl Submitted for ProgressReport {
    type Row = ReportRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "progress_reports",
        alias: "p",
        sender: "sent_by",
        sent_at: "sent_at",
        select: REPORT_SELECT,
        counted_as: None,
    };

    fn from_row(row: ReportRow) -> StoreResult<(ProgressReport, i64)> {
        report_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}

#[async_trait]
impl ProgressStore for SqlStore {
    async fn send_progress_report(&self, report: &SentReport<'_>) -> StoreResult<ProgressReport> {
        let lines = serde_json::to_string(report.lines)
            .map_err(|e| StoreError::Corrupt(format!("report lines: {e}")))?;
        let mut tx = self.writing().await?;
        // Two reports sent at once must not both be the month's.
        WriteLock::ProgressReports
            .hold(tx.tx(), format!("{}:{}", report.county, report.month))
            .await?;
        let row: ReportRow = on_tx!(tx.tx(), |tx| {
            let standing: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM progress_reports WHERE region_code = $1 AND month = $2 \
                 AND status IN ($3, $4)",
            )
            .bind(report.county.as_str())
            .bind(report.month)
            .bind(ReviewStatus::Pending.code())
            .bind(ReviewStatus::Approved.code())
            .fetch_one(&mut *tx)
            .await?;
            if standing > 0 {
                return Err(StoreError::Conflict(format!(
                    "{} has a report of {} already",
                    report.county, report.month
                )));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO progress_reports (region_code, month, lines, note, status, sent_by, \
                 sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(report.county.as_str())
            .bind(report.month)
            .bind(&lines)
            .bind(report.note.trim())
            .bind(ReviewStatus::Pending.code())
            .bind(report.by)
            .bind(report.at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query_as(&format!("{REPORT_SELECT} WHERE p.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        tx.commit().await?;
        Ok(report_from_row(row)?.0)
    }

    async fn accepted_reports(
        &self,
        within: &RegionCode,
        month: &str,
    ) -> StoreResult<Vec<ProgressReport>> {
        let (from, to) = subtree_range(within);
        let rows: Vec<ReportRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(&format!(
                "{REPORT_SELECT} WHERE p.region_code >= $1 AND p.region_code < $2 \
                 AND p.month = $3 AND p.status = $4 ORDER BY p.region_code"
            ))
            .bind(&from)
            .bind(&to)
            .bind(month)
            .bind(ReviewStatus::Approved.code())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|row| report_from_row(row).map(|(report, _)| report))
            .collect()
    }
}
