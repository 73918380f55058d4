//! CPU time of one window frame with 10k, 100k and 1M calls loaded: the table scrolling,
//! and the charts (budgets at 1M: < 4 ms and < 8 ms in release).

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use wolkvox_ivr::fake::large_report;
use wolkvox_ivr::i18n::Lang;
use wolkvox_ivr::settings::Settings;
use wolkvox_ivr::ui::testing::AppTestingExt;
use wolkvox_ivr::ui::{StartMode, WolkvoxApp};

fn input(frame: u64) -> egui::RawInput {
    let mut raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        time: Some(frame as f64 / 60.0),
        ..Default::default()
    };
    // Scroll the table a little every frame, as a person reading down the list.
    raw.events
        .push(egui::Event::PointerMoved(egui::pos2(800.0, 800.0)));
    raw.events.push(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -40.0),
        phase: egui::TouchPhase::Move,
        modifiers: egui::Modifiers::NONE,
        source: egui::MouseWheelSource::Unknown,
    });
    raw
}

fn frames(c: &mut Criterion) {
    for (label, calls) in [("10k", 10_000), ("100k", 100_000), ("1M", 1_000_000)] {
        frames_of(c, label, calls);
    }
}

fn frames_of(c: &mut Criterion, label: &str, calls: usize) {
    let report = large_report(calls);
    let mut group = c.benchmark_group(format!("frame {label}"));
    group.sample_size(30);
    for (name, charts) in [("table", false), ("charts", true)] {
        let ctx = egui::Context::default();
        let mut app = WolkvoxApp::new(&ctx, StartMode::Empty, Lang::En, Settings::default());
        app.show_report(report.clone());
        app.wait_for_view();
        app.set_charts_visible(charts);
        let mut n = 0u64;
        // Warm up fonts and layout caches.
        for _ in 0..5 {
            n += 1;
            let _ = ctx.run_ui(input(n), |ui| app.show(ui));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                n += 1;
                ctx.run_ui(input(n), |ui| app.show(ui)).shapes.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
