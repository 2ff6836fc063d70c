//! Recording a reviewer's [`Decision`](super::Decision) on what informants submit, for any
//! table of submissions (`status`, `review_note`, `decided_by`, `decided_at` columns);
//! `impl_shared_decisions!` gives each store the one method.

macro_rules! impl_shared_decisions {
    ($store:ty) => {
        impl $store {
            /// Records `decision` on row `id` of `table` if it is still in `decision.from`;
            /// [`StoreError::Conflict`](crate::StoreError::Conflict) when it moved on
            /// first (or is missing).
            async fn decide_in(
                &self,
                table: &str,
                id: i64,
                decision: &$crate::Decision<'_>,
            ) -> $crate::StoreResult<()> {
                let sql = format!(
                    "UPDATE {table} SET status = $1, review_note = $2, decided_by = $3, \
                     decided_at = $4 WHERE id = $5 AND status = $6"
                );
                let done = sqlx::query(&sql)
                    .bind(decision.to.code())
                    .bind(decision.note)
                    .bind(decision.by)
                    .bind(decision.at)
                    .bind(id)
                    .bind(decision.from.code())
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::Conflict(format!(
                        "{table} {id} is no longer {}",
                        decision.from.code()
                    )));
                }
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_decisions;
