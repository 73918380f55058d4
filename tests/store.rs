//! The history, through its one interface: every test runs against each backend in
//! `BACKENDS`, SQLite and PostgreSQL (`WOLKVOX_IVR_TEST_PG_URL`; skipped with a line
//! saying so when it is not set), so both pass the same checks.

use std::path::Path;

#[path = "support/pg.rs"]
mod pg;

use wolkvox_ivr::fake::{GeneratorConfig, RawCall, calls_between, response_body};
use wolkvox_ivr::report::{Field, Report, Stamp};
use wolkvox_ivr::store::{Store, StoreError};
use wolkvox_ivr::wolkvox::{ServerName, TimeRange};

type Open = fn(&Path) -> Result<Store, StoreError>;

/// Each backend, by name, opened in a fresh folder (for PostgreSQL, a fresh schema named
/// after it); `None` when the backend cannot run here.
/// A backend's opener, when it can run here.
type Available = fn() -> Option<Open>;

const BACKENDS: &[(&str, Available)] = &[
    ("sqlite", || {
        Some(|dir| Store::open_sqlite(dir.join("history.sqlite3")))
    }),
    ("postgres", || {
        pg::server()?;
        Some(|dir| match pg::server() {
            Some(server) => pg::open(&server, dir),
            None => unreachable!("checked above"),
        })
    }),
];

fn each_backend(test: impl Fn(&str, &Path, Open)) {
    for (name, available) in BACKENDS {
        let Some(open) = available() else { continue };
        let dir = tempfile::tempdir().unwrap();
        test(name, dir.path(), open);
    }
}

const OVERLAP: i64 = 3600;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Stamp {
    Stamp::from_parts(y, mo, d, h, mi, s).unwrap()
}

fn range(a: Stamp, b: Stamp) -> TimeRange {
    TimeRange::new(a, b).unwrap()
}

fn server(s: &str) -> ServerName {
    ServerName::parse(s).unwrap()
}

fn generated(r: TimeRange) -> Vec<RawCall> {
    let cfg = GeneratorConfig {
        seed: 21,
        calls_per_day: 800.0,
    };
    calls_between(&cfg, r.from_secs(), r.to_secs())
}

fn report_of(rows: &[RawCall]) -> Report {
    let mut r = Report::new();
    if !rows.is_empty() {
        r.ingest(&response_body(rows, false)).unwrap();
    }
    r
}

fn long_ago() -> Stamp {
    at(2027, 6, 1, 0, 0, 0)
}

fn keep(store: &mut Store, s: &str, r: TimeRange, report: &Report) {
    store
        .keep_answer(server(s), r, long_ago(), OVERLAP, true, report)
        .unwrap();
}

#[test]
fn a_stored_answer_reads_back_as_the_same_calls() {
    each_backend(|name, dir, open| {
        let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
        let mut rows = generated(day);
        // Odd values the API may send: kept exactly, typed the same way.
        rows[0] = rows[0]
            .with(Field::EndDateRp, "2026-11-02T00:01:02")
            .with(Field::TimeOnRp, "27:03:10")
            .with(Field::AgentName, "José \"Pepe\" Ñ\\ \u{2028}");
        rows[1] = rows[1]
            .with(Field::TimeOnSkill, "abc")
            .with(Field::GoToAgent, "quizá")
            .with(Field::Ani, "+570001")
            .with(Field::CustomerId, "000123");
        rows[2] = rows[2].with(Field::EndDateRp, "-").with(Field::ConnId, " ");
        rows[3] = rows[3].with(Field::EndDateRp, "ayer");
        let original = report_of(&rows);
        let mut store = open(dir).unwrap();
        keep(&mut store, "0002", day, &original);
        let back = store.load(server("0002"), &[day]).unwrap();
        assert_eq!(back.len(), original.len(), "{name}");
        let mut want = original.describe_calls();
        let mut got = back.describe_calls();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}");
        // A body written from the stored calls is a body of the same calls.
        let mut a = Vec::new();
        let mut b = Vec::new();
        wolkvox_ivr::saved::write_response(&original, &Default::default(), &mut a).unwrap();
        let mut reread = Report::new();
        reread.ingest(&a).unwrap();
        wolkvox_ivr::saved::write_response(&back, &Default::default(), &mut b).unwrap();
        let mut reread_back = Report::new();
        reread_back.ingest(&b).unwrap();
        let (mut x, mut y) = (reread.describe_calls(), reread_back.describe_calls());
        x.sort();
        y.sort();
        assert_eq!(x, y, "{name}");
        // Dated calls come back in the answer's order (it is in date order).
        let dated = |r: &Report| -> Vec<String> {
            r.calls()
                .iter()
                .filter(|c| c.started.seconds().is_some())
                .map(|c| r.raw(c, Field::ConnId).unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(dated(&back), dated(&original), "{name}");
        // A new handle on the same store sees the same.
        drop(store);
        let again = open(dir).unwrap();
        assert_eq!(
            again.load(server("0002"), &[day]).unwrap().describe_calls(),
            back.describe_calls()
        );
    });
}

#[test]
fn a_load_gives_only_the_calls_dated_in_its_ranges() {
    each_backend(|name, dir, open| {
        let month = range(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 30, 23, 59, 59));
        let mut store = open(dir).unwrap();
        keep(&mut store, "0002", month, &report_of(&generated(month)));
        let a = range(at(2026, 11, 3, 8, 0, 0), at(2026, 11, 3, 9, 59, 59));
        let b = range(at(2026, 11, 20, 0, 0, 0), at(2026, 11, 21, 23, 59, 59));
        let got = store.load(server("0002"), &[b, a]).unwrap();
        let mut want = generated(a);
        want.extend(generated(b));
        assert_eq!(got.len(), want.len(), "{name}");
        let ids: Vec<&str> = got
            .calls()
            .iter()
            .map(|c| got.raw(c, Field::ConnId).unwrap())
            .collect();
        let want_ids: Vec<&str> = want.iter().map(|c| c.get(Field::ConnId)).collect();
        assert_eq!(ids, want_ids, "{name}: date order, ranges merged in order");
    });
}

#[test]
fn operations_are_never_mixed() {
    each_backend(|name, dir, open| {
        let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
        let mut store = open(dir).unwrap();
        keep(&mut store, "0002", day, &report_of(&generated(day)));
        let other = report_of(&generated(day)[..5]);
        keep(&mut store, "3211", day, &other);
        assert_eq!(
            store.load(server("3211"), &[day]).unwrap().len(),
            5,
            "{name}"
        );
        assert_eq!(
            store.load(server("0002"), &[day]).unwrap().len(),
            generated(day).len(),
            "{name}: writing another server replaced nothing here"
        );
        assert!(store.load(server("0010"), &[day]).unwrap().is_empty());
        assert!(store.coverage(server("0010")).unwrap().is_empty());
        let info = store.info().unwrap();
        let servers: Vec<(&str, u64)> = info
            .servers
            .iter()
            .map(|s| (s.server.as_str(), s.calls))
            .collect();
        assert_eq!(
            servers,
            vec![("0002", generated(day).len() as u64), ("3211", 5)],
            "{name}"
        );
        assert!(info.size_bytes > 0);
    });
}

#[test]
fn what_counts_as_covered() {
    each_backend(|name, dir, open| {
        let mut store = open(dir).unwrap();
        let s = server("0002");
        // A "no rows" answer covers its piece with 0 calls.
        let quiet = range(at(2026, 10, 1, 0, 0, 0), at(2026, 10, 1, 23, 59, 59));
        keep(&mut store, "0002", quiet, &Report::new());
        assert_eq!(store.coverage(s).unwrap(), vec![quiet], "{name}");
        // An answer cut at the row cap covers nothing, though its rows are kept.
        let cut = range(at(2026, 10, 5, 10, 0, 0), at(2026, 10, 5, 10, 0, 59));
        let rows = report_of(
            &generated(range(
                at(2026, 10, 5, 10, 0, 0),
                at(2026, 10, 5, 10, 59, 59),
            ))[..3],
        );
        store
            .keep_answer(s, cut, long_ago(), OVERLAP, false, &rows)
            .unwrap();
        assert_eq!(store.coverage(s).unwrap(), vec![quiet], "{name}");
        // A piece that ended within the overlap before it was asked for: covered only up
        // to the asking time minus the overlap.
        let today = range(at(2026, 11, 26, 0, 0, 0), at(2026, 11, 26, 11, 50, 0));
        store
            .keep_answer(
                s,
                today,
                at(2026, 11, 26, 12, 0, 0),
                OVERLAP,
                true,
                &report_of(&generated(today)),
            )
            .unwrap();
        let covered_today = range(at(2026, 11, 26, 0, 0, 0), at(2026, 11, 26, 11, 0, 0));
        assert_eq!(
            store.coverage(s).unwrap(),
            vec![quiet, covered_today],
            "{name}"
        );
        let plan = store.plan(s, &[today]).unwrap();
        assert_eq!(
            plan.gaps,
            vec![range(
                at(2026, 11, 26, 11, 0, 1),
                at(2026, 11, 26, 11, 50, 0)
            )],
            "{name}: the tail is fetched again"
        );
        assert_eq!(plan.requests, 1);
        // Adjacent covered pieces merge.
        let next = range(at(2026, 10, 2, 0, 0, 0), at(2026, 10, 2, 23, 59, 59));
        keep(&mut store, "0002", next, &Report::new());
        assert_eq!(
            store.coverage(s).unwrap(),
            vec![range(quiet.from(), next.to()), covered_today],
            "{name}"
        );
    });
}

#[test]
fn a_piece_fetched_again_replaces_what_was_stored_for_it() {
    each_backend(|name, dir, open| {
        let s = server("0002");
        let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
        let all = generated(day);
        let mut store = open(dir).unwrap();
        keep(&mut store, "0002", day, &report_of(&all));
        // The morning again, where one call changed and another is gone.
        let morning = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 11, 59, 59));
        let mut again: Vec<RawCall> = all
            .iter()
            .filter(|c| morning.contains(c.at))
            .cloned()
            .collect();
        let gone = again.remove(1);
        again[0] = again[0].with(Field::AgentName, "Otra Persona");
        keep(&mut store, "0002", morning, &report_of(&again));
        let back = store.load(s, &[day]).unwrap();
        assert_eq!(back.len(), all.len() - 1, "{name}");
        let names: Vec<&str> = back
            .calls()
            .iter()
            .map(|c| back.raw(c, Field::ConnId).unwrap())
            .collect();
        assert!(!names.contains(&gone.get(Field::ConnId)), "{name}");
        assert_eq!(
            back.raw(&back.calls()[0], Field::AgentName),
            Some("Otra Persona")
        );
        // The afternoon stayed, and the day is still covered once.
        assert_eq!(store.coverage(s).unwrap(), vec![day], "{name}");
        assert_eq!(store.info().unwrap().servers[0].calls, all.len() as u64 - 1);
    });
}

#[test]
fn forgetting_deletes_calls_and_coverage() {
    each_backend(|name, dir, open| {
        let s = server("0002");
        let oct = range(at(2026, 10, 1, 0, 0, 0), at(2026, 10, 31, 23, 59, 59));
        let nov = range(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 30, 23, 59, 59));
        let mut store = open(dir).unwrap();
        let (a, b) = (generated(oct), generated(nov));
        keep(&mut store, "0002", oct, &report_of(&a));
        keep(&mut store, "0002", nov, &report_of(&b));
        keep(&mut store, "3211", nov, &report_of(&b[..10]));
        // Before a date: the older calls and their coverage.
        let gone = store.forget(s, Some(at(2026, 11, 1, 0, 0, 0))).unwrap();
        assert_eq!(gone, a.len() as u64, "{name}");
        assert_eq!(store.coverage(s).unwrap(), vec![nov], "{name}");
        // Mid-range: coverage is cut at the date.
        let mid = at(2026, 11, 15, 0, 0, 0);
        let before_mid = b.iter().filter(|c| c.at < mid.seconds().unwrap()).count();
        assert_eq!(store.forget(s, Some(mid)).unwrap(), before_mid as u64);
        assert_eq!(
            store.coverage(s).unwrap(),
            vec![range(mid, nov.to())],
            "{name}"
        );
        // All of it; the other server keeps its calls.
        assert_eq!(
            store.forget(s, None).unwrap(),
            (b.len() - before_mid) as u64
        );
        assert!(store.coverage(s).unwrap().is_empty());
        assert_eq!(store.load(server("3211"), &[nov]).unwrap().len(), 10);
        assert_eq!(store.forget(server("0010"), None).unwrap(), 0);
    });
}

#[test]
fn retention_deletes_what_is_older_than_its_months() {
    each_backend(|name, dir, open| {
        let s = server("0002");
        let old = range(at(2025, 9, 1, 0, 0, 0), at(2025, 9, 30, 23, 59, 59));
        let recent = range(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
        let mut store = open(dir).unwrap();
        keep(&mut store, "0002", old, &report_of(&generated(old)));
        keep(&mut store, "0002", recent, &report_of(&generated(recent)));
        let today = jiff::civil::date(2026, 12, 1);
        assert_eq!(store.apply_retention(0, today).unwrap(), 0, "0 keeps all");
        let gone = store.apply_retention(13, today).unwrap();
        assert_eq!(gone, generated(old).len() as u64, "{name}");
        assert_eq!(store.coverage(s).unwrap(), vec![recent]);
        assert_eq!(store.apply_retention(13, today).unwrap(), 0);
    });
}

#[test]
fn the_last_load_is_remembered() {
    each_backend(|name, dir, open| {
        let mut store = open(dir).unwrap();
        assert_eq!(store.last_load().unwrap(), None, "{name}");
        let r = range(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 30, 23, 59, 59));
        store.set_last_load(server("0002"), r).unwrap();
        let r2 = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 3, 23, 59, 59));
        store.set_last_load(server("3211"), r2).unwrap();
        drop(store);
        let store = open(dir).unwrap();
        assert_eq!(
            store.last_load().unwrap(),
            Some((server("3211"), r2)),
            "{name}"
        );
    });
}

#[test]
fn the_retention_period_is_kept_in_the_store_for_everyone_using_it() {
    each_backend(|name, dir, open| {
        let mut store = open(dir).unwrap();
        assert_eq!(store.retention_months(13).unwrap(), 13, "unset: {name}");
        store.set_retention_months(6).unwrap();
        // A second handle (another computer of the team) reads the same period.
        let other = open(dir).unwrap();
        assert_eq!(other.retention_months(13).unwrap(), 6, "{name}");
        store.set_retention_months(0).unwrap();
        assert_eq!(
            other.retention_months(13).unwrap(),
            0,
            "0 keeps all: {name}"
        );
    });
}

#[test]
fn a_store_of_the_first_format_gains_the_shared_values_and_keeps_its_calls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let nov = range(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
    let mut store = Store::open_sqlite(path.clone()).unwrap();
    keep(&mut store, "0002", nov, &report_of(&generated(nov)));
    drop(store);
    // What the first format looked like: no table of shared values, version 1.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("DROP TABLE meta; PRAGMA user_version = 1;")
        .unwrap();
    drop(c);
    let mut store = Store::open_sqlite(path).unwrap();
    assert_eq!(store.retention_months(13).unwrap(), 13);
    store.set_retention_months(24).unwrap();
    assert_eq!(store.retention_months(13).unwrap(), 24);
    assert_eq!(
        store.load(server("0002"), &[nov]).unwrap().len(),
        generated(nov).len()
    );
}

#[test]
fn two_handles_share_one_store() {
    each_backend(|name, dir, open| {
        let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
        let mut a = open(dir).unwrap();
        let mut b = open(dir).unwrap();
        let rows = generated(day);
        let (first, second) = rows.split_at(rows.len() / 2);
        let half = range(day.from(), Stamp::from_seconds(second[0].at - 1));
        let rest = range(Stamp::from_seconds(second[0].at), day.to());
        let writer = std::thread::spawn({
            let first = first.to_vec();
            move || {
                keep(&mut a, "0002", half, &report_of(&first));
                a
            }
        });
        keep(&mut b, "0002", rest, &report_of(second));
        let a = writer.join().unwrap();
        assert_eq!(
            a.load(server("0002"), &[day]).unwrap().len(),
            rows.len(),
            "{name}"
        );
        assert_eq!(b.coverage(server("0002")).unwrap(), vec![day], "{name}");
    });
}
