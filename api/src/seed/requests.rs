//! Demo 代办 and 代购 requests from two demo villagers of 张营村 to its station, one at
//! each step, so the informant's queue and the dashboard show them in `cargo xtask run`.

use chrono::{Duration, Utc};
use yinong_model::account::Role;
use yinong_model::region::RegionCode;
use yinong_model::request::{RequestItem, RequestStatus};

use yinong_store::requests::{NewRequestRecord, RequestFilter, RequestTransition};
use yinong_store::{Change, NewUserRecord, Store, StoreResult};

pub(crate) const VILLAGE: &str = "370811002212";
pub(super) const STATION: &str = "37081100221201";

/// (phone, name).
const VILLAGERS: [(&str, &str); 2] = [
    ("10000000101", "王秀英（演示）"),
    ("10000000102", "李建国（演示）"),
];

/// (villager, item, details, how far it has gone).
const REQUESTS: [(usize, RequestItem, &str, RequestStatus); 3] = [
    (
        0,
        RequestItem::MedicalAppointment,
        "济宁市第一人民医院 骨科，下周二上午，就诊人王秀英",
        RequestStatus::Done,
    ),
    (
        1,
        RequestItem::FarmInputs,
        "复合肥 50公斤 4袋，送到家",
        RequestStatus::Accepted,
    ),
    (
        0,
        RequestItem::UtilityBill,
        "电费，户号 3708110022120035，户名王秀英，150 元",
        RequestStatus::Submitted,
    ),
];

/// The demo villagers of 张营村, created the first time.
pub(super) async fn demo_villagers(
    store: &dyn Store,
    village: &RegionCode,
) -> StoreResult<Vec<i64>> {
    let mut villagers = Vec::new();
    for (phone, name) in VILLAGERS {
        let id = match store.user_by_login(phone).await? {
            Some(user) => user.id,
            None => {
                let user = NewUserRecord {
                    role: Role::Farmer,
                    region_code: Some(village.clone()),
                    name: name.to_owned(),
                    phone: phone.to_owned(),
                    username: None,
                    password_hash: None,
                    id_card: None,
                };
                let change = Change {
                    actor_id: None,
                    action: "demo_account_created",
                    at: Utc::now(),
                };
                store.create_user(&user, change).await?
            }
        };
        villagers.push(id);
    }
    Ok(villagers)
}

/// Creates the demo requests once: nothing when the station is missing (another region
/// set) or the demo villagers have asked already.
pub async fn ensure_demo_requests(store: &dyn Store) -> StoreResult<()> {
    let village = RegionCode::parse(VILLAGE).expect("a valid code");
    let Some(station) = store.station(STATION).await? else {
        return Ok(());
    };
    let informant = store.user_by_login("zhangying-informant").await?;
    let (Some(informant), true) = (informant, station.region_code == village) else {
        return Ok(());
    };
    let villagers = demo_villagers(store, &village).await?;
    let (_, existing) = store
        .requests(&RequestFilter::OfFarmer(villagers[0]), 0, 1)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let start = Utc::now() - Duration::hours(26);
    for (n, (villager, item, details, reached)) in REQUESTS.into_iter().enumerate() {
        let at = start + Duration::hours(8 * n as i64);
        let new = NewRequestRecord {
            farmer_id: villagers[villager],
            station_code: STATION,
            item,
            details,
            at,
        };
        let id = store.create_request(&new, i64::MAX, None).await?.first()?;
        let steps = [RequestStatus::Accepted, RequestStatus::Done];
        let mut from = RequestStatus::Submitted;
        for (k, to) in steps.into_iter().enumerate() {
            if from == reached {
                break;
            }
            let transition = RequestTransition {
                from,
                to,
                reason: None,
                actor_id: informant.id,
                at: at + Duration::minutes(40 * (k as i64 + 1)),
            };
            store.change_request_status(id, &transition).await?;
            from = to;
        }
    }
    Ok(())
}
