//! Villages a newer division list no longer has (撤并), each with the village it was most
//! likely merged into — in its township, the one whose name shares most with its own — as a
//! merge table for the administrator to confirm and import (`yinong-api import merges`).

use std::collections::{BTreeMap, HashSet};

use yinong_model::import::ImportKind;
use yinong_model::region::{Region, RegionCode, RegionLevel};

use crate::error::ApiError;
use crate::table::{self, Cell, Table};
use yinong_store::{Store, StoreError};

/// A village no longer listed and the successor suggested for it, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub village: Region,
    pub successor: Option<Region>,
}

/// What a village's name says once the words every village has are taken off.
fn stem(name: &str) -> &str {
    const SUFFIXES: [&str; 7] = [
        "村民委员会",
        "居民委员会",
        "居委会",
        "委员会",
        "社区",
        "村",
        "居",
    ];
    let mut stem = name;
    for suffix in SUFFIXES {
        stem = stem.strip_suffix(suffix).unwrap_or(stem);
    }
    stem
}

fn shared(a: &str, b: &str) -> usize {
    let b: HashSet<char> = stem(b).chars().collect();
    stem(a).chars().filter(|c| b.contains(c)).count()
}

/// The stored villages of the counties `listed` covers that `listed` does not name.
pub async fn suggest(store: &dyn Store, listed: &[Region]) -> Result<Vec<Suggestion>, StoreError> {
    let codes: HashSet<&RegionCode> = listed.iter().map(|v| &v.code).collect();
    let mut by_township: BTreeMap<&RegionCode, Vec<&Region>> = BTreeMap::new();
    for village in listed {
        if let Some(township) = &village.parent_code {
            by_township.entry(township).or_default().push(village);
        }
    }
    let counties: std::collections::BTreeSet<RegionCode> = listed
        .iter()
        .filter_map(|v| v.code.ancestor(RegionLevel::County))
        .collect();
    let mut suggestions = Vec::new();
    for county in &counties {
        for village in store.villages_within(county).await? {
            if codes.contains(&village.code) {
                continue;
            }
            let successor = village
                .parent_code
                .as_ref()
                .and_then(|township| by_township.get(township))
                .and_then(|candidates| {
                    candidates
                        .iter()
                        .map(|candidate| (shared(&village.name, &candidate.name), *candidate))
                        .filter(|(score, _)| *score > 0)
                        // The most shared; of equals, the lowest code.
                        .max_by(|(a, x), (b, y)| a.cmp(b).then(y.code.cmp(&x.code)))
                        .map(|(_, candidate)| candidate.clone())
                });
            suggestions.push(Suggestion { village, successor });
        }
    }
    Ok(suggestions)
}

/// The suggestions as a merge table (CSV) to check, complete and import.
pub fn merge_table(suggestions: &[Suggestion]) -> Result<Vec<u8>, ApiError> {
    let mut headers: Vec<&'static str> = ImportKind::Merges
        .columns()
        .iter()
        .map(|column| column.heading)
        .collect();
    headers.push("建议依据");
    let rows = suggestions
        .iter()
        .map(|s| {
            let (code, name, why) = match &s.successor {
                Some(successor) => (
                    successor.code.to_string(),
                    successor.name.clone(),
                    "新区划中已无此村；同乡镇中名称最相近的村，请核实",
                ),
                None => (
                    String::new(),
                    String::new(),
                    "新区划中已无此村；同乡镇中没有名称相近的村，请填写并入村",
                ),
            };
            vec![
                Cell::Text(s.village.code.to_string()),
                Cell::Text(s.village.name.clone()),
                Cell::Text(code),
                Cell::Text(name),
                Cell::Text(String::new()),
                Cell::Text(why.to_owned()),
            ]
        })
        .collect();
    table::to_csv(&Table {
        title: String::new(),
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_the_words_every_village_has() {
        assert_eq!(stem("前营村民委员会"), "前营");
        assert_eq!(stem("颂运水庭社区居民委员会"), "颂运水庭");
        assert_eq!(shared("前营村民委员会", "前后营村"), 2);
        assert_eq!(shared("张庄村", "李村"), 0);
    }
}
