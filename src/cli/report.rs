//! `report`: saved responses or a fresh fetch, written as the one-file HTML page a
//! supervisor attaches to an email. Callers' data stays off the page unless asked for.

use std::path::{Path, PathBuf};

use clap::Args;

use super::compare::{PeriodArgs, Periods};
use super::{Exit, Failure, NetArgs, fetch, read_inputs_with_records};
use crate::export::page::{PageInput, PageSource, write_page};
use crate::i18n::{self, Lang, fill};
use crate::report::{Report, ViewSpec};
use crate::saved::SavedMeta;
use crate::settings::Settings;
use crate::wolkvox::when::{now_in, time_zone};

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Saved responses to read; several files are merged (the last copy of a call wins)
    #[arg(long, value_name = "FILE.json", num_args = 1.., conflicts_with_all = ["server", "demo"])]
    pub input: Vec<PathBuf>,

    /// Where calls come from over the network, and which dates
    #[command(flatten)]
    pub net: NetArgs,

    /// IVR time above this many seconds counts as long (default: saved preference, 120)
    #[arg(long = "long-ivr", value_name = "SECONDS")]
    pub long_ivr: Option<u32>,

    /// Where to write the page, FILE.html (an existing file is replaced only when the new
    /// one is complete)
    #[arg(long, value_name = "FILE.html")]
    pub out: PathBuf,

    /// Also show callers' phone numbers, customer ids and call ids (left out by default)
    #[arg(long = "with-caller-data")]
    pub with_caller_data: bool,

    /// Two periods to compare on the page, as `compare` takes them (all four or none)
    #[command(flatten)]
    pub periods: PeriodArgs,
}

/// Whether `path` names an HTML file (`.html` or `.htm`, any case).
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The calls and what they cover, from saved files or a fetch.
struct Loaded {
    report: Report,
    source: PageSource,
    meta: SavedMeta,
    exit: Exit,
}

fn load(
    args: &ReportArgs,
    periods: Option<&Periods>,
    lang: Lang,
    settings: &Settings,
) -> Result<Loaded, Failure> {
    if args.net.server.is_some() || args.net.demo {
        // Without --from/--to, a fetch brings what the two periods need.
        let ranges = match periods {
            Some(p) if args.net.from.is_none() && args.net.to.is_none() => p.ranges(),
            _ => Vec::new(),
        };
        let got = fetch::fetch_net(&args.net, ranges, lang, settings)?;
        return Ok(Loaded {
            source: super::net_source(&args.net, &got.meta),
            report: got.report,
            meta: got.meta,
            exit: got.exit,
        });
    }
    let (report, records) = read_inputs_with_records(&args.input, lang)?;
    let (source, meta) = super::inputs_source(&args.input, records);
    Ok(Loaded {
        report,
        source,
        meta,
        exit: Exit::Success,
    })
}

/// `wolkvox-ivr report`.
pub fn run(args: &ReportArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let t = lang.texts();
    // Checked before fetching, so a typo costs no request.
    if !is_html(&args.out) {
        return Err(Failure {
            exit: Exit::Usage,
            message: t.page_usage_extension.to_string(),
        });
    }
    let periods = args.periods.read(lang, settings)?;
    let loaded = load(args, periods.as_ref(), lang, settings)?;
    // Every call, in arrival order: the page orders what it lists itself.
    let rows: Vec<u32> = (0..loaded.report.len() as u32).collect();
    let filters = ViewSpec::default();
    let input = PageInput {
        report: &loaded.report,
        rows: &rows,
        long_ivr_secs: args.long_ivr.unwrap_or(settings.long_ivr_secs),
        source: loaded.source,
        requested: &loaded.meta.requested,
        missing: &loaded.meta.missing,
        capped: &loaded.meta.capped,
        filters: &filters,
        lang,
        caller_data: args.with_caller_data,
        generated: now_in(&time_zone(settings.time_zone.as_deref())),
        periods,
    };
    let calls = write_page(&input, &args.out).map_err(|e| super::export::failure(&e, lang))?;
    eprintln!(
        "{}",
        fill(
            t.page_written,
            &[
                ("n", &i18n::int(lang, calls as u64)),
                ("path", &args.out.display())
            ]
        )
    );
    Ok(loaded.exit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_html_names_are_taken() {
        for ok in ["r.html", "R.HTML", "dir/r.htm"] {
            assert!(is_html(Path::new(ok)), "{ok}");
        }
        for bad in ["r.xlsx", "r", "html", "r.html.txt"] {
            assert!(!is_html(Path::new(bad)), "{bad}");
        }
    }
}
