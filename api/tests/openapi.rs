//! The API's description as served at `/api/openapi.json`: every operation says what its
//! success looks like and what its errors are, every parameter of a path is described, and
//! the signed-in routes name the session cookie. (schemathesis, run by `cargo xtask test`,
//! then holds the running server to it.)

mod support;

use serde_json::Value;

on_both_backends!(the_served_description_covers_every_operation);

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

mod cases {
    use super::*;
    use std::sync::Arc;
    use support::TestServer;
    use yinong_store::Store;

    pub async fn the_served_description_covers_every_operation(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let api: Value = server.get_json("/api/openapi.json", None).await;
        std::fs::write(
            "/tmp/openapi.json",
            serde_json::to_string_pretty(&api).unwrap(),
        )
        .unwrap();
        assert!(api["openapi"].as_str().unwrap().starts_with("3.1"));
        let paths = api["paths"].as_object().unwrap();
        let mut operations = 0;
        for (template, item) in paths {
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                operations += 1;
                let place = format!("{method} {template}");
                let responses = operation["responses"].as_object().unwrap();
                assert!(
                    responses.keys().any(|status| status.starts_with('2')),
                    "{place} says nothing of success: {responses:?}"
                );
                assert!(
                    responses.contains_key("default"),
                    "{place} has no error answer"
                );
                let path_parameters: Vec<&str> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|parameter| parameter["in"] == "path")
                    .map(|parameter| parameter["name"].as_str().unwrap())
                    .collect();
                for name in template
                    .split('/')
                    .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
                {
                    assert!(
                        path_parameters.contains(&name),
                        "{place}: {{{name}}} is not described"
                    );
                }
            }
        }
        assert!(operations >= 95, "only {operations} operations described");

        let receive = &paths["/jobs/{id}"]["put"];
        assert_eq!(receive["security"], serde_json::json!([{ "session": [] }]));
        for status in ["200", "201", "401", "default"] {
            assert!(
                receive["responses"].get(status).is_some(),
                "PUT /jobs/{{id}}: {status}"
            );
        }
        let login = &paths["/auth/login"]["post"];
        assert!(
            login["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .unwrap()
                .ends_with("/PasswordLogin")
        );
        assert!(login["responses"]["200"]["content"]["application/json"].is_object());
        let table = &paths["/coverage/{code}/table"]["get"]["responses"]["200"]["content"];
        assert!(table["text/csv; charset=utf-8"].is_object(), "{table}");
        let health = &paths["/health"]["get"];
        assert!(health.get("security").is_none(), "health is open to all");
        let page = &paths["/jobs"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == "page")
            .unwrap()["schema"];
        let page = resolve(&api, page);
        assert_eq!(page["maximum"], 100_000, "{page}");
        let schemes = &api["components"]["securitySchemes"]["session"];
        assert_eq!(schemes["in"], "cookie");
        assert_eq!(schemes["name"], "yinong_session");
    }

    /// `schema` with a `$ref` followed into the components.
    fn resolve<'a>(api: &'a Value, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(reference) => &api["components"]["schemas"][reference.rsplit('/').next().unwrap()],
            None => schema,
        }
    }
}
