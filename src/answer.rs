//! A server answer a page shows, fetched again when what its fetch reads changes.
//!
//! Every page's answers share one resource type underneath: Leptos builds the machinery of
//! an async resource (its future's state machine, its reactive node) once per answer type
//! and fetcher, and with one per page that was a seventh of the portal's code (26 KB of its
//! brotli bundle). Here the fetch is boxed and the answer kept as `Rc<dyn Any>`, so that
//! machinery exists once; only turning the answer back into its type is built per type.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::ApiFailure;

type Kept = Result<Rc<dyn Any>, ApiFailure>;
type Fetching = Pin<Box<dyn Future<Output = Kept>>>;

pub struct Answer<T> {
    resource: LocalResource<Kept>,
    answer_type: PhantomData<fn() -> T>,
}

impl<T> Clone for Answer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Answer<T> {}

impl<T: Clone + 'static> Answer<T> {
    /// Fetches with `fetch` now, and again whenever a signal `fetch` reads changes.
    pub fn new<Fetched>(fetch: impl Fn() -> Fetched + 'static) -> Self
    where
        Fetched: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        Self {
            resource: kept_resource(Box::new(move || {
                let fetched = fetch();
                Box::pin(async move { fetched.await.map(|answer| Rc::new(answer) as Rc<dyn Any>) })
            })),
            answer_type: PhantomData,
        }
    }

    /// The answer once it came (tracked), `None` while it is being fetched.
    pub fn get(&self) -> Option<Result<T, ApiFailure>> {
        self.resource.get().map(Self::typed)
    }

    pub fn get_untracked(&self) -> Option<Result<T, ApiFailure>> {
        self.resource.get_untracked().map(Self::typed)
    }

    /// Makes the caller's effect run again when a new answer comes.
    pub fn track(&self) {
        self.resource.track();
    }

    pub fn refetch(&self) {
        self.resource.refetch();
    }

    fn typed(kept: Kept) -> Result<T, ApiFailure> {
        kept.map(|answer| {
            answer
                .downcast_ref::<T>()
                .cloned()
                .expect("an answer is kept as the type it was fetched as")
        })
    }
}

/// The one resource every answer is kept in (not generic: built once).
fn kept_resource(fetch: Box<dyn Fn() -> Fetching>) -> LocalResource<Kept> {
    LocalResource::new(fetch)
}
