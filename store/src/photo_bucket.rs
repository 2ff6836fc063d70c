//! Photo bytes in S3-compatible object storage (Aliyun OSS, Tencent COS, MinIO, SeaweedFS,
//! AWS): a province's photos would otherwise grow its database, and every replica of it,
//! with every picture. The photo's row stays in the database (its uploader, quota size and
//! claim); only the bytes move, kept as `photos/<hash>`.

use std::time::Duration;

use opendal::layers::{RetryLayer, TimeoutLayer};
use opendal::{ErrorKind, Operator};

use crate::{StoreError, StoreResult};

/// Where a bucket is and how to sign in to it.
#[derive(Clone, Debug)]
pub struct BucketSettings {
    /// `https://oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:8333`, …
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// Unsigned requests when absent (a bucket open to this server's network).
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// `https://BUCKET.endpoint/…` rather than `https://endpoint/BUCKET/…` (Aliyun OSS
    /// takes only this style).
    pub virtual_host_style: bool,
}

/// An open bucket holding photo bytes.
#[derive(Clone, Debug)]
pub struct PhotoBucket {
    operator: Operator,
    bucket: String,
}

/// Where a photo's bytes are kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PhotoPlace {
    /// In its database row: the embedded default.
    #[default]
    Database,
    Bucket,
}

/// Where new photos go, and the bucket photos kept there are read from: a photo is read
/// from wherever its row says, so a move between the two can run while the server serves.
#[derive(Clone, Debug, Default)]
pub struct PhotoStorage {
    new_photos: PhotoPlace,
    bucket: Option<PhotoBucket>,
}

impl PhotoStorage {
    pub fn new(new_photos: PhotoPlace, bucket: Option<PhotoBucket>) -> StoreResult<Self> {
        if new_photos == PhotoPlace::Bucket && bucket.is_none() {
            return Err(StoreError::Bucket(
                "photos kept in object storage need a bucket".into(),
            ));
        }
        Ok(Self { new_photos, bucket })
    }

    /// The bucket new photos go to, if they go to one.
    pub(crate) fn new_photos_bucket(&self) -> Option<&PhotoBucket> {
        match self.new_photos {
            PhotoPlace::Bucket => self.bucket.as_ref(),
            PhotoPlace::Database => None,
        }
    }

    /// The bucket photos are read from, or an error saying that none is set.
    pub(crate) fn bucket(&self) -> StoreResult<&PhotoBucket> {
        self.bucket.as_ref().ok_or_else(|| {
            StoreError::Bucket(
                "photos are kept in object storage, and no bucket is set (--s3-endpoint, --s3-bucket)"
                    .into(),
            )
        })
    }

    pub(crate) fn has_bucket(&self) -> bool {
        self.bucket.is_some()
    }
}

/// What an object may take before it is tried again (a phone waits on the upload).
const OBJECT_TIMEOUT: Duration = Duration::from_secs(20);

impl PhotoBucket {
    /// Opens the bucket and checks that this server can write, read and delete in it, so that
    /// a wrong key or a missing bucket stops the server at its start, not a farmer's upload.
    pub async fn open(settings: &BucketSettings) -> StoreResult<Self> {
        let mut s3 = opendal::services::S3::default()
            .endpoint(&settings.endpoint)
            .bucket(&settings.bucket)
            .region(&settings.region)
            // Only what is set here counts, never ~/.aws or the cloud's instance metadata.
            .disable_config_load()
            .disable_ec2_metadata();
        s3 = match (&settings.access_key_id, &settings.secret_access_key) {
            (Some(key), Some(secret)) => s3.access_key_id(key).secret_access_key(secret),
            (None, None) => s3.allow_anonymous(),
            _ => {
                return Err(StoreError::Bucket(
                    "the access key id and the secret access key go together".into(),
                ))
            }
        };
        if settings.virtual_host_style {
            s3 = s3.enable_virtual_host_style();
        }
        let operator = Operator::new(s3)
            .map_err(|e| bucket_error(&settings.bucket, "open", e))?
            .layer(TimeoutLayer::new().with_io_timeout(OBJECT_TIMEOUT))
            .layer(RetryLayer::new().with_max_times(3))
            .finish();
        let bucket = Self {
            operator,
            bucket: settings.bucket.clone(),
        };
        bucket.check().await?;
        Ok(bucket)
    }

    async fn check(&self) -> StoreResult<()> {
        const PROBE: &str = "photos/.yinong-check";
        let written = b"yinong";
        self.operator
            .write(PROBE, written.to_vec())
            .await
            .map_err(|e| self.error("write to", e))?;
        let read = self
            .operator
            .read(PROBE)
            .await
            .map_err(|e| self.error("read from", e))?;
        if read.to_vec() != written {
            return Err(StoreError::Bucket(format!(
                "bucket {} gave back other bytes than were written",
                self.bucket
            )));
        }
        self.operator
            .delete(PROBE)
            .await
            .map_err(|e| self.error("delete in", e))
    }

    pub(crate) async fn put(
        &self,
        hash: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> StoreResult<()> {
        self.operator
            .write_with(&key(hash), bytes.to_vec())
            .content_type(content_type)
            .await
            .map(|_| ())
            .map_err(|e| self.error("write to", e))
    }

    /// The photo's bytes, or `None` when the bucket lacks them.
    pub(crate) async fn get(&self, hash: &str) -> StoreResult<Option<Vec<u8>>> {
        match self.operator.read(&key(hash)).await {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error("read from", e)),
        }
    }

    /// Removes the photo's bytes (none there is no error).
    pub(crate) async fn delete(&self, hash: &str) -> StoreResult<()> {
        self.operator
            .delete(&key(hash))
            .await
            .map_err(|e| self.error("delete in", e))
    }

    fn error(&self, doing: &str, error: opendal::Error) -> StoreError {
        bucket_error(&self.bucket, doing, error)
    }
}

fn key(hash: &str) -> String {
    format!("photos/{hash}")
}

fn bucket_error(bucket: &str, doing: &str, error: opendal::Error) -> StoreError {
    StoreError::Bucket(format!("cannot {doing} bucket {bucket}: {error}"))
}
