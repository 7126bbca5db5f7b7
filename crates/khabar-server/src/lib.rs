//! The HTTP API and web page. Placeholder until implemented. Only this crate has wire types.
