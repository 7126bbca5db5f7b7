//! A small time-bounded cache of JSON answers for the aggregate routes (stats, timeline,
//! graph, entity lists), which scan the whole store and would otherwise bound throughput.
//! Keys are the route and its sorted query; entries live `ttl`; the map never holds more than
//! `max` entries (it is emptied when full). An admin write clears it. Fills are single-flight
//! per key: when an entry expires under load, one request recomputes it and the others wait
//! for that answer instead of all queueing the same scan.
//!
//! It deliberately does not cache per-document or per-entity answers (cheap, indexed lookups)
//! and never serves an entry older than `ttl`, so an ingest shows up within seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Cache {
    ttl: Duration,
    max: usize,
    map: Mutex<HashMap<String, (Instant, axum::body::Bytes)>>,
    fills: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Cache {
    /// A cache; `ttl` zero disables it.
    pub fn new(ttl: Duration, max: usize) -> Self {
        Self {
            ttl,
            max: max.max(1),
            map: Mutex::new(HashMap::new()),
            fills: Mutex::new(HashMap::new()),
        }
    }

    /// The lock that serializes filling `key`.
    pub fn fill_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut fills = match self.fills.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if fills.len() >= self.max && !fills.contains_key(key) {
            // Holders keep their Arc; only the bookkeeping is dropped.
            fills.clear();
        }
        fills
            .entry(key.to_string())
            .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(())))
            .clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, axum::body::Bytes)>> {
        match self.map.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    pub fn get(&self, key: &str, now: Instant) -> Option<axum::body::Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let map = self.lock();
        map.get(key)
            .filter(|(at, _)| now.saturating_duration_since(*at) < self.ttl)
            .map(|(_, b)| b.clone())
    }

    pub fn put(&self, key: String, body: axum::body::Bytes, now: Instant) {
        if self.ttl.is_zero() {
            return;
        }
        let mut map = self.lock();
        if map.len() >= self.max && !map.contains_key(&key) {
            let ttl = self.ttl;
            map.retain(|_, (at, _)| now.saturating_duration_since(*at) < ttl);
            if map.len() >= self.max {
                map.clear();
            }
        }
        map.insert(key, (now, body));
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_and_bounds() {
        let c = Cache::new(Duration::from_secs(5), 2);
        let t0 = Instant::now();
        c.put("a".into(), "1".into(), t0);
        assert_eq!(
            c.get("a", t0 + Duration::from_secs(4)).as_deref(),
            Some(&b"1"[..])
        );
        assert_eq!(c.get("a", t0 + Duration::from_secs(5)), None);
        c.put("b".into(), "2".into(), t0);
        c.put("c".into(), "3".into(), t0);
        assert!(c.len() <= 2);
        c.clear();
        assert!(c.is_empty());
    }

    #[test]
    fn zero_ttl_disables() {
        let c = Cache::new(Duration::ZERO, 8);
        let t0 = Instant::now();
        c.put("a".into(), "1".into(), t0);
        assert_eq!(c.get("a", t0), None);
    }
}
