//! The workspace without a screen, against the fake Wolkvox server: what a load replaces,
//! what stays when it fails or is cancelled, what is named missing, and what a refresh,
//! a retry and a connection test leave alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use wolkvox_ivr::fake::{
    FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When, calls_between,
};
use wolkvox_ivr::report::{Field, Report, Stamp, ViewSpec};
use wolkvox_ivr::settings::Settings;
use wolkvox_ivr::wolkvox::{ApiError, Endpoint, ServerName, TimeRange, plan};
use wolkvox_ivr::worker::{FetchSettings, Waker, Worker};
use wolkvox_ivr::workspace::{Notice, TestResult, Workspace};

const TOKEN: &str = "workspace-test-token-5511";
const GEN: GeneratorConfig = GeneratorConfig {
    seed: 33,
    calls_per_day: 150.0,
};

fn quick() -> FetchSettings {
    FetchSettings {
        timeout: Duration::from_secs(10),
        busy_pause: Duration::from_millis(5),
        retry_pause: Duration::from_millis(5),
        refresh_overlap: Duration::from_secs(3600),
        ..FetchSettings::default()
    }
}

fn server() -> FakeServer {
    FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GEN,
        ..FakeConfig::default()
    })
    .unwrap()
}

fn workspace_with(s: &FakeServer, token: &str, waker: Waker) -> Workspace {
    workspace_fetching(s, token, waker, quick())
}

fn workspace_fetching(
    s: &FakeServer,
    token: &str,
    waker: Waker,
    fetch: FetchSettings,
) -> Workspace {
    let worker = Worker::spawn(fetch, Arc::clone(&waker));
    let mut ws = Workspace::new(worker, waker, &Settings::default());
    ws.connect_to(
        ServerName::parse("0002").unwrap(),
        Endpoint::loopback(&s.base_url()).unwrap(),
        SecretString::from(token.to_string()),
    )
    .unwrap();
    ws
}

fn workspace(s: &FakeServer) -> Workspace {
    workspace_with(s, TOKEN, Arc::new(|| {}))
}

fn settle(ws: &mut Workspace) {
    assert!(
        ws.settle(Duration::from_secs(90)),
        "the workspace did not settle"
    );
}

fn summer() -> TimeRange {
    TimeRange::new(
        Stamp::from_parts(2026, 6, 1, 0, 0, 0).unwrap(),
        Stamp::from_parts(2026, 8, 31, 23, 59, 59).unwrap(),
    )
    .unwrap()
}

fn calls_in(r: TimeRange) -> usize {
    calls_between(&GEN, r.from_secs(), r.to_secs()).len()
}

/// A report the workspace did not fetch, to tell "kept" from "replaced".
fn earlier_report() -> Report {
    let mut r = Report::new();
    r.ingest(
        br#"{"code":200,"data":[
            {"conn_id":"kept.1","rp_id":"RP_OLD","time_on_rp":"00:00:40","end_date_rp":"2026-01-05 10:00:00","go_to_agent":"no"},
            {"conn_id":"kept.2","rp_id":"RP_OLD","time_on_rp":"00:03:00","end_date_rp":"2026-01-05 11:00:00","go_to_agent":"yes"}
        ]}"#,
    )
    .unwrap();
    r
}

fn ids(ws: &Workspace) -> Vec<String> {
    let r = ws.report();
    r.calls()
        .iter()
        .map(|c| r.raw(c, Field::ConnId).unwrap_or("").to_string())
        .collect()
}

fn fetch_errors(ws: &Workspace) -> Vec<ApiError> {
    ws.notices()
        .iter()
        .filter_map(|n| match n {
            Notice::Fetch(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_load_replaces_the_shown_calls_only_when_its_rows_arrive() {
    let s = server();
    let mut ws = workspace(&s);
    ws.show_report(earlier_report());
    let before = ids(&ws);
    s.inject(FaultRule::new(When::Nth(1), Fault::Latency(Duration::from_millis(600))).times(1));
    ws.load(summer());
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(400) {
        ws.poll();
        assert_eq!(ids(&ws), before, "nothing arrived yet: the old calls stay");
        std::thread::sleep(Duration::from_millis(10));
    }
    settle(&mut ws);
    assert_eq!(ws.report().len(), calls_in(summer()));
    assert!(!ids(&ws).contains(&"kept.1".to_string()));
    assert_eq!(ws.loaded(), Some(summer()));
    assert!(ws.missing().is_empty());
    assert_eq!(ws.view().len(), ws.report().len());
}

#[test]
fn a_load_that_fails_at_once_keeps_the_previous_calls() {
    let s = server();
    let mut ws = workspace_with(&s, "a-wrong-token-0000", Arc::new(|| {}));
    ws.show_report(earlier_report());
    let before = ids(&ws);
    ws.load(summer());
    settle(&mut ws);
    assert_eq!(ids(&ws), before);
    assert_eq!(fetch_errors(&ws), vec![ApiError::InvalidToken]);
    assert!(
        ws.missing().is_empty(),
        "the shown calls keep their own missing list"
    );
    assert_eq!(ws.loaded(), None);
}

#[test]
fn cancel_keeps_what_arrived_and_names_the_rest_missing() {
    let s = server();
    let mut ws = workspace(&s);
    // Every request is slow, so the cancel lands mid-fetch, after June arrived.
    s.inject(FaultRule::new(
        When::Always,
        Fault::Latency(Duration::from_millis(800)),
    ));
    ws.load(summer());
    let deadline = Instant::now() + Duration::from_secs(60);
    while ws.report().is_empty() {
        assert!(Instant::now() < deadline, "the first month did not arrive");
        ws.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
    ws.cancel();
    settle(&mut ws);
    let pieces = plan(summer());
    let june = calls_in(pieces[0]);
    assert!(ws.report().len() >= june, "what arrived stays");
    assert!(ws.report().len() < calls_in(summer()));
    let missing_secs: i64 = ws
        .missing()
        .iter()
        .map(|r| r.to_secs() - r.from_secs() + 1)
        .sum();
    let arrived_secs = summer().to_secs() - summer().from_secs() + 1 - missing_secs;
    assert!(arrived_secs > 0 && missing_secs > 0, "{:?}", ws.missing());
    assert_eq!(ws.missing().last().map(|r| r.to()), Some(summer().to()));
    assert!(ws.notices().iter().any(
        |n| matches!(n, Notice::Cancelled { calls, .. } if *calls == ws.report().len() as u64)
    ));
}

#[test]
fn retry_fills_the_gaps_and_clears_the_old_words() {
    let s = server();
    let mut ws = workspace(&s);
    let pieces = plan(summer());
    let july_ini = pieces[1]
        .from()
        .civil()
        .unwrap()
        .strftime("%Y%m%d%H%M%S")
        .to_string();
    s.inject(FaultRule::new(When::DateIni(july_ini), Fault::ServerError500).times(3));
    ws.load(summer());
    settle(&mut ws);
    assert_eq!(ws.missing(), &[pieces[1]]);
    assert_eq!(ws.report().len(), calls_in(pieces[0]) + calls_in(pieces[2]));
    assert_eq!(fetch_errors(&ws).len(), 1);
    ws.retry_missing();
    settle(&mut ws);
    assert!(ws.missing().is_empty());
    assert_eq!(ws.report().len(), calls_in(summer()));
    assert!(
        fetch_errors(&ws).is_empty(),
        "the retry replaced the failure's words"
    );
}

#[test]
fn a_live_refresh_merges_without_losing_sort_filters_or_selection() {
    let s = server();
    // A refresh asks again for the last 10 hours, so however sparse the generator's
    // calls are at this time of day, the first load below can miss some of them.
    let fetch = FetchSettings {
        refresh_overlap: Duration::from_secs(10 * 3600),
        ..quick()
    };
    let mut ws = workspace_fetching(&s, TOKEN, Arc::new(|| {}), fetch);
    let now = Stamp::from_civil(wolkvox_ivr::wolkvox::when::now_in(ws.time_zone()))
        .seconds()
        .unwrap();
    let today = TimeRange::from_seconds(now - 10 * 3600, now + 3600).unwrap();
    // The operation's day so far, with its latest calls still to come: the generator's
    // calls are sparse at some hours, so the first load stops early enough for some.
    let upto = |secs| calls_in(TimeRange::from_seconds(today.from_secs(), secs).unwrap());
    let before = [40 * 60, 2 * 3600, 4 * 3600, 9 * 3600]
        .into_iter()
        .map(|back| now - back)
        .find(|&at| upto(at) > 0 && upto(at) < upto(now - 60))
        .expect("the generator has calls in the ten hours before now");
    s.set_now(Some(before));
    ws.load(today);
    settle(&mut ws);
    let first = ws.report().len();
    assert!(first > 0);
    let rp = ws.charts().routing_points[0].rp_id.clone().unwrap();
    let spec = ViewSpec {
        sort: Some((Field::TimeOnRp, true)),
        routing_point: Some(rp.clone()),
        ..ws.spec().clone()
    };
    ws.set_spec(spec.clone());
    let chosen = ws.view()[0];
    let chosen_id = ws
        .report()
        .raw(&ws.report().calls()[chosen as usize], Field::ConnId)
        .unwrap()
        .to_string();
    ws.select(Some(chosen));

    s.set_now(Some(now - 60));
    ws.refresh();
    settle(&mut ws);
    assert_eq!(
        ws.report().len(),
        calls_in(TimeRange::from_seconds(today.from_secs(), now - 60).unwrap())
    );
    assert!(ws.report().len() > first, "the refresh brought new calls");
    assert_eq!(ws.spec(), &spec);
    assert_eq!(ws.selected(), Some(chosen));
    let still = ws
        .report()
        .raw(&ws.report().calls()[chosen as usize], Field::ConnId)
        .unwrap();
    assert_eq!(still, chosen_id, "the selection is the same call");
    let r = ws.report();
    assert!(
        ws.view()
            .iter()
            .all(|&i| r.raw(&r.calls()[i as usize], Field::RpId) == Some(rp.as_str()))
    );
    let times: Vec<u32> = ws
        .view()
        .iter()
        .filter_map(|&i| r.calls()[i as usize].ivr_time.get())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "still sorted, longest first"
    );
}

#[test]
fn a_connection_test_never_touches_the_loaded_calls() {
    let s = server();
    let mut ws = workspace(&s);
    ws.show_report(earlier_report());
    let (before, generation) = (ids(&ws), ws.generation());
    ws.test_connection();
    assert_eq!(ws.test_result(), Some(&TestResult::Running));
    settle(&mut ws);
    assert!(matches!(ws.test_result(), Some(TestResult::Works(_))));
    assert_eq!(ids(&ws), before);
    assert_eq!(ws.generation(), generation);
    assert_eq!(ws.loaded(), None);
}

#[test]
fn a_panicked_fetch_keeps_what_arrived_and_names_the_rest_missing() {
    let s = server();
    // The worker runs the waker after each event: Progress, then June's Rows; a panic
    // there is a bug inside the fetch, right after June arrived.
    let events = Arc::new(AtomicUsize::new(0));
    let waker: Waker = {
        let events = Arc::clone(&events);
        Arc::new(move || {
            if events.fetch_add(1, Ordering::SeqCst) + 1 == 2 {
                panic!("a bug inside the fetch (on purpose, in a test)");
            }
        })
    };
    let mut ws = workspace_with(&s, TOKEN, waker);
    ws.load(summer());
    settle(&mut ws);
    let pieces = plan(summer());
    assert_eq!(ws.report().len(), calls_in(pieces[0]));
    assert_eq!(
        ws.missing(),
        &[TimeRange::new(pieces[1].from(), pieces[2].to()).unwrap()]
    );
    assert!(matches!(
        fetch_errors(&ws).as_slice(),
        [ApiError::Internal(_)]
    ));
    // The worker still works: the retry completes the summer.
    ws.retry_missing();
    settle(&mut ws);
    assert_eq!(ws.report().len(), calls_in(summer()));
    assert!(ws.missing().is_empty());
}

#[test]
fn filter_choices_follow_the_report_not_its_length() {
    let mut ws = Workspace::new(
        Err(std::io::Error::other("no worker in this test")),
        Arc::new(|| {}),
        &Settings::default(),
    );
    ws.show_report(earlier_report());
    let (g1, rp1) = (ws.generation(), ws.charts().routing_points[0].rp_id.clone());
    let mut other = Report::new();
    other
        .ingest(
            br#"{"code":200,"data":[
            {"conn_id":"new.1","rp_id":"RP_NEW","time_on_rp":"00:00:10","end_date_rp":"2026-02-05 10:00:00","go_to_agent":"no"},
            {"conn_id":"new.2","rp_id":"RP_NEW","time_on_rp":"00:00:20","end_date_rp":"2026-02-05 11:00:00","go_to_agent":"no"}
        ]}"#,
        )
        .unwrap();
    ws.show_report(other);
    assert_eq!(ws.report().len(), 2);
    assert_ne!(ws.generation(), g1, "same length, another report");
    assert_eq!(rp1.as_deref(), Some("RP_OLD"));
    assert_eq!(
        ws.charts().routing_points[0].rp_id.as_deref(),
        Some("RP_NEW")
    );
    assert!(matches!(ws.notices(), [Notice::WorkerDown(_)]));
}

#[test]
fn picked_rows_narrow_the_view_until_cleared_or_another_report_is_shown() {
    let mut ws = Workspace::new(
        Err(std::io::Error::other("no worker in this test")),
        Arc::new(|| {}),
        &Settings::default(),
    );
    ws.show_report(earlier_report());
    let subset = wolkvox_ivr::report::RowSubset::new("Path: RP_OLD", vec![1]);
    ws.set_spec(ViewSpec {
        rows: Some(subset),
        ..ws.spec().clone()
    });
    assert_eq!(ws.view(), [1]);
    assert_eq!(
        ws.numbers().calls,
        1,
        "the key numbers follow the picked rows"
    );
    // Clearing the filters shows every row again.
    ws.set_spec(ViewSpec {
        long_ivr_secs: ws.spec().long_ivr_secs,
        ..ViewSpec::default()
    });
    assert_eq!(ws.view(), [0, 1]);
    ws.set_spec(ViewSpec {
        rows: Some(wolkvox_ivr::report::RowSubset::new("Path: RP_OLD", vec![0])),
        ..ws.spec().clone()
    });
    assert_eq!(ws.view(), [0]);
    // Another report: the picked rows named rows of the old one.
    ws.show_report(earlier_report());
    assert!(ws.spec().rows.is_none());
    assert_eq!(ws.view(), [0, 1]);
}

// ---- the history on this computer ----

fn with_history(ws: &mut Workspace, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("history.sqlite3");
    ws.open_history(path.clone(), None, 13);
    settle(ws);
    path
}

fn nov(from_day: i16, to_day: i16) -> TimeRange {
    TimeRange::new(
        Stamp::from_parts(2026, 11, from_day as u32, 0, 0, 0).unwrap(),
        Stamp::from_parts(2026, 11, to_day as u32, 23, 59, 59).unwrap(),
    )
    .unwrap()
}

fn store_notices(ws: &Workspace) -> Vec<String> {
    ws.notices()
        .iter()
        .filter(|n| matches!(n, Notice::Store(_)))
        .map(|n| n.message(wolkvox_ivr::i18n::Lang::En))
        .collect()
}

#[test]
fn a_load_takes_the_stored_days_and_fetches_only_the_gap() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(&s);
    with_history(&mut ws, dir.path());
    ws.load(nov(1, 29));
    settle(&mut ws);
    assert_eq!(s.stats().requests, 1);
    let sources = ws.sources().unwrap();
    assert_eq!(
        (sources.stored_secs, sources.fetched_secs),
        (0, 29 * 86_400)
    );

    // The cost shown before loading counts only the gap.
    let plan = ws.load_plan(nov(1, 30)).unwrap();
    assert_eq!(plan.requests, 1);
    assert_eq!(plan.gaps, vec![nov(30, 30)]);
    assert_eq!(
        (plan.stored_secs, plan.total_secs),
        (29 * 86_400, 30 * 86_400)
    );

    ws.load(nov(1, 30));
    settle(&mut ws);
    assert_eq!(s.stats().requests, 2, "only the 30th was fetched");
    assert_eq!(ws.report().len(), calls_in(nov(1, 30)));
    assert_eq!(ws.loaded(), Some(nov(1, 30)));
    let sources = ws.sources().unwrap();
    assert_eq!(
        (sources.stored_secs, sources.fetched_secs),
        (29 * 86_400, 86_400)
    );
    assert!(ws.notices().is_empty(), "{:?}", ws.notices());

    // All of it is stored now: no request, the same calls.
    let before = ids(&ws);
    ws.load(nov(1, 30));
    settle(&mut ws);
    assert_eq!(s.stats().requests, 2);
    assert_eq!(ids(&ws).len(), before.len());
    assert_eq!(ws.load_plan(nov(1, 30)).unwrap().requests, 0);

    // Fetching again asks for all of it.
    ws.refetch(nov(1, 30));
    settle(&mut ws);
    assert_eq!(s.stats().requests, 3);
    assert_eq!(ws.report().len(), calls_in(nov(1, 30)));
    assert_eq!(ws.sources().unwrap().stored_secs, 0);
}

#[test]
fn demo_data_is_never_written_to_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let worker = Worker::spawn(quick(), Arc::new(|| {}));
    let mut ws = Workspace::new(worker, Arc::new(|| {}), &Settings::default());
    let path = with_history(&mut ws, dir.path());
    assert!(ws.start_demo());
    ws.load(nov(1, 3));
    settle(&mut ws);
    assert!(!ws.report().is_empty());
    assert_eq!(ws.sources(), None);
    assert_eq!(ws.load_plan(nov(1, 3)), None);
    drop(ws);
    let store = wolkvox_ivr::store::Store::open_sqlite(path).unwrap();
    assert!(store.info().unwrap().servers.is_empty());
    assert_eq!(store.last_load().unwrap(), None);
}

#[test]
fn a_damaged_store_is_said_once_and_left_alone_while_loads_go_on() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let garbage = b"not a database, just some bytes that were here first".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let mut ws = workspace(&s);
    with_history(&mut ws, dir.path());
    let said = store_notices(&ws);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("damaged"), "{}", said[0]);
    assert!(said[0].contains("Going on without"), "{}", said[0]);
    assert_eq!(
        ws.history_state(),
        wolkvox_ivr::workspace::HistoryState::Unavailable
    );
    ws.load(nov(1, 2));
    settle(&mut ws);
    assert_eq!(ws.report().len(), calls_in(nov(1, 2)));
    assert_eq!(s.stats().requests, 1);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the file is untouched"
    );
}

#[test]
fn the_start_deletes_calls_older_than_the_retention_period_and_says_so() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let old = TimeRange::new(
        Stamp::from_parts(2020, 1, 1, 0, 0, 0).unwrap(),
        Stamp::from_parts(2020, 1, 2, 23, 59, 59).unwrap(),
    )
    .unwrap();
    let mut old_calls = Report::new();
    let body = wolkvox_ivr::fake::response_body(
        &calls_between(&GEN, old.from_secs(), old.to_secs()),
        false,
    );
    old_calls.ingest(&body).unwrap();
    let mut store = wolkvox_ivr::store::Store::open_sqlite(path.clone()).unwrap();
    let operation = ServerName::parse("0002").unwrap();
    store
        .keep_answer(operation, old, old.to(), 3600, true, &old_calls)
        .unwrap();
    store.set_retention_months(24).unwrap();
    drop(store);

    let mut ws = workspace(&s);
    with_history(&mut ws, dir.path());
    assert_eq!(ws.retention_months(), 24, "the store's own period wins");
    let gone = ws.notices().iter().find_map(|n| match n {
        Notice::RetentionApplied { calls, months } => Some((*calls, *months)),
        _ => None,
    });
    assert_eq!(gone, Some((old_calls.len() as u64, 24)));
    assert!(old_calls.len() > 100);

    // A new period is kept in the store for the next start.
    ws.set_retention_months(6);
    drop(ws);
    let store = wolkvox_ivr::store::Store::open_sqlite(path).unwrap();
    assert_eq!(store.retention_months(13).unwrap(), 6);
    assert!(store.coverage(operation).unwrap().is_empty());
}

#[test]
fn deleting_the_stored_calls_empties_the_history_and_keeps_what_is_shown() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(&s);
    with_history(&mut ws, dir.path());
    ws.load(nov(1, 5));
    settle(&mut ws);
    let shown = ws.report().len();
    ws.ask_history_info();
    settle(&mut ws);
    let info = ws.history_info().unwrap();
    assert_eq!(info.servers.len(), 1);
    assert_eq!(info.servers[0].calls, shown as u64);
    assert_eq!(info.servers[0].covered, vec![nov(1, 5)]);

    ws.delete_history();
    settle(&mut ws);
    let deleted = ws.notices().iter().find_map(|n| match n {
        Notice::HistoryDeleted { calls } => Some(*calls),
        _ => None,
    });
    assert_eq!(deleted, Some(shown as u64));
    assert_eq!(ws.report().len(), shown, "the shown calls stay");
    assert!(ws.history_info().unwrap().servers.is_empty());
    assert_eq!(ws.load_plan(nov(1, 5)).unwrap().requests, 1);
    ws.load(nov(1, 5));
    settle(&mut ws);
    assert_eq!(s.stats().requests, 2, "fetched again after the delete");
}
