//! Photos on posts: chosen (or taken) on the phone, downscaled there to at most
//! [`PHOTO_MAX_SIDE`](yinong_model::listing::PHOTO_MAX_SIDE) px as JPEG — a phone camera's 4 MB becomes ~300 KB on a weak
//! network — and uploaded one per request; the form keeps their names. Shown full width
//! under a post or question.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlInputElement, ImageBitmap, Url,
};
use yinong_model::listing::photo_sent_size;

use crate::api::{self, photo_url};
use crate::capture::Outbox;
use crate::i18n::use_i18n;

/// JPEG quality of a downscaled photo: the goods stay recognisable at a third of the bytes.
const JPEG_QUALITY: f64 = 0.82;

/// The photo redrawn at [`photo_sent_size`] as JPEG (turned upright: image bitmaps follow the
/// camera's orientation tag).
async fn downscaled(file: &File) -> Result<Blob, JsValue> {
    let bitmap: ImageBitmap = JsFuture::from(window().create_image_bitmap_with_blob(file)?)
        .await?
        .dyn_into()?;
    let (width, height) = photo_sent_size(bitmap.width(), bitmap.height());
    let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )?;
    bitmap.close();
    let encoded = js_sys::Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(error) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(JPEG_QUALITY),
        ) {
            let _ = reject.call1(&JsValue::NULL, &error);
        }
    });
    JsFuture::from(encoded).await?.dyn_into()
}

/// Photos of a post: thumbnails of those chosen (each can be removed) and a button to
/// add more, up to `max`. `photos` holds their names in order. They are uploaded at once,
/// or with an `outbox` kept on the phone to be sent with the record.
#[component]
pub fn PhotoPicker(
    photos: RwSignal<Vec<String>>,
    max: usize,
    #[prop(optional)] outbox: Option<Outbox>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Thumbnails of photos kept on the phone, from the phone's own copy.
    let previews = StoredValue::new(HashMap::<String, String>::new());
    let sending = RwSignal::new(0_usize);
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let chosen = move |_| {
        let Some(element) = input.get_untracked() else {
            return;
        };
        let element: HtmlInputElement = element;
        let Some(files) = element.files() else {
            return;
        };
        let room = max.saturating_sub(photos.get_untracked().len() + sending.get_untracked());
        if files.length() as usize > room {
            error.set(Some(format!("{}{max}", i18n.portal().photos_at_most)));
        } else {
            error.set(None);
        }
        let files: Vec<File> = (0..files.length())
            .filter_map(|index| files.get(index))
            .take(room)
            .collect();
        // The same file chosen again must fire `change` again.
        element.set_value("");
        for file in files {
            sending.update(|n| *n += 1);
            spawn_local(async move {
                let kept = match downscaled(&file).await {
                    Ok(blob) => {
                        let hash = match outbox {
                            Some(outbox) => outbox.keep_photo(&blob).await,
                            None => api::upload_photo(&blob)
                                .await
                                .map(|stored| stored.hash)
                                .map_err(|f| f.message_zh()),
                        };
                        // Kept on the phone, it shows from there (also offline); uploaded,
                        // from the server, which shows it arrived.
                        let preview =
                            outbox.and_then(|_| Url::create_object_url_with_blob(&blob).ok());
                        hash.map(|hash| (hash, preview))
                    }
                    Err(_) => Err(i18n.portal().photo_unreadable.to_owned()),
                };
                match kept {
                    Ok((hash, preview)) => {
                        if let Some(preview) = preview {
                            previews.update_value(|shown| {
                                shown.insert(hash.clone(), preview);
                            });
                        }
                        photos.update(|photos| {
                            if !photos.contains(&hash) {
                                photos.push(hash);
                            }
                        })
                    }
                    Err(message) => error.set(Some(message)),
                }
                sending.update(|n| *n -= 1);
            });
        }
    };
    let full = move || photos.get().len() + sending.get() >= max;
    view! {
        <div class="photo-picker">
            <ul class="photo-thumbs">
                {move || photos.get().into_iter().map(|hash| {
                    let removed = hash.clone();
                    view! {
                        <li>
                            <img src=previews.with_value(|shown| shown.get(&hash).cloned()).unwrap_or_else(|| photo_url(&hash))
                                alt="" width="96" height="96"/>
                            <button type="button" class="photo-remove"
                                aria-label=move || i18n.portal().remove_photo
                                on:click=move |_| photos.update(|photos| photos.retain(|h| *h != removed))>
                                "×"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (sending.get() > 0).then(|| view! {
                <p class="note" role="status">{move || i18n.portal().photo_sending}</p>
            })}
            <label class="button secondary photo-add"
                class:hidden=full>
                {move || i18n.portal().add_photos}
                <input node_ref=input type="file" accept="image/*" multiple class="visually-hidden"
                    on:change=chosen/>
            </label>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </div>
    }
}

/// The photos of a post or question, full width, each opening on its own.
#[component]
pub fn PhotoStrip(photos: Vec<String>) -> impl IntoView {
    (!photos.is_empty()).then(|| {
        view! {
            <div class="listing-photos">
                {photos.iter().map(|hash| view! {
                    <a href=photo_url(hash) target="_blank" rel="noopener">
                        <img src=photo_url(hash) alt="" loading="lazy"/>
                    </a>
                }).collect_view()}
            </div>
        }
    })
}
