//! 12316 专家问答's SQL, written once for both engines; `impl_shared_question_store!`
//! implements [`QuestionStore`](super::QuestionStore).

macro_rules! impl_shared_question_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::QuestionStore for $store {
            async fn ask_question(
                &self,
                new: &$crate::questions::NewQuestionRecord<'_>,
                open_limit: i64,
            ) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin().await?;
                let open: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM questions WHERE asker_id = $1 AND answer IS NULL",
                )
                .bind(new.asker_id)
                .fetch_one(&mut *tx)
                .await?;
                if open >= open_limit {
                    return Err($crate::StoreError::Conflict(format!(
                        "account {} has {open} open questions",
                        new.asker_id
                    )));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO questions (region_code, crop, topic, text, photos, asker_id, \
                     asked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(new.region.as_str())
                .bind(new.crop)
                .bind(new.topic.code())
                .bind(new.text)
                .bind($crate::photos::join_photos(new.photos))
                .bind(new.asker_id)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn questions(
                &self,
                filter: &$crate::questions::QuestionFilter,
                viewer: Option<i64>,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::question::Question>, i64)> {
                use $crate::questions::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) = $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE q.region_code >= ").push_bind(from);
                    builder.push(" AND q.region_code < ").push_bind(to);
                    if let Some(topic) = filter.topic {
                        builder.push(" AND q.topic = ").push_bind(topic.code());
                    }
                    match filter.answered {
                        Some(true) => {
                            builder.push(" AND q.answer IS NOT NULL");
                        }
                        Some(false) => {
                            builder.push(" AND q.answer IS NULL");
                        }
                        None => {}
                    }
                    if let Some(asker) = filter.asker {
                        builder.push(" AND q.asker_id = ").push_bind(asker);
                    }
                    if let Some(search) = filter.search.as_deref() {
                        let pattern = $crate::shared_listings::contains_pattern(search);
                        builder
                            .push(" AND (q.crop LIKE ")
                            .push_bind(pattern.clone());
                        builder
                            .push(" ESCAPE '\\' OR q.text LIKE ")
                            .push_bind(pattern);
                        builder.push(" ESCAPE '\\')");
                    }
                };
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM questions q");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(QUESTION_SELECT);
                push_filter(&mut page);
                page.push(if filter.oldest_first {
                    " ORDER BY q.asked_at, q.id LIMIT "
                } else {
                    " ORDER BY q.asked_at DESC, q.id DESC LIMIT "
                })
                .push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let rows: Vec<QuestionRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let questions = rows
                    .into_iter()
                    .map(|row| question_from_row(row, viewer).map(|(question, _)| question))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((questions, total))
            }

            async fn question(
                &self,
                id: i64,
                viewer: Option<i64>,
            ) -> $crate::StoreResult<Option<(yinong_model::question::Question, i64)>> {
                use $crate::questions::*;
                let row: Option<QuestionRow> =
                    sqlx::query_as(&format!("{QUESTION_SELECT} WHERE q.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(|row| question_from_row(row, viewer)).transpose()
            }

            async fn answer_question(
                &self,
                id: i64,
                expert_id: i64,
                text: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE questions SET answer = $1, expert_id = $2, answered_at = $3 \
                     WHERE id = $4 AND answer IS NULL",
                )
                .bind(text)
                .bind(expert_id)
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::Conflict(format!(
                        "question {id} is answered already or missing"
                    )));
                }
                Ok(())
            }

            async fn rate_answer(&self, id: i64, stars: u8) -> $crate::StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE questions SET rating = $1 WHERE id = $2 AND answer IS NOT NULL",
                )
                .bind(i32::from(stars))
                .bind(id)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::Conflict(format!(
                        "question {id} has no answer to rate"
                    )));
                }
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_question_store;
