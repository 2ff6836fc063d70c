//! The qualification SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_qualification_store!` implements
//! [`QualificationStore`](super::QualificationStore).

macro_rules! impl_shared_qualification_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::QualificationStore for $store {
            async fn upsert_exam_questions(
                &self,
                questions: &[$crate::qualification::SeedQuestion],
            ) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE exam_questions SET in_bank = FALSE")
                    .execute(&mut *tx)
                    .await?;
                for (order, question) in questions.iter().enumerate() {
                    let options = serde_json::to_string(&question.options)
                        .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                    sqlx::query(
                        "INSERT INTO exam_questions (code, topic, text, options, answer, \
                         sort_order, in_bank) VALUES ($1, $2, $3, $4, $5, $6, TRUE) \
                         ON CONFLICT (code) DO UPDATE SET topic = excluded.topic, \
                         text = excluded.text, options = excluded.options, \
                         answer = excluded.answer, sort_order = excluded.sort_order, \
                         in_bank = TRUE",
                    )
                    .bind(&question.code)
                    .bind(question.topic.code())
                    .bind(&question.text)
                    .bind(options)
                    .bind(i32::from(question.answer))
                    .bind(order as i32)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn exam_bank(
                &self,
            ) -> $crate::StoreResult<Vec<(String, yinong_model::training::CourseCategory)>>
            {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT code, topic FROM exam_questions WHERE in_bank ORDER BY sort_order",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(code, topic)| {
                        yinong_model::training::CourseCategory::from_code(&topic)
                            .map(|topic| (code, topic))
                            .ok_or_else(|| {
                                $crate::StoreError::Corrupt(format!("exam topic {topic}"))
                            })
                    })
                    .collect()
            }

            async fn exam_questions(
                &self,
                codes: &[String],
            ) -> $crate::StoreResult<Vec<$crate::qualification::SeedQuestion>> {
                use $crate::qualification::*;
                if codes.is_empty() {
                    return Ok(Vec::new());
                }
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT code, topic, text, options, answer FROM exam_questions WHERE code IN (",
                );
                let mut list = query.separated(", ");
                for code in codes {
                    list.push_bind(code);
                }
                query.push(")");
                let rows: Vec<QuestionRow> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter().map(question_from_row).collect()
            }

            async fn standing(
                &self,
                user_id: i64,
            ) -> $crate::StoreResult<$crate::qualification::StandingRecord> {
                use $crate::qualification::*;
                let row: Option<StandingRow> = sqlx::query_as(
                    "SELECT status, reason, changed_at FROM qualifications WHERE user_id = $1",
                )
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(standing_from_row)
                    .transpose()
                    .map(Option::unwrap_or_default)
            }

            async fn change_standing(
                &self,
                informant: &$crate::UserRecord,
                from: yinong_model::qualification::QualificationStatus,
                to: yinong_model::qualification::QualificationStatus,
                reason: Option<&str>,
                change: $crate::Change<'_>,
            ) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                // The upsert changes the row only while it still holds `from` (no row is
                // in training), so two administrators cannot both move one informant.
                let moved = sqlx::query(
                    "INSERT INTO qualifications (user_id, status, reason, changed_by, changed_at) \
                     SELECT $1, $2, $3, $4, $5 WHERE $6 = 'training' \
                     OR EXISTS (SELECT 1 FROM qualifications WHERE user_id = $1) \
                     ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, \
                     reason = excluded.reason, changed_by = excluded.changed_by, \
                     changed_at = excluded.changed_at WHERE qualifications.status = $6",
                )
                .bind(informant.id)
                .bind(to.code())
                .bind(reason)
                .bind(change.actor_id)
                .bind(change.at)
                .bind(from.code())
                .execute(&mut *tx)
                .await?;
                if moved.rows_affected() != 1 {
                    return Err($crate::StoreError::Conflict(format!(
                        "informant {} is no longer {}",
                        informant.id,
                        from.code()
                    )));
                }
                let standing = |status: yinong_model::qualification::QualificationStatus,
                                reason: Option<&str>| {
                    serde_json::json!({ "qualification": status.code(), "reason": reason })
                        .to_string()
                };
                Self::append_audit(
                    &mut tx,
                    change,
                    informant,
                    Some(standing(from, None)),
                    Some(standing(to, reason)),
                )
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn draw_paper(
                &self,
                user_id: i64,
                questions: &[String],
                pass_mark: u8,
                started_at: chrono::DateTime<chrono::Utc>,
                due_at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO exam_papers (user_id, questions, pass_mark, started_at, due_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(user_id)
                .bind($crate::qualification::join_list(questions))
                .bind(i32::from(pass_mark))
                .bind(started_at)
                .bind(due_at)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn paper(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<$crate::qualification::PaperRecord>> {
                use $crate::qualification::*;
                let row: Option<PaperRow> =
                    sqlx::query_as(&format!("{PAPER_SELECT} WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(paper_from_row))
            }

            async fn papers(
                &self,
                user_id: i64,
            ) -> $crate::StoreResult<Vec<$crate::qualification::PaperRecord>> {
                use $crate::qualification::*;
                let rows: Vec<PaperRow> = sqlx::query_as(&format!(
                    "{PAPER_SELECT} WHERE user_id = $1 ORDER BY started_at DESC, id DESC"
                ))
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(paper_from_row).collect())
            }

            async fn score_paper(
                &self,
                id: i64,
                scored: &$crate::qualification::ScoredPaper<'_>,
            ) -> $crate::StoreResult<()> {
                let answers = $crate::qualification::join_list(
                    scored
                        .answers
                        .iter()
                        .map(|answer| answer.map(|a| a.to_string()).unwrap_or_default()),
                );
                let mut tx = self.pool.begin().await?;
                let user_id: Option<i64> = sqlx::query_scalar(
                    "UPDATE exam_papers SET submitted_at = $1, answers = $2, score = $3, \
                     passed = $4 WHERE id = $5 AND submitted_at IS NULL RETURNING user_id",
                )
                .bind(scored.at)
                .bind(answers)
                .bind(i32::from(scored.score))
                .bind(scored.passed)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(user_id) = user_id else {
                    return Err($crate::StoreError::Conflict(format!(
                        "exam paper {id} was answered already"
                    )));
                };
                if scored.passed {
                    sqlx::query(
                        "INSERT INTO qualifications (user_id, status, reason, changed_by, \
                         changed_at) VALUES ($1, 'qualified', NULL, NULL, $2) \
                         ON CONFLICT (user_id) DO UPDATE SET status = 'qualified', \
                         reason = NULL, changed_by = NULL, changed_at = excluded.changed_at \
                         WHERE qualifications.status = 'training'",
                    )
                    .bind(user_id)
                    .bind(scored.at)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn county_pass_mark(
                &self,
                county: &yinong_model::region::RegionCode,
            ) -> $crate::StoreResult<Option<u8>> {
                let mark: Option<i32> = sqlx::query_scalar(
                    "SELECT pass_mark FROM pass_marks WHERE county_code = $1",
                )
                .bind(county.as_str())
                .fetch_optional(&self.pool)
                .await?;
                Ok(mark.map(|mark| mark.clamp(0, 100) as u8))
            }

            async fn set_pass_mark(
                &self,
                county: &yinong_model::region::RegionCode,
                pass_mark: u8,
                by: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO pass_marks (county_code, pass_mark, set_by, set_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (county_code) DO UPDATE SET \
                     pass_mark = excluded.pass_mark, set_by = excluded.set_by, \
                     set_at = excluded.set_at",
                )
                .bind(county.as_str())
                .bind(i32::from(pass_mark))
                .bind(by)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn informant_standings(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
                status: Option<yinong_model::qualification::QualificationStatus>,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(
                Vec<yinong_model::qualification::InformantStanding>,
                i64,
            )> {
                use $crate::qualification::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) = $crate::shared_stations::figures_range(within);
                    builder.push(" AND u.region_code >= ").push_bind(from);
                    builder.push(" AND u.region_code < ").push_bind(to);
                    if let Some(status) = status {
                        builder
                            .push(" AND COALESCE(q.status, 'training') = ")
                            .push_bind(status.code());
                    }
                };
                let mut count = sqlx::QueryBuilder::<$db>::new(
                    "SELECT COUNT(*) FROM users u LEFT JOIN qualifications q \
                     ON q.user_id = u.id WHERE u.role = 'informant'",
                );
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(INFORMANT_SELECT);
                push_filter(&mut page);
                page.push(" ORDER BY u.region_code, u.id LIMIT ").push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let required: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM lessons l JOIN courses c ON c.code = l.course_code \
                     WHERE c.required_for_informants",
                )
                .fetch_one(&self.pool)
                .await?;
                let rows: Vec<InformantRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let standings = rows
                    .into_iter()
                    .map(|row| informant_from_row(row, required as u32))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((standings, total))
            }

            async fn informant_activity(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
                from: chrono::DateTime<chrono::Utc>,
                to: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<Vec<yinong_model::assessment::Activity>> {
                use $crate::qualification::*;
                let (first, last) = $crate::shared_stations::figures_range(within);
                let mut rows: Vec<ActivityRow> = Vec::new();
                for (table, person, at) in [
                    ("price_reports", "reporter_id", "reported_at"),
                    ("village_news", "author_id", "written_at"),
                    ("incident_reports", "reporter_id", "reported_at"),
                ] {
                    let submitted: Vec<ActivityRow> = sqlx::query_as(&format!(
                        "SELECT t.{person}, t.{at}, t.status, CAST(NULL AS TIMESTAMPTZ) FROM {table} t \
                         JOIN users u ON u.id = t.{person} WHERE u.role = 'informant' \
                         AND t.region_code >= $1 AND t.region_code < $2 \
                         AND t.{at} >= $3 AND t.{at} < $4"
                    ))
                    .bind(&first)
                    .bind(&last)
                    .bind(from)
                    .bind(to)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.extend(submitted);
                }
                let steps: Vec<ActivityRow> = sqlx::query_as(
                    "SELECT s.actor_id, s.at, s.status, \
                     (SELECT MIN(f.at) FROM service_request_steps f WHERE f.request_id = s.request_id) \
                     FROM service_request_steps s JOIN users u ON u.id = s.actor_id \
                     WHERE u.role = 'informant' AND u.region_code >= $1 AND u.region_code < $2 \
                     AND s.at >= $3 AND s.at < $4 AND s.status <> 'submitted'",
                )
                .bind(&first)
                .bind(&last)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.extend(steps);
                rows.into_iter().map(activity_from_row).collect()
            }
        }
    };
}

pub(super) use impl_shared_qualification_store;
