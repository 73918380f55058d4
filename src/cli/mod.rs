//! The command line: `fetch`, `summary`, `export` and `store`, with exit codes a
//! scheduler can act on and plain-language messages in Spanish or English.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand};

pub mod export;
pub mod fetch;
pub mod store;

use crate::i18n::{self, Lang, fill};
use crate::report::{KeyNumbers, ReadError, Report};
use crate::settings::Settings;

/// Exit codes shared by every command.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success, also with zero calls.
    Success = 0,
    /// Bad usage: a bad flag, date or server name, or an input that is not a report.
    Usage = 2,
    /// Refused by the API (token, quota, maintenance), also from a saved error body.
    Refused = 3,
    /// Partial: some ranges missing, or rows kept under a cap warning.
    Partial = 4,
    /// A file could not be read or written.
    File = 5,
    /// Nothing could be fetched.
    Nothing = 6,
}

/// A failure to report: its exit code and its message in the chosen language.
#[derive(Debug)]
pub struct Failure {
    /// The process exit code.
    pub exit: Exit,
    /// What to tell the user.
    pub message: String,
}

/// The command line's arguments.
#[derive(Debug, Parser)]
#[command(name = "wolkvox-ivr", version, about = i18n::EN.app_about)]
pub struct Cli {
    /// Language of messages: es or en (default: the saved preference, else the computer's)
    #[arg(long, global = true, value_enum, value_name = "es|en")]
    pub lang: Option<Lang>,

    /// Open the window on demo data (synthetic calls from a built-in server)
    #[arg(long)]
    pub demo: bool,

    /// What to do; without a command the window opens
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch the report from Wolkvox (or the demo server) and save it as JSON
    Fetch(FetchArgs),
    /// Print the key numbers of saved responses or of a fresh fetch
    Summary(SummaryArgs),
    /// Write calls to an Excel workbook (.xlsx) or a CSV file, in date order
    Export(export::ExportArgs),
    /// The history of calls kept on this computer: what it holds, or forget an operation's
    Store(store::StoreArgs),
}

/// Where calls come from over the network, and which dates.
#[derive(Debug, Args, Default)]
pub struct NetArgs {
    /// The operation's server number, e.g. 0002 (from wv0002.wolkvox.com)
    #[arg(long, value_name = "NNNN", conflicts_with = "demo")]
    pub server: Option<String>,

    /// Read the API token from standard input (it is never accepted as an argument)
    #[arg(long = "token-stdin", requires = "server")]
    pub token_stdin: bool,

    /// Use the built-in demo server with synthetic calls instead of Wolkvox
    #[arg(long)]
    pub demo: bool,

    /// Start: today, yesterday, -Nd, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub from: Option<String>,

    /// End (inclusive): same forms; a day alone means until 23:59:59
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub to: Option<String>,

    /// Neither read nor write the history on this computer: fetch everything from Wolkvox
    #[arg(long = "no-store")]
    pub no_store: bool,

    /// Fetch the whole range from Wolkvox again, even what is on this computer (the
    /// answers still replace what was stored)
    #[arg(long)]
    pub refetch: bool,
}

/// Arguments of `fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    #[command(flatten)]
    pub net: NetArgs,

    /// Fetch only the ranges a saved file lists as missing, and merge them into its rows
    #[arg(long = "missing-from", value_name = "FILE.json", conflicts_with_all = ["from", "to"])]
    pub missing_from: Option<PathBuf>,

    /// Where to save the rows (a diagram_11-shaped JSON file)
    #[arg(long, value_name = "FILE.json")]
    pub out: PathBuf,
}

/// Arguments of `summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Saved responses to read; several files are merged (the last copy of a call wins)
    #[arg(long, value_name = "FILE.json", num_args = 1.., conflicts_with_all = ["server", "demo"])]
    pub input: Vec<PathBuf>,

    #[command(flatten)]
    pub net: NetArgs,

    /// IVR time above this many seconds counts as long (default: saved preference, 120)
    #[arg(long = "long-ivr", value_name = "SECONDS")]
    pub long_ivr: Option<u32>,

    /// Print one JSON object instead of words
    #[arg(long)]
    pub json: bool,
}

/// Picks the language: `--lang`, else the saved preference, else the computer's locale.
pub fn choose_lang(flag: Option<Lang>, settings: &Settings) -> Lang {
    flag.or(settings.language).unwrap_or_else(Lang::from_os)
}

/// Finds `--lang X` in raw arguments, for messages about arguments clap refused.
fn lang_from_raw(args: &[OsString]) -> Option<Lang> {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value.map(str::to_ascii_lowercase).as_deref() {
            Some("es") => return Some(Lang::Es),
            Some("en") => return Some(Lang::En),
            _ => {}
        }
    }
    None
}

/// What `main` should do after parsing.
pub enum Parsed {
    /// Run this command.
    Run(Cli),
    /// Exit now with this code (help printed, or a usage error reported).
    Exit(i32),
}

/// Parses the arguments, printing help, version or a localized usage error as needed.
pub fn parse(args: Vec<OsString>, settings: &Settings) -> Parsed {
    match Cli::try_parse_from(&args) {
        Ok(cli) => Parsed::Run(cli),
        Err(err) => {
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                let _ = err.print();
                return Parsed::Exit(Exit::Success as i32);
            }
            let lang = choose_lang(lang_from_raw(&args), settings);
            eprintln!("{}", usage_message(&err, lang));
            Parsed::Exit(Exit::Usage as i32)
        }
    }
}

fn context_text(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => Some(other.to_string()),
    }
}

fn usage_message(err: &clap::Error, lang: Lang) -> String {
    let t = lang.texts();
    let arg = context_text(err, ContextKind::InvalidArg).unwrap_or_default();
    let body = match err.kind() {
        ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand => {
            let arg = if arg.is_empty() {
                context_text(err, ContextKind::InvalidSubcommand).unwrap_or_default()
            } else {
                arg
            };
            fill(t.usage_unknown_argument, &[("arg", &arg)])
        }
        ErrorKind::MissingRequiredArgument => fill(t.usage_missing_argument, &[("arg", &arg)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context_text(err, ContextKind::InvalidValue).unwrap_or_default();
            fill(
                t.usage_invalid_value,
                &[("value", &format!("\"{value}\"")), ("arg", &arg)],
            )
        }
        ErrorKind::ArgumentConflict => {
            let other = context_text(err, ContextKind::PriorArg).unwrap_or_default();
            fill(t.usage_conflict, &[("arg", &arg), ("other", &other)])
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            t.usage_missing_command.to_string()
        }
        _ => {
            let rendered = err.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            fill(t.usage_other, &[("detail", &first)])
        }
    };
    format!("{}: {body}\n{}", t.error_prefix, t.usage_hint)
}

/// Runs a parsed command; returns the exit code. Messages go to stderr, results to stdout.
pub fn run(cli: Cli, settings: &Settings) -> i32 {
    let lang = choose_lang(cli.lang, settings);
    let result = match cli.command {
        Some(Command::Summary(args)) => summary(&args, lang, settings),
        Some(Command::Fetch(args)) => fetch::run(&args, lang, settings),
        Some(Command::Export(args)) => export::run(&args, lang, settings),
        Some(Command::Store(args)) => store::run(&args, lang, settings),
        None => {
            let _ = Cli::command().print_help();
            Ok(Exit::Success)
        }
    };
    match result {
        Ok(exit) => exit as i32,
        Err(failure) => {
            eprintln!("{}: {}", lang.texts().error_prefix, failure.message);
            failure.exit as i32
        }
    }
}

/// Reads saved responses into one report, merging duplicates.
pub fn read_inputs(paths: &[PathBuf], lang: Lang) -> Result<Report, Failure> {
    let t = lang.texts();
    if paths.is_empty() {
        return Err(Failure {
            exit: Exit::Usage,
            message: t.usage_no_input.to_string(),
        });
    }
    let mut report = Report::new();
    for path in paths {
        let shown = path.display();
        let body = crate::files::read_saved(path).map_err(|e| Failure {
            exit: Exit::File,
            message: e.message(lang, path),
        })?;
        match report.ingest(&body) {
            Ok(got) => {
                tracing::info!(path = %shown, rows = got.rows, "read saved response");
                if got.not_rows > 0 {
                    eprintln!(
                        "{}: {}",
                        t.warning_prefix,
                        fill(
                            t.file_skipped_elements,
                            &[("path", &shown), ("n", &got.not_rows)]
                        )
                    );
                }
            }
            Err(e @ ReadError::Refused { .. }) => {
                return Err(Failure {
                    exit: Exit::Refused,
                    message: fill(
                        t.file_holds_error,
                        &[("path", &shown), ("detail", &e.message(lang))],
                    ),
                });
            }
            Err(e) => {
                return Err(Failure {
                    exit: Exit::Usage,
                    message: fill(
                        t.file_not_report,
                        &[("path", &shown), ("reason", &e.message(lang))],
                    ),
                });
            }
        }
    }
    Ok(report)
}

fn summary(args: &SummaryArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let (report, exit) = if args.net.server.is_some() || args.net.demo {
        let got = fetch::fetch_net(&args.net, Vec::new(), lang, settings)?;
        (got.report, got.exit)
    } else {
        (read_inputs(&args.input, lang)?, Exit::Success)
    };
    let threshold = args.long_ivr.unwrap_or(settings.long_ivr_secs);
    let numbers = KeyNumbers::of_report(&report, threshold);
    if args.json {
        let json = serde_json::to_string_pretty(&numbers).map_err(|e| Failure {
            exit: Exit::File,
            message: e.to_string(),
        })?;
        println!("{json}");
    } else {
        print!("{}", summary_text(&numbers, lang));
    }
    Ok(exit)
}

/// The key numbers in plain words.
pub fn summary_text(k: &KeyNumbers, lang: Lang) -> String {
    let t = lang.texts();
    let mut out = String::new();
    let _ = writeln!(out, "{}", t.summary_title);
    if k.calls == 0 {
        let _ = writeln!(out, "{}", t.summary_no_calls);
        return out;
    }
    let pct = |share: Option<f64>| share.map(|s| i18n::percent(lang, s));
    let dur = |v: Option<u32>| {
        v.map(|s| i18n::duration(s as u64))
            .unwrap_or_else(|| t.summary_no_value.to_string())
    };
    let durf = |v: Option<f64>| {
        v.map(i18n::duration_f)
            .unwrap_or_else(|| t.summary_no_value.to_string())
    };
    let line = |out: &mut String, label: &str, value: String| {
        let _ = writeln!(out, "  {label}: {value}");
    };
    line(&mut out, t.summary_calls, i18n::int(lang, k.calls));
    let with_pct = |n: u64, share: Option<f64>| match pct(share) {
        Some(p) => format!("{} ({p})", i18n::int(lang, n)),
        None => i18n::int(lang, n),
    };
    line(
        &mut out,
        t.summary_retained,
        with_pct(k.retained, k.retention_rate),
    );
    line(
        &mut out,
        t.summary_transferred,
        with_pct(k.transferred, k.transfer_rate),
    );
    if k.unknown_transfer > 0 {
        line(
            &mut out,
            t.summary_unknown_transfer,
            format!(
                "{} ({})",
                i18n::int(lang, k.unknown_transfer),
                fill(
                    t.summary_share_of_known,
                    &[("n", &i18n::int(lang, k.retained + k.transferred))]
                )
            ),
        );
    }
    line(
        &mut out,
        t.summary_queue_abandons,
        i18n::int(lang, k.queue_abandons),
    );
    line(
        &mut out,
        t.summary_ivr_time,
        if k.ivr_time.median.is_some() {
            fill(
                t.summary_ivr_stats,
                &[
                    ("median", &dur(k.ivr_time.median)),
                    ("p90", &dur(k.ivr_time.p90)),
                    ("mean", &durf(k.ivr_time.mean)),
                    ("max", &dur(k.ivr_time.max)),
                ],
            )
        } else {
            t.summary_no_value.to_string()
        },
    );
    line(
        &mut out,
        &fill(
            t.summary_long_ivr,
            &[("threshold", &i18n::duration(k.long_ivr.threshold as u64))],
        ),
        with_pct(k.long_ivr.calls, k.long_ivr.share),
    );
    line(&mut out, t.summary_queue_time_mean, durf(k.queue_time_mean));
    line(&mut out, t.summary_agent_time_mean, durf(k.agent_time_mean));
    line(
        &mut out,
        t.summary_repeat_calls,
        i18n::int(lang, k.repeat_calls_24h),
    );
    if k.unreadable_values > 0 {
        line(
            &mut out,
            t.summary_unreadable,
            i18n::int(lang, k.unreadable_values),
        );
    }
    if !k.by_routing_point.is_empty() {
        let _ = writeln!(out, "\n{}", t.summary_by_rp);
        let headers = i18n::routing_point_titles(t);
        let rows: Vec<[String; 6]> = k
            .by_routing_point
            .iter()
            .map(|r| {
                [
                    r.rp_id.clone().unwrap_or_else(|| "-".into()),
                    i18n::int(lang, r.calls),
                    i18n::int(lang, r.retained),
                    i18n::int(lang, r.transferred),
                    dur(r.median_ivr),
                    i18n::int(lang, r.long_ivr),
                ]
            })
            .collect();
        let mut widths = headers.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let pad = |out: &mut String, cells: [&str; 6]| {
            out.push_str("  ");
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                let n = cell.chars().count();
                let fill_n = w.saturating_sub(n);
                if i == 0 {
                    let _ = write!(out, "{cell}{}", " ".repeat(fill_n));
                } else {
                    let _ = write!(out, "  {}{cell}", " ".repeat(fill_n));
                }
            }
            out.push('\n');
        };
        pad(&mut out, headers);
        for row in &rows {
            pad(&mut out, row.each_ref().map(String::as_str));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lang_flag_is_found_even_when_parsing_fails() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_from_raw(&args(&["x", "--lang", "es", "--bad"])),
            Some(Lang::Es)
        );
        assert_eq!(lang_from_raw(&args(&["x", "--lang=EN"])), Some(Lang::En));
        assert_eq!(lang_from_raw(&args(&["x", "--lang"])), None);
        assert_eq!(lang_from_raw(&args(&["x", "--language", "es"])), None);
    }

    #[test]
    fn the_flag_beats_the_saved_preference() {
        let s = Settings {
            language: Some(Lang::En),
            ..Settings::default()
        };
        assert_eq!(choose_lang(Some(Lang::Es), &s), Lang::Es);
        assert_eq!(choose_lang(None, &s), Lang::En);
    }
}
