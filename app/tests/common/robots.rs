//! A local stand-in for the group robots (钉钉, 企业微信, 飞书) that tests send reminders to.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::routing::post;

#[derive(Clone, Debug)]
pub struct Received {
    pub robot: String,
    pub query: String,
    pub body: serde_json::Value,
}

#[derive(Clone, Default)]
pub struct Receiver {
    pub received: Arc<Mutex<Vec<Received>>>,
    /// How many of the next requests to refuse (as the robot would: errcode ≠ 0).
    pub refuse: Arc<Mutex<usize>>,
}

/// A local stand-in for the three robots: records each request and answers in its format.
pub async fn receiver() -> (String, Receiver) {
    let state = Receiver::default();
    async fn hook(
        State(state): State<Receiver>,
        Path(robot): Path<String>,
        RawQuery(query): RawQuery,
        body: String,
    ) -> String {
        let body = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        state.received.lock().unwrap().push(Received {
            robot: robot.clone(),
            query: query.unwrap_or_default(),
            body,
        });
        let mut refuse = state.refuse.lock().unwrap();
        let ok = *refuse == 0;
        *refuse = refuse.saturating_sub(1);
        match (robot.as_str(), ok) {
            ("feishu", true) => r#"{"code":0,"msg":"success"}"#.into(),
            ("feishu", false) => r#"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#.into(),
            (_, true) => r#"{"errcode":0,"errmsg":"ok"}"#.into(),
            (_, false) => r#"{"errcode":310000,"errmsg":"sign not match"}"#.into(),
        }
    }
    let app = axum::Router::new()
        .route("/{robot}", post(hook))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), state)
}
