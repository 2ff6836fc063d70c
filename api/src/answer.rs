//! Answers whose status is part of what they say, as types: a handler's signature then tells
//! the client and the API's description (`openapi`) alike which statuses it gives. Nothing
//! to show is `axum::response::NoContent` (204).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Made now (201), with what was made.
pub struct Created<T>(pub T);

impl<T: IntoResponse> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, self.0).into_response()
    }
}

/// Something sent under its own name (a captured record's id, a photo's digest): kept now
/// (201), or the same arrived before and is answered as it was then (200).
pub enum Kept<T> {
    First(T),
    Again(T),
}

impl<T> Kept<T> {
    /// The same arrival, answered with what `answer` makes of its content.
    pub async fn answer<U, E>(
        self,
        answer: impl AsyncFnOnce(T) -> Result<U, E>,
    ) -> Result<Kept<U>, E> {
        Ok(match self {
            Self::First(content) => Kept::First(answer(content).await?),
            Self::Again(content) => Kept::Again(answer(content).await?),
        })
    }
}

impl<T: IntoResponse> IntoResponse for Kept<T> {
    fn into_response(self) -> Response {
        match self {
            Self::First(body) => (StatusCode::CREATED, body).into_response(),
            Self::Again(body) => (StatusCode::OK, body).into_response(),
        }
    }
}
