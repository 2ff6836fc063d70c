//! Notices, policies and warnings: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::bulletin::{Bulletin, BulletinHeadline, BulletinKind};
use yinong_model::region::RegionCode;

use super::{in_china, StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, SqlStore};

/// A bulletin as the store takes it; `target` `None` is the whole country.
#[derive(Clone, Debug)]
pub struct NewBulletinRecord<'a> {
    pub kind: BulletinKind,
    pub target: Option<&'a RegionCode>,
    pub title: &'a str,
    pub body: &'a str,
    pub expires_on: Option<NaiveDate>,
    pub publisher_id: i64,
    pub at: DateTime<Utc>,
}

/// Which bulletins a list holds, newest first.
#[derive(Clone, Debug)]
pub enum BulletinFilter {
    /// What a farmer of `region` reads: those targeted at it, a region above it or the
    /// country, not withdrawn. Warnings that have not expired on `today`, or else notices
    /// and policies.
    For {
        region: RegionCode,
        warnings: bool,
        today: NaiveDate,
    },
    /// What staff published for regions inside `within` (the country when `None`; then
    /// those for the whole country too), withdrawn ones included.
    TargetedWithin(Option<RegionCode>),
}

#[async_trait]
pub trait BulletinStore: Send + Sync {
    async fn publish_bulletin(&self, new: &NewBulletinRecord<'_>) -> StoreResult<i64>;
    /// The bulletin with its target, withdrawn or not.
    async fn bulletin(&self, id: i64) -> StoreResult<Option<Bulletin>>;
    /// A page of headlines and how many the filter holds in all.
    async fn bulletins(
        &self,
        filter: &BulletinFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<BulletinHeadline>, i64)>;
    /// The newest `limit` headlines, without counting them all: a village's home page
    /// shows a few and links to the rest.
    async fn latest_bulletins(
        &self,
        filter: &BulletinFilter,
        limit: i64,
    ) -> StoreResult<Vec<BulletinHeadline>>;
    /// Takes a bulletin down; [`StoreError::Conflict`] when it was already.
    async fn withdraw_bulletin(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
}

/// The codes a region's readers see bulletins for: the country (`''`), each region above
/// it and itself.
pub fn audience_codes(region: &RegionCode) -> Vec<String> {
    let code = region.as_str();
    std::iter::once(String::new())
        .chain(
            [2, 4, 6, 9, 12]
                .into_iter()
                .filter(|len| *len <= code.len())
                .map(|len| code[..len].to_owned()),
        )
        .collect()
}

/// id, kind, title, target code, target name, published, expires, withdrawn.
pub(super) type HeadlineRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    DateTime<Utc>,
    Option<NaiveDate>,
    Option<DateTime<Utc>>,
);

/// A [`HeadlineRow`] with the body and the publisher's name.
pub(super) type BulletinRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    DateTime<Utc>,
    Option<NaiveDate>,
    Option<DateTime<Utc>>,
    String,
    String,
);

/// The columns of a [`HeadlineRow`], from `bulletins b` and its target region `r`.
pub(super) const HEADLINE_SELECT: &str = "SELECT b.id, b.kind, b.title, b.target_code, \
    r.name, b.published_at, b.expires_on, b.withdrawn_at \
    FROM bulletins b LEFT JOIN regions r ON r.code = b.target_code";

pub(super) fn headline_from_row(
    (id, kind, title, _, region_name, published_at, expires_on, withdrawn_at): HeadlineRow,
) -> StoreResult<BulletinHeadline> {
    let kind = BulletinKind::from_code(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("bulletin {id} has kind {kind}")))?;
    Ok(BulletinHeadline {
        id,
        kind,
        title,
        region_name: region_name.unwrap_or_else(|| "全国".to_owned()),
        published_at: in_china(published_at),
        expires_on: expires_on.map(|day| day.to_string()),
        withdrawn: withdrawn_at.is_some(),
    })
}

pub(super) fn target_of(code: &str) -> StoreResult<Option<RegionCode>> {
    if code.is_empty() {
        return Ok(None);
    }
    RegionCode::parse(code)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_village_reads_the_country_and_every_region_above_it() {
        let village = RegionCode::parse("370811002212").unwrap();
        assert_eq!(
            audience_codes(&village),
            ["", "37", "3708", "370811", "370811002", "370811002212"]
        );
        let county = RegionCode::parse("370811").unwrap();
        assert_eq!(audience_codes(&county), ["", "37", "3708", "370811"]);
    }
}

impl SqlStore {
    pub(crate) fn push_bulletin_filter<'a, DB>(
        builder: &mut sqlx::QueryBuilder<'a, DB>,
        filter: &BulletinFilter,
    ) where
        DB: sqlx::Database,
        &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        chrono::NaiveDate: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        use crate::bulletins::*;
        use yinong_model::bulletin::BulletinKind;
        match filter {
            BulletinFilter::For {
                region,
                warnings,
                today,
            } => {
                builder.push(" WHERE b.withdrawn_at IS NULL AND b.target_code IN (");
                let mut codes = builder.separated(", ");
                for code in audience_codes(region) {
                    codes.push_bind(code);
                }
                builder.push(") AND b.kind IN (");
                let mut kinds = builder.separated(", ");
                for kind in BulletinKind::ALL {
                    if kind.is_warning() == *warnings {
                        kinds.push_bind(kind.code());
                    }
                }
                builder.push(")");
                if *warnings {
                    builder.push(" AND b.expires_on >= ").push_bind(*today);
                }
            }
            BulletinFilter::TargetedWithin(within) => {
                crate::sql::push_within(builder, " WHERE", "b.target_code", within.as_ref());
            }
        }
    }

    /// The headlines `filter` holds, newest first.
    pub(crate) async fn bulletin_page(
        &self,
        filter: &crate::bulletins::BulletinFilter,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<Vec<yinong_model::bulletin::BulletinHeadline>> {
        on_pool!(&self.pool, |pool| {
            use crate::bulletins::*;
            let mut page = sqlx::QueryBuilder::<Db>::new(HEADLINE_SELECT);
            Self::push_bulletin_filter(&mut page, filter);
            page.push(" ORDER BY b.id DESC LIMIT ").push_bind(limit);
            page.push(" OFFSET ").push_bind(offset);
            let rows: Vec<HeadlineRow> = page.build_query_as().fetch_all(pool).await?;
            rows.into_iter().map(headline_from_row).collect()
        })
    }
}

#[async_trait::async_trait]
impl crate::BulletinStore for SqlStore {
    async fn publish_bulletin(
        &self,
        new: &crate::bulletins::NewBulletinRecord<'_>,
    ) -> crate::StoreResult<i64> {
        let mut tx = self.writing().await?;
        let id = on_tx!(tx.tx(), |tx| {
            let target = new.target.map_or("", |code| code.as_str());
            sqlx::query_scalar(
                "INSERT INTO bulletins (kind, target_code, title, body, expires_on, \
                 publisher_id, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(new.kind.code())
            .bind(target)
            .bind(new.title)
            .bind(new.body)
            .bind(new.expires_on)
            .bind(new.publisher_id)
            .bind(new.at)
            .fetch_one(&mut *tx)
            .await?
        });
        if let Some(item) = new.kind.service_item() {
            let day = crate::services::service_day(new.at);
            Self::count_services_within(tx.tx(), new.target, item, day).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn bulletin(
        &self,
        id: i64,
    ) -> crate::StoreResult<Option<yinong_model::bulletin::Bulletin>> {
        on_pool!(&self.pool, |pool| {
            use crate::bulletins::*;
            let sql = "SELECT b.id, b.kind, b.title, b.target_code, r.name, b.published_at, \
                 b.expires_on, b.withdrawn_at, b.body, u.name \
                 FROM bulletins b LEFT JOIN regions r ON r.code = b.target_code \
                 JOIN users u ON u.id = b.publisher_id WHERE b.id = $1";
            let row: Option<BulletinRow> =
                sqlx::query_as(sql).bind(id).fetch_optional(pool).await?;
            row.map(
                |(id, kind, title, target, name, at, expires, withdrawn, body, publisher)| {
                    let region_code = target_of(&target)?;
                    Ok(yinong_model::bulletin::Bulletin {
                        headline: headline_from_row((
                            id, kind, title, target, name, at, expires, withdrawn,
                        ))?,
                        body,
                        region_code,
                        publisher,
                    })
                },
            )
            .transpose()
        })
    }

    async fn bulletins(
        &self,
        filter: &crate::bulletins::BulletinFilter,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::bulletin::BulletinHeadline>, i64)> {
        on_pool!(&self.pool, |pool| {
            let mut count = sqlx::QueryBuilder::<Db>::new("SELECT COUNT(*) FROM bulletins b");
            Self::push_bulletin_filter(&mut count, filter);
            let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
            Ok((self.bulletin_page(filter, offset, limit).await?, total))
        })
    }

    async fn latest_bulletins(
        &self,
        filter: &crate::bulletins::BulletinFilter,
        limit: i64,
    ) -> crate::StoreResult<Vec<yinong_model::bulletin::BulletinHeadline>> {
        self.bulletin_page(filter, 0, limit).await
    }

    async fn withdraw_bulletin(
        &self,
        id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let done = sqlx::query(
                "UPDATE bulletins SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL",
            )
            .bind(at)
            .bind(id)
            .execute(pool)
            .await?;
            if done.rows_affected() == 0 {
                return Err(crate::StoreError::Conflict(format!(
                    "bulletin {id} is withdrawn already or missing"
                )));
            }
            Ok(())
        })
    }
}
