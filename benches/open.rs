//! The longest frame while the window opens a saved report of about 400 MB: reading and
//! typing it runs in the background, so every frame stays short (target: < 50 ms).
//! Prints figures; run with `cargo bench --bench open`.

use std::time::{Duration, Instant};

use eframe::egui;
use wolkvox_ivr::fake::large_report;
use wolkvox_ivr::i18n::Lang;
use wolkvox_ivr::saved::{SavedMeta, write_response};
use wolkvox_ivr::settings::Settings;
use wolkvox_ivr::ui::testing::AppTestingExt;
use wolkvox_ivr::ui::{StartMode, WolkvoxApp};

fn input(frame: u64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        time: Some(frame as f64 / 60.0),
        ..Default::default()
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let calls = 900_000;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.json");
    {
        let report = large_report(calls);
        let file = std::fs::File::create(&path).expect("the saved report");
        write_response(
            &report,
            &SavedMeta::default(),
            std::io::BufWriter::new(file),
        )
        .expect("the saved report is written");
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let ctx = egui::Context::default();
    let mut app = WolkvoxApp::new(&ctx, StartMode::Empty, Lang::En, Settings::default());
    let mut n = 0u64;
    for _ in 0..5 {
        n += 1;
        let _ = ctx.run_ui(input(n), |ui| app.show(ui));
    }
    let started = Instant::now();
    app.start_open(&path);
    let mut frames = Vec::new();
    let deadline = started + Duration::from_secs(300);
    while (app.report().len() < calls || app.is_view_pending() || app.is_busy())
        && Instant::now() < deadline
    {
        n += 1;
        let t = Instant::now();
        let _ = ctx.run_ui(input(n), |ui| app.show(ui));
        frames.push(t.elapsed());
        // A display refreshes about 60 times a second; the window draws no faster.
        std::thread::sleep(Duration::from_millis(16));
    }
    let total = started.elapsed();
    frames.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = frames.get(frames.len() / 2).copied().unwrap_or_default();
    let longest = frames.last().copied().unwrap_or_default();
    println!(
        "open: {:.0} MB saved report, {} calls shown after {:.2} s; {} frames while opening: median {:.2} ms, longest {:.2} ms (target < 50 ms)",
        bytes as f64 / 1e6,
        app.report().len(),
        total.as_secs_f64(),
        frames.len(),
        ms(median),
        ms(longest),
    );
}
