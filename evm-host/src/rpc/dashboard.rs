//! The dashboard: a static page (HTML and plain JavaScript, no build step, no dependency)
//! embedded in the binary and served on the RPC port. `GET /` (or `/index.html`) returns the
//! page and `GET /dashboard.js` its script; every other request (JSON-RPC on `POST`, the
//! WebSocket upgrade, other paths) goes on to the JSON-RPC server unchanged. The page reads the
//! node with the same JSON-RPC (`tao_subnets`, `tao_metagraph`, `tao_contracts`,
//! `tao_coldkeyStake`, ...) and signs stake and unstake through the browser wallet (EIP-1193).

use hyper::header::{self, HeaderValue};
use hyper::{Method, StatusCode};
use jsonrpsee::server::{HttpBody, HttpRequest, HttpResponse};

/// The page.
pub const INDEX_HTML: &str = include_str!("dashboard/index.html");
/// Its script.
pub const DASHBOARD_JS: &str = include_str!("dashboard/dashboard.js");

/// What the page may load and connect to: only this origin (styles inline).
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

/// The dashboard's answer to `req`, or `None` when the request is for the JSON-RPC server.
pub(crate) fn respond<B>(req: &HttpRequest<B>) -> Option<HttpResponse> {
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || jsonrpsee::server::ws::is_upgrade_request(req)
    {
        return None;
    }
    let (body, kind) = match req.uri().path() {
        "/" | "/index.html" => (INDEX_HTML, "text/html; charset=utf-8"),
        "/dashboard.js" => (DASHBOARD_JS, "text/javascript; charset=utf-8"),
        _ => return None,
    };
    let body = if *req.method() == Method::HEAD { HttpBody::empty() } else { HttpBody::from(body) };
    let mut resp = HttpResponse::new(body);
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    Some(resp)
}
