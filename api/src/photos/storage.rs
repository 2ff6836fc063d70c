//! Where photo bytes are kept, as the server's settings choose: in the database (the
//! embedded default) or in an S3-compatible bucket (a province). `yinong-api move-photos`
//! moves the photos kept so far from one to the other.

use clap::{Args, ValueEnum};
use yinong_store::{BucketSettings, PhotoBucket, PhotoPlace, PhotoStorage, Store, StoreResult};

/// Where photo bytes go, as the settings and `move-photos --to` name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PhotoStoreKind {
    Database,
    S3,
}

impl PhotoStoreKind {
    pub fn place(self) -> PhotoPlace {
        match self {
            Self::Database => PhotoPlace::Database,
            Self::S3 => PhotoPlace::Bucket,
        }
    }
}

/// The photo settings of every command that opens the database.
#[derive(Args, Clone, Debug)]
pub struct PhotoStorageArgs {
    /// Where new photos' bytes go: `database` (the default) or `s3` (the bucket below).
    /// Photos are read from wherever they were kept, so keep the bucket set while any are
    /// there (`move-photos` brings them back).
    #[arg(
        long,
        env = "YINONG_PHOTO_STORE",
        value_enum,
        default_value = "database",
        global = true
    )]
    pub photo_store: PhotoStoreKind,
    /// The S3-compatible endpoint: `https://oss-cn-hangzhou.aliyuncs.com`,
    /// `https://cos.ap-beijing.myqcloud.com`, `http://minio:9000`, …
    #[arg(long, env = "YINONG_S3_ENDPOINT", global = true)]
    pub s3_endpoint: Option<String>,
    #[arg(long, env = "YINONG_S3_BUCKET", global = true)]
    pub s3_bucket: Option<String>,
    #[arg(
        long,
        env = "YINONG_S3_REGION",
        default_value = "us-east-1",
        global = true
    )]
    pub s3_region: String,
    #[arg(long, env = "YINONG_S3_ACCESS_KEY_ID", global = true)]
    pub s3_access_key_id: Option<String>,
    #[arg(
        long,
        env = "YINONG_S3_SECRET_ACCESS_KEY",
        hide_env_values = true,
        global = true
    )]
    pub s3_secret_access_key: Option<String>,
    /// Address the bucket as `https://BUCKET.endpoint` (Aliyun OSS needs it).
    #[arg(long, env = "YINONG_S3_VIRTUAL_HOST_STYLE", global = true)]
    pub s3_virtual_host_style: bool,
}

impl PhotoStorageArgs {
    /// The storage these settings name, its bucket opened and checked.
    pub async fn open(&self) -> Result<PhotoStorage, String> {
        let bucket = match (&self.s3_endpoint, &self.s3_bucket) {
            (Some(endpoint), Some(bucket)) => {
                let settings = BucketSettings {
                    endpoint: endpoint.clone(),
                    bucket: bucket.clone(),
                    region: self.s3_region.clone(),
                    access_key_id: self.s3_access_key_id.clone(),
                    secret_access_key: self.s3_secret_access_key.clone(),
                    virtual_host_style: self.s3_virtual_host_style,
                };
                Some(
                    PhotoBucket::open(&settings)
                        .await
                        .map_err(|e| e.to_string())?,
                )
            }
            (None, None) => None,
            _ => return Err("a bucket needs both --s3-endpoint and --s3-bucket".into()),
        };
        PhotoStorage::new(self.photo_store.place(), bucket).map_err(|_| {
            "--photo-store s3 needs a bucket: --s3-endpoint and --s3-bucket".to_owned()
        })
    }
}

/// Moves every photo's bytes into `to`, telling `progress` the count moved so far after
/// each step; how many moved.
pub async fn move_all(
    store: &dyn Store,
    to: PhotoPlace,
    mut progress: impl FnMut(u64),
) -> StoreResult<u64> {
    let mut moved = 0;
    let mut after = String::new();
    loop {
        let step = store.move_photos(to, &after).await?;
        let Some(last) = step.last() else {
            return Ok(moved);
        };
        after.clone_from(last);
        moved += step.len() as u64;
        progress(moved);
    }
}
