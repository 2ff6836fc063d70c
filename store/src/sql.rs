//! Pieces every feature's SQL uses: region ranges, batch sizes, row decoding, errors.

use yinong_model::region::{Region, RegionCode, RegionLevel};

use crate::{StoreError, StoreResult};

/// Rows per multi-row INSERT: well under both engines' limits on bound parameters.
pub(crate) const BATCH_ROWS: usize = 500;

/// A region's subtree as a half-open code range: every code inside starts with the region's
/// code, and `:` sorts right after `9`. Code columns compare bytewise on both engines
/// (PostgreSQL's are `COLLATE "C"`), so the range uses the primary-key index.
pub(crate) fn subtree_range(code: &RegionCode) -> (String, String) {
    (code.as_str().to_owned(), format!("{}:", code.as_str()))
}

/// The range of codes inside `within` (every code when `None`).
pub(crate) fn figures_range(within: Option<&RegionCode>) -> (String, String) {
    within.map_or_else(
        || (String::new(), ":".to_owned()),
        crate::sql::subtree_range,
    )
}

/// Narrows a count of open posts to whom a new post counts against: the person whose
/// number a post made for them carries (`contact_phone`), or else its poster's own posts.
pub(crate) fn push_counted_against<'a, DB>(
    count: &mut sqlx::QueryBuilder<'a, DB>,
    contact_phone: Option<&'a str>,
    poster_id: i64,
) where
    DB: sqlx::Database,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    match contact_phone {
        Some(phone) => count.push(" AND contact_phone = ").push_bind(phone),
        None => count
            .push(" AND contact_phone IS NULL AND poster_id = ")
            .push_bind(poster_id),
    };
}

/// The key that racing posts counting against the same person lock on (see
/// [`push_counted_against`]).
pub(crate) fn counted_against_key(contact_phone: Option<&str>, poster_id: i64) -> String {
    match contact_phone {
        Some(phone) => format!("phone {phone}"),
        None => format!("account {poster_id}"),
    }
}

pub(crate) type RegionRow = (String, String, i16, Option<String>);

pub(crate) fn region_from_row((code, name, level, parent): RegionRow) -> StoreResult<Region> {
    let corrupt = |what: String| StoreError::Corrupt(what);
    let code = RegionCode::parse(&code).map_err(|e| corrupt(e.to_string()))?;
    let level = RegionLevel::from_depth(level)
        .filter(|level| *level == code.level())
        .ok_or_else(|| corrupt(format!("region {code} has level {level}")))?;
    let parent_code = parent
        .map(|parent| RegionCode::parse(&parent).map_err(|e| corrupt(e.to_string())))
        .transpose()?;
    Ok(Region {
        code,
        name,
        level,
        parent_code,
    })
}

/// A unique value taken (phone number, username, …) as a conflict; other errors as they are.
pub(crate) fn conflict_or(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(
            db.constraint().unwrap_or_default().to_owned() + " " + db.message(),
        ),
        _ => StoreError::Database(error),
    }
}

/// `(…, …)`: `values` as bound parameters, the list of an `IN` (a batch of at most
/// [`BATCH_ROWS`], within both engines' parameter limits).
pub(crate) fn push_list<'a, DB, T>(
    builder: &mut sqlx::QueryBuilder<'a, DB>,
    values: impl IntoIterator<Item = T>,
) where
    DB: sqlx::Database,
    T: 'a + sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    builder.push("(");
    let mut list = builder.separated(", ");
    for value in values {
        list.push_bind(value);
    }
    list.push_unseparated(")");
}

/// `{joined} {column} >= … AND {column} < …` (`joined` is ` WHERE` or ` AND`): rows whose
/// region lies within `within` (every row when `None`), as a range the code index answers.
pub(crate) fn push_within<'a, DB>(
    builder: &mut sqlx::QueryBuilder<'a, DB>,
    joined: &str,
    column: &str,
    within: Option<&RegionCode>,
) where
    DB: sqlx::Database,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let (from, to) = figures_range(within);
    builder
        .push(format_args!("{joined} {column} >= "))
        .push_bind(from);
    builder.push(format_args!(" AND {column} < ")).push_bind(to);
}

/// Inside `on_pool!`: one page of a filtered list and how many rows match in all, as a
/// `StoreResult<(items, total)>`. The filter is pushed onto both queries, so count and page agree.
/// A macro, not a function: a generic function over both engines cannot borrow a query
/// builder's arguments for the two fetches.
macro_rules! counted_page {
    (
        $pool:expr,
        count: $from:expr,
        select: $select:expr,
        filter: $filter:expr,
        order: $order:expr,
        page: ($offset:expr, $limit:expr),
        decode: $decode:expr $(,)?
    ) => {{
        let mut count = sqlx::QueryBuilder::<Db>::new(format!("SELECT COUNT(*) {}", $from));
        $filter(&mut count);
        let mut page = sqlx::QueryBuilder::<Db>::new($select);
        $filter(&mut page);
        page.push($order).push(" LIMIT ").push_bind($limit);
        page.push(" OFFSET ").push_bind($offset);
        let total: i64 = count.build_query_scalar().fetch_one($pool).await?;
        let rows: Vec<_> = page.build_query_as().fetch_all($pool).await?;
        let items = rows
            .into_iter()
            .map($decode)
            .collect::<$crate::StoreResult<Vec<_>>>()?;
        $crate::StoreResult::Ok((items, total))
    }};
}

pub(crate) use counted_page;
