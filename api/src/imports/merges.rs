//! Village merges (撤并): each row a village merged away and the village that absorbed it,
//! from the administrator's mapping file or from the suggestions `yinong-api import-regions
//! --suggest-merges` writes for confirmation. Both villages must lie in one county, and
//! neither may already be merged away.

use std::collections::HashMap;

use yinong_model::import::{date, merge_columns as c, Column, ImportKind, ImportTally};
use yinong_model::region::{RegionCode, RegionLevel};

use super::{known_regions, outside, region_problem, Problems, Register, Row};
use crate::access::{Action, Actor};
use crate::error::ApiError;
use crate::state::AppState;
use yinong_store::{Change, VillageMerge};

pub struct Merges;

pub struct MergeLine {
    merge: VillageMerge,
    names: [Option<String>; 2],
}

fn village(text: &str) -> Result<RegionCode, String> {
    let code = RegionCode::parse(text).map_err(|e| e.to_string())?;
    if code.level() != RegionLevel::Village {
        return Err(format!(
            "撤并只针对村（12 位代码），{code} 是{}",
            code.level().name_zh()
        ));
    }
    Ok(code)
}

#[async_trait::async_trait]
impl Register for Merges {
    type Line = MergeLine;

    fn kind(&self) -> ImportKind {
        ImportKind::Merges
    }

    fn read(&self, row: &mut Row<'_>) -> Option<MergeLine> {
        let from = row.read(c::VILLAGE, village);
        let from_name = row.read(c::VILLAGE_NAME, |text| Ok(text.to_owned()));
        let into = row.read(c::SUCCESSOR, village);
        let into_name = row.read(c::SUCCESSOR_NAME, |text| Ok(text.to_owned()));
        let merged_on = row.read(c::DATE, date);
        let (village, successor) = (from?, into?);
        if village == successor {
            row.problem(c::SUCCESSOR, "并入村不能是原村自己");
            return None;
        }
        if village.ancestor(RegionLevel::County) != successor.ancestor(RegionLevel::County) {
            row.problem(c::SUCCESSOR, "原村和并入村应在同一个县");
            return None;
        }
        Some(MergeLine {
            merge: VillageMerge {
                village,
                successor,
                merged_on: merged_on.and_then(|date| date.parse().ok()),
            },
            names: [from_name, into_name],
        })
    }

    fn key(&self, line: &MergeLine) -> String {
        line.merge.village.to_string()
    }

    fn key_column(&self) -> Column {
        c::VILLAGE
    }

    async fn check(
        &self,
        state: &AppState,
        actor: &Actor,
        lines: &[(u32, MergeLine)],
        problems: &mut Problems,
    ) -> Result<(), ApiError> {
        let codes: Vec<RegionCode> = lines
            .iter()
            .flat_map(|(_, l)| [l.merge.village.clone(), l.merge.successor.clone()])
            .collect();
        let known = known_regions(state, codes).await?;
        let merged_here: HashMap<&RegionCode, u32> = lines
            .iter()
            .map(|(line, l)| (&l.merge.village, *line))
            .collect();
        for (line, MergeLine { merge, names }) in lines {
            let mut problem = |column: Column, message: String| problems.at(*line, column, message);
            let pairs = [
                (&merge.village, c::VILLAGE, &names[0], c::VILLAGE_NAME),
                (&merge.successor, c::SUCCESSOR, &names[1], c::SUCCESSOR_NAME),
            ];
            for (code, column, name, name_column) in pairs {
                let already_into = known
                    .get(code)
                    .and_then(|k| k.merged_into.as_ref())
                    .filter(|into| code == &merge.village && *into == &merge.successor);
                // A merge imported again is no problem: it changes nothing.
                if already_into.is_none() {
                    if let Some(message) = region_problem(&known, code) {
                        problem(column, message);
                        continue;
                    }
                }
                let stored = &known[code].region.name;
                if let Some(name) = name.as_ref().filter(|name| *name != stored) {
                    problem(
                        name_column,
                        format!("代码 {code} 是“{stored}”，与“{name}”不符"),
                    );
                } else if let Some(message) = outside(actor, Action::ManageStation, code) {
                    problem(column, message);
                }
            }
            if let Some(first) = merged_here.get(&merge.successor) {
                problem(
                    c::SUCCESSOR,
                    format!("并入村在第 {first} 行也被撤并，请填写最终并入的村"),
                );
            }
        }
        Ok(())
    }

    async fn write(
        &self,
        state: &AppState,
        lines: Vec<MergeLine>,
        change: Change<'_>,
    ) -> Result<ImportTally, ApiError> {
        let merges: Vec<VillageMerge> = lines.into_iter().map(|line| line.merge).collect();
        Ok(state.store.merge_villages(&merges, change).await?)
    }
}
