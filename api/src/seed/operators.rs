//! The demo's operator contract: 任城区运营商 serves every township of 任城区 from the
//! start of last year to the end of next, signed by the demo county.

use chrono::{Datelike, Utc};
use yinong_model::operator::{ContractTerms, Duty};
use yinong_model::region::RegionCode;
use yinong_store::operators::{ContractsOf, SignedContract};
use yinong_store::{china_today, Store, StoreResult};

const COUNTY: &str = "370811";

/// Signs the demo contract once: nothing when the demo accounts are missing or the county
/// has a contract already.
pub async fn ensure_demo_contract(store: &dyn Store) -> StoreResult<()> {
    let county = RegionCode::parse(COUNTY).expect("a valid code");
    let (Some(operator), Some(signer)) = (
        store.user_by_login("rencheng-operator").await?,
        store.user_by_login("rencheng-county").await?,
    ) else {
        return Ok(());
    };
    if !store
        .contracts(ContractsOf::County(&county))
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let townships: Vec<RegionCode> = store
        .townships_served(&county, china_today())
        .await?
        .into_iter()
        .map(|township| township.code)
        .collect();
    if townships.is_empty() {
        return Ok(());
    }
    let year = china_today().year();
    let terms = ContractTerms {
        operator_id: operator.id,
        starts_on: format!("{}-01-01", year - 1),
        ends_on: format!("{}-12-31", year + 1),
        duties: Duty::ALL.to_vec(),
    };
    let signed = SignedContract {
        county: &county,
        terms: &terms,
        townships: &townships,
        by: signer.id,
        at: Utc::now(),
    };
    // A fresh county has no contract to overlap, so nothing refuses it.
    let _ = store.sign_contract(&signed).await?;
    Ok(())
}
