//! Calls and mean times per hour of the day, for the window's chart and the export's
//! summary sheet.

use super::call::Call;
use super::calls::Report;
use super::values::Transfer;

/// The calls of one hour of the day and their mean times, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HourNumbers {
    /// Calls that passed the routing point in this hour.
    pub calls: u64,
    /// Mean IVR time of those with a readable IVR time.
    pub mean_ivr: Option<f64>,
    /// Mean agent time of the transferred ones with a readable agent time.
    pub mean_agent: Option<f64>,
}

/// The numbers of each hour 0-23 over the calls at `rows`; calls without a readable
/// date-time belong to no hour.
pub fn hourly(report: &Report, rows: &[u32]) -> [HourNumbers; 24] {
    let mut acc = [HourAcc::default(); 24];
    let calls = report.calls();
    for call in rows.iter().filter_map(|&i| calls.get(i as usize)) {
        if let Some((hour, _)) = call.started.hour_and_weekday() {
            acc[usize::from(hour) % 24].add(call);
        }
    }
    acc.map(HourAcc::numbers)
}

/// The sums behind one hour's [`HourNumbers`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HourAcc {
    calls: u64,
    ivr_sum: u64,
    ivr_n: u64,
    agent_sum: u64,
    agent_n: u64,
}

impl HourAcc {
    /// Counts a call of this hour.
    pub(crate) fn add(&mut self, call: &Call) {
        self.calls += 1;
        if let Some(s) = call.ivr_time.get() {
            self.ivr_sum += u64::from(s);
            self.ivr_n += 1;
        }
        // Agent time means something only for calls that reached an agent, as in the
        // key numbers.
        if call.transfer == Transfer::Transferred
            && let Some(s) = call.agent_time.get()
        {
            self.agent_sum += u64::from(s);
            self.agent_n += 1;
        }
    }

    /// The hour's numbers.
    pub(crate) fn numbers(self) -> HourNumbers {
        let mean = |sum: u64, n: u64| (n > 0).then(|| sum as f64 / n as f64);
        HourNumbers {
            calls: self.calls,
            mean_ivr: mean(self.ivr_sum, self.ivr_n),
            mean_agent: mean(self.agent_sum, self.agent_n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_count_calls_and_average_readable_times() {
        let body = br#"{"code":200,"data":[
            {"conn_id":"a","end_date_rp":"2026-11-25 10:05:00","time_on_rp":"00:01:00","go_to_agent":"yes","time_with_agent":"00:02:00"},
            {"conn_id":"b","end_date_rp":"2026-11-25 10:59:59","time_on_rp":"00:03:00","go_to_agent":"no","time_with_agent":"00:10:00"},
            {"conn_id":"c","end_date_rp":"2026-11-25 23:00:00","time_on_rp":"bad","go_to_agent":"yes","time_with_agent":"-"},
            {"conn_id":"d","end_date_rp":"not a date","time_on_rp":"00:09:00"}
        ]}"#;
        let mut r = Report::new();
        r.ingest(body).unwrap();
        let h = hourly(&r, &[0, 1, 2, 3]);
        assert_eq!(h[10].calls, 2);
        assert_eq!(h[10].mean_ivr, Some(120.0));
        assert_eq!(h[10].mean_agent, Some(120.0));
        assert_eq!(h[23].calls, 1);
        assert_eq!(h[23].mean_ivr, None);
        assert_eq!(h[23].mean_agent, None);
        assert_eq!(h.iter().map(|x| x.calls).sum::<u64>(), 3);
        // Only the rows asked for count.
        assert_eq!(hourly(&r, &[1])[10].calls, 1);
    }
}
