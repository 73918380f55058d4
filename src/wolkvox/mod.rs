//! The Wolkvox reports API: server names, one request, its errors, range planning and
//! the dates people type.

pub mod client;
pub mod error;
pub mod plan;
pub mod server;
pub mod when;

pub use client::{Client, Endpoint, Fetched, MAX_BODY_BYTES, ROW_CAP};
pub use error::{ApiError, Retry};
pub use plan::{TimeRange, plan};
pub use server::{ServerName, ServerNameError};
