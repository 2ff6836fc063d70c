//! Properties of the access rules against a real database, on both engines: over random
//! region trees, accounts, actors and writes, (1) a user list holds exactly the accounts in
//! the reader's scope that the reader manages — nothing outside it — and (2) a write the
//! rules deny changes nothing in the database, while one they allow lands inside the scope.
//!
//! `YINONG_PROPERTY_CASES` sets the number of cases per engine (`cargo xtask test`: 10,000).

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sqlx::Executor;
use yinong_api::access::{account_scope, authorize, in_scope, manageable_roles, Action, Actor};
use yinong_api::auth::sender::OutboxSender;
use yinong_api::auth::AuthConfig;
use yinong_api::users::{create_user, update_user};
use yinong_api::AppState;
use yinong_model::account::{NewUser, Role, UserUpdate};
use yinong_model::region::{Region, RegionCode};
use yinong_store::{self as store, Change, NewUserRecord, Store};

fn cases() -> u32 {
    std::env::var("YINONG_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// One generated world: tree widths per level, accounts as (role, node) picks, the actor,
/// and a create and an update to attempt.
#[derive(Clone, Debug)]
struct World {
    widths: [u8; 5],
    accounts: Vec<(usize, usize)>,
    actor: usize,
    create: (usize, usize),
    update: (usize, usize, usize),
}

fn worlds() -> impl Strategy<Value = World> {
    (
        prop::array::uniform5(1u8..=2),
        prop::collection::vec((0usize..8, 0usize..64), 1..10),
        0usize..16,
        (0usize..8, 0usize..64),
        (0usize..16, 0usize..8, 0usize..64),
    )
        .prop_map(|(widths, accounts, actor, create, update)| World {
            widths,
            accounts,
            actor,
            create,
            update,
        })
}

/// Regions of a tree with the given widths; codes follow the statistics code lengths.
fn tree(widths: [u8; 5]) -> Vec<Region> {
    let mut levels: Vec<Vec<String>> =
        vec![(1..=widths[0]).map(|p| format!("{}", 10 + p)).collect()];
    for (depth, suffix_len) in [(1, 2), (2, 2), (3, 3), (4, 3)] {
        let parents = levels[depth - 1].clone();
        levels.push(
            parents
                .iter()
                .flat_map(|parent| {
                    (1..=widths[depth]).map(move |n| format!("{parent}{n:0suffix_len$}"))
                })
                .collect(),
        );
    }
    levels
        .into_iter()
        .flatten()
        .map(|code| {
            let code = RegionCode::parse(&code).unwrap();
            Region {
                name: format!("区划{code}"),
                level: code.level(),
                parent_code: code.parent(),
                code,
            }
        })
        .collect()
}

fn role_for(pick: usize, node: &Option<RegionCode>) -> Option<Role> {
    let role = Role::ALL[pick % Role::ALL.len()];
    role.allowed_levels()
        .contains(&node.as_ref().map(RegionCode::level))
        .then_some(role)
}

/// Deletes everything a case wrote (the engines' own connection, outside the store).
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    async fn reset(&self) {
        let sql = "DELETE FROM sessions; DELETE FROM audit_log; DELETE FROM otp_codes; DELETE FROM users; \
                   DELETE FROM regions;";
        match self {
            Raw::Sqlite(pool) => pool.execute(sql).await.map(drop),
            Raw::Postgres(pool) => pool.execute(sql).await.map(drop),
        }
        .expect("reset the case's tables");
    }
}

async fn snapshot(store: &dyn Store) -> (Vec<yinong_store::UserRecord>, usize) {
    let everything = yinong_api::access::Scope {
        within: None,
        roles: Role::ALL.to_vec(),
    };
    let (users, _) = store.users_in_scope(&everything, 10_000, 0).await.unwrap();
    (
        users,
        store.audit_entries(None, 100_000).await.unwrap().len(),
    )
}

async fn check(state: &AppState, raw: &Raw, world: &World, case: u32) -> Result<(), TestCaseError> {
    raw.reset().await;
    let store = state.store.as_ref();
    let regions = tree(world.widths);
    store.upsert_regions(&regions).await.unwrap();
    let nodes: Vec<Option<RegionCode>> = std::iter::once(None)
        .chain(regions.iter().map(|r| Some(r.code.clone())))
        .collect();
    let mut accounts = Vec::new();
    for (n, (role_pick, node_pick)) in world.accounts.iter().enumerate() {
        let node = nodes[node_pick % nodes.len()].clone();
        let Some(role) = role_for(*role_pick, &node) else {
            continue;
        };
        let record = NewUserRecord {
            role,
            region_code: node.clone(),
            name: format!("账号{n}"),
            phone: format!("13{case:05}{n:04}"),
            username: None,
            password_hash: None,
            id_card: None,
        };
        let id = store
            .create_user(
                &record,
                Change {
                    actor_id: None,
                    action: "test",
                    at: chrono::Utc::now(),
                },
            )
            .await
            .unwrap();
        accounts.push((id, role, node));
    }
    let Some((actor_id, actor_role, actor_region)) =
        accounts.get(world.actor % accounts.len().max(1)).cloned()
    else {
        return Ok(());
    };
    let actor = Actor {
        user_id: actor_id,
        role: actor_role,
        region: actor_region,
    };

    // (1) Lists hold exactly what the rules allow.
    let (listed, total) = store
        .users_in_scope(&account_scope(&actor), 10_000, 0)
        .await
        .unwrap();
    let listed: BTreeSet<i64> = listed.iter().map(|u| u.id).collect();
    let expected: BTreeSet<i64> = accounts
        .iter()
        .filter(|(_, role, region)| {
            in_scope(actor.region.as_ref(), region.as_ref())
                && manageable_roles(actor.role).contains(role)
        })
        .map(|(id, _, _)| *id)
        .collect();
    prop_assert_eq!(&listed, &expected);
    prop_assert_eq!(total as usize, expected.len());

    // (2a) A create: lands in scope when allowed, changes nothing when denied.
    let before = snapshot(store).await;
    let create_node = nodes[world.create.1 % nodes.len()].clone();
    let create_role = Role::ALL[world.create.0 % Role::ALL.len()];
    let new = NewUser {
        role: create_role,
        region_code: create_node.clone(),
        name: "新账号".into(),
        phone: format!("15{case:05}0000"),
        username: None,
        password: create_role.is_staff().then(|| "password-123".to_owned()),
        id_card: None,
    };
    let allowed = authorize(
        &actor,
        Action::ManageAccount(create_role),
        create_node.as_ref(),
    )
    .is_ok();
    match create_user(state, &actor, new).await {
        Ok(created) => {
            prop_assert!(allowed, "created although denied");
            prop_assert!(in_scope(
                actor.region.as_ref(),
                created.region_code.as_ref()
            ));
        }
        Err(_) => {
            prop_assert!(!allowed, "refused although allowed");
            prop_assert_eq!(snapshot(store).await, before);
        }
    }

    // (2b) An update: checked against the account as it is and as it would be.
    let (target_id, target_role, target_region) = accounts[world.update.0 % accounts.len()].clone();
    let new_role = Role::ALL[world.update.1 % Role::ALL.len()];
    let new_region = nodes[world.update.2 % nodes.len()].clone();
    let allowed = authorize(
        &actor,
        Action::ManageAccount(target_role),
        target_region.as_ref(),
    )
    .is_ok()
        && authorize(&actor, Action::ManageAccount(new_role), new_region.as_ref()).is_ok();
    let before = snapshot(store).await;
    let changes = UserUpdate {
        role: Some(new_role),
        region_code: Some(new_region.clone()),
        password: (new_role.is_staff() && !target_role.is_staff())
            .then(|| "password-123".to_owned()),
        ..UserUpdate::default()
    };
    match update_user(state, &actor, target_id, changes).await {
        Ok(updated) => {
            prop_assert!(allowed, "updated although denied");
            prop_assert!(in_scope(
                actor.region.as_ref(),
                updated.region_code.as_ref()
            ));
        }
        Err(_) => {
            prop_assert!(
                !allowed || (!new_role.is_staff() && target_role.is_staff()),
                "refused although allowed"
            );
            prop_assert_eq!(snapshot(store).await, before);
        }
    }
    Ok(())
}

fn run_properties(store: Arc<dyn Store>, raw: Raw) {
    let runtime = tokio::runtime::Handle::current();
    let state = AppState::new(
        store,
        AuthConfig::new(Arc::new(OutboxSender::default()), false),
    );
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let case = std::sync::atomic::AtomicU32::new(0);
    let outcome = runner.run(&worlds(), |world| {
        let case = case.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::task::block_in_place(|| runtime.block_on(check(&state, &raw, &world, case)))
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    println!("{} cases passed", cases());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_scope_properties() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("yinong.db").display());
    let store = store::connect(&url).await.unwrap();
    let raw = Raw::Sqlite(sqlx::SqlitePool::connect(&url).await.unwrap());
    run_properties(store, raw);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_scope_properties() {
    let admin = support::postgres_admin_url();
    let name = format!("yinong_props_{}", std::process::id());
    let (base, _) = admin.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    let store = store::connect(&url).await.unwrap();
    let raw = Raw::Postgres(sqlx::PgPool::connect(&url).await.unwrap());
    let outcome = std::panic::AssertUnwindSafe(async { run_properties(store, raw) });
    let result = futures::FutureExt::catch_unwind(outcome).await;
    let mut admin_connection = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut admin_connection)
        .await
        .unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
