//! The store. Placeholder until implemented. Only this crate knows SQL.
