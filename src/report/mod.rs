//! The domain: typed calls of the `diagram_11` report, their parsing and key numbers.
//! No I/O and no screen here.

pub mod call;
pub mod calls;
pub mod charts;
pub mod hourly;
pub mod key_numbers;
pub mod parse;
pub mod paths;
pub mod strings;
pub mod values;
pub mod view;
mod walk;

pub use call::{Call, Field, FieldKind};
pub use calls::Report;
pub use key_numbers::{DEFAULT_LONG_IVR_SECS, IvrTime, KeyNumbers, LongIvr, RoutingPointNumbers};
pub use parse::{BodyReader, Ingested, META_KEY, ReadError};
pub use strings::{Sym, Text};
pub use values::{Reading, Secs, Stamp, Transfer};
pub use view::{ViewSpec, compute_view};
