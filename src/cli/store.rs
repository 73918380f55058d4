//! `store info` and `store forget`, and how the other commands open the history on this
//! computer: a store problem is a warning on stderr, never a change of exit code.

use clap::{Args, Subcommand};

use super::{Exit, Failure};
use crate::i18n::{self, Lang, fill};
use crate::report::Stamp;
use crate::settings::Settings;
use std::path::PathBuf;

use crate::store::{LoadPlan, PgTarget, STORE_URL_ENV, Store, StoreError, StoreInfo, default_path};
use crate::wolkvox::ServerName;
use crate::wolkvox::plan::readable;
use crate::wolkvox::when::{End, now_in, parse_when, time_zone};

/// Arguments of `store`.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// What to do with the history
    #[command(subcommand)]
    pub action: StoreAction,
}

/// What `store` does.
#[derive(Debug, Subcommand)]
pub enum StoreAction {
    /// Show where the history is, its size, and each operation's calls and covered ranges
    Info {
        /// Print one JSON object instead of words
        #[arg(long)]
        json: bool,
    },
    /// Delete an operation's stored calls and the ranges they covered
    Forget {
        /// The operation's server number, e.g. 0002
        #[arg(long, value_name = "NNNN")]
        server: String,
        /// Only calls dated before this day (YYYY-MM-DD, today, -Nd, ...)
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        before: Option<String>,
    },
}

/// The warning for a store problem, said once, after which the command goes on without.
pub fn warn(lang: Lang, e: &StoreError) {
    let t = lang.texts();
    tracing::warn!("store: {e}");
    eprintln!(
        "{}: {} {}",
        t.warning_prefix,
        e.message(lang),
        t.store_going_on
    );
}

/// Opens the history for a fetching command and applies the retention period; on any
/// problem warns and gives `None`, so the command goes on without it.
pub fn open_for_fetch(lang: Lang, settings: &Settings) -> Option<Store> {
    let opened = Store::open_chosen(settings).and_then(|mut store| {
        let today = now_in(&time_zone(settings.time_zone.as_deref())).date();
        // The store's own period wins: a history shared by a team keeps one.
        let months = store.retention_months(settings.retention_months)?;
        let gone = store.apply_retention(months, today)?;
        if gone > 0 {
            eprintln!(
                "{}",
                fill(
                    lang.texts().store_retention_done,
                    &[("n", &i18n::int(lang, gone)), ("months", &months)]
                )
            );
        }
        Ok(store)
    });
    match opened {
        Ok(store) => Some(store),
        Err(e) => {
            warn(lang, &e);
            None
        }
    }
}

/// Whole days as a number, parts of days with one decimal.
pub fn days(lang: Lang, secs: i64) -> String {
    let d = secs as f64 / 86_400.0;
    if (d - d.round()).abs() < 1e-9 {
        i18n::int(lang, d.round().max(0.0) as u64)
    } else {
        i18n::decimal1(lang, d)
    }
}

/// "1 request to Wolkvox; 29 of 30 days are on this computer."
pub fn cost_line(lang: Lang, plan: &LoadPlan) -> String {
    let t = lang.texts();
    let total = days(lang, plan.total_secs);
    if plan.all_stored() {
        fill(t.store_all_here, &[("total", &total)])
    } else {
        fill(
            t.store_cost,
            &[
                ("requests", &plan.requests),
                ("stored", &days(lang, plan.stored_secs)),
                ("total", &total),
            ],
        )
    }
}

fn file_failure(lang: Lang, e: &StoreError) -> Failure {
    Failure {
        exit: Exit::File,
        message: e.message(lang),
    }
}

/// The settings with the store `--store` or `WOLKVOX_IVR_STORE_URL` chooses (the flag
/// first; `local` means this computer's); a password in the address is refused like a
/// token argument.
pub fn choose(flag: Option<&str>, settings: &Settings, lang: Lang) -> Result<Settings, Failure> {
    let from_env = std::env::var(STORE_URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty());
    let Some(url) = flag.map(str::to_string).or(from_env) else {
        return Ok(settings.clone());
    };
    let mut chosen = settings.clone();
    chosen.shared_store = if url.trim().eq_ignore_ascii_case("local") {
        None
    } else {
        Some(PgTarget::parse(&url).map_err(|e| Failure {
            exit: Exit::Usage,
            message: e.message(lang),
        })?)
    };
    Ok(chosen)
}

/// `wolkvox-ivr store ...`.
pub fn run(args: &StoreArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let t = lang.texts();
    let shared = settings.shared_store.is_some();
    let path = match &settings.shared_store {
        Some(target) => PathBuf::from(target.url()),
        None => default_path().ok_or_else(|| file_failure(lang, &StoreError::NoFolder))?,
    };
    // Looking or forgetting never creates a history on this computer that is not there.
    let existing = || -> Result<Option<Store>, Failure> {
        if !shared && !path.exists() {
            return Ok(None);
        }
        Store::open_chosen(settings)
            .map(Some)
            .map_err(|e| file_failure(lang, &e))
    };
    match &args.action {
        StoreAction::Info { json } => {
            let info = match existing()? {
                Some(store) => store.info().map_err(|e| file_failure(lang, &e))?,
                None => StoreInfo {
                    path: path.display().to_string(),
                    size_bytes: 0,
                    servers: Vec::new(),
                    shared: false,
                },
            };
            if *json {
                let text = serde_json::to_string_pretty(&info).map_err(|e| Failure {
                    exit: Exit::File,
                    message: e.to_string(),
                })?;
                println!("{text}");
            } else {
                print!("{}", info_text(&info, lang));
            }
            Ok(Exit::Success)
        }
        StoreAction::Forget { server, before } => {
            let usage = |message: String| Failure {
                exit: Exit::Usage,
                message,
            };
            let server = ServerName::parse(server).map_err(|e| usage(e.message(lang)))?;
            let before: Option<Stamp> = match before {
                Some(text) => {
                    let today = now_in(&time_zone(settings.time_zone.as_deref())).date();
                    Some(parse_when(text, End::From, today).map_err(|e| usage(e.message(lang)))?)
                }
                None => None,
            };
            let gone = match existing()? {
                Some(mut store) => store
                    .forget(server, before)
                    .map_err(|e| file_failure(lang, &e))?,
                None => 0,
            };
            println!(
                "{}",
                fill(
                    t.store_forgot,
                    &[("n", &i18n::int(lang, gone)), ("server", &server)]
                )
            );
            Ok(Exit::Success)
        }
    }
}

/// `store info` in words.
pub fn info_text(info: &StoreInfo, lang: Lang) -> String {
    let t = lang.texts();
    let mb = format!(
        "{} MB",
        i18n::decimal1(lang, info.size_bytes as f64 / 1_000_000.0)
    );
    let mut out = fill(t.store_info_path, &[("path", &info.path), ("size", &mb)]);
    out.push('\n');
    if info.servers.is_empty() {
        out.push_str(t.store_info_empty);
        out.push('\n');
    }
    for s in &info.servers {
        out.push_str(&fill(
            t.store_info_server,
            &[("server", &s.server), ("calls", &i18n::int(lang, s.calls))],
        ));
        out.push('\n');
        for r in &s.covered {
            out.push_str("  ");
            out.push_str(&fill(
                t.store_info_covered,
                &[("from", &readable(r.from())), ("to", &readable(r.to()))],
            ));
            out.push('\n');
        }
    }
    out
}
