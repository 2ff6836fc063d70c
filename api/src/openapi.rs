//! The API described: OpenAPI 3.1 generated from the handlers' own types (aide reads each
//! handler's extractors and answer; schemars reads the `model` types), so the description
//! cannot drift from the code. Served at `GET /api/openapi.json`; `cargo xtask test` fuzzes
//! the running server against it (schemathesis) on both engines.
//!
//! What aide cannot see is said here once: every error is an [`ErrorBody`]; a signed-in
//! extractor means the session cookie; positional path parameters get the template's names.

use aide::generate::GenContext;
use aide::openapi::{
    ApiKeyLocation, Info, MediaType, OpenApi, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, ReferenceOr, Response, SchemaObject, SecurityScheme, Server,
    StatusCode,
};
use aide::transform::TransformOperation;
use aide::{OperationInput, OperationOutput};
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use schemars::JsonSchema;
use yinong_model::error::ErrorBody;

use crate::answer::{Created, Kept};
use crate::auth::{session, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};

const SESSION_SCHEME: &str = "session";
/// Where [`ApiPath`] leaves the schemas of parameters it cannot name, for [`name_path_parameters`].
const UNNAMED_PATH_PARAMETERS: &str = "x-unnamed-path-parameters";

/// The router `routes` makes, finished into a plain router and the JSON document describing
/// it. aide gathers the description as the routes are made (in this thread), so it is
/// configured before.
pub fn describe<S: Clone + Send + Sync + 'static>(
    routes: impl FnOnce() -> aide::axum::ApiRouter<S>,
) -> (axum::Router<S>, Bytes) {
    aide::generate::infer_responses(true);
    // Two extractors may both describe a 400; aide keeps the first and says so.
    aide::generate::on_error(|error| tracing::debug!("OpenAPI: {error}"));
    let router = routes();
    let mut api = OpenApi {
        info: Info {
            title: "益农信息社 yinong API".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: Some(
                "信息进村入户：公益、便民、电子商务与培训体验服务的接口。错误一律以 ErrorBody \
                 （code 与中文 message）作答。"
                    .into(),
            ),
            ..Info::default()
        },
        // The paths are the router's, which is nested under /api.
        servers: vec![Server {
            url: "/api".into(),
            ..Server::default()
        }],
        ..OpenApi::default()
    };
    let router = router.finish_api_with(&mut api, |api| {
        api.security_scheme(
            SESSION_SCHEME,
            SecurityScheme::ApiKey {
                location: ApiKeyLocation::Cookie,
                name: session::COOKIE.into(),
                description: Some("登录（短信验证码或密码）后服务器设置的会话 Cookie".into()),
                extensions: Default::default(),
            },
        )
    });
    name_path_parameters(&mut api);
    let document = serde_json::to_vec(&api).expect("an OpenAPI document serialises");
    (router, Bytes::from(document))
}

/// `GET /api/openapi.json`.
pub fn document(document: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document)
}

/// Gives each `{name}` of a path template the schema its handler's [`ApiPath`] left in order.
fn name_path_parameters(api: &mut OpenApi) {
    let Some(paths) = api.paths.as_mut() else {
        return;
    };
    for (template, item) in paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let names: Vec<&str> = template
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let Some(serde_json::Value::Array(schemas)) =
                operation.extensions.shift_remove(UNNAMED_PATH_PARAMETERS)
            else {
                continue;
            };
            for (name, schema) in names.iter().zip(schemas) {
                let json_schema = schemars::Schema::try_from(schema)
                    .expect("a path parameter's schema is an object");
                operation
                    .parameters
                    .push(ReferenceOr::Item(Parameter::Path {
                        parameter_data: parameter(name, None, true, json_schema),
                        style: Default::default(),
                    }));
            }
        }
    }
}

/// A parameter named `name` whose value `json_schema` describes.
pub(crate) fn parameter(
    name: &str,
    description: Option<&str>,
    required: bool,
    json_schema: schemars::Schema,
) -> ParameterData {
    ParameterData {
        name: name.to_owned(),
        description: description.map(str::to_owned),
        required,
        format: ParameterSchemaOrContent::Schema(SchemaObject {
            json_schema,
            example: None,
            external_docs: None,
        }),
        extensions: Default::default(),
        deprecated: None,
        example: None,
        examples: Default::default(),
        explode: None,
    }
}

fn error_response(ctx: &mut GenContext, description: &str) -> Response {
    Response {
        description: description.into(),
        content: [(
            "application/json".into(),
            MediaType {
                schema: Some(SchemaObject {
                    json_schema: ctx.schema.subschema_for::<ErrorBody>(),
                    example: None,
                    external_docs: None,
                }),
                ..MediaType::default()
            },
        )]
        .into(),
        ..Response::default()
    }
}

pub(crate) fn bad_request(ctx: &mut GenContext) -> (Option<u16>, Response) {
    (
        Some(400),
        error_response(ctx, "请求不正确（说明在 message 中）"),
    )
}

impl OperationOutput for ApiError {
    type Inner = ErrorBody;

    fn operation_response(ctx: &mut GenContext, _: &mut Operation) -> Option<Response> {
        Some(error_response(
            ctx,
            "出错：code 说明类别，message 是给人看的中文说明",
        ))
    }

    fn inferred_responses(
        ctx: &mut GenContext,
        op: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        Self::operation_response(ctx, op)
            .map(|response| (None, response))
            .into_iter()
            .collect()
    }
}

impl<T: JsonSchema> OperationInput for ApiJson<T> {
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        axum::Json::<T>::operation_input(ctx, operation);
    }

    fn inferred_early_responses(
        ctx: &mut GenContext,
        _: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        vec![
            bad_request(ctx),
            (Some(413), error_response(ctx, "请求内容太大")),
        ]
    }
}

impl<T: JsonSchema> OperationInput for ApiQuery<T> {
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        axum::extract::Query::<T>::operation_input(ctx, operation);
    }

    fn inferred_early_responses(
        ctx: &mut GenContext,
        _: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        vec![bad_request(ctx)]
    }
}

impl<T: JsonSchema> OperationInput for ApiPath<T> {
    /// An object names its own parameters; a single value or a tuple is positional, named
    /// from the route's template once the path is known.
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        let schema = ctx.schema.subschema_for::<T>();
        let resolved = ctx.resolve_schema(&schema).clone();
        if resolved.get("properties").is_some() {
            axum::extract::Path::<T>::operation_input(ctx, operation);
            return;
        }
        let positional = match resolved.get("prefixItems") {
            Some(serde_json::Value::Array(items)) => items.clone(),
            _ => vec![schema.to_value()],
        };
        operation.extensions.insert(
            UNNAMED_PATH_PARAMETERS.into(),
            serde_json::Value::Array(positional),
        );
    }

    fn inferred_early_responses(
        ctx: &mut GenContext,
        _: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        vec![bad_request(ctx)]
    }
}

/// The session is required here, with the early answers, because aide passes an optional
/// extractor (`Option<SignedIn>`: open to all, more for an account) only its input.
impl OperationInput for SignedIn {
    fn inferred_early_responses(
        ctx: &mut GenContext,
        operation: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        let requirement = [(SESSION_SCHEME.to_owned(), Vec::new())].into();
        if !operation.security.contains(&requirement) {
            operation.security.push(requirement);
        }
        vec![(Some(401), error_response(ctx, "未登录或会话已过期"))]
    }
}

impl<T: OperationOutput> OperationOutput for Created<T> {
    type Inner = T::Inner;

    fn inferred_responses(
        ctx: &mut GenContext,
        op: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        vec![(Some(201), success::<T>(ctx, op, "已创建"))]
    }
}

impl<T: OperationOutput> OperationOutput for Kept<T> {
    type Inner = T::Inner;

    fn inferred_responses(
        ctx: &mut GenContext,
        op: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        vec![
            (Some(201), success::<T>(ctx, op, "首次收到，已保存")),
            (
                Some(200),
                success::<T>(ctx, op, "以前收到过同样的内容：按当时的结果作答"),
            ),
        ]
    }
}

/// `T`'s own answer (no body when it has none) under `description`.
fn success<T: OperationOutput>(
    ctx: &mut GenContext,
    op: &mut Operation,
    description: &str,
) -> Response {
    Response {
        description: description.into(),
        ..T::operation_response(ctx, op).unwrap_or_default()
    }
}

/// A success answer that is a file rather than JSON (a table, a photo, a map's boundaries):
/// what aide cannot read from a plain `Response`.
pub fn file<'t>(
    mut op: TransformOperation<'t>,
    description: &str,
    media_types: &[&str],
) -> TransformOperation<'t> {
    let response = Response {
        description: description.into(),
        content: media_types
            .iter()
            .map(|media_type| ((*media_type).to_owned(), MediaType::default()))
            .collect(),
        ..Response::default()
    };
    let responses = &mut op
        .inner_mut()
        .responses
        .get_or_insert_with(Default::default)
        .responses;
    match responses.get_mut(&StatusCode::Code(200)) {
        // A JSON answer unless a file is asked for (`?format=`): both are described.
        Some(ReferenceOr::Item(json)) => json.content.extend(response.content),
        _ => {
            responses.insert(StatusCode::Code(200), ReferenceOr::Item(response));
        }
    }
    op
}
