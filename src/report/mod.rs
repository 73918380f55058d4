//! The domain: typed calls of the `diagram_11` report, their parsing, key numbers,
//! comparisons of two periods and trends.
//! No I/O and no screen here.

pub mod call;
pub mod calls;
pub mod charts;
pub mod compare;
mod flat;
mod grouping;
pub mod hourly;
pub mod key_numbers;
pub mod parse;
pub mod paths;
pub mod period;
pub mod stats;
pub mod strings;
mod tally;
pub mod trend;
pub mod values;
pub mod view;
mod walk;

pub use call::{Call, Field, FieldKind};
pub use calls::Report;
pub use compare::{Comparison, Deltas, PeriodNumbers, RoutingPointDelta};
pub use key_numbers::{DEFAULT_LONG_IVR_SECS, IvrTime, KeyNumbers, LongIvr, RoutingPointNumbers};
pub use parse::{BodyReader, Ingested, META_KEY, ReadError};
pub use period::{Period, PeriodRows};
pub use stats::{Dist, MedianDiff, RateDiff};
pub use strings::{Sym, Text};
pub use trend::{Bucket, Trend, TrendPoint, trend};
pub use values::{Reading, Secs, Stamp, Transfer};
pub use view::{RowSubset, ViewSpec, compute_view};

/// Each byte of a word set to a byte, for the readers and writers that test eight at once.
pub(crate) use flat::splat;
