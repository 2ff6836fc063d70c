//! The station register: each row a station (by 统一编号, or by region and name), with its
//! 六有 evidence, status and informant. The county decides on stations, so a row is accepted
//! only where the importer may manage stations.

use yinong_model::account::is_mobile_phone;
use yinong_model::import::{date, station_columns as c, yes_no, Column, ImportKind, ImportTally};
use yinong_model::region::RegionCode;
use yinong_model::station::{HostVenue, SixHave, StationDetails, StationStatus, StationType};

use super::{known_regions, outside, region_problem, Problems, Register, Row};
use crate::access::{Action, Actor};
use crate::error::ApiError;
use crate::state::AppState;
use yinong_store::{Change, InformantImport, StationImport};

pub struct Stations;

/// 统一编号: the region's code and a two-digit serial.
fn unified_number(text: &str) -> Result<RegionCode, String> {
    let invalid = || format!("统一编号“{text}”应为区划代码加两位序号（村级站点 14 位）");
    if text.len() < 4 || !text.bytes().all(|b| b.is_ascii_digit()) || text.ends_with("00") {
        return Err(invalid());
    }
    RegionCode::parse(&text[..text.len() - 2]).map_err(|_| invalid())
}

fn region_code(text: &str) -> Result<RegionCode, String> {
    RegionCode::parse(text).map_err(|e| e.to_string())
}

#[async_trait::async_trait]
impl Register for Stations {
    type Line = StationImport;

    fn kind(&self) -> ImportKind {
        ImportKind::Stations
    }

    fn read(&self, row: &mut Row<'_>) -> Option<StationImport> {
        let code = row.read(c::CODE, |text| {
            unified_number(text).map(|region| (text.to_owned(), region))
        });
        let region = row.read(c::REGION, region_code);
        let region = match (code.as_ref(), region) {
            (Some((_, of_code)), Some(region)) if *of_code != region => {
                row.problem(c::CODE, format!("统一编号与行政区划代码 {region} 不符"));
                None
            }
            (Some((_, of_code)), _) => Some(of_code.clone()),
            (None, Some(region)) => Some(region),
            (None, None) => {
                if row.text(c::CODE).is_empty() && row.text(c::REGION).is_empty() {
                    row.problem(c::REGION, "请填写行政区划代码或统一编号");
                }
                None
            }
        };
        let name = row.read(c::NAME, |text| Ok(text.to_owned()));
        let station_type = row.named(c::TYPE, StationType::ALL, StationType::name_zh);
        let host_venue = row
            .named(c::VENUE, HostVenue::ALL, HostVenue::name_zh)
            .unwrap_or(HostVenue::Other);
        let address = row.read(c::ADDRESS, |text| Ok(text.to_owned()));
        let longitude = row.number(c::LONGITUDE);
        let latitude = row.number(c::LATITUDE);
        let opening_hours = row.read(c::HOURS, |text| Ok(text.to_owned()));
        let six_have = SixHave {
            venue_area_m2: row.number(c::AREA),
            devices: row.read(c::DEVICES, |text| {
                text.parse::<i32>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| format!("设备数量应为整数，不是“{text}”"))
            }),
            broadband_mbps: row.number(c::BROADBAND),
            page_url: row.read(c::PAGE, |text| Ok(text.to_owned())),
            sustainable: row.read(c::SUSTAINABLE, yes_no).flatten().unwrap_or(false),
        };
        let status = row.named(c::STATUS, StationStatus::ALL, StationStatus::name_zh);
        let opened_on = row.read(c::OPENED, date);
        let informant_name = row.read(c::INFORMANT, |text| {
            (text.chars().count() <= 40)
                .then(|| text.to_owned())
                .ok_or_else(|| "姓名不超过 40 个字".to_owned())
        });
        let informant_phone = row.read(c::INFORMANT_PHONE, |text| {
            is_mobile_phone(text)
                .then(|| text.to_owned())
                .ok_or_else(|| format!("“{text}”不是 11 位手机号码"))
        });
        let certified = row.read(c::INFORMANT_CERTIFIED, yes_no).flatten();
        let informant = match (informant_name, informant_phone) {
            (Some(name), Some(phone)) => Some(InformantImport {
                name,
                phone,
                status: if certified == Some(true) {
                    "qualified"
                } else {
                    "training"
                },
            }),
            (None, None) => None,
            (Some(_), None) => {
                if row.text(c::INFORMANT_PHONE).is_empty() {
                    row.problem(c::INFORMANT_PHONE, "填了信息员姓名，也请填写其手机号码");
                }
                None
            }
            (None, Some(_)) => {
                row.problem(c::INFORMANT, "填了信息员手机，也请填写其姓名");
                None
            }
        };
        let details = StationDetails {
            name: name?,
            station_type: station_type?,
            host_venue,
            address: address?,
            opening_hours: opening_hours?,
            latitude,
            longitude,
            six_have,
        };
        if let Some(problem) = details.problem() {
            row.problem(
                Column {
                    heading: "",
                    ..c::NAME
                },
                problem,
            );
        }
        let region = region?;
        let level = details.station_type.level();
        if region.level() != level {
            row.problem(
                c::TYPE,
                format!(
                    "{}应设在{}一级，而 {region} 是{}",
                    details.station_type.name_zh(),
                    level.name_zh(),
                    region.level().name_zh()
                ),
            );
        }
        Some(StationImport {
            code: code.map(|(code, _)| code),
            region,
            details,
            status: status?,
            opened_on: opened_on.and_then(|date| date.parse().ok()),
            informant,
        })
    }

    fn key(&self, line: &StationImport) -> String {
        match &line.code {
            Some(code) => code.clone(),
            None => format!("{}/{}", line.region, line.details.name),
        }
    }

    fn key_column(&self) -> Column {
        c::NAME
    }

    async fn check(
        &self,
        state: &AppState,
        actor: &Actor,
        lines: &[(u32, StationImport)],
        problems: &mut Problems,
    ) -> Result<(), ApiError> {
        let known =
            known_regions(state, lines.iter().map(|(_, l)| l.region.clone()).collect()).await?;
        for (line, station) in lines {
            let column = if station.code.is_some() {
                c::CODE
            } else {
                c::REGION
            };
            let problem = region_problem(&known, &station.region)
                .or_else(|| outside(actor, Action::ManageStation, &station.region));
            if let Some(message) = problem {
                problems.at(*line, column, message);
            }
        }
        Ok(())
    }

    async fn write(
        &self,
        state: &AppState,
        lines: Vec<StationImport>,
        change: Change<'_>,
    ) -> Result<ImportTally, ApiError> {
        Ok(state.store.import_stations(&lines, change).await?)
    }
}
