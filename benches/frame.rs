//! CPU time of one window frame with 10k, 100k and 1M calls loaded: the table scrolling,
//! and the charts (budgets at 1M: < 4 ms and < 8 ms in release); and the paths view's
//! flow picture at 1M calls, 15 % of them through several routing points, the pointer
//! moving over its bands (budget: < 8 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use wolkvox_ivr::fake::{CallMix, large_report, large_report_with_mix};
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
    paths_frame(c);
}

/// Rows that hold about 1M calls at the multi-step mix (1.18 rows a call).
const PATHS_ROWS: usize = 1_180_000;

fn paths_frame(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = WolkvoxApp::new(&ctx, StartMode::Empty, Lang::En, Settings::default());
    app.show_report(large_report_with_mix(PATHS_ROWS, CallMix::MULTI_STEP_15));
    app.wait_for_view();
    app.show_paths_view();
    let hover = |frame: u64| {
        let mut raw = input(frame);
        // Over the flow picture's bands instead of scrolling the table.
        raw.events = vec![egui::Event::PointerMoved(egui::pos2(
            300.0 + (frame % 40) as f32 * 12.0,
            420.0,
        ))];
        raw
    };
    let mut n = 0u64;
    // The paths are computed off the frame: wait for them, then warm up.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !app.paths_ready() && std::time::Instant::now() < deadline {
        n += 1;
        let _ = ctx.run_ui(hover(n), |ui| app.show(ui));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        app.paths_ready(),
        "the paths of 1M calls were not ready in time"
    );
    for _ in 0..5 {
        n += 1;
        let _ = ctx.run_ui(hover(n), |ui| app.show(ui));
    }
    // The bands are meshes: a frame without them would measure an empty picture.
    n += 1;
    let bands = ctx
        .run_ui(hover(n), |ui| app.show(ui))
        .shapes
        .iter()
        .filter(|s| matches!(s.shape, egui::Shape::Mesh(_)))
        .count();
    println!("paths flow picture: {bands} bands drawn");
    assert!(bands > 0, "the flow picture drew no bands");
    let mut group = c.benchmark_group("frame 1M calls, 15 % multi-step");
    group.sample_size(30);
    group.bench_function("paths flow picture", |b| {
        b.iter(|| {
            n += 1;
            ctx.run_ui(hover(n), |ui| app.show(ui)).shapes.len()
        })
    });
    group.finish();
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
