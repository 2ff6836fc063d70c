//! 运营商: counties' contracts with operators and the townships each serves; correction
//! notices and the operators' answers (a reviewed kind, checked by the county); farmers'
//! complaints about stations (a reviewed kind: approved is found true); and what a
//! contract's stations did in a window of days, for the annual assessment.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::operator::{
    Complaint, Contract, ContractStation, ContractTerms, CorrectionNotice, CorrectionOutcome,
    CorrectionReport, Duty, OperatorAccount, ServedTownship, TownshipServed,
};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;
use yinong_model::station::StationStatus;

use crate::engine::{on_pool, on_tx, SqlStore, WriteLock};
use crate::submissions::{SubmissionTable, Submissions, Submitted};
use crate::{china_time, in_china, Store, StoreError, StoreResult};

#[async_trait]
pub trait OperatorStore: Send + Sync {
    /// The contracts of `county`, or of `operator`, newest first.
    async fn contracts(&self, of: ContractsOf<'_>) -> StoreResult<Vec<Contract>>;
    async fn contract(&self, id: i64) -> StoreResult<Option<Contract>>;
    /// The townships of `county`, each with the operator of a contract that serves it on
    /// `day` or later.
    async fn townships_served(
        &self,
        county: &RegionCode,
        day: NaiveDate,
    ) -> StoreResult<Vec<TownshipServed>>;
    /// The active operator accounts of `county` or of a region above it.
    async fn operator_candidates(&self, county: &RegionCode) -> StoreResult<Vec<OperatorAccount>>;
    /// Keeps a contract (checked by the caller), unless one of its townships is served by
    /// another contract in the same period.
    async fn sign_contract(
        &self,
        signed: &SignedContract<'_>,
    ) -> StoreResult<Result<Contract, ContractRefused>>;
    /// Ends contract `id` the day the successor's contract (`successor`, for the same
    /// townships) begins, for `reason` — unless it was replaced already, or a township is
    /// served by a third contract in the successor's period.
    async fn replace_contract(
        &self,
        id: i64,
        reason: &str,
        successor: &SignedContract<'_>,
    ) -> StoreResult<Result<Contract, ContractRefused>>;
    /// The stations in a contract's townships (a refused declaration is none), by code.
    async fn contract_stations(&self, id: i64) -> StoreResult<Vec<ContractStation>>;
    /// Service records at a contract's stations on the days `[from, until)`, and the
    /// complaints about them sent then and found true.
    async fn contract_activity(
        &self,
        id: i64,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<(u32, u32)>;
    async fn issue_correction_notice(&self, notice: &IssuedNotice<'_>) -> StoreResult<i64>;
    /// A contract's notices, newest first, each with its latest answer and its outcome on
    /// `today`.
    async fn correction_notices(
        &self,
        contract_id: i64,
        today: NaiveDate,
    ) -> StoreResult<Vec<CorrectionNotice>>;
    /// The contract a notice was issued under and the notice's deadline.
    async fn correction_notice(&self, id: i64) -> StoreResult<Option<(i64, NaiveDate)>>;
    /// Keeps an operator's answer to notice `notice_id` for the county to check;
    /// [`StoreError::Conflict`] while another waits or once one was accepted.
    async fn send_correction_report(
        &self,
        sent: &SentCorrection<'_>,
    ) -> StoreResult<CorrectionReport>;
    /// Keeps a farmer's complaint about a station of `village`.
    async fn file_complaint(&self, filed: &FiledComplaint<'_>) -> StoreResult<Complaint>;
}

/// Whose contracts a list holds.
#[derive(Clone, Copy, Debug)]
pub enum ContractsOf<'a> {
    County(&'a RegionCode),
    Operator(i64),
}

/// Why a contract was not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContractRefused {
    /// This township is served by this operator in the period.
    TownshipTaken {
        township: String,
        operator: String,
    },
    AlreadyReplaced,
}

pub struct SignedContract<'a> {
    pub county: &'a RegionCode,
    pub terms: &'a ContractTerms,
    pub townships: &'a [RegionCode],
    pub by: i64,
    pub at: DateTime<Utc>,
}

pub struct IssuedNotice<'a> {
    pub contract_id: i64,
    pub problem: &'a str,
    pub correct_by: NaiveDate,
    pub by: i64,
    pub at: DateTime<Utc>,
}

pub struct SentCorrection<'a> {
    pub notice_id: i64,
    pub county: &'a RegionCode,
    pub done: &'a str,
    pub by: i64,
    pub at: DateTime<Utc>,
}

pub struct FiledComplaint<'a> {
    pub station_code: &'a str,
    pub village: &'a RegionCode,
    pub text: &'a str,
    pub by: i64,
    pub at: DateTime<Utc>,
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

fn region(code: &str) -> StoreResult<RegionCode> {
    RegionCode::parse(code).map_err(|e| corrupt(e.to_string()))
}

#[derive(sqlx::FromRow)]
struct ContractRow {
    id: i64,
    county_code: String,
    county_name: String,
    operator_id: i64,
    operator_name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    duties: String,
    signed_by: String,
    ended_on: Option<NaiveDate>,
    end_reason: Option<String>,
    successor_id: Option<i64>,
    successor_name: Option<String>,
}

const CONTRACT_SELECT: &str = "SELECT c.id, c.county_code, r.name AS county_name, \
    c.operator_id, o.name AS operator_name, c.starts_on, c.ends_on, c.duties, \
    s.name AS signed_by, c.ended_on, c.end_reason, c.successor_id, so.name AS successor_name \
    FROM operator_contracts c JOIN regions r ON r.code = c.county_code \
    JOIN users o ON o.id = c.operator_id JOIN users s ON s.id = c.signed_by \
    LEFT JOIN operator_contracts n ON n.id = c.successor_id \
    LEFT JOIN users so ON so.id = n.operator_id";

/// Stations in a contract's townships (`ct`), a refused declaration left out.
const CONTRACT_STATIONS: &str = "FROM contract_townships ct \
    JOIN stations s ON s.region_code >= ct.township_code \
    AND s.region_code < ct.township_code || ':' AND s.status <> 'rejected'";

#[derive(sqlx::FromRow)]
struct TownshipRow {
    contract_id: i64,
    code: String,
    name: String,
    stations: i64,
}

impl SqlStore {
    /// `rows` as contracts, each with its townships and their stations.
    async fn contracts_from_rows(&self, rows: Vec<ContractRow>) -> StoreResult<Vec<Contract>> {
        let townships: Vec<TownshipRow> = if rows.is_empty() {
            Vec::new()
        } else {
            let ids = rows
                .iter()
                .map(|row| row.id.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let query = format!(
                "SELECT ct.contract_id, ct.township_code AS code, t.name, \
                 (SELECT COUNT(*) FROM stations s WHERE s.region_code >= ct.township_code \
                  AND s.region_code < ct.township_code || ':' AND s.status <> 'rejected') \
                 AS stations FROM contract_townships ct JOIN regions t ON t.code = ct.township_code \
                 WHERE ct.contract_id IN ({ids}) ORDER BY ct.township_code"
            );
            on_pool!(&self.pool, |pool| {
                sqlx::query_as(&query).fetch_all(pool).await?
            })
        };
        rows.into_iter()
            .map(|row| {
                let duties: Vec<Duty> = serde_json::from_str(&row.duties)
                    .map_err(|e| corrupt(format!("contract {} duties: {e}", row.id)))?;
                let theirs: Vec<&TownshipRow> = townships
                    .iter()
                    .filter(|t| t.contract_id == row.id)
                    .collect();
                Ok(Contract {
                    id: row.id,
                    county_code: region(&row.county_code)?,
                    county_name: row.county_name,
                    operator_id: row.operator_id,
                    operator_name: row.operator_name,
                    starts_on: row.starts_on.to_string(),
                    ends_on: row.ends_on.to_string(),
                    duties,
                    townships: theirs
                        .iter()
                        .map(|t| {
                            Ok(ServedTownship {
                                code: region(&t.code)?,
                                name: t.name.clone(),
                            })
                        })
                        .collect::<StoreResult<_>>()?,
                    stations: theirs.iter().map(|t| t.stations as u32).sum(),
                    signed_by: row.signed_by,
                    ended_on: row.ended_on.map(|day| day.to_string()),
                    end_reason: row.end_reason,
                    successor_id: row.successor_id,
                    successor_name: row.successor_name,
                })
            })
            .collect()
    }
}

#[derive(sqlx::FromRow)]
pub struct CorrectionRow {
    id: i64,
    notice_id: i64,
    region_code: String,
    problem: String,
    correct_by: NaiveDate,
    done: String,
    status: String,
    review_note: Option<String>,
    operator_name: String,
    sent_at: DateTime<Utc>,
    sent_by: i64,
}

const CORRECTION_SELECT: &str = "SELECT cr.id, cr.notice_id, cr.region_code, n.problem, \
    n.correct_by, cr.done, cr.status, cr.review_note, u.name AS operator_name, cr.sent_at, \
    cr.sent_by FROM correction_reports cr JOIN correction_notices n ON n.id = cr.notice_id \
    JOIN users u ON u.id = cr.sent_by";

fn correction_from_row(row: CorrectionRow) -> StoreResult<(CorrectionReport, i64)> {
    let status = ReviewStatus::from_code(&row.status)
        .ok_or_else(|| corrupt(format!("correction report {}: {}", row.id, row.status)))?;
    Ok((
        CorrectionReport {
            id: row.id,
            notice_id: row.notice_id,
            region_code: region(&row.region_code)?,
            problem: row.problem,
            correct_by: row.correct_by.to_string(),
            done: row.done,
            status,
            review_note: row.review_note,
            operator_name: row.operator_name,
            sent_at: in_china(row.sent_at),
        },
        row.sent_by,
    ))
}

impl Submitted for CorrectionReport {
    type Row = CorrectionRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "correction_reports",
        alias: "cr",
        sender: "sent_by",
        sent_at: "sent_at",
        select: CORRECTION_SELECT,
        counted_as: None,
    };

    fn from_row(row: CorrectionRow) -> StoreResult<(CorrectionReport, i64)> {
        correction_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}

#[derive(sqlx::FromRow)]
pub struct ComplaintRow {
    id: i64,
    station_code: String,
    station_name: String,
    region_code: String,
    text: String,
    status: String,
    review_note: Option<String>,
    sent_at: DateTime<Utc>,
    sent_by: i64,
}

const COMPLAINT_SELECT: &str = "SELECT c.id, c.station_code, s.name AS station_name, \
    c.region_code, c.text, c.status, c.review_note, c.sent_at, c.sent_by \
    FROM station_complaints c JOIN stations s ON s.code = c.station_code";

fn complaint_from_row(row: ComplaintRow) -> StoreResult<(Complaint, i64)> {
    let status = ReviewStatus::from_code(&row.status)
        .ok_or_else(|| corrupt(format!("complaint {}: {}", row.id, row.status)))?;
    Ok((
        Complaint {
            id: row.id,
            station_code: row.station_code,
            station_name: row.station_name,
            region_code: region(&row.region_code)?,
            text: row.text,
            status,
            review_note: row.review_note,
            sent_at: in_china(row.sent_at),
        },
        row.sent_by,
    ))
}

impl Submitted for Complaint {
    type Row = ComplaintRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "station_complaints",
        alias: "c",
        sender: "sent_by",
        sent_at: "sent_at",
        select: COMPLAINT_SELECT,
        counted_as: None,
    };

    fn from_row(row: ComplaintRow) -> StoreResult<(Complaint, i64)> {
        complaint_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    contract_id: i64,
    operator_name: String,
    problem: String,
    correct_by: NaiveDate,
    issued_by: String,
    issued_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ContractStationRow {
    code: String,
    name: String,
    place: String,
    status: String,
    compliant: bool,
    qualified_informants: i64,
}

impl SqlStore {
    /// Signs `signed` inside `tx` once none of its townships is served by another
    /// contract (other than `replacing`) in its period.
    async fn sign_in(
        tx: crate::engine::Tx<'_>,
        signed: &SignedContract<'_>,
        replacing: Option<i64>,
    ) -> StoreResult<Result<i64, ContractRefused>> {
        let starts_on = day(&signed.terms.starts_on)?;
        let ends_on = day(&signed.terms.ends_on)?;
        let duties = serde_json::to_string(&signed.terms.duties)
            .map_err(|e| corrupt(format!("duties: {e}")))?;
        on_tx!(tx, |tx| {
            for township in signed.townships {
                let taken: Option<(String, String)> = sqlx::query_as(
                    "SELECT t.name, o.name FROM contract_townships ct \
                     JOIN regions t ON t.code = ct.township_code \
                     JOIN operator_contracts c ON c.id = ct.contract_id \
                     JOIN users o ON o.id = c.operator_id \
                     WHERE ct.township_code = $1 AND c.id <> $2 AND c.starts_on <= $3 \
                     AND c.ends_on >= $4 AND (c.ended_on IS NULL OR c.ended_on > $4) \
                     LIMIT 1",
                )
                .bind(township.as_str())
                .bind(replacing.unwrap_or(0))
                .bind(ends_on)
                .bind(starts_on)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some((township, operator)) = taken {
                    return Ok(Err(ContractRefused::TownshipTaken { township, operator }));
                }
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO operator_contracts (county_code, operator_id, starts_on, ends_on, \
                 duties, signed_by, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(signed.county.as_str())
            .bind(signed.terms.operator_id)
            .bind(starts_on)
            .bind(ends_on)
            .bind(&duties)
            .bind(signed.by)
            .bind(signed.at)
            .fetch_one(&mut *tx)
            .await?;
            for township in signed.townships {
                sqlx::query(
                    "INSERT INTO contract_townships (contract_id, township_code) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(township.as_str())
                .execute(&mut *tx)
                .await?;
            }
            Ok(Ok(id))
        })
    }

    /// Contract `id`, just written.
    async fn kept_contract(&self, id: i64) -> StoreResult<Contract> {
        self.contract_by_id(id)
            .await?
            .ok_or_else(|| corrupt(format!("contract {id} vanished")))
    }

    async fn contract_by_id(&self, id: i64) -> StoreResult<Option<Contract>> {
        let rows: Vec<ContractRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(&format!("{CONTRACT_SELECT} WHERE c.id = $1"))
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        Ok(self.contracts_from_rows(rows).await?.into_iter().next())
    }
}

fn day(text: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("date {text}: {e}")))
}

#[async_trait]
impl OperatorStore for SqlStore {
    async fn contracts(&self, of: ContractsOf<'_>) -> StoreResult<Vec<Contract>> {
        let rows: Vec<ContractRow> = on_pool!(&self.pool, |pool| {
            match of {
                ContractsOf::County(county) => {
                    sqlx::query_as(&format!(
                        "{CONTRACT_SELECT} WHERE c.county_code = $1 ORDER BY c.id DESC"
                    ))
                    .bind(county.as_str())
                    .fetch_all(pool)
                    .await?
                }
                ContractsOf::Operator(operator) => {
                    sqlx::query_as(&format!(
                        "{CONTRACT_SELECT} WHERE c.operator_id = $1 ORDER BY c.id DESC"
                    ))
                    .bind(operator)
                    .fetch_all(pool)
                    .await?
                }
            }
        });
        self.contracts_from_rows(rows).await
    }

    async fn contract(&self, id: i64) -> StoreResult<Option<Contract>> {
        self.contract_by_id(id).await
    }

    async fn townships_served(
        &self,
        county: &RegionCode,
        day: NaiveDate,
    ) -> StoreResult<Vec<TownshipServed>> {
        let rows: Vec<(String, String, Option<String>)> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT t.code, t.name, (SELECT o.name FROM contract_townships ct \
                 JOIN operator_contracts c ON c.id = ct.contract_id \
                 JOIN users o ON o.id = c.operator_id \
                 WHERE ct.township_code = t.code AND c.ends_on >= $2 \
                 AND (c.ended_on IS NULL OR c.ended_on > $2) ORDER BY c.starts_on LIMIT 1) \
                 FROM regions t WHERE t.parent_code = $1 ORDER BY t.code",
            )
            .bind(county.as_str())
            .bind(day)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(code, name, served_by)| {
                Ok(TownshipServed {
                    code: region(&code)?,
                    name,
                    served_by,
                })
            })
            .collect()
    }

    async fn operator_candidates(&self, county: &RegionCode) -> StoreResult<Vec<OperatorAccount>> {
        let mut above: Vec<String> = Vec::new();
        let mut at = Some(county.clone());
        while let Some(code) = at {
            at = code.parent();
            above.push(code.as_str().to_owned());
        }
        let rows: Vec<(i64, String)> = on_pool!(&self.pool, |pool| {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT id, name FROM users WHERE role = 'operator' AND status = 'active' \
                 AND (region_code IS NULL OR region_code IN (",
            );
            let mut codes = query.separated(", ");
            for code in &above {
                codes.push_bind(code.clone());
            }
            query.push(")) ORDER BY id");
            query.build_query_as().fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, name)| OperatorAccount { id, name })
            .collect())
    }

    async fn sign_contract(
        &self,
        signed: &SignedContract<'_>,
    ) -> StoreResult<Result<Contract, ContractRefused>> {
        let mut tx = self.writing().await?;
        WriteLock::OperatorContracts
            .hold(tx.tx(), signed.county)
            .await?;
        let id = match Self::sign_in(tx.tx(), signed, None).await? {
            Ok(id) => id,
            Err(refused) => return Ok(Err(refused)),
        };
        tx.commit().await?;
        self.kept_contract(id).await.map(Ok)
    }

    async fn replace_contract(
        &self,
        id: i64,
        reason: &str,
        successor: &SignedContract<'_>,
    ) -> StoreResult<Result<Contract, ContractRefused>> {
        let mut tx = self.writing().await?;
        WriteLock::OperatorContracts
            .hold(tx.tx(), successor.county)
            .await?;
        let new_id = match Self::sign_in(tx.tx(), successor, Some(id)).await? {
            Ok(id) => id,
            Err(refused) => return Ok(Err(refused)),
        };
        let takes_over = day(&successor.terms.starts_on)?;
        let ended = on_tx!(tx.tx(), |tx| {
            sqlx::query(
                "UPDATE operator_contracts SET ended_on = $1, end_reason = $2, successor_id = $3 \
                 WHERE id = $4 AND ended_on IS NULL",
            )
            .bind(takes_over)
            .bind(reason.trim())
            .bind(new_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        });
        if ended == 0 {
            return Ok(Err(ContractRefused::AlreadyReplaced));
        }
        tx.commit().await?;
        self.kept_contract(new_id).await.map(Ok)
    }

    async fn contract_stations(&self, id: i64) -> StoreResult<Vec<ContractStation>> {
        let rows: Vec<ContractStationRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(&format!(
                "SELECT s.code, s.name, t.name || ' ' || v.name AS place, s.status, s.compliant, \
                 (SELECT COUNT(*) FROM informants i WHERE i.station_code = s.code \
                  AND i.status = 'qualified') AS qualified_informants \
                 {CONTRACT_STATIONS} JOIN regions t ON t.code = ct.township_code \
                 JOIN regions v ON v.code = s.region_code \
                 WHERE ct.contract_id = $1 ORDER BY s.code"
            ))
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|row| {
                Ok(ContractStation {
                    status: StationStatus::from_code(&row.status)
                        .ok_or_else(|| corrupt(format!("station {}: {}", row.code, row.status)))?,
                    code: row.code,
                    name: row.name,
                    place: row.place,
                    compliant: row.compliant,
                    qualified_informants: row.qualified_informants,
                })
            })
            .collect()
    }

    async fn contract_activity(
        &self,
        id: i64,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<(u32, u32)> {
        let midnight = |day: NaiveDate| crate::from_china(day.and_time(chrono::NaiveTime::MIN));
        let (services, complaints): (i64, i64) = on_pool!(&self.pool, |pool| {
            // A station's code begins with its village's: the range finds its records on
            // the (station_code, served_on) index.
            let services: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM contract_townships ct JOIN service_records r \
                 ON r.station_code >= ct.township_code AND r.station_code < ct.township_code || ':' \
                 WHERE ct.contract_id = $1 AND r.served_on >= $2 AND r.served_on < $3",
            )
            .bind(id)
            .bind(from)
            .bind(until)
            .fetch_one(pool)
            .await?;
            let complaints: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM contract_townships ct JOIN station_complaints c \
                 ON c.region_code >= ct.township_code AND c.region_code < ct.township_code || ':' \
                 WHERE ct.contract_id = $1 AND c.status = $2 AND c.sent_at >= $3 \
                 AND c.sent_at < $4",
            )
            .bind(id)
            .bind(ReviewStatus::Approved.code())
            .bind(midnight(from))
            .bind(midnight(until))
            .fetch_one(pool)
            .await?;
            (services, complaints)
        });
        Ok((services as u32, complaints as u32))
    }

    async fn issue_correction_notice(&self, notice: &IssuedNotice<'_>) -> StoreResult<i64> {
        Ok(on_pool!(&self.pool, |pool| {
            sqlx::query_scalar(
                "INSERT INTO correction_notices (contract_id, problem, correct_by, issued_by, \
                 issued_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(notice.contract_id)
            .bind(notice.problem.trim())
            .bind(notice.correct_by)
            .bind(notice.by)
            .bind(notice.at)
            .fetch_one(pool)
            .await?
        }))
    }

    async fn correction_notices(
        &self,
        contract_id: i64,
        today: NaiveDate,
    ) -> StoreResult<Vec<CorrectionNotice>> {
        let (notices, reports): (Vec<NoticeRow>, Vec<CorrectionRow>) =
            on_pool!(&self.pool, |pool| {
                let notices = sqlx::query_as(
                    "SELECT n.id, n.contract_id, o.name AS operator_name, n.problem, \
                     n.correct_by, u.name AS issued_by, n.issued_at \
                     FROM correction_notices n JOIN operator_contracts c ON c.id = n.contract_id \
                     JOIN users o ON o.id = c.operator_id JOIN users u ON u.id = n.issued_by \
                     WHERE n.contract_id = $1 ORDER BY n.id DESC",
                )
                .bind(contract_id)
                .fetch_all(pool)
                .await?;
                let reports = sqlx::query_as(&format!(
                    "{CORRECTION_SELECT} WHERE n.contract_id = $1 ORDER BY cr.id"
                ))
                .bind(contract_id)
                .fetch_all(pool)
                .await?;
                (notices, reports)
            });
        let reports = reports
            .into_iter()
            .map(correction_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let today = today.to_string();
        Ok(notices
            .into_iter()
            .map(|row| {
                let theirs: Vec<&CorrectionReport> = reports
                    .iter()
                    .map(|(report, _)| report)
                    .filter(|report| report.notice_id == row.id)
                    .collect();
                let corrected_on = theirs
                    .iter()
                    .find(|report| report.status == ReviewStatus::Approved)
                    .map(|report| report.sent_at[..10].to_owned());
                let waiting = theirs
                    .iter()
                    .any(|report| report.status == ReviewStatus::Pending);
                let correct_by = row.correct_by.to_string();
                CorrectionNotice {
                    id: row.id,
                    contract_id: row.contract_id,
                    operator_name: row.operator_name,
                    problem: row.problem,
                    outcome: CorrectionOutcome::of(
                        &correct_by,
                        corrected_on.as_deref(),
                        waiting,
                        &today,
                    ),
                    correct_by,
                    issued_by: row.issued_by,
                    issued_on: china_time(row.issued_at).date_naive().to_string(),
                    corrected_on,
                    latest_report: theirs.last().map(|report| (*report).clone()),
                }
            })
            .collect())
    }

    async fn correction_notice(&self, id: i64) -> StoreResult<Option<(i64, NaiveDate)>> {
        Ok(on_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT contract_id, correct_by FROM correction_notices WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn send_correction_report(
        &self,
        sent: &SentCorrection<'_>,
    ) -> StoreResult<CorrectionReport> {
        let mut tx = self.writing().await?;
        // Two answers sent at once must not both wait.
        WriteLock::OperatorContracts
            .hold(tx.tx(), format!("notice:{}", sent.notice_id))
            .await?;
        let row: CorrectionRow = on_tx!(tx.tx(), |tx| {
            let standing: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM correction_reports WHERE notice_id = $1 \
                 AND status IN ($2, $3)",
            )
            .bind(sent.notice_id)
            .bind(ReviewStatus::Pending.code())
            .bind(ReviewStatus::Approved.code())
            .fetch_one(&mut *tx)
            .await?;
            if standing > 0 {
                return Err(StoreError::Conflict(format!(
                    "notice {} has an answer waiting or accepted",
                    sent.notice_id
                )));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO correction_reports (notice_id, region_code, done, status, sent_by, \
                 sent_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(sent.notice_id)
            .bind(sent.county.as_str())
            .bind(sent.done.trim())
            .bind(ReviewStatus::Pending.code())
            .bind(sent.by)
            .bind(sent.at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query_as(&format!("{CORRECTION_SELECT} WHERE cr.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        tx.commit().await?;
        Ok(correction_from_row(row)?.0)
    }

    async fn file_complaint(&self, filed: &FiledComplaint<'_>) -> StoreResult<Complaint> {
        let row: ComplaintRow = on_pool!(&self.pool, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO station_complaints (station_code, region_code, text, status, \
                 sent_by, sent_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(filed.station_code)
            .bind(filed.village.as_str())
            .bind(filed.text.trim())
            .bind(ReviewStatus::Pending.code())
            .bind(filed.by)
            .bind(filed.at)
            .fetch_one(pool)
            .await?;
            sqlx::query_as(&format!("{COMPLAINT_SELECT} WHERE c.id = $1"))
                .bind(id)
                .fetch_one(pool)
                .await?
        });
        Ok(complaint_from_row(row)?.0)
    }
}
