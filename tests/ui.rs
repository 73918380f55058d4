//! The window driven as a person would: clicking and typing by label (egui_kittest).
#![cfg(feature = "gui")]

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use secrecy::SecretString;
use wolkvox_ivr::cli::compare::signed_points;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When};
use wolkvox_ivr::i18n::{self, Lang};
use wolkvox_ivr::report::{Comparison, Field, Period, Stamp};
use wolkvox_ivr::settings::Settings;
use wolkvox_ivr::ui::testing::AppTestingExt;
use wolkvox_ivr::ui::{StartMode, WolkvoxApp};
use wolkvox_ivr::wolkvox::{Endpoint, ServerName, TimeRange, plan};
use wolkvox_ivr::worker::FetchSettings;

const TOKEN: &str = "ui-test-token-1234";

fn settings() -> Settings {
    Settings {
        request_timeout_secs: 10,
        ..Settings::default()
    }
}

fn fetch_settings() -> FetchSettings {
    FetchSettings {
        timeout: Duration::from_secs(30),
        busy_pause: Duration::from_millis(5),
        retry_pause: Duration::from_millis(5),
        ..FetchSettings::default()
    }
}

fn harness(lang: Lang) -> Harness<'static, WolkvoxApp> {
    let ctx = egui::Context::default();
    let mut app =
        WolkvoxApp::with_fetch_settings(&ctx, fetch_settings(), StartMode::Demo, lang, settings());
    // Never the computer's real keychain from a test.
    app.use_keychain(wolkvox_ivr::secrets::Keychain::with_store(
        keyring_core::mock::Store::new().unwrap(),
    ));
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut WolkvoxApp| app.show(ui), app)
}

/// Steps frames until `done` holds (the worker runs on its own thread meanwhile).
fn wait_until(
    h: &mut Harness<'static, WolkvoxApp>,
    what: &str,
    done: impl Fn(&WolkvoxApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        h.step();
        if done(h.state()) {
            h.run_steps(2);
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn loaded(h: &mut Harness<'static, WolkvoxApp>) {
    wait_until(h, "the demo data", |a| {
        !a.is_loading() && !a.report().is_empty()
    });
}

fn count_label(app: &WolkvoxApp) -> String {
    format!(
        "{} of {} calls",
        thousands(app.view().len()),
        thousands(app.report().len())
    )
}

fn thousands(n: usize) -> String {
    wolkvox_ivr::i18n::int(Lang::En, n as u64)
}

fn fake(calls_per_day: f64) -> FakeServer {
    FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GeneratorConfig {
            seed: 21,
            calls_per_day,
        },
        ..FakeConfig::default()
    })
    .unwrap()
}

fn connect(h: &mut Harness<'static, WolkvoxApp>, server: &FakeServer, token: &str) {
    h.state_mut()
        .connect_to(
            ServerName::parse("0002").unwrap(),
            Endpoint::loopback(&server.base_url()).unwrap(),
            SecretString::from(token.to_string()),
        )
        .unwrap();
    h.run_steps(2);
}

fn summer() -> (jiff::civil::DateTime, jiff::civil::DateTime) {
    (
        jiff::civil::date(2026, 6, 1).at(0, 0, 0, 0),
        jiff::civil::date(2026, 8, 31).at(23, 59, 0, 0),
    )
}

#[test]
fn demo_data_loads_and_shows_the_count() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    assert!(h.state().is_demo());
    h.get_by_label("Demo data");
    let label = count_label(h.state());
    h.get_by_label(&label);
    assert!(h.state().report().len() > 5_000);
}

#[test]
fn sorting_by_ivr_time_twice_puts_the_longest_first() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    // The column header (the charts' legend says "IVR time" too).
    h.get_by_role_and_label(egui::accesskit::Role::Button, "IVR time")
        .click();
    h.run_steps(2);
    h.get_by_label("IVR time ⏶").click();
    h.run_steps(2);
    let app = h.state();
    let calls = app.report().calls();
    let longest = calls.iter().filter_map(|c| c.ivr_time.get()).max().unwrap();
    let first = calls[app.view()[0] as usize].ivr_time.get();
    assert_eq!(first, Some(longest));
    h.get_by_label("IVR time ⏷");
}

#[test]
fn searching_a_phone_number_finds_its_one_call() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    // A caller who called exactly once.
    let ani = {
        let r = h.state().report();
        let mut counts = std::collections::HashMap::new();
        for c in r.calls() {
            *counts
                .entry(r.raw(c, Field::Ani).unwrap_or(""))
                .or_insert(0) += 1;
        }
        r.calls()
            .iter()
            .map(|c| r.raw(c, Field::Ani).unwrap_or(""))
            .find(|a| a.len() > 9 && counts[a] == 1)
            .expect("a one-time caller")
            .to_string()
    };
    h.get_by_label("Search").click();
    h.get_by_label("Search").type_text(&ani);
    h.run_steps(3);
    let total = thousands(h.state().report().len());
    h.get_by_label(&format!("1 of {total} calls"));
}

#[test]
fn moving_the_threshold_changes_the_highlighted_count() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let long_at = |app: &WolkvoxApp, secs: u32| {
        let calls = app.report().calls();
        app.view()
            .iter()
            .filter(|&&i| calls[i as usize].ivr_time.get().is_some_and(|t| t > secs))
            .count()
    };
    let before = long_at(h.state(), 120);
    h.get_by_label(&format!("{} with long IVR", thousands(before)));
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Long IVR above (seconds)")
        .set_value_accesskit(60.0);
    h.run_steps(3);
    let after = long_at(h.state(), 60);
    assert!(after > before);
    h.get_by_label(&format!("{} with long IVR", thousands(after)));
}

#[test]
fn an_invalid_token_shows_a_banner_and_keeps_the_loaded_calls() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let server = fake(200.0);
    // The operation's calls first (connecting put the demo calls away).
    connect(&mut h, &server, TOKEN);
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the summer", |a| {
        !a.is_loading() && !a.report().is_empty()
    });
    let (shown, sent) = (h.state().report().len(), server.stats().requests);
    connect(&mut h, &server, "wrong-token-value");
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the refusal", |a| {
        !a.is_loading() && !a.banner_texts().is_empty()
    });
    h.get_by_label_contains("Wolkvox refused the token");
    assert_eq!(
        h.state().report().len(),
        shown,
        "nothing that was loaded is lost"
    );
    assert_eq!(server.stats().requests, sent + 1);
}

/// Loads the summer over a window that shows calls already, from a server whose second
/// answer never comes: the load stops after its first month.
fn load_that_hangs_after_a_month(h: &mut Harness<'static, WolkvoxApp>, lang: Lang) -> FakeServer {
    loaded(h);
    let server = fake(200.0);
    server.inject(FaultRule {
        when: When::Nth(2),
        fault: Fault::Hang,
        times: None,
    });
    connect(h, &server, TOKEN);
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);
    h.get_by_label(lang.texts().ui_load).click();
    server
}

#[test]
fn cancelling_a_slow_load_keeps_the_calls_received() {
    let mut h = harness(Lang::En);
    let _server = load_that_hangs_after_a_month(&mut h, Lang::En);
    wait_until(&mut h, "the first month", |a| {
        a.is_loading() && a.report().len() > 1000 && a.report().len() < 10_000
    });
    let received = h.state().report().len();
    h.get_by_label("Cancel").click();
    wait_until(&mut h, "the cancel", |a| !a.is_loading());
    assert_eq!(h.state().report().len(), received);
    h.get_by_label_contains("Loading cancelled");
    assert_eq!(h.state().missing().len(), 2);
}

#[test]
fn retrying_missing_ranges_completes_the_report() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let server = fake(200.0);
    let (from, to) = summer();
    let range = TimeRange::new(
        wolkvox_ivr::report::Stamp::from_civil(from),
        wolkvox_ivr::report::Stamp::from_civil(to.with().second(59).build().unwrap()),
    )
    .unwrap();
    let july = plan(range)[1];
    server.inject(FaultRule {
        when: When::DateIni(july.api_bounds().0),
        fault: Fault::ServerError500,
        times: Some(3),
    });
    connect(&mut h, &server, TOKEN);
    h.state_mut().set_query_range(from, to);
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the load", |a| !a.is_loading());
    assert_eq!(h.state().missing(), &[july]);
    let partial = h.state().report().len();
    h.get_by_label("Retry missing ranges").click();
    wait_until(&mut h, "the retry", |a| !a.is_loading());
    assert!(h.state().missing().is_empty());
    assert!(h.state().report().len() > partial);
    let all = wolkvox_ivr::fake::calls_between(
        &GeneratorConfig {
            seed: 21,
            calls_per_day: 200.0,
        },
        range.from_secs(),
        range.to_secs(),
    );
    assert_eq!(h.state().report().len(), all.len());
}

#[test]
fn the_window_speaks_spanish() {
    let mut h = harness(Lang::Es);
    loaded(&mut h);
    h.get_by_label("Cargar reporte");
    h.get_by_label("Datos de demostración");
    let n = h.state().report().len() as u64;
    let es = wolkvox_ivr::i18n::int(Lang::Es, n);
    h.get_by_label(&format!("{es} de {es} llamadas"));
    if n >= 1000 {
        assert!(es.contains('.'), "Spanish thousands separator: {es}");
    }
}

#[test]
fn every_text_of_both_languages_can_be_drawn() {
    // The test harness panics on a character no bundled font has.
    let mut h = Harness::builder()
        .with_size(egui::vec2(2000.0, 4000.0))
        .build_ui(|ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (_, en, es) in wolkvox_ivr::i18n::ENTRIES {
                    ui.label(*en);
                    ui.label(*es);
                }
                for sym in [" ⏶", " ⏷"] {
                    ui.label(sym);
                }
            });
        });
    h.run();
}

fn click_at(h: &mut Harness<'static, WolkvoxApp>, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(2);
}

#[test]
fn clicking_a_routing_point_bar_filters_the_table() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let total = h.state().report().len();
    h.get_by_label("Charts").click();
    h.run_steps(2);
    let (rp, pos) = h.state().routing_point_bars()[1].clone();
    let rp = rp.expect("a routing point id");
    let rp_calls = {
        let r = h.state().report();
        r.calls()
            .iter()
            .filter(|c| r.raw(c, Field::RpId) == Some(rp.as_str()))
            .count()
    };
    click_at(&mut h, pos);
    assert_eq!(h.state().view().len(), rp_calls);
    h.get_by_label(&format!(
        "{} of {} calls",
        thousands(rp_calls),
        thousands(total)
    ));
    // Clicking the same bar again shows every call.
    let pos = h
        .state()
        .routing_point_bars()
        .iter()
        .find(|(id, _)| id.as_deref() == Some(rp.as_str()))
        .map(|(_, p)| *p)
        .unwrap();
    click_at(&mut h, pos);
    assert_eq!(h.state().view().len(), total);
}

#[test]
fn the_threshold_moves_the_strip_and_the_table_together() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Long IVR above (seconds)")
        .set_value_accesskit(45.0);
    h.run_steps(3);
    let k = h.state().key_numbers().unwrap().clone();
    assert_eq!(k.long_ivr.threshold, 45);
    let n = thousands(k.long_ivr.calls as usize);
    h.get_by_label(&format!("{n} with long IVR"));
    h.get_by_label_contains(&format!("{n} · "));
}

#[test]
fn the_strip_and_summary_json_agree() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    h.state_mut().save_report(&file);
    // Compared as text: parsing JSON floats back may move their last bit.
    let strip = serde_json::to_string_pretty(h.state().key_numbers().unwrap()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
        .args(["summary", "--json", "--input", file.to_str().unwrap()])
        .env("WOLKVOX_IVR_CONFIG_DIR", dir.path().join("config"))
        .env("WOLKVOX_IVR_LOG_DIR", dir.path().join("logs"))
        .output()
        .unwrap();
    assert!(out.status.success());
    // The summary object starts with the key numbers, as the strip has them; more keys
    // (the trend per day) follow them.
    let printed = String::from_utf8_lossy(&out.stdout);
    let numbers = strip.strip_suffix("\n}").unwrap();
    assert!(
        printed.starts_with(&format!("{numbers},\n  \"")),
        "{strip}\n---\n{printed}"
    );
}

#[test]
fn connecting_through_the_dialog_keeps_the_token_out_of_files() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("settings.json");
    h.state_mut().set_settings_file(settings_file.clone());
    h.get_by_label("Connect to Wolkvox…").click();
    // The click's frame asks for the dialog; the next lays it out unseen, then it shows.
    h.run_steps(3);
    h.get_by_label("Server").click();
    h.get_by_label("Server").type_text("wv0002");
    h.get_by_label("Token").click();
    h.get_by_label("Token").type_text(TOKEN);
    h.run_steps(1);
    h.get_by_label("Connect").click();
    h.run_steps(3);
    assert!(!h.state().is_demo());
    let saved = std::fs::read_to_string(&settings_file).unwrap();
    assert!(saved.contains("\"0002\""), "{saved}");
    assert!(
        !saved.contains(TOKEN),
        "the token reached the settings file"
    );
    // Only the last characters of the token are ever shown.
    h.get_by_label_contains("token …1234");
    assert!(h.query_by_label_contains(TOKEN).is_none());
    for text in h.state().banner_texts() {
        assert!(!text.contains(TOKEN));
    }
}

#[test]
fn exporting_gives_the_rows_in_view_in_their_order() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    // The table, not the charts (their legends name the same outcomes), then filter:
    // transferred calls only; sort: longest IVR first.
    h.get_by_label("Table").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Retained")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Unknown")
        .click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "IVR time")
        .click();
    h.run_steps(2);
    h.get_by_label("IVR time ⏶").click();
    h.run_steps(2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("view.csv");
    h.state_mut()
        .start_export(path.clone(), wolkvox_ivr::export::Format::CsvPlain);
    wait_until(&mut h, "the export", |a| !a.is_exporting());
    assert_eq!(h.state().last_export(), Some(path.as_path()));
    h.get_by_label("Open file");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let conn_col = header.iter().position(|c| *c == "conn_id").unwrap();
    let exported: Vec<String> = lines
        .map(|l| {
            l.split(',')
                .nth(conn_col)
                .unwrap()
                .trim_matches('"')
                .to_string()
        })
        .collect();
    let app = h.state();
    let r = app.report();
    let shown: Vec<String> = app
        .view()
        .iter()
        .map(|&i| {
            r.raw(&r.calls()[i as usize], Field::ConnId)
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(shown.len() < r.len(), "the filter took effect");
    assert_eq!(exported, shown);
}

#[test]
fn sharing_the_demo_view_writes_a_page_that_says_demo_without_callers() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    h.get_by_label("Share report…");
    // Off by default: the page leaves callers out unless asked.
    let check = h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "with caller data");
    assert_eq!(
        check.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    h.get_by_label("Only long IVR").click();
    h.run_steps(2);
    wait_until(&mut h, "the filtered view", |a| !a.is_view_pending());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("share.html");
    h.state_mut().start_share(path.clone(), false);
    h.run_steps(1);
    wait_until(&mut h, "the page", |a| !a.is_exporting());
    assert_eq!(h.state().last_export(), Some(path.as_path()));
    h.get_by_label("Open file");
    let page = std::fs::read_to_string(&path).unwrap();
    let t = Lang::En.texts();
    assert!(page.contains("data-caller-data=\"left-out\""));
    assert!(page.contains(&format!("<title>{}</title>", t.page_demo_title)));
    assert!(page.contains(t.page_source_demo));
    // The view's filter is named, and the page counts the calls in view.
    assert!(
        page.contains(&t.ui_only_long.to_lowercase()),
        "filter not named"
    );
    let in_view = h.state().view().len() as u64;
    assert!(page.contains(&format!("data-key=\"calls\" data-value=\"{in_view}\"")));
    let app = h.state();
    let r = app.report();
    let mut phones = 0;
    for c in r.calls() {
        if let Some(ani) = r.raw(c, Field::Ani).filter(|a| a.len() >= 6) {
            phones += 1;
            assert!(!page.contains(ani), "caller number {ani} on the page");
        }
    }
    assert!(phones > 0, "the demo calls have phone numbers");
}

#[test]
fn large_reports_compute_their_views_off_the_frame() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    // Treat the demo data as large: views are computed on another thread.
    h.state_mut().set_view_sync_limit(0);
    let total = h.state().report().len();
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Long IVR above (seconds)")
        .set_value_accesskit(300.0);
    h.get_by_label("Only long IVR").click();
    h.run_steps(1);
    wait_until(&mut h, "the background view", |a| {
        !a.is_updating_view() && a.view().len() < total
    });
    let long = h.state().key_numbers().unwrap().long_ivr.calls as usize;
    assert_eq!(h.state().view().len(), long);
    h.get_by_label(&format!(
        "{} of {} calls",
        thousands(long),
        thousands(total)
    ));
}

// ---- the window survives bad files, bugs, empty and odd answers, and large loads ----

/// The count label, as the status bar shows it, and a check that it matches the view.
fn assert_count_label(h: &Harness<'static, WolkvoxApp>) {
    let label = count_label(h.state());
    h.get_by_label(&label);
}

/// No text on screen shows a number that went wrong.
fn assert_no_broken_numbers(h: &Harness<'static, WolkvoxApp>) {
    for bad in ["NaN", "inf", "{"] {
        let found: Vec<String> = h
            .query_all_by_label_contains(bad)
            .filter_map(|n| {
                use egui_kittest::kittest::NodeT;
                n.accesskit_node().label()
            })
            .collect();
        assert!(found.is_empty(), "{bad} on screen: {found:?}");
    }
}

fn last_banner(app: &WolkvoxApp) -> String {
    app.banner_texts().last().cloned().unwrap_or_default()
}

#[test]
fn bad_files_are_refused_with_a_banner_and_the_calls_stay() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let shown = h.state().report().len();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let huge = dir.path().join("huge.json");
    // Sparse: takes no disk space, and must be refused without being read.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(6_000_000_000)
        .unwrap();
    let folder = dir.path().join("folder.json");
    std::fs::create_dir(&folder).unwrap();
    let mut cases: Vec<(std::path::PathBuf, &str)> = vec![
        (
            file(
                "corrupt.json",
                br#"{"code":200,"error":null,"data":[{"conn_id":"1","time_on_rp":"#,
            ),
            "cut short",
        ),
        (file("empty.json", b""), "it is empty"),
        (
            file(
                "page.json",
                b"<!DOCTYPE html><html><body><h1>Session expired</h1></body></html>",
            ),
            "may be a web page",
        ),
        (file("binary.json", &binary), "not in the report's format"),
        (
            file("words.json", br#"{"hello": "world", "data": "none"}"#),
            "is not a Wolkvox",
        ),
        (huge.clone(), "6.0 GB, more than the 2.0 GB"),
        (folder, "not a saved report but a folder or a device"),
        (dir.path().join("missing.json"), "it does not exist"),
    ];
    if cfg!(unix) {
        // A device that never ends: reading it would fill the memory.
        cases.push(("/dev/zero".into(), "not a saved report"));
    }
    for (path, words) in cases {
        let started = Instant::now();
        h.state_mut().open_report(&path);
        h.run_steps(2);
        let took = started.elapsed();
        let banner = last_banner(h.state());
        assert!(banner.contains(words), "{}: {banner}", path.display());
        assert!(
            !banner.contains("Error") && !banner.contains("error:"),
            "plain words: {banner}"
        );
        h.get_by_label_contains(&banner);
        assert!(
            took < Duration::from_secs(5),
            "{}: {took:?}",
            path.display()
        );
        assert_eq!(h.state().report().len(), shown, "{}", path.display());
        assert_count_label(&h);
        assert!(!h.state().banner_texts().is_empty());
    }
    assert!(std::fs::metadata(&huge).unwrap().len() == 6_000_000_000);

    // Saving or exporting onto a device, or a link to one, is refused; the link stays.
    #[cfg(unix)]
    {
        let link = dir.path().join("to-full.json");
        std::os::unix::fs::symlink("/dev/full", &link).unwrap();
        h.state_mut().save_report(&link);
        h.run_steps(2);
        let banner = last_banner(h.state());
        assert!(banner.contains("a folder or a device"), "{banner}");
        for target in [link.clone(), "/dev/full".into()] {
            h.state_mut()
                .start_export(target.clone(), wolkvox_ivr::export::Format::CsvExcel);
            wait_until(&mut h, "the refused export", |a| !a.is_exporting());
            let banner = last_banner(h.state());
            assert!(banner.contains("nothing was written"), "{banner}");
            assert_eq!(h.state().last_export(), None, "{target:?}");
        }
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            std::path::Path::new("/dev/full")
        );
        assert_eq!(h.state().report().len(), shown);
    }

    // A good file still opens afterwards.
    let good = dir.path().join("good.json");
    h.state_mut().save_report(&good);
    h.state_mut().open_report(&good);
    h.run_steps(3);
    assert!(last_banner(h.state()).starts_with("Opened"));
    assert_eq!(h.state().report().len(), shown);
    assert_count_label(&h);
}

fn harness_with_waker(waker: wolkvox_ivr::worker::Waker) -> Harness<'static, WolkvoxApp> {
    let ctx = egui::Context::default();
    let mut app = WolkvoxApp::with_fetch_settings_and_waker(
        &ctx,
        fetch_settings(),
        StartMode::Demo,
        Lang::En,
        settings(),
        waker,
    );
    app.use_keychain(wolkvox_ivr::secrets::Keychain::with_store(
        keyring_core::mock::Store::new().unwrap(),
    ));
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut WolkvoxApp| app.show(ui), app)
}

#[test]
fn a_bug_inside_the_fetch_leaves_the_window_its_calls_and_the_missing_ranges() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // The worker runs the waker after each event; armed, it panics at that event, as a
    // bug inside the fetch would. 0 is disarmed.
    let panic_at = Arc::new(AtomicUsize::new(0));
    let events = Arc::new(AtomicUsize::new(0));
    let waker = {
        let (panic_at, events) = (panic_at.clone(), events.clone());
        Arc::new(move || {
            let n = events.fetch_add(1, Ordering::SeqCst) + 1;
            if n == panic_at.load(Ordering::SeqCst) {
                panic!("a bug inside the fetch (on purpose, in a test)");
            }
        })
    };
    let mut h = harness_with_waker(waker);
    loaded(&mut h);
    let server = fake(200.0);
    connect(&mut h, &server, TOKEN);
    // Connecting put the demo calls away; what is shown now must survive the bug.
    let demo = h.state().report().len();
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);

    // At the first event: nothing arrived, the demo calls stay.
    panic_at.store(events.load(Ordering::SeqCst) + 1, Ordering::SeqCst);
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the failed load", |a| !a.is_loading());
    let banner = last_banner(h.state());
    assert!(
        banner.starts_with("Something went wrong inside the app"),
        "{banner}"
    );
    h.get_by_label_contains("Something went wrong inside the app");
    assert_eq!(h.state().report().len(), demo);
    assert!(h.state().missing().is_empty());
    assert_count_label(&h);

    // Right after June's rows: June is shown and July-August are named as missing,
    // not passed off as a complete summer.
    panic_at.store(events.load(Ordering::SeqCst) + 2, Ordering::SeqCst);
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the second failed load", |a| !a.is_loading());
    let range = TimeRange::new(
        wolkvox_ivr::report::Stamp::from_civil(from),
        wolkvox_ivr::report::Stamp::from_civil(to.with().second(59).build().unwrap()),
    )
    .unwrap();
    let pieces = plan(range);
    let calls_in = |r: TimeRange| {
        wolkvox_ivr::fake::calls_between(
            &GeneratorConfig {
                seed: 21,
                calls_per_day: 200.0,
            },
            r.from_secs(),
            r.to_secs(),
        )
        .len()
    };
    assert_eq!(h.state().report().len(), calls_in(pieces[0]));
    assert_eq!(
        h.state().missing(),
        &[TimeRange::new(pieces[1].from(), pieces[2].to()).unwrap()]
    );
    h.get_by_label_contains("Something went wrong inside the app");
    assert_count_label(&h);

    // The worker still works: retrying fills the gap.
    h.get_by_label("Retry missing ranges").click();
    wait_until(&mut h, "the retry", |a| !a.is_loading());
    assert!(h.state().missing().is_empty());
    assert_eq!(h.state().report().len(), calls_in(range));
    assert_count_label(&h);
}

#[test]
fn a_range_without_calls_shows_an_empty_table_and_zeroed_key_numbers() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let server = fake(200.0);
    server.inject(FaultRule::new(When::Always, Fault::NoRows));
    connect(&mut h, &server, TOKEN);
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the empty load", |a| !a.is_loading());
    assert!(h.state().report().is_empty());
    assert!(
        h.state().banner_texts().is_empty(),
        "no rows is not an error"
    );
    h.get_by_label("No calls in this range.");
    h.get_by_label("0 of 0 calls");
    h.get_by_label("0 with long IVR");
    let k = h.state().key_numbers().expect("key numbers").clone();
    assert_eq!((k.calls, k.retained, k.transferred), (0, 0, 0));
    assert_eq!(k.long_ivr.calls, 0);
    let text = serde_json::to_string(&k).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    assert_no_broken_numbers(&h);
    // Filters on nothing stay nothing.
    h.get_by_label("Search").click();
    h.get_by_label("Search").type_text("3001");
    h.get_by_label("Only long IVR").click();
    h.run_steps(3);
    h.get_by_label("0 of 0 calls");

    // The same from a saved answer with an empty list.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("none.json");
    std::fs::write(
        &empty,
        br#"{"code":"200","error":null,"msg":"0 records were found","data":[]}"#,
    )
    .unwrap();
    h.state_mut().open_report(&empty);
    h.run_steps(3);
    assert!(last_banner(h.state()).starts_with("Opened"));
    h.get_by_label("0 of 0 calls");
    assert_no_broken_numbers(&h);
}

#[test]
fn a_report_of_placeholders_only_shows_sorts_and_filters() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    h.state_mut().set_charts_visible(true);
    let fields = wolkvox_ivr::fake::FIELD_NAMES;
    let placeholders = [
        serde_json::json!("-"),
        serde_json::json!(""),
        serde_json::json!(" "),
        serde_json::Value::Null,
        serde_json::json!("00:00:00"),
        serde_json::json!("0"),
    ];
    let mut rows = Vec::new();
    for (i, p) in placeholders.iter().enumerate() {
        // Each row holds one kind of placeholder everywhere; a few also mix them.
        for k in 0..4 {
            let row: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .enumerate()
                .map(|(j, f)| {
                    let v = if k == 0 {
                        p.clone()
                    } else {
                        placeholders[(i + j * k) % placeholders.len()].clone()
                    };
                    (f.to_string(), v)
                })
                .collect();
            rows.push(serde_json::Value::Object(row));
        }
    }
    // And a row with no fields at all.
    rows.push(serde_json::json!({}));
    let body = serde_json::json!({"code": 200, "error": null, "msg": "", "data": rows});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placeholders.json");
    std::fs::write(&path, serde_json::to_vec(&body).unwrap()).unwrap();
    h.state_mut().open_report(&path);
    h.run_steps(3);
    assert!(
        last_banner(h.state()).starts_with("Opened"),
        "{:?}",
        h.state().banner_texts()
    );
    let n = h.state().report().len();
    assert!(n >= 1, "{n}");
    assert_count_label(&h);
    assert_no_broken_numbers(&h);

    // Every visible column header, both ways, in the table view.
    h.get_by_label("Table").click();
    h.run_steps(2);
    let t = Lang::En.texts();
    for f in [
        Field::EndDateRp,
        Field::RpId,
        Field::TimeOnRp,
        Field::GoToAgent,
        Field::TimeOnSkill,
        Field::TimeWithAgent,
    ] {
        let title = wolkvox_ivr::i18n::column_title(t, f);
        h.get_by_role_and_label(egui::accesskit::Role::Button, title)
            .click();
        h.run_steps(2);
        h.get_by_label(&format!("{title} ⏶")).click();
        h.run_steps(2);
        h.get_by_label(&format!("{title} ⏷"));
        assert_eq!(h.state().view().len(), n);
    }
    for text in ["-", "0", " "] {
        h.get_by_label("Search").click();
        h.get_by_label("Search").type_text(text);
        h.run_steps(2);
        assert_count_label(&h);
    }
    h.get_by_label("Only long IVR").click();
    h.run_steps(2);
    assert_count_label(&h);
    h.get_by_label("Only long IVR").click();
    for label in [
        "10-second steps",
        "Weekday x hour",
        "Wolkvox ranges",
        "By hour",
    ] {
        if let Some(node) = h.query_by_label(label) {
            node.click();
            h.run_steps(2);
        }
    }
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Long IVR above (seconds)")
        .set_value_accesskit(0.0);
    h.run_steps(3);
    assert_count_label(&h);
    assert_no_broken_numbers(&h);
    let k = serde_json::to_string(h.state().key_numbers().unwrap()).unwrap();
    assert!(!k.contains("NaN") && !k.contains("inf"), "{k}");
}

#[test]
fn a_large_load_while_sorting_searching_and_switching_charts() {
    let mut h = {
        let ctx = egui::Context::default();
        let fetch = FetchSettings {
            row_cap: 200_000,
            ..fetch_settings()
        };
        let mut app =
            WolkvoxApp::with_fetch_settings(&ctx, fetch, StartMode::Empty, Lang::En, settings());
        app.use_keychain(wolkvox_ivr::secrets::Keychain::with_store(
            keyring_core::mock::Store::new().unwrap(),
        ));
        Harness::builder()
            .with_size(egui::vec2(1600.0, 1000.0))
            .build_ui_state(|ui, app: &mut WolkvoxApp| app.show(ui), app)
    };
    let server = FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GeneratorConfig {
            seed: 22,
            calls_per_day: 42_000.0,
        },
        row_cap: 200_000,
        ..FakeConfig::default()
    })
    .unwrap();
    connect(&mut h, &server, TOKEN);
    // Two days of June and two of July: two answers of over 100,000 calls each.
    h.state_mut().set_query_range(
        jiff::civil::date(2026, 6, 29).at(0, 0, 0, 0),
        jiff::civil::date(2026, 7, 2).at(23, 59, 0, 0),
    );
    h.get_by_label("Load report").click();
    h.run_steps(1);
    let t = Lang::En.texts();
    let headers = [
        Field::TimeOnRp,
        Field::RpId,
        Field::EndDateRp,
        Field::AgentName,
    ];
    let charts = [
        "10-second steps",
        "Weekday x hour",
        "Wolkvox ranges",
        "By hour",
    ];
    let searches = ["5", "50", "3001", "", "7"];
    let deadline = Instant::now() + Duration::from_secs(120);
    // Clicks and typing while the calls arrive and a little after, one each frame.
    let (mut step, mut loading_steps) = (0usize, 0usize);
    while h.state().is_loading() || step < loading_steps + 8 {
        assert!(Instant::now() < deadline, "the load did not end");
        if h.state().is_loading() {
            loading_steps += 1;
        }
        let round = step / 4;
        match step % 4 {
            0 => {
                let title = wolkvox_ivr::i18n::column_title(t, headers[round % headers.len()]);
                let (up, down) = (format!("{title} ⏶"), format!("{title} ⏷"));
                let node = h
                    .query_by_role_and_label(egui::accesskit::Role::Button, title)
                    .or_else(|| h.query_by_label(&up))
                    .or_else(|| h.query_by_label(&down));
                if let Some(node) = node {
                    node.click();
                }
            }
            1 => h
                .get_by_label("Search")
                .set_text_value_accesskit(searches[round % searches.len()]),
            2 => {
                if let Some(node) = h.query_by_label(charts[round % charts.len()]) {
                    node.click();
                }
            }
            _ if round % 2 == 0 => {
                let view = if round % 4 == 0 { "Charts" } else { "Table" };
                h.get_by_label(view).click();
            }
            _ => {}
        }
        h.step();
        std::thread::sleep(Duration::from_millis(10));
        step += 1;
    }
    // A last search, whatever the loop ended on; then the last view settles.
    h.get_by_label("Search").set_text_value_accesskit("7");
    h.step();
    wait_until(&mut h, "the last view", |a| !a.is_view_pending());
    h.run_steps(3);
    let app = h.state();
    assert!(app.missing().is_empty());
    assert!(
        app.report().len() > 200_000,
        "a large report: {}",
        app.report().len()
    );
    assert!(loading_steps > 0, "the clicks came while loading");
    // The view shown is the one its filter and sort give, and the label counts it.
    let want = wolkvox_ivr::report::compute_view(app.report(), app.view_spec());
    assert_eq!(app.view(), want.as_slice());
    assert!(!app.view_spec().search.is_empty());
    assert!(app.view_spec().sort.is_some());
    assert_count_label(&h);
    let k = h.state().key_numbers().unwrap();
    assert_eq!(k.calls as usize, h.state().view().len());
}

#[test]
fn a_second_report_of_the_same_length_shows_its_own_routing_points() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let body = |rp: &str| {
        format!(
            r#"{{"code":200,"data":[
                {{"conn_id":"a.1","rp_id":"{rp}","time_on_rp":"00:00:40","end_date_rp":"2026-03-02 10:00:00","go_to_agent":"no"}},
                {{"conn_id":"a.2","rp_id":"{rp}","time_on_rp":"00:01:40","end_date_rp":"2026-03-02 11:00:00","go_to_agent":"yes"}}
            ]}}"#
        )
    };
    let (first, second) = (
        dir.path().join("first.json"),
        dir.path().join("second.json"),
    );
    std::fs::write(&first, body("RP_FIRST_MENU")).unwrap();
    std::fs::write(&second, body("RP_SECOND_MENU")).unwrap();
    for (path, shown, gone) in [
        (&first, "RP_FIRST_MENU", "RP_SECOND_MENU"),
        (&second, "RP_SECOND_MENU", "RP_FIRST_MENU"),
    ] {
        h.state_mut().open_report(path);
        h.run_steps(2);
        assert_eq!(h.state().report().len(), 2);
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Routing point")
            .click();
        h.run_steps(3);
        assert!(
            h.query_all_by_label(shown).count() >= 1,
            "the list offers {shown}"
        );
        assert!(
            h.query_by_label(gone).is_none(),
            "the list still offers the other report's {gone}"
        );
        h.key_press(egui::Key::Escape);
        h.run_steps(2);
    }
}

/// Periods A and B of "first half against second half" over the loaded range.
fn halves(app: &WolkvoxApp) -> (Period, Period) {
    let r = app.workspace().loaded().expect("a loaded range");
    let (from, to) = (r.from().seconds().unwrap(), r.to().seconds().unwrap());
    let mid = from + (to - from + 1) / 2;
    let p = |f, t| Period::new(Stamp::from_seconds(f), Stamp::from_seconds(t)).unwrap();
    (p(from, mid - 1), p(mid, to))
}

/// The comparison of the view cut into `a` and `b`, worked out apart from the window.
fn comparison(app: &WolkvoxApp, a: &Period, b: &Period) -> Comparison {
    let (r, rows) = (app.report(), app.view());
    Comparison::of(
        r,
        &a.rows_in(r, rows).rows,
        &b.rows_in(r, rows).rows,
        app.view_spec().long_ivr_secs,
    )
}

#[test]
fn comparing_two_halves_shows_the_retention_change_and_its_verdict() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    h.get_by_label("Compare").click();
    h.run_steps(2);
    h.get_by_label("First half against second half").click();
    h.run_steps(3);
    let (a, b) = halves(h.state());
    let c = comparison(h.state(), &a, &b);
    assert!(c.a.calls > 0 && c.b.calls > 0);
    h.get_by_label(&i18n::period_line(Lang::En, "A", &a, c.a.calls));
    h.get_by_label(&i18n::period_line(Lang::En, "B", &b, c.b.calls));
    h.get_by_label("Counts are rows: a call that passed two routing points counts once in each.");
    let d = c.delta.retention_rate;
    let verdict = match d.likely_real {
        Some(true) => "probably real",
        _ => "within normal variation",
    };
    let card = format!(
        "Retention\nA {} · B {}\n{} points, {verdict}",
        i18n::percent(Lang::En, d.a.unwrap()),
        i18n::percent(Lang::En, d.b.unwrap()),
        signed_points(Lang::En, d.diff.unwrap()),
    );
    h.get_by_label(&card);

    // A period before the loaded one is not compared from rows that are not there: the
    // window says what loading it would cost.
    h.get_by_label("Previous period").click();
    h.run_steps(3);
    let r = h.state().workspace().loaded().unwrap();
    let (from, to) = (r.from().seconds().unwrap(), r.to().seconds().unwrap());
    let a = TimeRange::from_seconds(2 * from - to - 1, from - 1).unwrap();
    let cost = plan(a).len();
    assert!(cost > 0);
    h.get_by_label(&format!(
        "Period A ({} – {}) is not among the calls loaded; loading it alone would take {cost} requests.",
        i18n::stamp(Lang::En, a.from()),
        i18n::stamp(Lang::En, a.to()),
    ));
    assert!(h.query_by_label(&card).is_none());

    // Loading both keeps exactly those two periods: B is the range loaded before.
    let both = plan(TimeRange::new(a.from(), r.to()).unwrap()).len();
    h.get_by_label(&format!("Load both periods ({both} requests)"))
        .click();
    h.run_steps(2);
    wait_until(&mut h, "both periods", |app| {
        !app.is_loading() && !app.is_view_pending()
    });
    h.run_steps(3);
    let p = |r: TimeRange| Period::new(r.from(), r.to()).unwrap();
    let (a, b) = (p(a), p(r));
    let c = comparison(h.state(), &a, &b);
    assert!(c.a.calls > 0 && c.b.calls > 0, "{:?} {:?}", c.a, c.b);
    h.get_by_label(&i18n::period_line(Lang::En, "A", &a, c.a.calls));
    h.get_by_label(&i18n::period_line(Lang::En, "B", &b, c.b.calls));
    h.get_by_label_contains("Retention\nA ");
}

#[test]
fn clicking_a_routing_point_in_the_changes_table_filters_the_calls() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let total = h.state().report().len();
    h.get_by_label("Compare").click();
    h.run_steps(3);
    let (a, b) = halves(h.state());
    let c = comparison(h.state(), &a, &b);
    let rp = c.by_routing_point[0]
        .rp_id
        .clone()
        .expect("a routing point id");
    let rp_calls = {
        let r = h.state().report();
        r.calls()
            .iter()
            .filter(|call| r.raw(call, Field::RpId) == Some(rp.as_str()))
            .count()
    };
    assert!(rp_calls < total);
    h.get_by_label(&rp).click();
    wait_until(&mut h, "the routing point's calls", |app| {
        !app.is_view_pending() && app.view().len() == rp_calls
    });
    h.get_by_label(&format!(
        "{} of {} calls",
        thousands(rp_calls),
        thousands(total)
    ));
    // The comparison follows the view: only that routing point is left in the table.
    let (a, b) = halves(h.state());
    let only = comparison(h.state(), &a, &b);
    assert_eq!(only.by_routing_point.len(), 1);
    assert_eq!(only.a.calls + only.b.calls, rp_calls as u64);
}

#[test]
fn switching_the_trend_measure_changes_the_chart_and_a_change_date_fills_compare() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    h.get_by_label("Trend").click();
    h.run_steps(3);
    h.get_by_label("Retention per day");
    h.get_by_label("Median IVR time").click();
    h.run_steps(3);
    let title = h.get_by_label("Median IVR time per day");
    assert!(h.query_by_label("Retention per day").is_none());
    // Pointing at the chart names one day's numbers.
    let below = title.rect().center_bottom() + egui::vec2(0.0, 200.0);
    h.event(egui::Event::PointerMoved(below));
    h.run_steps(3);
    h.get_by_label_contains(" calls · retention ");
    assert!(
        h.query_by_label("Point at the chart to see the numbers of that hour, day or week.")
            .is_none()
    );

    let (_, b) = halves(h.state());
    let day = b.from.civil().unwrap().date();
    h.get_by_label("Change date (year-month-day):").click();
    h.get_by_label("Change date (year-month-day):")
        .type_text(&day.to_string());
    h.run_steps(2);
    h.get_by_label("Compare before and after").click();
    h.run_steps(3);
    let r = h.state().workspace().loaded().unwrap();
    let cut = Stamp::from_civil(day.to_datetime(jiff::civil::Time::midnight()));
    let p = |f: Stamp, t: i64| Period::new(f, Stamp::from_seconds(t)).unwrap();
    let a = p(r.from(), cut.seconds().unwrap() - 1);
    let b = p(cut, r.to().seconds().unwrap());
    let c = comparison(h.state(), &a, &b);
    h.get_by_label(&i18n::period_line(Lang::En, "A", &a, c.a.calls));
    h.get_by_label(&i18n::period_line(Lang::En, "B", &b, c.b.calls));
}

#[test]
fn a_large_view_is_compared_off_the_frame() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    // Every view counts as large: the comparison must not be worked out inside a frame.
    h.state_mut().set_view_sync_limit(0);
    h.get_by_label("Compare").click();
    h.run_steps(1);
    h.get_by_label("Counting the calls in view…");
    step_until_shown(&mut h, "Retention\nA ");
    assert!(h.query_by_label("Counting the calls in view…").is_none());
    h.get_by_label("Trend").click();
    h.run_steps(1);
    h.get_by_label("Counting the calls in view…");
    step_until_shown(&mut h, "Retention per day");
}

/// Steps frames until a label containing `text` is drawn (work on other threads meanwhile).
fn step_until_shown(h: &mut Harness<'static, WolkvoxApp>, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.query_by_label_contains(text).is_none() {
        assert!(Instant::now() < deadline, "never shown: {text}");
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn clicking_the_top_path_shows_its_calls_with_all_their_rows() {
    use wolkvox_ivr::report::paths::Paths;
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let total = h.state().report().len();
    h.get_by_label("Paths").click();
    wait_until(&mut h, "the paths of the view", |a| a.paths_ready());
    let (top, text, want) = {
        let app = h.state();
        let (r, view) = (app.report(), app.view());
        let paths = Paths::of_rows(r, view, app.view_spec().long_ivr_secs);
        assert!(
            paths.multi_step_calls > 0,
            "the demo has calls through several routing points"
        );
        let top = &paths.paths[0];
        let text = top
            .steps
            .iter()
            .map(|s| s.text(r))
            .collect::<Vec<_>>()
            .join(" » ");
        let groups = r.call_groups();
        let want: usize = paths
            .calls()
            .iter()
            .filter(|&&c| groups.path_of_call(c) == Some(top.id))
            .map(|&c| groups.rows_of_call(c).len())
            .sum();
        (top.id, text, want)
    };
    assert!(want > 0);
    h.get_by_label(&text).click();
    h.run_steps(3);
    // The calls table shows every row of the top path's calls, and only those.
    let app = h.state();
    let groups = app.report().call_groups();
    assert_eq!(app.view().len(), want);
    assert!(
        app.view().iter().all(|&row| {
            groups.call_of_row(row).and_then(|c| groups.path_of_call(c)) == Some(top)
        })
    );
    h.get_by_label(&format!(
        "{} of {} calls",
        thousands(want),
        thousands(total)
    ));
    h.get_by_label(&format!("Only the calls of: Path {text}"));
    h.get_by_label("Clear filters").click();
    h.run_steps(3);
    assert_eq!(h.state().view().len(), total);
    assert!(
        h.query_by_label(&format!("Only the calls of: Path {text}"))
            .is_none()
    );
}

#[test]
fn when_every_call_passes_one_routing_point_the_paths_view_says_so() {
    let ctx = egui::Context::default();
    let app = WolkvoxApp::with_fetch_settings(
        &ctx,
        fetch_settings(),
        StartMode::Empty,
        Lang::En,
        settings(),
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut WolkvoxApp| app.show(ui), app);
    let mut report = wolkvox_ivr::report::Report::new();
    report
        .ingest(
            br#"{"code":200,"data":[
            {"conn_id":"a.1","rp_id":"RP_MENU","time_on_rp":"00:00:40","end_date_rp":"2026-01-05 10:00:00","go_to_agent":"no"},
            {"conn_id":"a.2","rp_id":"RP_SALES","time_on_rp":"00:03:00","end_date_rp":"2026-01-05 11:00:00","go_to_agent":"yes"},
            {"conn_id":"-","rp_id":"RP_MENU","time_on_rp":"00:01:00","end_date_rp":"2026-01-05 12:00:00","go_to_agent":"yes"}
        ]}"#,
        )
        .unwrap();
    h.state_mut().show_report(report);
    h.run_steps(2);
    h.get_by_label("Paths").click();
    wait_until(&mut h, "the paths of the view", |a| a.paths_ready());
    h.get_by_label(
        "Every call in view passed a single routing point, so there is no path from one routing point to another to draw. The table below shows how those calls ended.",
    );
    // The paths table still lists the two routing points as paths of one step.
    h.get_by_label("RP_MENU");
    h.get_by_label("RP_SALES");
}

#[test]
fn a_workbook_exported_from_the_compare_view_carries_the_comparison_shown() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut h = harness(Lang::En);
    loaded(&mut h);
    h.get_by_label("Compare").click();
    h.run_steps(2);
    h.get_by_label("First half against second half").click();
    h.run_steps(3);
    let (a, b) = halves(h.state());
    let c = comparison(h.state(), &a, &b);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compared.xlsx");
    h.state_mut()
        .start_export(path.clone(), wolkvox_ivr::export::Format::Xlsx);
    wait_until(&mut h, "the export", |a| !a.is_exporting());
    assert_eq!(h.state().last_export(), Some(path.as_path()));
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert!(
        wb.sheet_names().iter().any(|s| s == "Comparison"),
        "{:?}",
        wb.sheet_names()
    );
    let sheet = wb.worksheet_range("Comparison").unwrap();
    let row = (0..sheet.height() as u32)
        .find(|&r| sheet.get_value((r, 0)) == Some(&Data::String("Calls".into())))
        .expect("a row of calls");
    assert_eq!(
        sheet.get_value((row, 1)),
        Some(&Data::Float(c.a.calls as f64))
    );
    assert_eq!(
        sheet.get_value((row, 2)),
        Some(&Data::Float(c.b.calls as f64))
    );

    // From the table view the same export has no comparison.
    h.get_by_label("Table").click();
    h.run_steps(2);
    let plain = dir.path().join("plain.xlsx");
    h.state_mut()
        .start_export(plain.clone(), wolkvox_ivr::export::Format::Xlsx);
    wait_until(&mut h, "the second export", |a| !a.is_exporting());
    let wb: Xlsx<_> = open_workbook(&plain).unwrap();
    assert!(!wb.sheet_names().iter().any(|s| s == "Comparison"));
}

// ---- plain words, provenance and search ----

/// The count line of the window in `lang`: "n of m calls" / "n de m llamadas".
fn count_in(lang: Lang, app: &WolkvoxApp) -> String {
    i18n::fill(
        lang.texts().ui_count,
        &[
            ("n", &i18n::int(lang, app.view().len() as u64)),
            ("m", &i18n::int(lang, app.report().len() as u64)),
        ],
    )
}

#[test]
fn searching_a_name_without_accents_finds_it_in_both_languages() {
    for lang in [Lang::Es, Lang::En] {
        let mut h = harness(lang);
        loaded(&mut h);
        let t = lang.texts();
        let agent = |app: &WolkvoxApp, c: &wolkvox_ivr::report::Call| {
            app.report()
                .raw(c, Field::AgentName)
                .unwrap_or("")
                .to_string()
        };
        let want = {
            let app = h.state();
            app.report()
                .calls()
                .iter()
                .filter(|c| {
                    let a = agent(app, c);
                    a.contains("Paola Sánchez") || a.contains("Paola Sanchez")
                })
                .count()
        };
        assert!(want > 0, "the demo has a Paola Sánchez");
        h.get_by_label(t.ui_search).click();
        h.get_by_label(t.ui_search).type_text("paola sanchez");
        wait_until(&mut h, "the search", |a| !a.is_view_pending());
        let app = h.state();
        assert_eq!(app.view().len(), want, "{lang}");
        assert!(
            app.view()
                .iter()
                .all(|&i| { agent(app, &app.report().calls()[i as usize]).contains("Sánchez") })
        );
        let label = count_in(lang, h.state());
        h.get_by_label(&label);
    }
}

#[test]
fn connecting_after_the_demo_leaves_no_demo_call_on_screen_in_both_languages() {
    for (lang, wait_for_demo) in [(Lang::Es, true), (Lang::En, true), (Lang::Es, false)] {
        let t = lang.texts();
        let mut h = harness(lang);
        if wait_for_demo {
            loaded(&mut h);
            // The status line names the demo data and its range.
            h.get_by_label_contains(&format!("{} · ", t.prov_demo));
        }
        let server = fake(200.0);
        connect(&mut h, &server, TOKEN);
        // A demo load still running is dropped too: nothing it sends is shown.
        h.run_steps(20);
        assert!(h.state().report().is_empty(), "{lang}: demo calls remain");
        assert!(
            h.query_all_by_label_contains(t.prov_demo).next().is_none(),
            "{lang}: something still says demo"
        );
        let (from, to) = summer();
        h.state_mut().set_query_range(from, to);
        h.get_by_label(t.ui_load).click();
        wait_until(&mut h, "the operation's calls", |a| {
            !a.is_loading() && !a.report().is_empty()
        });
        let range = if lang == Lang::Es {
            "01/06/2026 a 31/08/2026"
        } else {
            "2026-06-01 to 2026-08-31"
        };
        let server_words = i18n::fill(t.prov_server, &[("server", &"0002")]);
        h.get_by_label_contains(&format!("{server_words} · {range}"));
        assert!(h.query_all_by_label_contains(t.prov_demo).next().is_none());
    }
}

#[test]
fn a_demo_export_says_demo_data_and_its_range_on_the_summary_sheet() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    for lang in [Lang::Es, Lang::En] {
        let t = lang.texts();
        let mut h = harness(lang);
        loaded(&mut h);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.xlsx");
        h.state_mut()
            .start_export(path.clone(), wolkvox_ivr::export::Format::Xlsx);
        wait_until(&mut h, "the export", |a| !a.is_exporting());
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let s = wb.worksheet_range(t.export_sheet_summary).unwrap();
        let text = |r: u32, c: u32| match s.get_value((r, c)) {
            Some(Data::String(x)) => x.clone(),
            _ => String::new(),
        };
        let line = |label: &str| {
            (0..s.height() as u32)
                .find(|&r| text(r, 0) == label)
                .map(|r| text(r, 1))
                .unwrap_or_else(|| panic!("{lang}: no line {label:?}"))
        };
        assert!(
            (0..6).any(|r| text(r, 0) == t.export_demo_note),
            "{lang}: the demo line is at the top"
        );
        if lang == Lang::Es {
            assert_eq!(
                t.export_demo_note,
                "Datos de demostración — no son datos reales"
            );
        }
        assert_eq!(line(t.page_source), t.prov_demo);
        let today = h.state().workspace().today();
        let week_ago = today.checked_sub(jiff::Span::new().days(6)).unwrap();
        let range = format!(
            "{}{}{}",
            i18n::date(lang, week_ago),
            if lang == Lang::Es { " a " } else { " to " },
            i18n::date(lang, today)
        );
        assert_eq!(line(t.page_range), range);
        assert_eq!(line(t.page_missing), t.export_missing_none);
        assert!(line(t.chart_threshold).contains("2:00"));
        assert!(!line(t.export_loaded_at).is_empty());
    }
}

#[test]
fn cancel_then_retry_leaves_no_stale_banner_in_both_languages() {
    for lang in [Lang::Es, Lang::En] {
        let t = lang.texts();
        let mut h = harness(lang);
        let _server = load_that_hangs_after_a_month(&mut h, lang);
        wait_until(&mut h, "the first month", |a| {
            a.is_loading() && !a.report().is_empty()
        });
        h.get_by_label(t.ui_cancel).click();
        wait_until(&mut h, "the cancel", |a| !a.is_loading());
        // A notice, not a failure: what arrived and what is missing, in the user's dates.
        let n = i18n::int(lang, h.state().report().len() as u64);
        let (july, august) = if lang == Lang::Es {
            ("01/07/2026 a 31/07/2026", "01/08/2026 a 31/08/2026")
        } else {
            ("2026-07-01 to 2026-07-31", "2026-08-01 to 2026-08-31")
        };
        let words = i18n::fill(
            t.ui_cancelled_missing,
            &[("n", &n), ("ranges", &format!("{july}; {august}"))],
        );
        assert_eq!(
            h.state().banner_texts(),
            std::slice::from_ref(&words),
            "{lang}"
        );
        if lang == Lang::Es {
            assert!(words.starts_with("Carga cancelada: llegaron "), "{words}");
        }
        h.get_by_label(&words);
        // The cancel names the missing ranges itself: no second, alarming banner.
        assert!(
            h.query_all_by_label_contains(&t.ui_missing_banner[..12])
                .next()
                .is_none()
        );
        h.get_by_label(t.ui_load_missing).click();
        wait_until(&mut h, "the retry", |a| !a.is_loading());
        assert!(h.state().missing().is_empty(), "{lang}");
        assert!(h.state().banner_texts().is_empty(), "{lang}: stale banner");
        assert!(
            h.query_all_by_label_contains(&words[..14]).next().is_none(),
            "{lang}: the cancel still shows"
        );
    }
}

#[test]
fn known_api_values_read_in_the_window_language() {
    for (lang, inbound, answered) in [
        (Lang::Es, "Entrante", "Atendida"),
        (Lang::En, "Inbound", "Answered"),
    ] {
        let mut h = harness(lang);
        loaded(&mut h);
        assert!(h.query_all_by_label(inbound).next().is_some(), "{lang}");
        assert!(h.query_all_by_label(answered).next().is_some(), "{lang}");
        for raw in ["inbound", "ANSWERED", "internal call_inb", "yes"] {
            assert!(
                h.query_all_by_label(raw).next().is_none(),
                "{lang}: {raw} shown as received"
            );
        }
    }
}

#[test]
fn a_search_that_finds_nothing_says_so_and_clears_in_both_languages() {
    for lang in [Lang::Es, Lang::En] {
        let t = lang.texts();
        let mut h = harness(lang);
        loaded(&mut h);
        let all = h.state().report().len();
        h.get_by_label(t.ui_search).click();
        h.get_by_label(t.ui_search).type_text("zzz nadie");
        wait_until(&mut h, "the empty search", |a| {
            !a.is_view_pending() && a.view().is_empty()
        });
        if lang == Lang::Es {
            h.get_by_label("Ninguna llamada coincide");
        }
        h.get_by_label(t.ui_no_match);
        h.get_all_by_label(t.ui_clear_filters)
            .next()
            .unwrap()
            .click();
        wait_until(&mut h, "every call again", |a| a.view().len() == all);
        assert!(h.state().view_spec().search.is_empty());
        assert!(h.query_by_label(t.ui_no_match).is_none());
    }
}

#[test]
fn typing_bogota_finds_the_time_zone_and_live_tracking_says_when_and_why() {
    for lang in [Lang::Es, Lang::En] {
        let t = lang.texts();
        let mut h = harness(lang);
        loaded(&mut h);
        // The demo's last 7 days reach the present: live tracking is offered.
        h.get_by_label(t.ui_live).click();
        h.run_steps(3);
        let next = i18n::fill(t.live_next, &[("time", &"")]);
        h.get_by_label_contains(next.trim_end());

        h.get_by_label(t.ui_settings).click();
        // The click's frame asks for the dialog; the next lays it out unseen, then it shows.
        h.run_steps(3);
        h.get_by_label(t.ui_time_zone).click();
        h.get_by_label(t.ui_time_zone).type_text("Bogota");
        h.run_steps(3);
        h.get_by_label("America/Bogota").click();
        h.run_steps(3);
        let tz = h
            .state()
            .workspace()
            .time_zone()
            .iana_name()
            .map(str::to_string);
        assert_eq!(tz.as_deref(), Some("America/Bogota"), "{lang}");
        h.get_by_label(t.ui_close).click();
        h.run_steps(3);
        assert!(
            h.query_by_label(t.ui_time_zone).is_none(),
            "{lang}: still open"
        );

        // A past range: the control stays, switched off.
        let server = fake(200.0);
        connect(&mut h, &server, TOKEN);
        let (from, to) = summer();
        h.state_mut().set_query_range(from, to);
        h.get_by_label(t.ui_load).click();
        wait_until(&mut h, "the summer", |a| {
            !a.is_loading() && !a.report().is_empty()
        });
        assert!(
            h.get_by_label(t.ui_live).accesskit_node().is_disabled(),
            "{lang}"
        );
    }
}

fn history_harness(data: &std::path::Path, mode: StartMode) -> Harness<'static, WolkvoxApp> {
    let ctx = egui::Context::default();
    let mut app =
        WolkvoxApp::with_history(&ctx, fetch_settings(), mode, Lang::En, settings(), data);
    app.use_keychain(wolkvox_ivr::secrets::Keychain::with_store(
        keyring_core::mock::Store::new().unwrap(),
    ));
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut WolkvoxApp| app.show(ui), app)
}

#[test]
fn a_restarted_window_offers_the_last_range_and_shows_it_from_this_computer() {
    let data = tempfile::tempdir().unwrap();
    let server = fake(200.0);
    let (from, to) = summer();
    let shown = {
        let mut h = history_harness(data.path(), StartMode::Empty);
        connect(&mut h, &server, TOKEN);
        h.state_mut().set_query_range(from, to);
        h.get_by_label("Load report").click();
        wait_until(&mut h, "the load", |a| {
            !a.is_loading() && !a.report().is_empty()
        });
        h.get_by_label_contains("92 days from Wolkvox");
        h.state().report().len()
    };
    let requests = server.stats().requests;
    assert_eq!(requests, 3, "one request per month");

    // The window started again on the same data folder; its token was not found, so it
    // shows demo data.
    let mut h = history_harness(data.path(), StartMode::Demo);
    wait_until(&mut h, "the offer", |a| {
        a.workspace().reopen_offer().is_some() && !a.is_loading()
    });
    assert!(h.state().is_demo());
    h.get_by_label_contains("Last time you looked at server 0002 from 2026-06-01 00:00:00");
    h.get_by_label("Reopen from this computer").click();
    wait_until(&mut h, "the stored calls", |a| {
        !a.is_loading() && a.report().len() == shown && !a.is_view_pending()
    });
    assert_eq!(
        server.stats().requests,
        requests,
        "reopened with 0 requests"
    );
    h.get_by_label_contains("92 days from this computer");
    assert!(h.query_by_label("Reopen from this computer").is_none());
    assert!(h.state().missing().is_empty());

    // Connected, the same range costs nothing and loads from this computer again.
    connect(&mut h, &server, TOKEN);
    h.get_by_label_contains("All 92 days are on this computer");
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the second load", |a| {
        !a.is_loading() && a.report().len() == shown
    });
    assert_eq!(server.stats().requests, requests);

    // "Fetch again from Wolkvox" asks for all of it and keeps the same calls.
    h.get_by_label("Fetch again from Wolkvox").click();
    wait_until(&mut h, "the fetch again", |a| !a.is_loading());
    h.run_steps(2);
    assert_eq!(server.stats().requests, requests + 3);
    assert_eq!(h.state().report().len(), shown);
    h.get_by_label_contains("92 days from Wolkvox");
}

#[test]
fn settings_show_the_history_and_delete_it_only_once_confirmed() {
    let data = tempfile::tempdir().unwrap();
    let server = fake(200.0);
    let mut h = history_harness(data.path(), StartMode::Empty);
    connect(&mut h, &server, TOKEN);
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);
    h.get_by_label("Load report").click();
    wait_until(&mut h, "the load", |a| {
        !a.is_loading() && !a.report().is_empty()
    });
    let calls = h.state().report().len();

    h.get_by_label("Settings…").click();
    wait_until(&mut h, "the history's contents", |a| {
        a.workspace().history_info().is_some()
    });
    h.get_by_label("History on this computer");
    h.get_by_label(&format!("Server 0002: {} calls", thousands(calls)));
    h.get_by_label("covered: 2026-06-01 00:00:00 to 2026-08-31 23:59:59");
    h.get_by_label_contains("history.sqlite3");

    // The first click only asks (the dialog grows and centres itself again).
    h.get_by_label("Delete stored calls…").click();
    h.run_steps(5);
    h.get_by_label_contains(&format!(
        "Delete all {} stored calls of every server",
        thousands(calls)
    ));
    h.get_by_label("Keep them").click();
    h.run_steps(5);
    assert!(h.query_by_label("Delete them").is_none());
    assert_eq!(
        h.state().workspace().history_info().unwrap().servers[0].calls,
        calls as u64
    );

    h.get_by_label("Delete stored calls…").click();
    h.run_steps(5);
    h.get_by_label("Delete them").click();
    wait_until(&mut h, "the delete", |a| {
        a.banner_texts()
            .iter()
            .any(|b| b.contains("stored calls were deleted"))
    });
    h.get_by_label("No calls are stored yet.");
    assert_eq!(h.state().report().len(), calls, "the shown calls stay");
}

/// Presses Tab (or Shift+Tab) until the node labelled `label` has the focus.
fn tab_to(h: &mut Harness<'static, WolkvoxApp>, label: &str, back: bool) {
    for _ in 0..300 {
        if h.query_by_label(label).is_some_and(|n| n.is_focused()) {
            return;
        }
        if back {
            h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
        } else {
            h.key_press(egui::Key::Tab);
        }
        h.run_steps(2);
    }
    panic!("Tab never reached {label:?}");
}

fn keyboard_only(lang: Lang) {
    let t = lang.texts();
    let mut h = harness(lang);
    loaded(&mut h);
    tab_to(&mut h, t.fit_table_rows, false);
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(2);
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(h.state().selected(), None, "arrows alone open nothing");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    let second = h.state().view()[1];
    assert_eq!(h.state().selected(), Some(second));
    h.get_by_label(t.ui_details);
    // With the details open, they follow the arrow keys.
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(h.state().selected(), Some(h.state().view()[0]));
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().selected(), None);
    assert!(h.query_by_label(t.ui_details).is_none());

    // Back up to the IVR time column's title; Enter sorts, Space reverses.
    tab_to(&mut h, t.col_ivr_time, true);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    h.state_mut().wait_for_view();
    h.run_steps(2);
    assert_eq!(h.state().view_spec().sort, Some((Field::TimeOnRp, false)));
    let up = format!("{} ⏶", t.col_ivr_time);
    tab_to(&mut h, &up, false);
    h.key_press(egui::Key::Space);
    h.run_steps(3);
    h.state_mut().wait_for_view();
    h.run_steps(2);
    assert_eq!(h.state().view_spec().sort, Some((Field::TimeOnRp, true)));
    let calls = h.state().report().calls();
    let longest = calls.iter().filter_map(|c| c.ivr_time.get()).max();
    assert_eq!(calls[h.state().view()[0] as usize].ivr_time.get(), longest);
}

#[test]
fn keyboard_only_in_english_tab_to_the_table_open_a_call_and_sort() {
    keyboard_only(Lang::En);
}

#[test]
fn keyboard_only_in_spanish_tab_to_the_table_open_a_call_and_sort() {
    keyboard_only(Lang::Es);
}
