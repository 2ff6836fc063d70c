//! Password hashing off the async workers. Argon2 takes tens of milliseconds of a core, so
//! it runs on blocking threads, a few at once (one core is always left to answer every
//! other request); beyond a short queue a sign-in is told to come back instead of waiting
//! without end.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

/// Sign-ins waiting for a hashing thread before new ones are turned away.
const QUEUE: usize = 64;

#[derive(Debug, thiserror::Error)]
#[error("登录的人较多，请稍等片刻再试")]
pub struct Busy;

pub struct Hasher {
    running: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
}

impl Hasher {
    pub fn new(at_once: usize, queue: usize) -> Self {
        Self {
            running: Arc::new(Semaphore::new(at_once.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
        }
    }

    /// All cores but one hash at once (one on a machine of one or two).
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores.saturating_sub(1), QUEUE)
    }

    pub async fn verify(&self, password: &str, stored: &str) -> Result<bool, Busy> {
        let (password, stored) = (password.to_owned(), stored.to_owned());
        self.run(move || verify(&password, &stored)).await
    }

    pub async fn hash(&self, password: &str) -> Result<String, Busy> {
        let password = password.to_owned();
        self.run(move || hash(&password)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let waiting = Waiting::join(&self.waiting, self.queue).ok_or(Busy)?;
        let permit = Arc::clone(&self.running)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        drop(waiting);
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .expect("hashing does not panic"))
    }
}

/// A place in the queue, given up when the request is answered or dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn join(count: &'a AtomicUsize, queue: usize) -> Option<Self> {
        if count.fetch_add(1, Ordering::SeqCst) >= queue {
            count.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Self(count))
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Argon2id with its default parameters and a random salt. Blocking: for start-up and
/// tools; requests go through [`Hasher::hash`].
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let stored = hash("correct horse");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", &stored));
        assert!(!verify("correct horsf", &stored));
        assert_ne!(stored, hash("correct horse"), "salted");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_queue_a_sign_in_is_turned_away_at_once() {
        let hasher = Arc::new(Hasher::new(1, 2));
        let stored = hash("pw");
        let tries: Vec<_> = (0..6)
            .map(|_| {
                let (hasher, stored) = (Arc::clone(&hasher), stored.clone());
                tokio::spawn(async move { hasher.verify("pw", &stored).await })
            })
            .collect();
        let mut answered = 0;
        let mut busy = 0;
        for attempt in tries {
            match attempt.await.unwrap() {
                Ok(true) => answered += 1,
                Ok(false) => panic!("the right password verifies"),
                Err(Busy) => busy += 1,
            }
        }
        // One hashing, two waiting; the others are told to come back.
        assert!(busy >= 1, "{busy} turned away");
        assert!(answered >= 3, "{answered} answered");
        assert_eq!(
            hasher.waiting.load(Ordering::SeqCst),
            0,
            "the queue empties"
        );
    }
}
