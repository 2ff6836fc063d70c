//! The production code sender speaks HTTP to an SMS gateway: here a real local endpoint
//! records what arrives.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use yinong_api::auth::sender::{CodeSender, HttpSender};

async fn gateway(
    status: StatusCode,
) -> (String, Arc<Mutex<Vec<(Option<String>, serde_json::Value)>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    let app = Router::new().route(
        "/sms",
        post(
            move |headers: HeaderMap, Json(body): Json<serde_json::Value>| {
                let log = log.clone();
                async move {
                    let auth = headers
                        .get("authorization")
                        .map(|v| v.to_str().unwrap().to_owned());
                    log.lock().unwrap().push((auth, body));
                    status
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

#[tokio::test]
async fn codes_are_posted_to_the_gateway_with_its_token() {
    let (url, received) = gateway(StatusCode::OK).await;
    let sender = HttpSender::new(url, Some("gateway-secret".into()));
    sender.send("13800138000", "123456").await.unwrap();
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    let (auth, body) = &received[0];
    assert_eq!(auth.as_deref(), Some("Bearer gateway-secret"));
    assert_eq!(body["phone"], "13800138000");
    assert!(body["text"].as_str().unwrap().contains("123456"));
}

#[tokio::test]
async fn a_gateway_refusal_is_a_send_failure() {
    let (url, _) = gateway(StatusCode::SERVICE_UNAVAILABLE).await;
    let sender = HttpSender::new(url, None);
    let failure = sender.send("13800138000", "123456").await.unwrap_err();
    assert!(failure.to_string().contains("503"), "{failure}");
}
