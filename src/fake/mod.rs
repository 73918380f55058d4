//! The fake Wolkvox server: a loopback HTTP server that speaks the real `diagram_11`
//! contract and serves deterministic synthetic calls. The demo mode, the tests and the
//! benchmarks all use it, so what they show is what the real client does.

mod catalog;
pub mod fault;
pub mod generator;
mod http;
pub mod large;
pub(crate) mod rng;
pub mod server;

pub use fault::{Fault, FaultRule, When};
pub use generator::{
    CallMix, FIELD_NAMES, GeneratorConfig, RawCall, calls_between, first_calls_between,
    first_calls_with_mix, response_body,
};
pub use large::{
    large_calls, large_calls_with_mix, large_operation, large_report, large_report_with_mix,
};
pub use server::{FakeConfig, FakeServer, FakeStats};
