//! Photos kept in S3-compatible object storage, against a real S3 server (SeaweedFS, which
//! `cargo xtask test` starts and names in `YINONG_TEST_S3_*`), on both engines: uploads go
//! to the bucket and are served as before; photos kept in the database move to the bucket
//! and back while serving; unused photos leave the bucket; the move command; a bucket set up
//! wrong stops the server at its start.

mod support;

use std::sync::Arc;

use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use reqwest::{Method, StatusCode};
use support::{farmer_session, hash_of, photo, with_database_urls, Engine, TestServer};
use yinong_api::photos::storage::move_all;
use yinong_store::{
    self as store, BucketSettings, Durability, PhotoBucket, PhotoKept, PhotoPlace, PhotoPlaces,
    PhotoQuota, PhotoStorage, Store,
};

fn bucket_settings() -> BucketSettings {
    let setting = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run `cargo xtask test`, which starts SeaweedFS and sets it")
        })
    };
    BucketSettings {
        endpoint: setting("YINONG_TEST_S3_ENDPOINT"),
        bucket: setting("YINONG_TEST_S3_BUCKET"),
        region: "us-east-1".into(),
        access_key_id: Some(setting("YINONG_TEST_S3_ACCESS_KEY_ID")),
        secret_access_key: Some(setting("YINONG_TEST_S3_SECRET_ACCESS_KEY")),
        virtual_host_style: false,
    }
}

/// The database at `url` with new photos going to `new_photos`, the test bucket set or not.
async fn open(url: &str, new_photos: PhotoPlace, with_bucket: bool) -> Arc<dyn Store> {
    let bucket = if with_bucket {
        Some(PhotoBucket::open(&bucket_settings()).await.unwrap())
    } else {
        None
    };
    let photos = PhotoStorage::new(new_photos, bucket).unwrap();
    store::connect_with(url, Durability::Full, photos)
        .await
        .unwrap()
}

/// Whether the bucket holds the photo named `hash`, asked of the S3 server directly.
async fn bucket_holds(hash: &str) -> bool {
    let settings = bucket_settings();
    let s3 = opendal::services::S3::default()
        .endpoint(&settings.endpoint)
        .bucket(&settings.bucket)
        .region(&settings.region)
        .access_key_id(settings.access_key_id.as_deref().unwrap())
        .secret_access_key(settings.secret_access_key.as_deref().unwrap())
        .disable_config_load()
        .disable_ec2_metadata();
    opendal::Operator::new(s3)
        .unwrap()
        .finish()
        .exists(&format!("photos/{hash}"))
        .await
        .unwrap()
}

/// A photo no other test uses: the bucket is shared by every test.
fn own_photo() -> Vec<u8> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let variant = std::process::id()
        .wrapping_mul(1_000_003)
        .wrapping_add(now.subsec_nanos())
        .wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed));
    photo(16, 16, variant)
}

fn no_quota() -> PhotoQuota {
    PhotoQuota {
        per_day: i64::MAX,
        day_started: chrono::Utc::now(),
        in_all: i64::MAX,
    }
}

/// The demo's informant (the demo seeded first, if it was not): whose uploads the cases
/// keep directly.
async fn demo_uploader(store: &dyn Store) -> i64 {
    yinong_api::seed::prepare(store, true).await.unwrap();
    store
        .user_by_login("zhangying-informant")
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Keeps `photo` as its upload by `uploader` now would, within `quota`.
async fn keep(store: &dyn Store, photo: &[u8], uploader: i64, quota: &PhotoQuota) -> PhotoKept {
    let now = chrono::Utc::now();
    store
        .store_photo(&hash_of(photo), "image/jpeg", photo, uploader, now, quota)
        .await
        .unwrap()
}

/// GETs the photo as a phone does: its bytes, after checking the headers it is served with.
async fn download(server: &TestServer, hash: &str) -> Vec<u8> {
    let answer = server
        .request(Method::GET, &format!("/api/photos/{hash}"), None)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "photo {hash}");
    let headers = answer.headers();
    assert_eq!(headers[CONTENT_TYPE], "image/jpeg");
    assert_eq!(
        headers[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    answer.bytes().await.unwrap().to_vec()
}

on_both_engines!(
    photos_kept_in_the_bucket_are_served_moved_and_removed,
    quotas_count_photos_in_the_bucket,
    the_move_command_moves_the_photos_kept_so_far,
);

mod cases {
    use super::*;

    pub async fn photos_kept_in_the_bucket_are_served_moved_and_removed(engine: Engine) {
        with_database_urls(engine, async |[url]| {
            let in_bucket = open(&url, PhotoPlace::Bucket, true).await;
            let server = TestServer::start(in_bucket.clone(), true).await;
            let farmer = farmer_session(&server, "13800138000").await;
            let sent = own_photo();
            let uploaded = server
                .request(Method::POST, "/api/photos", Some(&farmer))
                .header("content-type", "image/jpeg")
                .body(sent.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(uploaded.status(), StatusCode::CREATED);
            let uploaded = hash_of(&sent);
            assert!(
                bucket_holds(&uploaded).await,
                "an upload goes to the bucket"
            );
            let places = in_bucket.photo_places().await.unwrap();
            assert_eq!(
                places,
                PhotoPlaces {
                    in_database: 0,
                    in_bucket: 1
                }
            );
            let served = download(&server, &uploaded).await;
            assert!(served.starts_with(&[0xFF, 0xD8, 0xFF]), "a JPEG comes back");

            // A photo kept before the switch, in its row: still served, with the same headers.
            let in_database = open(&url, PhotoPlace::Database, false).await;
            let earlier = own_photo();
            let earlier_hash = hash_of(&earlier);
            let uploader = demo_uploader(in_database.as_ref()).await;
            keep(in_database.as_ref(), &earlier, uploader, &no_quota()).await;
            assert!(!bucket_holds(&earlier_hash).await);
            assert_eq!(download(&server, &earlier_hash).await, earlier);
            let no_bucket = in_database.photo(&uploaded).await.unwrap_err().to_string();
            assert!(no_bucket.contains("no bucket is set"), "{no_bucket}");

            // Into the bucket, then back: nothing lost, nothing left behind.
            let moved = move_all(in_bucket.as_ref(), PhotoPlace::Bucket, |_| {}).await;
            assert_eq!(moved.unwrap(), 1);
            assert!(bucket_holds(&earlier_hash).await);
            assert_eq!(
                in_bucket.photo_places().await.unwrap(),
                PhotoPlaces {
                    in_database: 0,
                    in_bucket: 2
                }
            );
            assert_eq!(download(&server, &earlier_hash).await, earlier);
            let mut steps = Vec::new();
            let moved = move_all(in_bucket.as_ref(), PhotoPlace::Database, |n| steps.push(n)).await;
            assert_eq!(moved.unwrap(), 2);
            assert_eq!(steps, [2], "one step moves up to 20");
            assert_eq!(
                in_bucket.photo_places().await.unwrap(),
                PhotoPlaces {
                    in_database: 2,
                    in_bucket: 0
                }
            );
            assert!(
                !bucket_holds(&uploaded).await,
                "moved back, gone from the bucket"
            );
            assert!(!bucket_holds(&earlier_hash).await);
            let (_, kept) = in_database.photo(&uploaded).await.unwrap().unwrap();
            assert_eq!(kept, served, "the same bytes, now in the row");
            assert_eq!(download(&server, &uploaded).await, served);
            assert_eq!(
                move_all(in_bucket.as_ref(), PhotoPlace::Database, |_| {})
                    .await
                    .unwrap(),
                0,
                "moving again moves nothing"
            );

            // Unused photos leave the bucket with their rows; a server without the bucket set
            // leaves them both.
            assert_eq!(
                move_all(in_bucket.as_ref(), PhotoPlace::Bucket, |_| {})
                    .await
                    .unwrap(),
                2
            );
            in_bucket
                .claim_photos(std::slice::from_ref(&uploaded))
                .await
                .unwrap();
            let later = chrono::Utc::now() + chrono::Duration::days(30);
            assert_eq!(
                yinong_api::photos::remove_unused(in_database.as_ref(), later)
                    .await
                    .unwrap(),
                0
            );
            assert!(bucket_holds(&earlier_hash).await);
            assert_eq!(
                yinong_api::photos::remove_unused(in_bucket.as_ref(), later)
                    .await
                    .unwrap(),
                1
            );
            assert!(
                !bucket_holds(&earlier_hash).await,
                "the unused photo is gone"
            );
            assert!(bucket_holds(&uploaded).await, "the claimed photo stays");
            assert_eq!(download(&server, &uploaded).await, served);
            assert_eq!(
                in_bucket.photo_places().await.unwrap(),
                PhotoPlaces {
                    in_database: 0,
                    in_bucket: 1
                }
            );
        })
        .await
    }

    /// The upload quotas count photos in the bucket as they counted them in the database.
    pub async fn quotas_count_photos_in_the_bucket(engine: Engine) {
        with_database_urls(engine, async |[url]| {
            let in_bucket = open(&url, PhotoPlace::Bucket, true).await;
            let uploader = demo_uploader(in_bucket.as_ref()).await;
            let first = own_photo();
            let now = chrono::Utc::now();
            let quota = PhotoQuota {
                per_day: first.len() as i64 + 10,
                day_started: now - chrono::Duration::hours(24),
                in_all: i64::MAX,
            };
            let kept = keep(in_bucket.as_ref(), &first, uploader, &quota).await;
            assert_eq!(kept, PhotoKept::New);
            let second = own_photo();
            let kept = keep(in_bucket.as_ref(), &second, uploader, &quota).await;
            assert_eq!(kept, PhotoKept::OverDailyQuota);
            assert!(
                !bucket_holds(&hash_of(&second)).await,
                "a refused photo is not kept"
            );
        })
        .await
    }

    /// `yinong-api move-photos`, as an operator runs it after setting `--photo-store s3`.
    pub async fn the_move_command_moves_the_photos_kept_so_far(engine: Engine) {
        with_database_urls(engine, async |[url]| {
            let in_database = open(&url, PhotoPlace::Database, false).await;
            let uploader = demo_uploader(in_database.as_ref()).await;
            let kept = own_photo();
            keep(in_database.as_ref(), &kept, uploader, &no_quota()).await;
            let settings = bucket_settings();
            let run = |to: &str| {
                std::process::Command::new(env!("CARGO_BIN_EXE_yinong-api"))
                    .args(["--database-url", &url, "--photo-store", "s3"])
                    .args(["--s3-endpoint", &settings.endpoint])
                    .args(["--s3-bucket", &settings.bucket])
                    .env(
                        "YINONG_S3_ACCESS_KEY_ID",
                        settings.access_key_id.as_deref().unwrap(),
                    )
                    .env(
                        "YINONG_S3_SECRET_ACCESS_KEY",
                        settings.secret_access_key.as_deref().unwrap(),
                    )
                    .args(["move-photos", "--to", to])
                    .output()
                    .unwrap()
            };
            let moved = run("s3");
            let said = String::from_utf8_lossy(&moved.stdout);
            assert!(
                moved.status.success(),
                "{said}{}",
                String::from_utf8_lossy(&moved.stderr)
            );
            assert!(said.contains("照片：数据库中 1，对象存储中 0"), "{said}");
            assert!(said.contains("移入对象存储 1 张"), "{said}");
            assert!(said.contains("现在数据库中 0，对象存储中 1"), "{said}");
            assert!(bucket_holds(&hash_of(&kept)).await);
            let back = run("database");
            let said = String::from_utf8_lossy(&back.stdout);
            assert!(back.status.success(), "{said}");
            assert!(said.contains("移入数据库 1 张"), "{said}");
            assert!(!bucket_holds(&hash_of(&kept)).await);
            let (_, bytes) = in_database.photo(&hash_of(&kept)).await.unwrap().unwrap();
            assert_eq!(bytes, kept);
        })
        .await
    }
}

/// A wrong key or half a setting stops the server at its start with the reason, before any
/// farmer's upload. (A missing bucket would too on a cloud; SeaweedFS makes it on the first
/// write.)
#[tokio::test]
async fn a_bucket_set_up_wrong_stops_the_server_at_its_start() {
    let good = bucket_settings();
    let wrong_key = BucketSettings {
        secret_access_key: Some("not-the-secret".into()),
        ..good.clone()
    };
    let refused = PhotoBucket::open(&wrong_key).await.unwrap_err().to_string();
    assert!(
        refused.contains(&format!("cannot write to bucket {}", good.bucket)),
        "{refused}"
    );
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_yinong-api"))
        .args([
            "--database-url",
            "sqlite::memory:",
            "--photo-store",
            "s3",
            "serve",
        ])
        .env_remove("YINONG_S3_ENDPOINT")
        .env_remove("YINONG_S3_BUCKET")
        .output()
        .unwrap();
    assert!(!server.status.success());
    let said = String::from_utf8_lossy(&server.stderr);
    assert!(said.contains("--photo-store s3 needs a bucket"), "{said}");
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_yinong-api"))
        .args(["--database-url", "sqlite::memory:", "serve"])
        .args(["--s3-endpoint", &good.endpoint, "--s3-bucket", &good.bucket])
        .args([
            "--s3-access-key-id",
            "yinong-test",
            "--s3-secret-access-key",
            "wrong",
        ])
        .output()
        .unwrap();
    assert!(!server.status.success(), "a wrong key stops the server");
    let said = String::from_utf8_lossy(&server.stderr);
    assert!(said.contains("cannot write to bucket"), "{said}");
}
