//! The window driven as a person would: clicking and typing by label (egui_kittest).
#![cfg(feature = "gui")]

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When};
use wolkvox_ivr::i18n::Lang;
use wolkvox_ivr::report::Field;
use wolkvox_ivr::settings::Settings;
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
    let shown = h.state().report().len();
    let server = fake(200.0);
    connect(&mut h, &server, "wrong-token-value");
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);
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
    assert_eq!(server.stats().requests, 1);
}

#[test]
fn cancelling_a_slow_load_keeps_the_calls_received() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let server = fake(200.0);
    server.inject(FaultRule {
        when: When::Nth(2),
        fault: Fault::Hang,
        times: None,
    });
    connect(&mut h, &server, TOKEN);
    let (from, to) = summer();
    h.state_mut().set_query_range(from, to);
    h.get_by_label("Load report").click();
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
    assert_eq!(format!("{strip}\n"), String::from_utf8_lossy(&out.stdout));
}

#[test]
fn connecting_through_the_dialog_keeps_the_token_out_of_files() {
    let mut h = harness(Lang::En);
    loaded(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("settings.json");
    h.state_mut().set_settings_file(settings_file.clone());
    h.get_by_label("Connect to Wolkvox…").click();
    h.run_steps(2);
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
    // Hide the charts (their legends name the same outcomes), then filter: transferred
    // calls only; sort: longest IVR first.
    h.get_by_label("Charts").click();
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
