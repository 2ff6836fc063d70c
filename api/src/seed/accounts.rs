//! Demo accounts, one per kind of staff, created with the demo data. They share one
//! published password: a demo database is never a real one.

use chrono::Utc;
use yinong_model::account::Role;
use yinong_model::region::RegionCode;

use crate::auth::password;
use crate::store::{Change, NewUserRecord, Store, StoreResult};

pub const DEMO_PASSWORD: &str = "yinong-demo-2026";

/// (username, phone, name, role, region).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role, Option<&str>); 7] = [
    (
        "admin",
        "10000000001",
        "系统管理员（演示）",
        Role::SystemAdmin,
        None,
    ),
    (
        "jining-leader",
        "10000000002",
        "济宁市领导（演示）",
        Role::Leader,
        Some("3708"),
    ),
    (
        "rencheng-county",
        "10000000003",
        "任城区管理员（演示）",
        Role::CountyAdmin,
        Some("370811"),
    ),
    (
        "rencheng-township",
        "10000000004",
        "许庄街道管理员（演示）",
        Role::TownshipAdmin,
        Some("370811002"),
    ),
    (
        "xinping-county",
        "10000000005",
        "新平县管理员（演示）",
        Role::CountyAdmin,
        Some("530427"),
    ),
    // 张营村 (许庄街道) has an operating demo station; the demo requests go to it.
    (
        "zhangying-informant",
        "10000000006",
        "张营村信息员（演示）",
        Role::Informant,
        Some("370811002212"),
    ),
    // Answers the 12316 questions from 任城区's villages.
    (
        "rencheng-expert",
        "10000000007",
        "任城区农技专家（演示）",
        Role::Expert,
        Some("370811"),
    ),
];

/// Creates the demo accounts that do not exist yet.
pub async fn ensure_demo_accounts(store: &dyn Store) -> StoreResult<()> {
    for (username, phone, name, role, region) in DEMO_ACCOUNTS {
        if store.user_by_login(username).await?.is_some() {
            continue;
        }
        let region_code =
            region.map(|code| RegionCode::parse(code).expect("demo regions are valid codes"));
        if let Some(code) = &region_code {
            if store.region(code).await?.is_none() {
                continue;
            }
        }
        let account = NewUserRecord {
            role,
            region_code,
            name: name.to_owned(),
            phone: phone.to_owned(),
            username: Some(username.to_owned()),
            password_hash: Some(password::hash(DEMO_PASSWORD)),
            id_card: None,
        };
        store
            .create_user(
                &account,
                Change {
                    actor_id: None,
                    action: "demo_account_created",
                    at: Utc::now(),
                },
            )
            .await?;
    }
    Ok(())
}
