//! Photos farmers attach to what they post: sent one per request after the phone
//! downscaled them, named by the SHA-256 of the bytes the phone sent (a photo sent again is
//! kept once), kept as the server's own JPEG of them ([`recode`]: no EXIF, no position), and
//! served with a year's cache since a name never changes its bytes. A photo no record names
//! within [`UNUSED_PHOTO_DAYS`] is removed ([`purge`](crate::auth::purge_expired)). The bytes
//! are in the database or a bucket ([`storage`]); they are served from here either way.

pub mod recode;
pub mod storage;

use aide::axum::routing::{get_with, post};
use aide::axum::ApiRouter;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sha2::{Digest, Sha256};
use yinong_model::listing::{
    is_photo_hash, PhotoStored, PHOTO_BYTES_PER_ACCOUNT, PHOTO_BYTES_PER_DAY, PHOTO_MAX_BYTES,
    UNUSED_PHOTO_DAYS,
};
use yinong_store::{PhotoKept, PhotoQuota};

use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiPath};
use crate::openapi;
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            "/photos",
            post(upload).layer(DefaultBodyLimit::max(PHOTO_MAX_BYTES)),
        )
        .api_route(
            "/photos/{hash}",
            get_with(download, |op| openapi::file(op, "照片", &IMAGE_TYPES)),
        )
}

/// A photo named in a post or question was never uploaded (or its upload failed).
/// Every photo a record names must have been uploaded first (they are sent before it); the
/// photos it names are claimed then, and kept for good (a record refused after keeps them
/// too: the phone sends it again).
pub(crate) async fn photos_present(state: &AppState, photos: &[String]) -> Result<(), ApiError> {
    match state.store.claim_photos(photos).await? {
        None => Ok(()),
        Some(_) => Err(ApiError::BadRequest(
            "有照片没有上传成功，请重新选择照片".into(),
        )),
    }
}

/// Types photos are served as (kept before re-encoding began, PNG and WebP too).
const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// The image type `bytes` begin with, of those phones send.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let [jpeg, png, webp] = IMAGE_TYPES;
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(webp)
    } else {
        None
    }
}

/// `POST /api/photos` with the image as the body: 201 when new, 200 when it was kept.
async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    body: Result<Bytes, BytesRejection>,
) -> Result<Kept<Json<PhotoStored>>, ApiError> {
    let too_large = || {
        ApiError::PayloadTooLarge(format!(
            "照片太大（最大 {} KB），请重新选择",
            PHOTO_MAX_BYTES / 1000
        ))
    };
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::BadRequest(format!("照片没有传完整：{}", rejection.body_text()))
        }
    })?;
    if body.len() > PHOTO_MAX_BYTES {
        return Err(too_large());
    }
    image_type(&body)
        .ok_or_else(|| ApiError::BadRequest("只能上传 JPEG、PNG 或 WebP 格式的照片".into()))?;
    let hash = format!("{:x}", Sha256::digest(&body));
    let kept_bytes = recode::recode(body.to_vec())
        .await
        .map_err(|refused| ApiError::BadRequest(refused.to_string()))?;
    let now = Utc::now();
    let quota = PhotoQuota {
        per_day: PHOTO_BYTES_PER_DAY,
        day_started: now - chrono::Duration::hours(24),
        in_all: PHOTO_BYTES_PER_ACCOUNT,
    };
    let kept = state
        .store
        .store_photo(
            &hash,
            "image/jpeg",
            &kept_bytes,
            signed_in.user.id,
            now,
            &quota,
        )
        .await?;
    let stored = Json(PhotoStored { hash });
    match kept {
        PhotoKept::New => Ok(Kept::First(stored)),
        PhotoKept::Already => Ok(Kept::Again(stored)),
        PhotoKept::OverDailyQuota => Err(ApiError::TooManyRequests(format!(
            "今天上传的照片已达 {} MB，请明天再传",
            PHOTO_BYTES_PER_DAY / 1_000_000
        ))),
        PhotoKept::OverQuota => Err(ApiError::TooManyRequests(format!(
            "这个账号上传的照片已达 {} MB 的上限，请联系管理员",
            PHOTO_BYTES_PER_ACCOUNT / 1_000_000
        ))),
    }
}

async fn download(
    State(state): State<AppState>,
    ApiPath(hash): ApiPath<String>,
) -> Result<Response, ApiError> {
    let missing = || ApiError::NotFound("没有这张照片".into());
    if !is_photo_hash(&hash) {
        return Err(missing());
    }
    let (content_type, bytes) = state.store.photo(&hash).await?.ok_or_else(missing)?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        content_type
            .parse()
            .map_err(|_| ApiError::Internal(format!("photo {hash} has type {content_type}")))?,
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    Ok((headers, bytes).into_response())
}

/// Removes the photos no record claimed within [`UNUSED_PHOTO_DAYS`] of their upload.
pub async fn remove_unused(
    store: &dyn yinong_store::Store,
    now: chrono::DateTime<Utc>,
) -> yinong_store::StoreResult<u64> {
    store
        .remove_unclaimed_photos(now - chrono::Duration::days(UNUSED_PHOTO_DAYS))
        .await
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn only_photo_formats_are_taken() {
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_type(b""), None);
    }
}
