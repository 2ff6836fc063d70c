//! 动态考核: `GET /api/assessment?period=` scores and ranks the informants of the
//! administrator's villages over a month or a year by the published formula
//! (`yinong_model::assessment`). Operators are assessed by their own criteria
//! (`crate::operators`).

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use yinong_model::assessment::{assess, AssessedInformant, Assessment, Period};

use crate::access::{authorize, Action, Actor};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;
use yinong_store::china_today;

/// More informants than this are assessed from a smaller region (a county holds hundreds).
const MOST_ASSESSED: i64 = 5_000;

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct PeriodQuery {
    period: Option<String>,
}

/// Midnight at the start of `day` in China, as UTC.
fn china_midnight((year, month, day): (i32, u32, u32)) -> Result<DateTime<Utc>, ApiError> {
    let china = FixedOffset::east_opt(8 * 3600).expect("a valid offset");
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|midnight| china.from_local_datetime(&midnight).single())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| ApiError::BadRequest("考核期不是有效的日期".into()))
}

/// `GET /api/assessment?period=`: this month's when none is asked for.
pub(super) async fn assessment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Json<Assessment>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ManageInformants, actor.region.as_ref())?;
    let period = match query.period.as_deref() {
        None => Period::parse(&china_today().format("%Y-%m").to_string())
            .expect("this month is a period"),
        Some(text) => Period::parse(text).ok_or_else(|| {
            ApiError::BadRequest(format!("考核期“{text}”应写成 2026-11（月）或 2026（年）"))
        })?,
    };
    Ok(Json(Assessment {
        period: period.code(),
        informants: assessed_informants(&state, &actor, period).await?,
    }))
}

/// The informants within the actor's region, assessed for `period`.
async fn assessed_informants(
    state: &AppState,
    actor: &Actor,
    period: Period,
) -> Result<Vec<AssessedInformant>, ApiError> {
    let (first_day, day_after) = period.bounds();
    let (from, to) = (china_midnight(first_day)?, china_midnight(day_after)?);
    let within = actor.region.as_ref();
    let (informants, total) = state
        .store
        .informant_standings(within, None, 0, MOST_ASSESSED)
        .await?;
    if total > MOST_ASSESSED {
        return Err(ApiError::BadRequest(format!(
            "这里有 {total} 名信息员，请到市或县一级查看考核"
        )));
    }
    let activities = state.store.informant_activity(within, from, to).await?;
    Ok(assess(informants, &activities, period))
}
