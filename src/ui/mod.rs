//! The window (egui). Each file draws one panel or dialog; [`app::WolkvoxApp`] ties them
//! together. Drawing code only reads state and sends commands to the worker.

pub mod app;
mod calendar;
mod charts;
mod connection;
mod details;
mod export;
mod files;
pub mod icon;
mod query_bar;
mod settings;
mod table;

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
