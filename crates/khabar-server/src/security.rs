//! What makes the server safe to expose: security headers on every response, a per-IP token
//! bucket rate limit, a check of the `Host` header when bound to loopback (against DNS
//! rebinding), and the bearer-token check of admin routes.
//!
//! It deliberately does not do TLS or user accounts: put a reverse proxy in front for those.
//! Behind such a proxy every request comes from the proxy's address, so the rate limit is then
//! per proxy, not per client (the `X-Forwarded-For` header is not trusted).

use crate::error::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The Content-Security-Policy of every response: no inline script or style, nothing from
/// elsewhere, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the security headers to every response, and `Cache-Control: no-store` to API answers.
pub async fn headers(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if is_api || !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A token bucket per client address.
#[derive(Debug)]
pub struct RateLimiter {
    /// Tokens added per second; 0 disables the limit.
    rate: f64,
    /// Bucket size: how many requests may come at once after a quiet spell.
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Past this many tracked addresses, buckets that have refilled are forgotten.
const MAX_TRACKED: usize = 10_000;

impl RateLimiter {
    pub fn new(rate_per_sec: f64, burst: u32) -> Self {
        Self {
            rate: rate_per_sec.max(0.0),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn disabled(&self) -> bool {
        self.rate <= 0.0
    }

    /// Takes a token for `ip` at time `now`; `Err(seconds)` says how long to wait when empty.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.disabled() {
            return Ok(());
        }
        let mut map = match self.buckets.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let ip = bucket_key(ip);
        if map.len() >= MAX_TRACKED && !map.contains_key(&ip) {
            let (rate, burst) = (self.rate, self.burst);
            map.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * rate < burst
            });
            if map.len() >= MAX_TRACKED {
                // Memory stays bounded even when every tracked client is active.
                tracing::warn!(
                    tracked = map.len(),
                    "rate limiter full; forgetting all buckets"
                );
                map.clear();
            }
        }
        let b = map.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - b.tokens) / self.rate).ceil();
            Err(wait.max(1.0) as u64)
        }
    }
}

/// The key a client is limited by: its IPv4 address, or the /64 network of an IPv6 address
/// (one host usually holds a whole /64, so single addresses would be free to rotate).
fn bucket_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The client address of a request: the peer of the TCP connection, or `0.0.0.0` when the
/// router is driven without a listener (tests).
pub fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Middleware: answers 429 with `Retry-After` when the client's bucket is empty.
pub async fn rate_limit(
    State(limiter): State<Arc<RateLimiter>>,
    req: Request,
    next: Next,
) -> Response {
    match limiter.check(client_ip(&req), Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            tracing::debug!(ip = %client_ip(&req), wait, "rate limited");
            let mut res = ApiError::TooManyRequests.into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
    }
}

/// Which `Host` headers a loopback-bound server accepts; `None` accepts any.
#[derive(Debug, Clone)]
pub struct HostCheck {
    pub allowed: Option<Vec<String>>,
}

impl HostCheck {
    /// For a server bound to `bind`: loopback binds accept only loopback host names (a page
    /// on another site cannot reach the API by pointing its own name at 127.0.0.1).
    pub fn for_bind(bind: SocketAddr) -> Self {
        if bind.ip().is_loopback() {
            Self {
                allowed: Some(vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()]),
            }
        } else {
            Self { allowed: None }
        }
    }

    pub fn accepts(&self, host: Option<&str>) -> bool {
        let Some(allowed) = &self.allowed else {
            return true;
        };
        let Some(host) = host else {
            // HTTP/1.0 clients may send no Host; they cannot be a rebinding browser.
            return true;
        };
        let name = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        };
        let name = name.to_ascii_lowercase();
        allowed.contains(&name) || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// Middleware: 403 when the `Host` header names a host this server does not answer for.
pub async fn host_check(State(check): State<Arc<HostCheck>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if check.accepts(host.as_deref()) {
        next.run(req).await
    } else {
        ApiError::Forbidden("unexpected Host header".into()).into_response()
    }
}

/// Middleware for admin routes: requires `Authorization: Bearer <token>`.
pub async fn require_token(State(token): State<Arc<String>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => ApiError::Unauthorized.into_response(),
        Some(t) if constant_time_eq(t.as_bytes(), token.as_bytes()) => next.run(req).await,
        Some(_) => ApiError::Forbidden("wrong token".into()).into_response(),
    }
}

/// Compares without stopping at the first difference, so timing does not leak the prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_empties_and_refills() {
        let rl = RateLimiter::new(2.0, 3);
        let ip: IpAddr = "10.1.2.3"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let t0 = Instant::now();
        assert!(rl.check(ip, t0).is_ok());
        assert!(rl.check(ip, t0).is_ok());
        assert!(rl.check(ip, t0).is_ok());
        assert_eq!(rl.check(ip, t0), Err(1));
        // Another client has its own bucket.
        assert!(rl.check(IpAddr::V4(Ipv4Addr::LOCALHOST), t0).is_ok());
        // Half a second at 2/s gives one token back.
        assert!(rl.check(ip, t0 + Duration::from_millis(500)).is_ok());
        assert!(rl.check(ip, t0 + Duration::from_millis(500)).is_err());
    }

    #[test]
    fn ipv6_limited_per_64() {
        let rl = RateLimiter::new(1.0, 1);
        let t0 = Instant::now();
        let a: IpAddr = "2001:db8:1:2::1"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let b: IpAddr = "2001:db8:1:2::ffff"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let c: IpAddr = "2001:db8:1:3::1"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert!(rl.check(a, t0).is_ok());
        assert!(rl.check(b, t0).is_err(), "same /64 shares the bucket");
        assert!(rl.check(c, t0).is_ok());
    }

    #[test]
    fn tracked_clients_bounded() {
        let rl = RateLimiter::new(0.001, 2);
        let t0 = Instant::now();
        for i in 0..(MAX_TRACKED as u32 + 10) {
            let _ = rl.check(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i)), t0);
        }
        let n = rl.buckets.lock().map(|m| m.len()).unwrap_or(usize::MAX);
        assert!(n <= MAX_TRACKED, "{n}");
    }

    #[test]
    fn zero_rate_disables() {
        let rl = RateLimiter::new(0.0, 1);
        let t0 = Instant::now();
        for _ in 0..100 {
            assert!(rl.check(IpAddr::V4(Ipv4Addr::LOCALHOST), t0).is_ok());
        }
    }

    #[test]
    fn host_check_on_loopback() {
        let c = HostCheck::for_bind(SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert!(c.accepts(Some("127.0.0.1:8080")));
        assert!(c.accepts(Some("localhost:9")));
        assert!(c.accepts(Some("LOCALHOST")));
        assert!(c.accepts(Some("[::1]:8080")));
        assert!(c.accepts(None));
        assert!(!c.accepts(Some("evil.example:8080")));
        assert!(!c.accepts(Some("localhost.evil.example")));
        assert!(!c.accepts(Some("127.0.0.1.evil.example")));
        assert!(!c.accepts(Some("127.evil.example:80")));
        assert!(c.accepts(Some("127.0.0.2:80")));
        let open = HostCheck::for_bind(SocketAddr::from(([0, 0, 0, 0], 8080)));
        assert!(open.accepts(Some("evil.example")));
    }

    #[test]
    fn token_compare() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secre"));
    }
}
