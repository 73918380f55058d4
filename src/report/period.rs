//! A period: the rows whose `end_date_rp` falls between two instants, both included.
//! Comparisons cut a view into two periods; `--from`/`--to` on saved files cut one.

use super::calls::Report;
use super::values::Stamp;

/// From one instant to another, both included (the operation's wall clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first second in the period.
    pub from: Stamp,
    /// The last second in the period.
    pub to: Stamp,
}

/// The rows of a view inside a period, and how many rows were left out because their
/// date could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodRows {
    /// Indices into the report, in the view's order.
    pub rows: Vec<u32>,
    /// Rows of the view without a readable date (in no period).
    pub undated: u64,
}

impl Period {
    /// The period from `from` to `to`; `None` when either is not a readable instant or
    /// `to` is before `from`.
    pub fn new(from: Stamp, to: Stamp) -> Option<Period> {
        let (f, t) = (from.seconds()?, to.seconds()?);
        (f <= t).then_some(Period { from, to })
    }

    /// Everything from `from` on, everything until `to`, or both; every dated row when
    /// neither is given.
    pub fn open(from: Option<Stamp>, to: Option<Stamp>) -> Option<Period> {
        let first = Stamp::from_parts(1, 1, 1, 0, 0, 0)?;
        let last = Stamp::from_parts(9999, 12, 31, 23, 59, 59)?;
        Period::new(from.unwrap_or(first), to.unwrap_or(last))
    }

    /// Whether `at` falls in the period (a stamp without a value never does).
    pub fn contains(&self, at: Stamp) -> bool {
        match (at.seconds(), self.from.seconds(), self.to.seconds()) {
            (Some(s), Some(f), Some(t)) => f <= s && s <= t,
            _ => false,
        }
    }

    /// Whether the two periods share at least one second.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    /// The rows of `rows` (indices into `report`) inside the period, in their order.
    pub fn rows_in(&self, report: &Report, rows: &[u32]) -> PeriodRows {
        let calls = report.calls();
        let (Some(f), Some(t)) = (self.from.seconds(), self.to.seconds()) else {
            return PeriodRows::default();
        };
        let mut out = PeriodRows::default();
        for &i in rows {
            let Some(call) = calls.get(i as usize) else {
                continue;
            };
            match call.started.seconds() {
                Some(s) if f <= s && s <= t => out.rows.push(i),
                Some(_) => {}
                None => out.undated += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32, s: u32) -> Stamp {
        Stamp::from_parts(2026, 11, d, h, m, s).unwrap()
    }

    #[test]
    fn both_ends_are_included_and_undated_rows_are_counted() {
        let body = br#"{"code":200,"data":[
            {"conn_id":"a","end_date_rp":"2026-11-09 23:59:59"},
            {"conn_id":"b","end_date_rp":"2026-11-10 00:00:00"},
            {"conn_id":"c","end_date_rp":"2026-11-12 23:59:59"},
            {"conn_id":"d","end_date_rp":"2026-11-13 00:00:00"},
            {"conn_id":"e","end_date_rp":"-"},
            {"conn_id":"f","end_date_rp":"yesterday-ish"}
        ]}"#;
        let mut r = Report::new();
        r.ingest(body).unwrap();
        let p = Period::new(at(10, 0, 0, 0), at(12, 23, 59, 59)).unwrap();
        let got = p.rows_in(&r, &[0, 1, 2, 3, 4, 5]);
        assert_eq!(got.rows, vec![1, 2]);
        assert_eq!(got.undated, 2);
        // Only the view's rows are looked at, in its order.
        assert_eq!(p.rows_in(&r, &[2, 1]).rows, vec![2, 1]);
        let all = Period::open(None, None).unwrap();
        assert_eq!(all.rows_in(&r, &[0, 1, 2, 3, 4, 5]).rows.len(), 4);
        let from = Period::open(Some(at(12, 0, 0, 0)), None).unwrap();
        assert_eq!(from.rows_in(&r, &[0, 1, 2, 3, 4, 5]).rows, vec![2, 3]);
    }

    #[test]
    fn backwards_periods_do_not_exist_and_touching_ones_overlap() {
        assert!(Period::new(at(12, 0, 0, 0), at(10, 0, 0, 0)).is_none());
        assert!(Period::new(Stamp::NONE, at(10, 0, 0, 0)).is_none());
        let a = Period::new(at(1, 0, 0, 0), at(7, 23, 59, 59)).unwrap();
        let b = Period::new(at(7, 23, 59, 59), at(14, 0, 0, 0)).unwrap();
        let c = Period::new(at(8, 0, 0, 0), at(14, 0, 0, 0)).unwrap();
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c));
        assert!(a.contains(at(7, 23, 59, 59)) && !a.contains(at(8, 0, 0, 0)));
    }
}
