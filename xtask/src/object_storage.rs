//! A real S3 server for the tests of photos kept in object storage: SeaweedFS on free ports
//! of 127.0.0.1, with one signing identity (so requests are signed and checked, as a cloud
//! bucket would) and one bucket; stopped and removed when dropped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::tools;
use crate::Result;

const BUCKET: &str = "yinong-photos";
const ACCESS_KEY_ID: &str = "yinong-test";
const SECRET_ACCESS_KEY: &str = "yinong-test-secret";

pub struct ObjectStorage {
    child: Child,
    folder: PathBuf,
    endpoint: String,
}

impl ObjectStorage {
    pub fn start() -> Result<Self> {
        let weed = tools::ensure_seaweedfs()?;
        let folder = std::env::temp_dir().join(format!("yinong-s3-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        let data = folder.join("data");
        std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        let identities = folder.join("s3.json");
        let config = serde_json::json!({"identities": [{
            "name": "yinong",
            "credentials": [{"accessKey": ACCESS_KEY_ID, "secretKey": SECRET_ACCESS_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]});
        std::fs::write(&identities, config.to_string()).map_err(|e| e.to_string())?;
        let log = std::fs::File::create(folder.join("weed.log")).map_err(|e| e.to_string())?;
        let [master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc] =
            free_ports()?;
        let child = Command::new(&weed)
            .arg("server")
            .arg(format!("-dir={}", data.display()))
            .args(["-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3"])
            .arg(format!("-s3.config={}", identities.display()))
            .arg(format!("-master.port={master}"))
            .arg(format!("-master.port.grpc={master_grpc}"))
            .arg(format!("-volume.port={volume}"))
            .arg(format!("-volume.port.grpc={volume_grpc}"))
            .arg(format!("-filer.port={filer}"))
            .arg(format!("-filer.port.grpc={filer_grpc}"))
            .arg(format!("-s3.port={s3}"))
            .arg(format!("-s3.port.grpc={s3_grpc}"))
            // Its table catalogues would take fixed ports of their own.
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0"])
            // Small volumes: the tests keep a few photos, not gigabytes.
            .args(["-master.volumeSizeLimitMB=64", "-volume.max=64"])
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("starting SeaweedFS ({}): {e}", weed.display()))?;
        let storage = Self {
            child,
            folder,
            endpoint: format!("http://127.0.0.1:{s3}"),
        };
        // SeaweedFS names a server with its gRPC port as `host:port.grpc`.
        storage.make_bucket(&weed, &format!("127.0.0.1:{master}.{master_grpc}"))?;
        println!("xtask: SeaweedFS S3 at {}", storage.endpoint);
        Ok(storage)
    }

    /// The settings a test reads to reach the bucket.
    pub fn test_env(&self) -> [(&'static str, String); 4] {
        [
            ("YINONG_TEST_S3_ENDPOINT", self.endpoint.clone()),
            ("YINONG_TEST_S3_BUCKET", BUCKET.to_owned()),
            ("YINONG_TEST_S3_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
            (
                "YINONG_TEST_S3_SECRET_ACCESS_KEY",
                SECRET_ACCESS_KEY.to_owned(),
            ),
        ]
    }

    /// Makes the bucket through SeaweedFS's own shell, tried again until the master answers.
    fn make_bucket(&self, weed: &std::path::Path, master: &str) -> Result {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if self.bucket_made(weed, master)? {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "SeaweedFS made no bucket within 60 s (log: {})",
                    self.folder.join("weed.log").display()
                ));
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// One try of `s3.bucket.create`, given up after 15 s (the shell waits for a master
    /// that is not up yet).
    fn bucket_made(&self, weed: &std::path::Path, master: &str) -> Result<bool> {
        use std::io::{Read, Write};
        let mut shell = Command::new(weed)
            .args(["shell", &format!("-master={master}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("weed shell: {e}"))?;
        let mut input = shell.stdin.take().expect("stdin is piped");
        writeln!(input, "s3.bucket.create -name {BUCKET}").map_err(|e| e.to_string())?;
        drop(input);
        let given_up = Instant::now() + Duration::from_secs(15);
        while shell.try_wait().map_err(|e| e.to_string())?.is_none() {
            if Instant::now() > given_up {
                let _ = shell.kill();
                let _ = shell.wait();
                return Ok(false);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut said = String::new();
        let _ = shell
            .stdout
            .take()
            .expect("stdout is piped")
            .read_to_string(&mut said);
        Ok(said.contains(&format!("created bucket {BUCKET}")))
    }
}

impl Drop for ObjectStorage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Ports free on 127.0.0.1 now, all different (each held until all are found).
fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let listeners = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    let ports: Vec<u16> = listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| e.to_string())?;
    Ok(ports.try_into().expect("N ports"))
}
