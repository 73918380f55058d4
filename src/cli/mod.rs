//! The command line: `fetch`, `summary`, `compare`, `export`, `report` and `store`, with exit codes a
//! scheduler can act on and plain-language messages in Spanish or English.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand};

pub mod compare;
pub mod export;
pub mod fetch;
pub mod report;
pub mod store;

use serde::Serialize;

use crate::export::page::PageSource;
use crate::i18n::{self, Lang, fill};
use crate::report::paths::{JSON_PATHS, PathLine, Paths, TEXT_PATHS};
use crate::report::{Bucket, KeyNumbers, Period, ReadError, Report, Stamp, trend};
use crate::saved::SavedMeta;
use crate::settings::Settings;
use crate::wolkvox::TimeRange;
use crate::wolkvox::when::{End, now_in, parse_when, time_zone};
use crate::workspace::Provenance;

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

/// `--lang`'s values; the core's [`Lang`] knows nothing of the command line.
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(["es", "en"]).map(|s| match s.as_str() {
        "es" => Lang::Es,
        _ => Lang::En,
    })
}

/// `--format`'s values, named for the command line.
pub(crate) fn format_parser() -> impl clap::builder::TypedValueParser<Value = crate::export::Format>
{
    use crate::export::Format;
    clap::builder::PossibleValuesParser::new(["xlsx", "csv", "csv-plain"]).map(|s| {
        match s.as_str() {
            "xlsx" => Format::Xlsx,
            "csv" => Format::CsvExcel,
            _ => Format::CsvPlain,
        }
    })
}

/// The exit code when `e` ends a command with nothing fetched: refused when the API said
/// no, nothing when it could not be reached or answered oddly.
pub fn exit_for(e: &crate::wolkvox::ApiError) -> Exit {
    if e.is_refusal() {
        Exit::Refused
    } else {
        Exit::Nothing
    }
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
    #[arg(long, global = true, value_parser = lang_parser(), value_name = "es|en")]
    pub lang: Option<Lang>,

    /// Open the window on demo data (synthetic calls from a built-in server)
    #[arg(long)]
    pub demo: bool,

    /// The history to use: a team's shared PostgreSQL database,
    /// postgres://user@host:port/db (no password: it comes from the keychain, PGPASSWORD
    /// or ~/.pgpass), or `local` for this computer's; default: WOLKVOX_IVR_STORE_URL, else
    /// the saved choice
    #[arg(long, global = true, value_name = "URL")]
    pub store: Option<String>,

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
    /// Compare two periods: did retention, transfers or IVR time change beyond chance?
    Compare(compare::CompareArgs),
    /// Write the report page to send upward: one HTML file with the key numbers and charts
    Report(report::ReportArgs),
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

    /// Start: today, yesterday, -Nd, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]; with --input,
    /// only calls from then on are counted
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub from: Option<String>,

    /// End (inclusive): same forms; a day alone means until 23:59:59; with --input, only
    /// calls until then are counted
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
    /// Run this command (boxed: the parsed arguments are large next to an exit code).
    Run(Box<Cli>),
    /// Exit now with this code (help printed, or a usage error reported).
    Exit(i32),
}

/// Parses the arguments, printing help, version or a localized usage error as needed.
pub fn parse(args: Vec<OsString>, settings: &Settings) -> Parsed {
    match Cli::try_parse_from(&args) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
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
    let settings = &match store::choose(cli.store.as_deref(), settings, lang) {
        Ok(s) => s,
        Err(failure) => {
            eprintln!("{}: {}", lang.texts().error_prefix, failure.message);
            return failure.exit as i32;
        }
    };
    let result = match cli.command {
        Some(Command::Summary(args)) => summary(&args, lang, settings),
        Some(Command::Fetch(args)) => fetch::run(&args, lang, settings),
        Some(Command::Export(args)) => export::run(&args, lang, settings),
        Some(Command::Compare(args)) => compare::run(&args, lang, settings),
        Some(Command::Report(args)) => report::run(&args, lang, settings),
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
    read_inputs_with_records(paths, lang).map(|(report, _)| report)
}

/// Like [`read_inputs`], also returning what each file records of its ranges (`None` for
/// a file that is a plain answer of the API).
pub fn read_inputs_with_records(
    paths: &[PathBuf],
    lang: Lang,
) -> Result<(Report, Vec<Option<SavedMeta>>), Failure> {
    let t = lang.texts();
    if paths.is_empty() {
        return Err(Failure {
            exit: Exit::Usage,
            message: t.usage_no_input.to_string(),
        });
    }
    let mut report = Report::new();
    let mut records = Vec::with_capacity(paths.len());
    for path in paths {
        let shown = path.display();
        let body = crate::files::read_saved_once(path).map_err(|e| Failure {
            exit: Exit::File,
            message: e.message(lang, path),
        })?;
        match report.ingest_telling(&body, &|read| body.give_back(read)) {
            Ok(got) => {
                tracing::info!(path = %shown, rows = got.rows, "read saved response");
                records.push(SavedMeta::from_ingested(&got));
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
    Ok((report, records))
}

fn summary(args: &SummaryArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let loaded = load(&args.input, &args.net, Vec::new(), lang, settings)?;
    let threshold = args.long_ivr.unwrap_or(settings.long_ivr_secs);
    if args.json {
        print_json(&SummaryJson::of(&loaded.report, &loaded.rows, threshold))?;
    } else {
        if crate::cores() >= 2 {
            loaded.report.prepare_orders();
        }
        let numbers = KeyNumbers::of_rows(&loaded.report, &loaded.rows, threshold);
        print!("{}", summary_text(&numbers, lang));
        let paths = Paths::of_rows(&loaded.report, &loaded.rows, threshold);
        print!("{}", paths_text(&loaded.report, &paths, lang));
    }
    let exit = loaded.exit;
    leave_to_exit(loaded);
    Ok(exit)
}

/// Leaves `value` for the operating system to free: the process ends right after the
/// command, and freeing a million calls piece by piece would only make it end later.
pub(crate) fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Prints `value` as pretty JSON on stdout.
pub(crate) fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value).map_err(|e| Failure {
        exit: Exit::File,
        message: e.to_string(),
    })?;
    println!("{json}");
    Ok(())
}

/// The object `summary --json` prints (and `compare --json` prints for each period): the
/// key numbers and the trend per day, which count rows, and the paths, which count calls
/// (distinct call ids).
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    /// The key numbers, at the top level of the object.
    #[serde(flatten)]
    pub numbers: KeyNumbers,
    /// One entry per date with at least one row, in date order.
    pub by_day: Vec<DayJson>,
    /// Rows without a readable date, in no day.
    pub undated_calls: u64,
    /// Distinct calls (call ids; rows without one are calls of their own).
    pub distinct_calls: u64,
    /// Calls through two routing points or more.
    pub multi_step_calls: u64,
    /// The most frequent paths, most calls first.
    pub paths: Vec<PathLine>,
    /// How many distinct paths exist.
    pub paths_total: usize,
}

/// One day of `by_day`.
#[derive(Debug, Serialize)]
pub struct DayJson {
    /// `YYYY-MM-DD`, the date part of `end_date_rp`.
    pub date: String,
    /// Rows.
    pub calls: u64,
    /// Rows that stayed in the IVR.
    pub retained: u64,
    /// Rows sent to an agent.
    pub transferred: u64,
    /// Retained / (retained + transferred).
    pub retention_rate: Option<f64>,
    /// Median IVR time in seconds (nearest rank).
    pub median_ivr: Option<u32>,
    /// 90th percentile of the IVR time in seconds (nearest rank).
    pub p90_ivr: Option<u32>,
    /// Rows whose IVR time is above the threshold.
    pub long_ivr_calls: u64,
    /// Retained rows that reached a skill.
    pub queue_abandons: u64,
}

impl SummaryJson {
    /// The summary of the rows at `rows` (indices into `report`).
    pub fn of(report: &Report, rows: &[u32], long_ivr_secs: u32) -> SummaryJson {
        // On one core the grouping into calls, then the trend and the paths; on another
        // the key numbers, whose repeat-call count groups the calls by caller and then
        // waits for the grouping into calls.
        let ((days, paths), numbers) = crate::join(
            || {
                report.call_groups();
                (
                    trend(report, rows, Bucket::Day, long_ivr_secs, None),
                    Paths::of_rows(report, rows, long_ivr_secs),
                )
            },
            || KeyNumbers::of_rows(report, rows, long_ivr_secs),
        );
        SummaryJson {
            numbers,
            by_day: days
                .points
                .iter()
                .map(|p| DayJson {
                    date: p.date().map(|d| d.to_string()).unwrap_or_default(),
                    calls: p.calls,
                    retained: p.retained,
                    transferred: p.transferred,
                    retention_rate: p.retention_rate,
                    median_ivr: p.median_ivr,
                    p90_ivr: p.p90_ivr,
                    long_ivr_calls: p.long_ivr_calls,
                    queue_abandons: p.queue_abandons,
                })
                .collect(),
            undated_calls: days.undated,
            distinct_calls: paths.distinct_calls,
            multi_step_calls: paths.multi_step_calls,
            paths: paths.lines(report, JSON_PATHS),
            paths_total: paths.total(),
        }
    }
}

/// Calls read or fetched, and which of them the command counts.
pub struct Loaded {
    /// Every call read or fetched.
    pub report: Report,
    /// The calls to count (indices into `report`): all, or those in `--from`/`--to`.
    pub rows: Vec<u32>,
    /// Success, or partial when a fetch missed something.
    pub exit: Exit,
    /// Where the calls come from: the demo, a server, or the files read.
    pub source: PageSource,
    /// What the fetch or the files record of the ranges asked, missing and when loaded.
    pub meta: SavedMeta,
}

impl Loaded {
    /// Where the calls come from, as the summary sheet of a workbook states it.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            source: self.source.clone(),
            requested: self.meta.requested.clone(),
            loaded_at: self.meta.loaded_at,
            missing: self.meta.missing.clone(),
        }
    }
}

/// The source of calls fetched with `net`: the demo or the server the fetch names.
pub fn net_source(net: &NetArgs, meta: &SavedMeta) -> PageSource {
    if net.demo {
        PageSource::Demo
    } else {
        PageSource::Server(meta.server.clone().unwrap_or_default())
    }
}

/// The source and the joined records of the files `input` (read into `records`): one
/// server for every file names the source; anything else is named by its files.
pub fn inputs_source(
    input: &[PathBuf],
    records: Vec<Option<SavedMeta>>,
) -> (PageSource, SavedMeta) {
    let names: Vec<String> = input
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let first = records.first().and_then(|r| r.as_ref()?.server.clone());
    let same = records
        .iter()
        .all(|r| r.as_ref().and_then(|m| m.server.as_ref()) == first.as_ref());
    let source = PageSource::from_saved(same.then_some(first).flatten().as_deref(), names);
    let mut meta = SavedMeta::default();
    for m in records.into_iter().flatten() {
        meta.requested.extend(m.requested);
        meta.missing.extend(m.missing);
        meta.capped.extend(m.capped);
        meta.loaded_at = meta.loaded_at.max(m.loaded_at);
    }
    meta.requested.sort();
    meta.requested.dedup();
    meta.missing.sort();
    meta.missing.dedup();
    (source, meta)
}

/// Reads the `--input` files or fetches from `net` (its own range, or `ranges` when
/// given). Saved files hold whatever dates they hold, so with `--input` the `--from` and
/// `--to` dates keep only the calls between them, saying on stderr how many calls had no
/// date to tell.
pub fn load(
    input: &[PathBuf],
    net: &NetArgs,
    ranges: Vec<TimeRange>,
    lang: Lang,
    settings: &Settings,
) -> Result<Loaded, Failure> {
    if net.server.is_some() || net.demo {
        let got = fetch::fetch_net(net, ranges, lang, settings)?;
        let rows = (0..got.report.len() as u32).collect();
        return Ok(Loaded {
            source: net_source(net, &got.meta),
            report: got.report,
            rows,
            exit: got.exit,
            meta: got.meta,
        });
    }
    let (report, records) = read_inputs_with_records(input, lang)?;
    let (source, meta) = inputs_source(input, records);
    let all: Vec<u32> = (0..report.len() as u32).collect();
    let rows = match dates_filter(net, lang, settings)? {
        Some(period) => keep_dated(&report, &all, &period, lang),
        None => all,
    };
    Ok(Loaded {
        report,
        rows,
        exit: Exit::Success,
        source,
        meta,
    })
}

/// The period `--from`/`--to` ask for, when either is given.
pub fn dates_filter(
    net: &NetArgs,
    lang: Lang,
    settings: &Settings,
) -> Result<Option<Period>, Failure> {
    if net.from.is_none() && net.to.is_none() {
        return Ok(None);
    }
    let from = net
        .from
        .as_deref()
        .map(|s| when(s, End::From, lang, settings))
        .transpose()?;
    let to = net
        .to
        .as_deref()
        .map(|s| when(s, End::To, lang, settings))
        .transpose()?;
    Period::open(from, to)
        .map(Some)
        .ok_or_else(|| usage(lang.texts().usage_range_backwards.to_string()))
}

/// The rows of `rows` inside `period`, telling stderr how many had no readable date.
pub fn keep_dated(report: &Report, rows: &[u32], period: &Period, lang: Lang) -> Vec<u32> {
    let kept = period.rows_in(report, rows);
    warn_undated(kept.undated, lang);
    kept.rows
}

/// Says on stderr that `n` calls without a readable date were left out, if any were.
pub fn warn_undated(n: u64, lang: Lang) {
    if n > 0 {
        let t = lang.texts();
        eprintln!(
            "{}: {}",
            t.warning_prefix,
            fill(t.dates_left_out, &[("n", &i18n::int(lang, n))])
        );
    }
}

/// A typed date or time for `end` of a range, in the operation's time zone.
pub fn when(text: &str, end: End, lang: Lang, settings: &Settings) -> Result<Stamp, Failure> {
    let today = now_in(&time_zone(settings.time_zone.as_deref())).date();
    parse_when(text, end, today).map_err(|e| usage(e.message(lang)))
}

/// A usage failure (exit 2) with `message`.
pub(crate) fn usage(message: String) -> Failure {
    Failure {
        exit: Exit::Usage,
        message,
    }
}

/// The steps of a path as one line of text; a very long path shows its first steps
/// and how many more it has.
pub fn path_text(steps: &[String], lang: Lang) -> String {
    const SHOWN: usize = 8;
    if steps.len() <= SHOWN {
        return steps.join(" → ");
    }
    let more = fill(
        lang.texts().paths_more_steps,
        &[("n", &i18n::int(lang, (steps.len() - SHOWN) as u64))],
    );
    format!("{} → … ({more})", steps[..SHOWN].join(" → "))
}

/// The "Paths" section of the text summary: calls, multi-step calls and the most
/// frequent paths, said to count calls and not rows. Empty without calls.
pub fn paths_text(report: &Report, paths: &Paths, lang: Lang) -> String {
    let t = lang.texts();
    let mut out = String::new();
    if paths.distinct_calls == 0 {
        return out;
    }
    let dur = |v: Option<u64>| {
        v.map(i18n::duration)
            .unwrap_or_else(|| t.summary_no_value.to_string())
    };
    let _ = writeln!(out, "\n{}", t.paths_title);
    let _ = writeln!(out, "  {}", t.paths_counted_in_calls);
    for (label, n) in [
        (t.paths_distinct_calls, paths.distinct_calls),
        (t.paths_multi_step_calls, paths.multi_step_calls),
        (t.paths_total, paths.total() as u64),
    ] {
        let _ = writeln!(out, "  {label}: {}", i18n::int(lang, n));
    }
    let lines = paths.lines(report, TEXT_PATHS);
    let _ = writeln!(
        out,
        "  {}",
        fill(
            t.paths_shown,
            &[
                ("shown", &i18n::int(lang, lines.len() as u64)),
                ("total", &i18n::int(lang, paths.total() as u64)),
            ],
        )
    );
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|p| {
            let c = &p.counts;
            vec![
                path_text(&p.path, lang),
                i18n::int(lang, c.calls),
                i18n::int(lang, c.transferred),
                i18n::int(lang, c.retained),
                i18n::int(lang, c.unknown),
                dur(c.median_ivr),
                i18n::int(lang, c.long_ivr_calls),
            ]
        })
        .collect();
    write_table(&mut out, &i18n::path_titles(t), &rows);
    out
}

/// A table of text: the first column left-aligned, the others right-aligned, each as
/// wide as its widest cell.
fn write_table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let pad = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push_str("  ");
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            let fill_n = w.saturating_sub(cell.chars().count());
            if i == 0 {
                let _ = write!(out, "{cell}{}", " ".repeat(fill_n));
            } else {
                let _ = write!(out, "  {}{cell}", " ".repeat(fill_n));
            }
        }
        out.push('\n');
    };
    pad(out, &mut headers.iter().copied());
    for row in rows {
        pad(out, &mut row.iter().map(String::as_str));
    }
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
        let rows: Vec<Vec<String>> = k
            .by_routing_point
            .iter()
            .map(|r| {
                vec![
                    r.rp_id.clone().unwrap_or_else(|| "-".into()),
                    i18n::int(lang, r.calls),
                    i18n::int(lang, r.retained),
                    i18n::int(lang, r.transferred),
                    dur(r.median_ivr),
                    i18n::int(lang, r.long_ivr),
                ]
            })
            .collect();
        write_table(&mut out, &i18n::routing_point_titles(t), &rows);
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
