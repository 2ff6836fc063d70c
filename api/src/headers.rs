//! Security headers on every response the server sends, API and app files alike.
//!
//! The content security policy allows only this origin's scripts, styles, images and
//! connections, WebAssembly compilation (`'wasm-unsafe-eval'`), and the inline scripts of
//! the built entry pages by their SHA-256 (Trunk's loader, each page's service worker
//! registration), read from `dist` when the server starts: a rebuilt app needs a restarted
//! server. Nothing may frame the app.
//! HSTS is sent when the server is reached over HTTPS (`--public-url https://…`).

use std::path::Path;

use axum::http::{header, HeaderName, HeaderValue};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;
use yinong_model::entry::EntryPoint;

/// The policy for the app built in `dist`.
pub fn content_security_policy(dist: &Path) -> String {
    let mut scripts = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    for entry in EntryPoint::ALL {
        let page = dist.join(entry.dir()).join("index.html");
        if let Ok(html) = std::fs::read_to_string(page) {
            scripts.extend(inline_scripts(&html).map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            }));
        }
    }
    scripts.dedup();
    format!(
        "default-src 'self'; script-src {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        scripts.join(" ")
    )
}

/// The bodies of `<script>` elements without a `src`, as the browser hashes them.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (tag, after) = rest.split_once('>')?;
        let (body, _) = after.split_once("</script>")?;
        (!tag.contains("src=")).then_some(body)
    })
}

/// The layers that set the headers, outermost last.
pub fn layers(
    dist: &Path,
    https: bool,
) -> (
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<Option<HeaderValue>>,
) {
    let policy =
        HeaderValue::from_str(&content_security_policy(dist)).expect("the policy is ASCII");
    let set =
        |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    (
        set(header::CONTENT_SECURITY_POLICY, policy),
        set(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        set(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        set(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            https.then(|| HeaderValue::from_static("max-age=31536000")),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_loaded_ones_are_not() {
        let html = r#"<head><script type="module">import init from '/a.js';await init();</script>
            <script src="/b.js"></script></head><body><script>
    register();
  </script></body>"#;
        let found: Vec<_> = inline_scripts(html).collect();
        assert_eq!(
            found,
            [
                "import init from '/a.js';await init();",
                "\n    register();\n  "
            ]
        );
    }

    #[test]
    fn the_policy_names_each_inline_script_by_its_digest() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), "<script>alert(1)</script>").unwrap();
        let policy = content_security_policy(dist.path());
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{policy}"
        );
        assert!(policy.ends_with("frame-ancestors 'none'"));
    }

    #[tokio::test]
    async fn hsts_is_sent_over_https_only() {
        use tower::ServiceExt;
        let dist = tempfile::tempdir().unwrap();
        for (https, expected) in [(true, Some("max-age=31536000")), (false, None)] {
            let app = axum::Router::new()
                .route("/", axum::routing::get(|| async { "ok" }))
                .layer(layers(dist.path(), https));
            let response = app
                .oneshot(axum::http::Request::new(axum::body::Body::empty()))
                .await
                .unwrap();
            assert_eq!(
                response
                    .headers()
                    .get(header::STRICT_TRANSPORT_SECURITY)
                    .map(|v| v.to_str().unwrap()),
                expected
            );
        }
    }
}
