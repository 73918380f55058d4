//! The window (egui). [`app::WolkvoxApp`] wires the panels, the screen-free
//! [`Workspace`](crate::workspace::Workspace) and the background jobs; each other file is
//! one panel or dialog: a function that borrows what it draws and returns actions.

mod action;
pub mod app;
mod cached;
mod calendar;
mod cells;
mod charts;
mod compare;
mod connection;
mod details;
mod export;
mod files;
mod history;
pub mod icon;
mod layout;
mod paths;
mod query_bar;
mod settings;
mod status;
mod store_choice;
mod table;
mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
mod theme;
mod time_zone;
mod trend;

pub use app::{StartMode, WolkvoxApp};

use eframe::egui;

use crate::i18n::Lang;
use crate::settings::Settings;

/// The id shared by the window, the Linux `.desktop` file and the icon.
pub const APP_ID: &str = "wolkvox-ivr";

/// The size the window asks for when the screen has room for it: the panels' widths and
/// the table's rows were laid out for it.
const PREFERRED_SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// Room a window manager takes around the window and for its own panels (task bar, top
/// bar): the screen's work area is this much smaller than the screen, roughly.
const SCREEN_MARGIN: egui::Vec2 = egui::vec2(24.0, 72.0);

/// The key in eframe's storage that says the window was sized to the screen once.
const FITTED_KEY: &str = "window-fitted";
/// The key in eframe's storage of the view the window was closed on.
const VIEW_KEY: &str = "main-view";

/// What to do with the window's size once the screen's size is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Fit {
    /// The size it has is fine.
    Keep,
    /// Fill the work area (the window manager knows where its panels are).
    Maximize,
    /// This inner size at this outer position.
    Resize {
        /// Inner size, in points.
        size: egui::Vec2,
        /// Outer position, in points.
        pos: egui::Pos2,
    },
}

/// How to fit a window of inner size `inner` on a screen of `monitor`; on the first start
/// it fills the screen, later it keeps the size it was closed with unless that no longer fits.
pub(crate) fn fit(monitor: egui::Vec2, inner: egui::Vec2, first_start: bool) -> Fit {
    let work = monitor - SCREEN_MARGIN;
    let too_small = work.x < PREFERRED_SIZE.x || work.y < PREFERRED_SIZE.y;
    if first_start {
        if too_small {
            return Fit::Maximize;
        }
        // Most of a large screen, centred: the table and the charts use the room.
        let size = (monitor * 0.9).min(work).round();
        let pos = ((monitor - size) / 2.0 - egui::vec2(0.0, SCREEN_MARGIN.y / 4.0))
            .max(egui::Vec2::ZERO)
            .round()
            .to_pos2();
        return Fit::Resize { size, pos };
    }
    if inner.x > work.x || inner.y > work.y {
        Fit::Maximize
    } else {
        Fit::Keep
    }
}

/// Sizes the window to the screen on the first frames that know the screen's size.
pub(crate) struct WindowFit {
    first_start: bool,
    frames_left: u32,
}

impl WindowFit {
    /// A fit still to do; `first_start` when the window was never sized on this computer.
    pub(crate) fn new(first_start: bool) -> WindowFit {
        WindowFit {
            first_start,
            frames_left: 60,
        }
    }

    /// Applies the fit once the screen's size is known; true when nothing is left to do.
    pub(crate) fn apply(&mut self, ctx: &egui::Context) -> bool {
        let (monitor, inner, maximized) = ctx.input(|i| {
            let v = i.viewport();
            (
                v.monitor_size,
                v.inner_rect.map(|r| r.size()),
                v.maximized == Some(true),
            )
        });
        self.frames_left = self.frames_left.saturating_sub(1);
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            return self.frames_left == 0;
        };
        if maximized || monitor.x <= 0.0 || monitor.y <= 0.0 {
            return true;
        }
        match fit(monitor, inner, self.first_start) {
            Fit::Keep => {}
            Fit::Maximize => ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true)),
            Fit::Resize { size, pos } => {
                ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
                ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(pos));
            }
        }
        true
    }

    /// Notes in eframe's storage that the window has been sized once, and its view.
    pub(crate) fn remember(storage: &mut dyn eframe::Storage, view: layout::MainView) {
        storage.set_string(FITTED_KEY, "1".to_string());
        storage.set_string(VIEW_KEY, view.key().to_string());
    }
}

/// Opens the window and runs until it is closed.
pub fn run(mode: StartMode, lang: Lang, settings: Settings) -> Result<(), eframe::Error> {
    let viewport = egui::ViewportBuilder::default()
        .with_title(lang.texts().ui_title)
        .with_app_id(APP_ID)
        .with_inner_size(PREFERRED_SIZE)
        .with_min_inner_size([760.0, 520.0])
        .with_icon(icon::icon_data());
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let first_start = cc
                .storage
                .is_none_or(|s| s.get_string(FITTED_KEY).is_none());
            let mut app = WolkvoxApp::new(&cc.egui_ctx, mode, lang, settings);
            app.window_fit = Some(WindowFit::new(first_start));
            // The view it was closed on; the table starts at its first row all the same.
            if let Some(view) = cc
                .storage
                .and_then(|s| s.get_string(VIEW_KEY))
                .and_then(|k| layout::MainView::from_key(&k))
            {
                app.panels.view = view;
            }
            Ok(Box::new(app))
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_laptop_screen_gets_a_maximised_window_on_first_start() {
        let laptop = egui::vec2(1366.0, 768.0);
        assert_eq!(fit(laptop, PREFERRED_SIZE, true), Fit::Maximize);
    }

    #[test]
    fn a_large_screen_gets_most_of_it_centred_on_first_start() {
        let full_hd = egui::vec2(1920.0, 1080.0);
        let Fit::Resize { size, pos } = fit(full_hd, PREFERRED_SIZE, true) else {
            panic!("expected a new size");
        };
        assert!(
            size.x > PREFERRED_SIZE.x && size.y > PREFERRED_SIZE.y,
            "{size:?}"
        );
        assert!(size.x <= full_hd.x - SCREEN_MARGIN.x && size.y <= full_hd.y - SCREEN_MARGIN.y);
        assert!(pos.x >= 0.0 && pos.y >= 0.0 && pos.x + size.x <= full_hd.x);
    }

    #[test]
    fn a_restored_size_is_kept_unless_it_runs_past_the_screen() {
        let full_hd = egui::vec2(1920.0, 1080.0);
        assert_eq!(fit(full_hd, egui::vec2(1500.0, 900.0), false), Fit::Keep);
        // Closed on a large screen, opened on a laptop.
        let laptop = egui::vec2(1366.0, 768.0);
        assert_eq!(fit(laptop, egui::vec2(1500.0, 900.0), false), Fit::Maximize);
        assert_eq!(fit(laptop, egui::vec2(1100.0, 650.0), false), Fit::Keep);
    }
}
