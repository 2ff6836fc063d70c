//! What informants submit for review — price reports, village news, field reports — kept
//! the same way: each kind's table has `region_code`, `status`, `review_note`,
//! `decided_by` and `decided_at`, and a column naming who sent it. A page of one kind by
//! place, status and sender, newest first; one with its sender; a reviewer's decision.

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use yinong_model::region::RegionCode;
use yinong_model::review::{ReviewDecision, ReviewStatus};

use crate::engine::{on_pool, on_tx, SqlStore};
use crate::sql::{counted_page, push_within};
use crate::{Store, StoreError, StoreResult};

/// Which submissions a list shows: inside `within`, in `status`, sent by `sender`.
#[derive(Clone, Debug, Default)]
pub struct SubmissionFilter {
    pub within: Option<RegionCode>,
    pub status: Option<ReviewStatus>,
    pub sender: Option<i64>,
}

/// A reviewer's decision on something an informant submitted, made only if it is still in
/// `from`.
#[derive(Clone, Debug)]
pub struct Decision<'a> {
    pub from: ReviewStatus,
    pub to: ReviewStatus,
    pub note: Option<&'a str>,
    pub by: i64,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl<'a> Decision<'a> {
    /// The step a reviewer's `decision` makes from `from`, now.
    pub fn of(from: ReviewStatus, decision: &'a ReviewDecision, by: i64) -> Self {
        Decision {
            from,
            to: match (decision.approve, decision.send_back) {
                (true, _) => ReviewStatus::Approved,
                (false, true) => ReviewStatus::Returned,
                (false, false) => ReviewStatus::Rejected,
            },
            note: (!decision.approve).then(|| decision.reason()).flatten(),
            by,
            at: chrono::Utc::now(),
        }
    }
}

/// How one kind's submissions are kept.
pub struct SubmissionTable {
    pub table: &'static str,
    /// The table's alias in `select`.
    pub alias: &'static str,
    /// The column of the sender's account id.
    pub sender: &'static str,
    /// The column of when it was sent.
    pub sent_at: &'static str,
    /// Its rows with what they are shown with, aliased `alias`, without a WHERE.
    pub select: &'static str,
    /// The catalogue item one approved is a service of its village's station under, if
    /// publishing it is one.
    pub counted_as: Option<&'static str>,
}

/// A kind of submission (`PriceReport`, `NewsItem`, `Incident`) as the store keeps it: its
/// table, and its rows read back with their sender's id.
pub trait Submitted: Sized + Send + Sync + 'static {
    type Row: Send + Unpin + for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow>;
    const TABLE: SubmissionTable;
    fn from_row(row: Self::Row) -> StoreResult<(Self, i64)>;
    /// The store's submissions of this kind.
    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self>;
}

/// Reading and deciding the submissions of one kind, the same for every kind.
#[async_trait]
pub trait Submissions<T>: Send + Sync {
    /// Those `filter` holds from `offset`, at most `limit`, newest first, and how many
    /// there are in all.
    async fn submissions(
        &self,
        filter: &SubmissionFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<T>, i64)>;
    /// One with its sender's id.
    async fn submission(&self, id: i64) -> StoreResult<Option<(T, i64)>>;
    /// Records `decision` on submission `id` if it is still in `decision.from`;
    /// [`StoreError::Conflict`] when someone decided first (or it is missing).
    async fn decide(&self, id: i64, decision: &Decision<'_>) -> StoreResult<()>;
}

#[async_trait]
impl<T: Submitted> Submissions<T> for SqlStore {
    async fn submissions(
        &self,
        filter: &SubmissionFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<T>, i64)> {
        let of = &T::TABLE;
        let alias = of.alias;
        on_pool!(&self.pool, |pool| {
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                push_within(
                    builder,
                    " WHERE",
                    &format!("{alias}.region_code"),
                    filter.within.as_ref(),
                );
                if let Some(status) = filter.status {
                    builder
                        .push(format!(" AND {alias}.status = "))
                        .push_bind(status.code());
                }
                if let Some(sender) = filter.sender {
                    builder
                        .push(format!(" AND {alias}.{} = ", of.sender))
                        .push_bind(sender);
                }
            };
            counted_page!(
                pool,
                count: format!("FROM {} {alias}", of.table),
                select: of.select,
                filter: push_filter,
                order: format!(" ORDER BY {alias}.{} DESC, {alias}.id DESC", of.sent_at),
                page: (offset, limit),
                decode: |row: T::Row| T::from_row(row).map(|(item, _)| item),
            )
        })
    }

    async fn submission(&self, id: i64) -> StoreResult<Option<(T, i64)>> {
        let sql = format!("{} WHERE {}.id = $1", T::TABLE.select, T::TABLE.alias);
        on_pool!(&self.pool, |pool| {
            let row: Option<T::Row> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
            row.map(T::from_row).transpose()
        })
    }

    async fn decide(&self, id: i64, decision: &Decision<'_>) -> StoreResult<()> {
        let table = T::TABLE.table;
        let sql = format!(
            "UPDATE {table} SET status = $1, review_note = $2, decided_by = $3, \
             decided_at = $4 WHERE id = $5 AND status = $6"
        );
        let mut tx = self.writing().await?;
        let done = on_tx!(tx.tx(), |tx| {
            sqlx::query(&sql)
                .bind(decision.to.code())
                .bind(decision.note)
                .bind(decision.by)
                .bind(decision.at)
                .bind(id)
                .bind(decision.from.code())
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        if done == 0 {
            return Err(StoreError::Conflict(format!(
                "{table} {id} is no longer {}",
                decision.from.code()
            )));
        }
        if let (ReviewStatus::Approved, Some(item)) = (decision.to, T::TABLE.counted_as) {
            let village: String = on_tx!(tx.tx(), |tx| {
                sqlx::query_scalar(&format!("SELECT region_code FROM {table} WHERE id = $1"))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
            });
            let day = crate::services::service_day(decision.at);
            SqlStore::count_village_service(tx.tx(), &village, item, day).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
