//! Account management (实名登记) and the audit log, each scoped by [`crate::access`].

pub(crate) mod rules;

use aide::axum::routing::get;
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use yinong_model::account::{AuditEntry, NewUser, UserPage, UserStatus, UserSummary, UserUpdate};

use crate::access::{account_scope, authorize, Action, Actor};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use yinong_store::{Change, NewUserRecord, UserRecord};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/users", get(list).post(create))
        .api_route("/users/{id}", get(read).patch(update))
        .api_route("/audit", get(audit))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PageQuery {
    #[serde(default)]
    offset: i64,
    #[serde(default = "default_limit")]
    limit: i64,
}

fn default_limit() -> i64 {
    50
}

async fn summary(state: &AppState, user: &UserRecord) -> Result<UserSummary, ApiError> {
    let region_name = match &user.region_code {
        Some(code) => state.store.region(code).await?.map(|r| r.name),
        None => None,
    };
    Ok(user.summary(region_name))
}

async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<UserPage>, ApiError> {
    let scope = account_scope(&signed_in.actor());
    let (users, total) = state
        .store
        .users_in_scope(&scope, page.limit.clamp(1, 200), page.offset.max(0))
        .await?;
    let mut summaries = Vec::with_capacity(users.len());
    for user in &users {
        summaries.push(summary(&state, user).await?);
    }
    Ok(Json(UserPage {
        users: summaries,
        total,
    }))
}

async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewUser>,
) -> Result<Created<Json<UserSummary>>, ApiError> {
    let created = create_user(&state, &signed_in.actor(), new).await?;
    Ok(Created(Json(summary(&state, &created).await?)))
}

/// Registers an account if `actor` may create its role in its region.
pub async fn create_user(
    state: &AppState,
    actor: &Actor,
    new: NewUser,
) -> Result<UserRecord, ApiError> {
    authorize(
        actor,
        Action::ManageAccount(new.role),
        new.region_code.as_ref(),
    )?;
    if let Some(code) = &new.region_code {
        state
            .store
            .region(code)
            .await?
            .ok_or_else(|| ApiError::BadRequest(format!("没有代码为 {code} 的行政区划")))?;
    }
    let record = NewUserRecord {
        role: new.role,
        region_code: new.region_code,
        name: rules::check_name(&new.name)?,
        phone: rules::check_phone(&new.phone)?,
        username: new
            .username
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(rules::check_username)
            .transpose()?,
        password_hash: hashed(
            state,
            rules::check_password(new.role, new.password.as_deref())?,
        )
        .await?,
        id_card: new
            .id_card
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(rules::check_id_card)
            .transpose()?,
    };
    let change = Change {
        actor_id: Some(actor.user_id),
        action: "user_created",
        at: Utc::now(),
    };
    let id = state.store.create_user(&record, change).await?;
    state
        .store
        .user(id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("user {id} vanished")))
}

/// The account `id` if the actor manages it; otherwise it does not exist for them.
async fn managed_user(state: &AppState, actor: &Actor, id: i64) -> Result<UserRecord, ApiError> {
    let not_found = || ApiError::NotFound(format!("没有编号为 {id} 的账号"));
    let user = state.store.user(id).await?.ok_or_else(not_found)?;
    authorize(
        actor,
        Action::ManageAccount(user.role),
        user.region_code.as_ref(),
    )
    .map_err(|_| not_found())?;
    Ok(user)
}

async fn read(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<UserSummary>, ApiError> {
    let user = managed_user(&state, &signed_in.actor(), id).await?;
    Ok(Json(summary(&state, &user).await?))
}

async fn update(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(changes): ApiJson<UserUpdate>,
) -> Result<Json<UserSummary>, ApiError> {
    let user = update_user(&state, &signed_in.actor(), id, changes).await?;
    Ok(Json(summary(&state, &user).await?))
}

/// Changes an account the actor manages, into one the actor may manage.
pub async fn update_user(
    state: &AppState,
    actor: &Actor,
    id: i64,
    changes: UserUpdate,
) -> Result<UserRecord, ApiError> {
    let mut user = managed_user(state, actor, id).await?;
    if let Some(name) = &changes.name {
        user.name = rules::check_name(name)?;
    }
    if let Some(role) = changes.role {
        user.role = role;
    }
    if let Some(region) = changes.region_code {
        user.region_code = region;
    }
    if let Some(status) = changes.status {
        user.status = status;
    }
    let password_changed = changes.password.is_some();
    if let Some(new_password) = &changes.password {
        user.password_hash =
            hashed(state, rules::check_password(user.role, Some(new_password))?).await?;
    }
    // Checked for what is written: the account as it will be must be in the actor's scope.
    authorize(
        actor,
        Action::ManageAccount(user.role),
        user.region_code.as_ref(),
    )?;
    if let Some(code) = &user.region_code {
        state
            .store
            .region(code)
            .await?
            .ok_or_else(|| ApiError::BadRequest(format!("没有代码为 {code} 的行政区划")))?;
    }
    let change = Change {
        actor_id: Some(actor.user_id),
        action: "user_updated",
        at: Utc::now(),
    };
    state.store.save_user(&user, change).await?;
    // Whoever held the old password, or the account before it was stopped, is signed out.
    if password_changed || user.status == UserStatus::Disabled {
        state.store.end_sessions_of(user.id, None).await?;
    }
    Ok(user)
}

async fn hashed(state: &AppState, password: Option<String>) -> Result<Option<String>, ApiError> {
    Ok(match password {
        Some(password) => Some(state.auth.hasher.hash(&password).await?),
        None => None,
    })
}

async fn audit(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ViewAudit, actor.region.as_ref())?;
    Ok(Json(
        state
            .store
            .audit_entries(actor.region.as_ref(), 200)
            .await?,
    ))
}
