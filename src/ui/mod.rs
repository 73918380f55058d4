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
pub mod icon;
mod layout;
mod paths;
mod query_bar;
mod settings;
mod status;
mod table;
mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
mod time_zone;
mod trend;

pub use app::{StartMode, WolkvoxApp};

use eframe::egui;

use crate::i18n::Lang;
use crate::settings::Settings;

/// The id shared by the window, the Linux `.desktop` file and the icon.
pub const APP_ID: &str = "wolkvox-ivr";

/// Opens the window and runs until it is closed.
pub fn run(mode: StartMode, lang: Lang, settings: Settings) -> Result<(), eframe::Error> {
    let viewport = egui::ViewportBuilder::default()
        .with_title(lang.texts().ui_title)
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([880.0, 560.0])
        .with_icon(icon::icon_data());
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            Ok(Box::new(WolkvoxApp::new(
                &cc.egui_ctx,
                mode,
                lang,
                settings,
            )))
        }),
    )
}
