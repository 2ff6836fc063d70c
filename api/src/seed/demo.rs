//! Generated demo records for 济宁市 and 新平县: stations, informants and service records.
//! Generation is deterministic (a fixed seed), so every fresh database gets the same demo.
//! Everything generated here is stored with `is_demo`, and the app says so on every page.
//! Phone numbers start with 100, a prefix no Chinese mobile number uses.

use chrono::{Days, NaiveDate};
use yinong_model::random::SplitMix;
use yinong_model::region::{Region, RegionCode};
use yinong_model::station::{HostVenue, SixHave, StationDetails, StationStatus, StationType};

use yinong_store::{DemoInformant, DemoServiceRecord, DemoStation, Store, StoreResult};

/// The demo areas: region, share of villages with a station, share of poverty-priority
/// villages (贫困村), rough centre (lat, lng).
const AREAS: [(&str, f64, f64, (f64, f64)); 2] = [
    ("3708", 0.86, 0.06, (35.41, 116.59)),
    ("530427", 0.90, 0.30, (24.07, 101.99)),
];

/// Station types with weights; 新平 plans demonstration:standard:simple as 2:5:3.
const TYPES: [(StationType, u32); 4] = [
    (StationType::Demonstration, 2),
    (StationType::Standard, 5),
    (StationType::Simple, 3),
    (StationType::Professional, 1),
];
/// Mostly operating, with some at every other step of the lifecycle.
const STATUSES: [(StationStatus, u32); 8] = [
    (StationStatus::Operating, 84),
    (StationStatus::Suspended, 2),
    (StationStatus::Closed, 1),
    (StationStatus::Accepted, 2),
    (StationStatus::Built, 3),
    (StationStatus::Approved, 3),
    (StationStatus::Declared, 4),
    (StationStatus::Rejected, 1),
];
const VENUES: [(HostVenue, u32); 5] = [
    (HostVenue::VillageCommittee, 45),
    (HostVenue::Shop, 25),
    (HostVenue::Cooperative, 12),
    (HostVenue::InputStore, 12),
    (HostVenue::Farm, 6),
];
const HOURS: [(&str, u32); 2] = [("08:00-18:00", 3), ("08:30-12:00,14:00-18:30", 2)];
const INFORMANT_STATUSES: [(&str, u32); 3] =
    [("qualified", 85), ("training", 10), ("dismissed", 5)];
/// Service records per kind, weighted by how often stations report them.
const SERVICES: [(&str, &[&str], u32); 4] = [
    (
        "public_welfare",
        &[
            "expert_qa",
            "market_prices",
            "weather_warnings",
            "policy_notices",
            "agri_extension",
        ],
        40,
    ),
    (
        "convenience",
        &[
            "utility_bills",
            "phone_topup",
            "cash_withdrawal",
            "medical_appointment",
            "parcels",
        ],
        30,
    ),
    (
        "e_commerce",
        &["sell_produce", "supply_demand", "agent_purchase"],
        20,
    ),
    ("training", &["phone_skills", "production_technique"], 10),
];
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const GIVEN: [&str; 20] = [
    "建国", "秀英", "志强", "桂兰", "海燕", "明", "丽", "伟", "芳", "军", "红梅", "勇", "玉兰",
    "磊", "春花", "德华", "小龙", "文静", "永福", "金凤",
];

/// Plausible demo data from a fixed seed: the same demo on every machine.
struct Dice(SplitMix);

impl Dice {
    fn new(seed: u64) -> Self {
        Self(SplitMix::new(seed))
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0.below(n)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.0.unit() <= p
    }
    fn signed_unit(&mut self) -> f64 {
        self.0.unit() * 2.0 - 1.0
    }
    fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u32 = choices.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(u64::from(total)) as u32;
        for (choice, weight) in choices {
            if roll < *weight {
                return *choice;
            }
            roll -= weight;
        }
        unreachable!("roll is below the total weight")
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

/// The generated demo: stations, and the villages marked poverty-priority.
pub struct Demo {
    pub stations: Vec<DemoStation>,
    pub poverty_villages: Vec<RegionCode>,
}

/// Generates the demo for every demo area present in the database; each station gets its
/// records dated in the year before `today`.
pub async fn generate(store: &dyn Store) -> StoreResult<Demo> {
    let today = chrono::Local::now().date_naive();
    let mut dice = Dice::new(0x79_6E_6F_6E_67); // "ynong"
    let mut demo = Demo {
        stations: Vec::new(),
        poverty_villages: Vec::new(),
    };
    for (area, coverage, poverty, centre) in AREAS {
        let area = RegionCode::parse(area).expect("demo area codes are valid");
        for (township, village) in villages_under(store, &area).await? {
            if dice.chance(poverty) {
                demo.poverty_villages.push(village.code.clone());
            }
            if dice.chance(coverage) {
                demo.stations.push(station(
                    &mut dice,
                    &township,
                    &village,
                    area_around(centre),
                    today,
                ));
            }
        }
    }
    Ok(demo)
}

/// The national benchmark fixture: stations, generated like the demo's, in `share` of all
/// villages in the database (about 450,000 of 620,573 at 0.725), stored a province at a
/// time; then the roll-ups are rebuilt once. Returns how many stations it stored.
pub async fn generate_national(store: &dyn Store, share: f64) -> StoreResult<usize> {
    let today = chrono::Local::now().date_naive();
    let mut dice = Dice::new(0x6E_61_74_69_6F_6E); // "nation"
    let mut stored = 0;
    // Each county gets a cell of a grid over the country, so stations lie about as far
    // apart as real villages do (~16 km² a station) and "nearest" has real work to do.
    let mut counties = std::collections::HashMap::new();
    for province in store.child_regions(None).await? {
        let mut stations = Vec::new();
        for (township, village) in villages_under(store, &province.code).await? {
            let next = counties.len();
            let cell = *counties
                .entry(village.code.as_str()[..6].to_owned())
                .or_insert(next);
            if dice.chance(share) {
                stations.push(station(
                    &mut dice,
                    &township,
                    &village,
                    county_cell(cell),
                    today,
                ));
            }
        }
        for batch in stations.chunks(10_000) {
            store.insert_demo_stations(batch).await?;
        }
        stored += stations.len();
    }
    store.refresh_coverage(None).await?;
    Ok(stored)
}

/// The centre and half-size (degrees) of the `index`th county's cell: a grid of 55 × 55
/// cells of 0.45° over 20–45°N, 98–123°E.
fn county_cell(index: usize) -> Area {
    const SIDE: usize = 55;
    const CELL: f64 = 0.45;
    let (row, column) = (index / SIDE % SIDE, index % SIDE);
    Area {
        centre: (
            20.0 + (row as f64 + 0.5) * CELL,
            98.0 + (column as f64 + 0.5) * CELL,
        ),
        half_size: (CELL / 2.0, CELL / 2.0),
    }
}

/// A demo area: a city or county's stations within about 40 km of its centre.
fn area_around(centre: (f64, f64)) -> Area {
    Area {
        centre,
        half_size: (0.35, 0.45),
    }
}

/// Where a generated area's stations lie: around its centre (lat, lng), up to `half_size`
/// degrees away.
#[derive(Clone, Copy)]
struct Area {
    centre: (f64, f64),
    half_size: (f64, f64),
}

/// The villages under `area`, each with its township, in code order.
async fn villages_under(
    store: &dyn Store,
    area: &RegionCode,
) -> StoreResult<Vec<(Region, Region)>> {
    let mut townships = Vec::new();
    let mut pending = vec![area.clone()];
    while let Some(code) = pending.pop() {
        for child in store.child_regions(Some(&code)).await? {
            if child.level == yinong_model::region::RegionLevel::Township {
                townships.push(child);
            } else {
                pending.push(child.code);
            }
        }
    }
    townships.sort_by(|a, b| a.code.cmp(&b.code));
    let mut villages = Vec::new();
    for township in townships {
        for village in store.child_regions(Some(&township.code)).await? {
            villages.push((township.clone(), village));
        }
    }
    Ok(villages)
}

fn station(
    dice: &mut Dice,
    township: &Region,
    village: &Region,
    area: Area,
    today: NaiveDate,
) -> DemoStation {
    let status = dice.weighted(&STATUSES);
    let operated = matches!(
        status,
        StationStatus::Operating | StationStatus::Suspended | StationStatus::Closed
    );
    // Most stations opened between 2018 and 2020, the programme's build-out years.
    let opened_on = operated.then(|| {
        NaiveDate::from_ymd_opt(2018, 3, 1).expect("valid date") + Days::new(dice.below(1000))
    });
    let closed_on = opened_on
        .filter(|_| status == StationStatus::Closed)
        .map(|opened| opened + Days::new(200 + dice.below(400)));
    let informant_count = if dice.chance(0.2) { 2 } else { 1 };
    let informants = (0..informant_count)
        .map(|_| DemoInformant {
            name: format!("{}{}", dice.pick(&SURNAMES), dice.pick(&GIVEN)),
            phone: format!("100{:08}", dice.below(100_000_000)),
            status: dice.weighted(&INFORMANT_STATUSES),
        })
        .collect();
    let record_count = if status == StationStatus::Operating {
        3 + dice.below(13)
    } else {
        0
    };
    let service_records = (0..record_count)
        .map(|_| {
            let (kind, items) = dice.weighted(&SERVICES.map(|(kind, items, w)| ((kind, items), w)));
            DemoServiceRecord {
                kind,
                item_code: dice.pick(items),
                served_on: today - Days::new(dice.below(365)),
            }
        })
        .collect();
    // Most operating stations meet all of 六有; the rest miss one or two items.
    let six_have = SixHave {
        venue_area_m2: dice.chance(0.97).then(|| 20.0 + dice.below(80) as f64),
        devices: dice.chance(0.95).then(|| 1 + dice.below(4) as i32),
        broadband_mbps: dice
            .chance(0.93)
            .then(|| [20.0, 50.0, 100.0][dice.below(3) as usize]),
        page_url: dice
            .chance(0.9)
            .then(|| format!("https://yinong.example/v/{}", village.code)),
        sustainable: dice.chance(0.9),
    };
    DemoStation {
        code: yinong_model::station::unified_number(&village.code, 1),
        region_code: village.code.clone(),
        status,
        details: StationDetails {
            name: format!("{}益农信息社", short_village_name(&village.name)),
            station_type: dice.weighted(&TYPES),
            host_venue: dice.weighted(&VENUES),
            address: format!("{}{}", township.name, village.name),
            opening_hours: dice.weighted(&HOURS).to_owned(),
            latitude: Some(area.centre.0 + dice.signed_unit() * area.half_size.0),
            longitude: Some(area.centre.1 + dice.signed_unit() * area.half_size.1),
            six_have,
        },
        opened_on,
        closed_on,
        informants,
        service_records,
    }
}

/// "东关村民委员会" → "东关村", "古槐社区居民委员会" → "古槐社区".
fn short_village_name(name: &str) -> String {
    for (suffix, short) in [
        ("村民委员会", "村"),
        ("村委会", "村"),
        ("居民委员会", ""),
        ("居委会", ""),
    ] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return format!("{stem}{short}");
        }
    }
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn village_names_are_shortened_for_station_names() {
        assert_eq!(short_village_name("东关村民委员会"), "东关村");
        assert_eq!(short_village_name("古槐社区居民委员会"), "古槐社区");
        assert_eq!(short_village_name("大屯村"), "大屯村");
    }

    #[test]
    fn dice_weights_follow_the_table() {
        let mut dice = Dice::new(1);
        let mut counts = [0u32; 4];
        for _ in 0..10_000 {
            let kind = dice.weighted(&TYPES);
            counts[TYPES.iter().position(|(t, _)| *t == kind).unwrap()] += 1;
        }
        // 2:5:3:1 of 10 000 ≈ 1818 : 4545 : 2727 : 909.
        for ((_, weight), count) in TYPES.iter().zip(counts) {
            let expected = 10_000.0 * f64::from(*weight) / 11.0;
            assert!(
                (f64::from(count) - expected).abs() < expected * 0.1,
                "{counts:?}"
            );
        }
    }
}
