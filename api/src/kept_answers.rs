//! The nation's and provinces' coverage answers, kept for a minute by each server: they sum
//! the most rows, change the least from one minute to the next, and every national and
//! provincial leader's dashboard opens on them. A city, a county and anything below are
//! answered live, so a county sees its own work at once. Each answer says when it was
//! computed (`Coverage::computed_at`), which the dashboard shows.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use yinong_model::coverage::Coverage;
use yinong_model::region::{RegionCode, RegionLevel};

use crate::error::ApiError;

/// Answers kept at most: periods are asked for by name, and a name nobody uses again must
/// not stay.
const MOST_KEPT: usize = 256;

type Key = (Option<RegionCode>, Option<String>);

/// Answers (`Coverage`) by region and period asked for.
pub struct KeptAnswers<T = Coverage> {
    fresh_for: Duration,
    kept: Mutex<HashMap<Key, (Instant, T)>>,
}

impl<T: Clone> Default for KeptAnswers<T> {
    fn default() -> Self {
        Self::fresh_for(Duration::from_secs(60))
    }
}

impl<T: Clone> KeptAnswers<T> {
    pub fn fresh_for(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            kept: Mutex::default(),
        }
    }

    /// Whether the answer for `region` is kept: the nation's and provinces'.
    pub fn keeps(region: Option<&RegionCode>) -> bool {
        region.is_none_or(|code| code.level() == RegionLevel::Province)
    }

    /// The answer for `region` and `period`: the one kept while fresh, else `compute`'s
    /// (kept when `region` is kept).
    pub async fn answer(
        &self,
        region: Option<&RegionCode>,
        period: Option<&str>,
        compute: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        if !Self::keeps(region) {
            return compute.await;
        }
        let key: Key = (region.cloned(), period.map(str::to_owned));
        if let Some((at, answer)) = self.kept().get(&key) {
            if at.elapsed() < self.fresh_for {
                return Ok(answer.clone());
            }
        }
        let computed = compute.await?;
        let mut kept = self.kept();
        kept.retain(|_, (at, _)| at.elapsed() < self.fresh_for);
        if kept.len() >= MOST_KEPT {
            kept.clear();
        }
        kept.insert(key, (Instant::now(), computed.clone()));
        Ok(computed)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (Instant, T)>> {
        // A panic elsewhere while it was held leaves nothing half-written here.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_nations_and_provinces_answers_are_kept_while_fresh_and_others_never() {
        let kept = KeptAnswers::<u32>::fresh_for(Duration::from_millis(200));
        let province = RegionCode::parse("37").unwrap();
        let county = RegionCode::parse("370811").unwrap();
        let kept = &kept;
        async fn ask_kept(
            kept: &KeptAnswers<u32>,
            region: Option<&RegionCode>,
            period: Option<&str>,
            fresh: u32,
        ) -> Result<u32, ApiError> {
            kept.answer(region, period, async move { Ok(fresh) }).await
        }
        let ask = |region, period, fresh| ask_kept(kept, region, period, fresh);
        assert_eq!(ask(None, None, 1).await.unwrap(), 1);
        assert_eq!(ask(None, None, 2).await.unwrap(), 1, "kept");
        assert_eq!(
            ask(None, Some("2020"), 3).await.unwrap(),
            3,
            "another period"
        );
        assert_eq!(ask(Some(&province), None, 4).await.unwrap(), 4);
        assert_eq!(ask(Some(&province), None, 5).await.unwrap(), 4);
        assert_eq!(ask(Some(&county), None, 6).await.unwrap(), 6);
        assert_eq!(ask(Some(&county), None, 7).await.unwrap(), 7, "live below");
        let failed = kept
            .answer(None, Some("2021"), async {
                Err(ApiError::Internal("down".into()))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(
            ask(None, Some("2021"), 8).await.unwrap(),
            8,
            "a failure is not kept"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(
            ask(None, None, 9).await.unwrap(),
            9,
            "computed again once stale"
        );
    }
}
