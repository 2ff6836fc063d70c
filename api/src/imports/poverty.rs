//! The poverty list: villages (脱贫村/原贫困村) and counties (原国家扶贫开发工作重点县),
//! flagged or cleared. A name, when given, must be the code's, so a mistyped code is caught.
//! The gap planner and 贫困村覆盖率 read the flags.

use yinong_model::import::{poverty_columns as c, yes_no, Column, ImportKind, ImportTally};
use yinong_model::region::{RegionCode, RegionLevel};

use super::{known_regions, outside, region_problem, Problems, Register, Row};
use crate::access::{Action, Actor};
use crate::error::ApiError;
use crate::state::AppState;
use yinong_store::Change;

pub struct Poverty;

pub struct PovertyLine {
    code: RegionCode,
    name: Option<String>,
    poverty: bool,
}

#[async_trait::async_trait]
impl Register for Poverty {
    type Line = PovertyLine;

    fn kind(&self) -> ImportKind {
        ImportKind::Poverty
    }

    fn read(&self, row: &mut Row<'_>) -> Option<PovertyLine> {
        let code = row.read(c::CODE, |text| {
            let code = RegionCode::parse(text).map_err(|e| e.to_string())?;
            match code.level() {
                RegionLevel::Village | RegionLevel::County => Ok(code),
                level => Err(format!(
                    "只能标记村（12 位）或县（6 位），{code} 是{}",
                    level.name_zh()
                )),
            }
        });
        let name = row.read(c::NAME, |text| Ok(text.to_owned()));
        let poverty = row.read(c::FLAG, yes_no).flatten().unwrap_or(true);
        Some(PovertyLine {
            code: code?,
            name,
            poverty,
        })
    }

    fn key(&self, line: &PovertyLine) -> String {
        line.code.to_string()
    }

    fn key_column(&self) -> Column {
        c::CODE
    }

    async fn check(
        &self,
        state: &AppState,
        actor: &Actor,
        lines: &[(u32, PovertyLine)],
        problems: &mut Problems,
    ) -> Result<(), ApiError> {
        let known =
            known_regions(state, lines.iter().map(|(_, l)| l.code.clone()).collect()).await?;
        for (line, row) in lines {
            let stored = known.get(&row.code).map(|k| &k.region.name);
            let (column, message) = match (region_problem(&known, &row.code), stored) {
                (Some(message), _) => (c::CODE, message),
                (None, None) => continue,
                (None, Some(stored)) if row.name.as_ref().is_some_and(|name| name != stored) => (
                    c::NAME,
                    format!(
                        "代码 {} 是“{stored}”，与“{}”不符",
                        row.code,
                        row.name.as_deref().unwrap_or_default()
                    ),
                ),
                (None, Some(_)) => match outside(actor, Action::ManageStation, &row.code) {
                    Some(message) => (c::CODE, message),
                    None => continue,
                },
            };
            problems.at(*line, column, message);
        }
        Ok(())
    }

    async fn write(
        &self,
        state: &AppState,
        lines: Vec<PovertyLine>,
        change: Change<'_>,
    ) -> Result<ImportTally, ApiError> {
        let flags: Vec<(RegionCode, bool)> = lines
            .into_iter()
            .map(|line| (line.code, line.poverty))
            .collect();
        Ok(state.store.set_poverty(&flags, change).await?)
    }
}
