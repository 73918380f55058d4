//! The trend: the key counts and rates per hour, day or week of a view, for all calls or
//! one routing point. Only buckets that have rows appear; rows without a readable date
//! are counted apart, in no bucket.

use rustc_hash::FxHashMap;

use super::calls::Report;
use super::key_numbers::nearest_rank;
use super::tally::{AbandonTest, Tally};
use super::values::Stamp;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// Up to this many days, a trend reads best per hour.
const HOURLY_UP_TO_DAYS: i64 = 2;
/// Past this many days, a trend reads best per week.
const WEEKLY_PAST_DAYS: i64 = 120;

/// How long each point of a trend is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// One clock hour.
    Hour,
    /// One calendar day (the date part of `end_date_rp`).
    Day,
    /// Monday to Sunday.
    Week,
}

impl Bucket {
    /// The bucket that suits a range of `days` calendar days: per hour for one or two,
    /// per week past 120, per day otherwise.
    pub fn for_days(days: i64) -> Bucket {
        if days <= HOURLY_UP_TO_DAYS {
            Bucket::Hour
        } else if days > WEEKLY_PAST_DAYS {
            Bucket::Week
        } else {
            Bucket::Day
        }
    }

    /// The bucket's number of a time in seconds (its start divided by its length; weeks
    /// counted from a Monday).
    fn key(self, secs: i64) -> i64 {
        match self {
            Bucket::Hour => secs.div_euclid(HOUR),
            Bucket::Day => secs.div_euclid(DAY),
            // 1970-01-01 was a Thursday: three days after a Monday.
            Bucket::Week => (secs.div_euclid(DAY) + 3).div_euclid(7),
        }
    }

    /// The first second of bucket number `key`.
    fn start(self, key: i64) -> i64 {
        match self {
            Bucket::Hour => key * HOUR,
            Bucket::Day => key * DAY,
            Bucket::Week => (key * 7 - 3) * DAY,
        }
    }
}

/// One bucket of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// The bucket's first second (the hour, the day at 00:00, the Monday at 00:00).
    pub start: Stamp,
    /// Rows.
    pub calls: u64,
    /// Rows that stayed in the IVR.
    pub retained: u64,
    /// Rows sent to an agent.
    pub transferred: u64,
    /// Retained / (retained + transferred); `None` when both are 0.
    pub retention_rate: Option<f64>,
    /// Transferred / (retained + transferred); `None` when both are 0.
    pub transfer_rate: Option<f64>,
    /// Median IVR time in seconds (nearest rank) of the readable ones.
    pub median_ivr: Option<u32>,
    /// 90th percentile of the IVR time (nearest rank).
    pub p90_ivr: Option<u32>,
    /// Rows with a readable IVR time.
    pub ivr_readable: u64,
    /// Rows whose IVR time is above the threshold.
    pub long_ivr_calls: u64,
    /// Long-IVR rows / rows with a readable IVR time.
    pub long_ivr_share: Option<f64>,
    /// Retained rows that reached a skill: callers who left while queued.
    pub queue_abandons: u64,
}

impl TrendPoint {
    /// The calendar date the bucket starts on.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        self.start.civil().map(|dt| dt.date())
    }
}

/// The trend of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// How long each point is.
    pub bucket: Bucket,
    /// The buckets that have rows, in time order.
    pub points: Vec<TrendPoint>,
    /// Rows counted without a readable date, in no bucket.
    pub undated: u64,
}

/// The trend of the rows at `rows` (indices into `report`) per `bucket`; only the rows
/// of `routing_point` (its id as received) when one is given.
pub fn trend(
    report: &Report,
    rows: &[u32],
    bucket: Bucket,
    long_ivr_secs: u32,
    routing_point: Option<&str>,
) -> Trend {
    let only = match routing_point {
        // Asked for a routing point no row has: nothing matches.
        Some(rp) => match report.find_sym(rp) {
            Some(sym) => Some(sym),
            None => {
                return Trend {
                    bucket,
                    points: Vec::new(),
                    undated: 0,
                };
            }
        },
        None => None,
    };
    let calls = report.calls();
    let mut abandons = AbandonTest::new(report);
    let mut index: FxHashMap<i64, usize> = FxHashMap::default();
    let mut tallies: Vec<(i64, Tally)> = Vec::new();
    let mut undated = 0u64;
    // Views are mostly in date order: a run of rows of one bucket needs one look-up.
    let mut last: Option<(i64, usize)> = None;
    for &i in rows {
        let Some(call) = calls.get(i as usize) else {
            continue;
        };
        if only.is_some_and(|s| s != call.rp_id) {
            continue;
        }
        let Some(secs) = call.started.seconds() else {
            undated += 1;
            continue;
        };
        let key = bucket.key(secs);
        let at = match last {
            Some((k, at)) if k == key => at,
            _ => {
                let at = *index.entry(key).or_insert_with(|| {
                    tallies.push((key, Tally::default()));
                    tallies.len() - 1
                });
                last = Some((key, at));
                at
            }
        };
        tallies[at]
            .1
            .add(report, call, &mut abandons, long_ivr_secs);
    }
    tallies.sort_unstable_by_key(|(k, _)| *k);
    let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let points = tallies
        .into_iter()
        .map(|(key, mut t)| {
            let known = t.known();
            let readable = t.ivr.len() as u64;
            TrendPoint {
                start: Stamp::from_seconds(bucket.start(key)),
                calls: t.calls,
                retained: t.retained,
                transferred: t.transferred,
                retention_rate: share(t.retained, known),
                transfer_rate: share(t.transferred, known),
                median_ivr: nearest_rank(&mut t.ivr, 50),
                p90_ivr: nearest_rank(&mut t.ivr, 90),
                ivr_readable: readable,
                long_ivr_calls: t.long,
                long_ivr_share: share(t.long, readable),
                queue_abandons: t.queue_abandons,
            }
        })
        .collect();
    Trend {
        bucket,
        points,
        undated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let body = br#"{"code":200,"data":[
            {"conn_id":"1","rp_id":"RP_MENU","end_date_rp":"2026-11-24 23:59:59","time_on_rp":"00:00:30","go_to_agent":"no","skill_id":"-","time_on_skill":"0"},
            {"conn_id":"2","rp_id":"RP_MENU","end_date_rp":"2026-11-25 00:00:00","time_on_rp":"00:03:00","go_to_agent":"yes"},
            {"conn_id":"3","rp_id":"RP_PAGOS","end_date_rp":"2026-11-25 08:10:00","time_on_rp":"00:01:00","go_to_agent":"no","skill_id":"SK1"},
            {"conn_id":"4","rp_id":"RP_PAGOS","end_date_rp":"2026-11-25 08:50:00","time_on_rp":"bad","go_to_agent":"-"},
            {"conn_id":"5","rp_id":"RP_MENU","end_date_rp":"2026-11-30 09:00:00","time_on_rp":"00:00:20","go_to_agent":"yes"},
            {"conn_id":"6","rp_id":"RP_MENU","end_date_rp":"-","time_on_rp":"00:00:20","go_to_agent":"yes"},
            {"conn_id":"7","rp_id":"RP_MENU","end_date_rp":"2026-11-25 07:00:00","time_on_rp":"00:00:40","go_to_agent":"no","skill_id":"-","time_on_skill":"00:00:05"}
        ]}"#;
        let mut r = Report::new();
        r.ingest(body).unwrap();
        r
    }

    fn all(r: &Report) -> Vec<u32> {
        (0..r.len() as u32).collect()
    }

    fn day(p: &TrendPoint) -> String {
        p.date().map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn one_point_per_day_with_rows_in_date_order() {
        let r = report();
        let t = trend(&r, &all(&r), Bucket::Day, 120, None);
        let days: Vec<String> = t.points.iter().map(day).collect();
        assert_eq!(days, ["2026-11-24", "2026-11-25", "2026-11-30"]);
        assert_eq!(t.undated, 1);
        let p = &t.points[1];
        assert_eq!(p.calls, 4);
        assert_eq!((p.retained, p.transferred), (2, 1));
        assert_eq!(p.retention_rate, Some(2.0 / 3.0));
        // 40, 60, 180 seconds; the unreadable one has no time.
        assert_eq!(p.ivr_readable, 3);
        assert_eq!(p.median_ivr, Some(60));
        assert_eq!(p.p90_ivr, Some(180));
        assert_eq!(p.long_ivr_calls, 1);
        // Both retained rows left while queued: one with a skill, one with queue time.
        assert_eq!(p.queue_abandons, 2);
        let first = &t.points[0];
        assert_eq!(first.queue_abandons, 0);
        assert_eq!(first.retention_rate, Some(1.0));
    }

    #[test]
    fn hours_weeks_and_one_routing_point() {
        let r = report();
        let hours = trend(&r, &all(&r), Bucket::Hour, 120, None);
        assert_eq!(hours.points.len(), 5);
        assert_eq!(
            hours.points[2].start.civil().unwrap().to_string(),
            "2026-11-25T07:00:00"
        );
        assert_eq!(hours.points[3].calls, 2);
        let weeks = trend(&r, &all(&r), Bucket::Week, 120, None);
        // 2026-11-23 and 2026-11-30 are Mondays.
        let starts: Vec<String> = weeks.points.iter().map(day).collect();
        assert_eq!(starts, ["2026-11-23", "2026-11-30"]);
        assert_eq!(weeks.points[0].calls, 5);
        let pagos = trend(&r, &all(&r), Bucket::Day, 120, Some("RP_PAGOS"));
        assert_eq!(pagos.points.len(), 1);
        assert_eq!(pagos.points[0].calls, 2);
        assert_eq!(pagos.points[0].retention_rate, Some(1.0));
        assert_eq!(pagos.undated, 0);
        let menu = trend(&r, &all(&r), Bucket::Day, 120, Some("RP_MENU"));
        assert_eq!(menu.undated, 1);
        let nobody = trend(&r, &all(&r), Bucket::Day, 120, Some("RP_NONE"));
        assert!(nobody.points.is_empty());
    }

    #[test]
    fn nothing_to_compute_from_is_none() {
        let r = report();
        // Row 3 alone: unknown transfer and an unreadable IVR time.
        let t = trend(&r, &[3], Bucket::Day, 120, None);
        let p = &t.points[0];
        assert_eq!(p.calls, 1);
        assert_eq!(p.retention_rate, None);
        assert_eq!(p.median_ivr, None);
        assert_eq!(p.p90_ivr, None);
        assert_eq!(p.long_ivr_share, None);
        assert!(trend(&r, &[], Bucket::Day, 120, None).points.is_empty());
    }

    #[test]
    fn the_bucket_follows_the_range() {
        assert_eq!(Bucket::for_days(1), Bucket::Hour);
        assert_eq!(Bucket::for_days(2), Bucket::Hour);
        assert_eq!(Bucket::for_days(3), Bucket::Day);
        assert_eq!(Bucket::for_days(120), Bucket::Day);
        assert_eq!(Bucket::for_days(121), Bucket::Week);
    }
}
