//! The outbox's IndexedDB database: `records` (key `id`, the client id; index `owner`) and
//! `photos` (key `owner/hash`, the downscaled JPEG as a Blob; index `owner`). Writes wait
//! for their transaction to commit, so what the form said was kept survives a reload, and
//! ask for strict durability: the commit is reported only once it is on the phone's storage,
//! so a record the informant was told is kept survives the battery running out too.

use std::cell::RefCell;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

const DATABASE: &str = "yinong-outbox";
const VERSION: u32 = 1;
const RECORDS: &str = "records";
const PHOTOS: &str = "photos";
const OWNER: &str = "owner";

thread_local! {
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Resolves with the request's result once it succeeded.
async fn settled(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let succeeded = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &succeeded.result().unwrap_or_default());
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().ok().flatten().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or_default());
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Resolves once the transaction committed.
async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("transaction failed"));
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(drop)
}

async fn database() -> Result<IdbDatabase, JsValue> {
    if let Some(open) = OPEN.with(|open| open.borrow().clone()) {
        return Ok(open);
    }
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION)?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        let Ok(result) = upgrading.result() else {
            return;
        };
        let database: IdbDatabase = result.unchecked_into();
        for (name, key) in [(RECORDS, "id"), (PHOTOS, "key")] {
            let parameters = IdbObjectStoreParameters::new();
            parameters.set_key_path(&JsValue::from_str(key));
            if let Ok(store) =
                database.create_object_store_with_optional_parameters(name, &parameters)
            {
                let _ = store.create_index_with_str(OWNER, OWNER);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let database: IdbDatabase = settled(&request).await?.unchecked_into();
    OPEN.with(|open| *open.borrow_mut() = Some(database.clone()));
    Ok(database)
}

async fn transaction(stores: &[&str], mode: IdbTransactionMode) -> Result<IdbTransaction, JsValue> {
    let names: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
    let database = database().await?;
    if mode != IdbTransactionMode::Readwrite {
        return database.transaction_with_str_sequence_and_mode(&names, mode);
    }
    // `{ durability: "strict" }` (web-sys has it only behind its unstable APIs); browsers
    // without the option ignore it and commit as they always did.
    let options = object(&[("durability", JsValue::from_str("strict"))])?;
    let open: js_sys::Function =
        Reflect::get(&database, &JsValue::from_str("transaction"))?.dyn_into()?;
    Ok(open
        .call3(&database, &names, &JsValue::from_str("readwrite"), &options)?
        .unchecked_into())
}

fn object(fields: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &JsValue::from_str(name), value)?;
    }
    Ok(object.into())
}

fn photo_key(owner: i64, hash: &str) -> String {
    format!("{owner}/{hash}")
}

/// Keeps (or replaces) record `id` of `owner`, its content as JSON text.
pub async fn put_record(owner: i64, id: &str, json: &str) -> Result<(), JsValue> {
    let transaction = transaction(&[RECORDS], IdbTransactionMode::Readwrite).await?;
    let value = object(&[
        ("id", JsValue::from_str(id)),
        (OWNER, JsValue::from_f64(owner as f64)),
        ("json", JsValue::from_str(json)),
    ])?;
    transaction.object_store(RECORDS)?.put(&value)?;
    committed(&transaction).await
}

/// The JSON text of every record of `owner`, in id order (the order of capture).
pub async fn records(owner: i64) -> Result<Vec<String>, JsValue> {
    let transaction = transaction(&[RECORDS], IdbTransactionMode::Readonly).await?;
    let request = transaction
        .object_store(RECORDS)?
        .index(OWNER)?
        .get_all_with_key(&JsValue::from_f64(owner as f64))?;
    let found: Array = settled(&request).await?.unchecked_into();
    let mut records: Vec<(String, String)> = found
        .iter()
        .filter_map(|value| {
            let field = |name| {
                Reflect::get(&value, &JsValue::from_str(name))
                    .ok()?
                    .as_string()
            };
            Some((field("id")?, field("json")?))
        })
        .collect();
    records.sort();
    Ok(records.into_iter().map(|(_, json)| json).collect())
}

/// Removes record `id` and photos `unused` (no other record carries them), in one
/// transaction.
pub async fn remove_record(owner: i64, id: &str, unused: &[String]) -> Result<(), JsValue> {
    let transaction = transaction(&[RECORDS, PHOTOS], IdbTransactionMode::Readwrite).await?;
    transaction
        .object_store(RECORDS)?
        .delete(&JsValue::from_str(id))?;
    let kept = transaction.object_store(PHOTOS)?;
    for hash in unused {
        kept.delete(&JsValue::from_str(&photo_key(owner, hash)))?;
    }
    committed(&transaction).await
}

/// Keeps a photo of `owner` under its hash.
pub async fn put_photo(owner: i64, hash: &str, photo: &Blob) -> Result<(), JsValue> {
    let transaction = transaction(&[PHOTOS], IdbTransactionMode::Readwrite).await?;
    let value = object(&[
        ("key", JsValue::from_str(&photo_key(owner, hash))),
        (OWNER, JsValue::from_f64(owner as f64)),
        ("blob", photo.into()),
    ])?;
    transaction.object_store(PHOTOS)?.put(&value)?;
    committed(&transaction).await
}

/// A photo of `owner` kept under `hash`, if it is.
pub async fn photo(owner: i64, hash: &str) -> Result<Option<Blob>, JsValue> {
    let transaction = transaction(&[PHOTOS], IdbTransactionMode::Readonly).await?;
    let request = transaction
        .object_store(PHOTOS)?
        .get(&JsValue::from_str(&photo_key(owner, hash)))?;
    let found = settled(&request).await?;
    if found.is_undefined() {
        return Ok(None);
    }
    Ok(Reflect::get(&found, &JsValue::from_str("blob"))?
        .dyn_into()
        .ok())
}
