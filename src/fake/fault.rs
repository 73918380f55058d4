//! Faults the fake server can be told to produce, and when.

use std::time::Duration;

/// A way for one response to go wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait this long before answering, then answer normally.
    Latency(Duration),
    /// HTTP 500 with a JSON error envelope.
    ServerError500,
    /// The normal answer's headers (full `Content-Length`), half its body, then close.
    DropMidBody,
    /// HTTP 200 whose body is not JSON (a PHP warning followed by broken JSON).
    Malformed,
    /// The normal answer cut in half, with a `Content-Length` that matches the cut.
    Truncated,
    /// HTTP 502 with an HTML page, as a proxy in front of the API answers.
    HtmlErrorPage,
    /// HTTP 403 with a maintenance message (maintenance and backup windows).
    Maintenance,
    /// HTTP 403 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)".
    Busy,
    /// HTTP 404 "Validate dates entered", as if the range held no calls.
    NoRows,
    /// Headers announcing a 300,000,000-byte body, a few kilobytes of it, then close.
    Oversized,
    /// The normal answer, sent at this many bytes per second.
    Trickle {
        /// Sending rate; 0 is treated as 1.
        bytes_per_sec: usize,
    },
    /// Read the request and never answer (until the server shuts down).
    Hang,
    /// A redirect (301, 302, 303, 307 or 308) to `location`, as a hijacked address or a
    /// misconfigured proxy answers; a client that followed it would carry the token there.
    Redirect {
        /// The HTTP status; anything outside 300-399 is sent as 302.
        status: u16,
        /// The `Location` header.
        location: String,
    },
}

impl Fault {
    /// Whether the normal answer is still computed (and the request checked, counted
    /// against the quota and in flight) with this fault only changing its delivery.
    pub(crate) fn wraps_normal_answer(&self) -> bool {
        matches!(
            self,
            Fault::Latency(_)
                | Fault::DropMidBody
                | Fault::Truncated
                | Fault::Oversized
                | Fault::Trickle { .. }
        )
    }
}

/// Which requests a rule applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// The n-th request the server received (1-based, counting every request).
    Nth(u64),
    /// Requests whose `date_ini` parameter is exactly this text.
    DateIni(String),
    /// Every request.
    Always,
}

/// A fault, the requests it applies to, and how many times it may fire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultRule {
    /// Which requests.
    pub when: When,
    /// What goes wrong.
    pub fault: Fault,
    /// How many requests it may still affect; `None` for no limit.
    pub times: Option<u32>,
}

impl FaultRule {
    /// A rule that applies to every matching request, with no limit.
    pub fn new(when: When, fault: Fault) -> FaultRule {
        FaultRule {
            when,
            fault,
            times: None,
        }
    }

    /// The same rule, limited to `times` requests.
    pub fn times(self, times: u32) -> FaultRule {
        FaultRule {
            times: Some(times),
            ..self
        }
    }
}

/// The rules in the order they were injected; the first matching rule wins.
#[derive(Debug, Default)]
pub(crate) struct FaultRules {
    rules: Vec<FaultRule>,
}

impl FaultRules {
    pub(crate) fn push(&mut self, rule: FaultRule) {
        if rule.times != Some(0) {
            self.rules.push(rule);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    /// The fault for request number `n` with this `date_ini`, using up one of its times.
    pub(crate) fn take(&mut self, n: u64, date_ini: Option<&str>) -> Option<Fault> {
        let i = self.rules.iter().position(|r| match &r.when {
            When::Nth(k) => *k == n,
            When::DateIni(d) => date_ini == Some(d.as_str()),
            When::Always => true,
        })?;
        let rule = &mut self.rules[i];
        let fault = rule.fault.clone();
        if let Some(t) = rule.times.as_mut() {
            *t = t.saturating_sub(1);
            if *t == 0 {
                self.rules.remove(i);
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_rule_wins_and_times_run_out() {
        let mut rules = FaultRules::default();
        rules.push(FaultRule::new(When::Nth(2), Fault::Hang));
        rules.push(FaultRule::new(When::DateIni("20260101000000".into()), Fault::NoRows).times(1));
        rules.push(FaultRule::new(When::Always, Fault::Busy).times(2));
        rules.push(FaultRule::new(When::Always, Fault::Malformed).times(0));

        assert_eq!(rules.take(1, Some("20260101000000")), Some(Fault::NoRows));
        assert_eq!(rules.take(2, Some("20260101000000")), Some(Fault::Hang));
        assert_eq!(rules.take(3, Some("20260101000000")), Some(Fault::Busy));
        assert_eq!(rules.take(4, None), Some(Fault::Busy));
        assert_eq!(rules.take(5, None), None);
        assert_eq!(
            rules.take(2, None),
            Some(Fault::Hang),
            "an unlimited rule stays"
        );
        rules.clear();
        assert_eq!(rules.take(2, None), None);
    }
}
