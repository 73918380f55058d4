//! What tests and benchmarks need of the window beyond what a person can do with it:
//! building it with test settings, reading its state, and reaching states quickly. Built
//! only with the `testing` feature (which `cargo test` and `cargo bench` turn on).

use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui;
use jiff::civil::DateTime;
use secrecy::SecretString;

use super::action::{Action, FileAction};
use super::app::{StartMode, WolkvoxApp};
use super::tasks::Task;
use crate::export::Format;
use crate::i18n::Lang;
use crate::report::{KeyNumbers, Report, ViewSpec};
use crate::secrets::Keychain;
use crate::settings::Settings;
use crate::wolkvox::{ApiError, Endpoint, ServerName, TimeRange};
use crate::worker::{FetchSettings, Waker};

/// The window's test handle.
pub trait AppTestingExt {
    /// The app with fetch settings of the caller's choosing (tests use short timeouts).
    fn with_fetch_settings(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
    ) -> WolkvoxApp;
    /// Like `with_fetch_settings`, with `also` run inside the worker after each event
    /// (tests use it to make the worker fail as a bug would).
    fn with_fetch_settings_and_waker(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
        also: Waker,
    ) -> WolkvoxApp;
    /// Like `with_fetch_settings`, keeping the history on this computer in `data_dir`
    /// (a new app on the same folder is the window started again).
    fn with_history(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
        data_dir: &Path,
    ) -> WolkvoxApp;
    /// Uses `keychain` instead of the platform's, ignoring any lookup still running.
    fn use_keychain(&mut self, keychain: Keychain);
    /// Keeps the preferences in `path` instead of the config folder.
    fn set_settings_file(&mut self, path: PathBuf);
    /// Connects as the dialog does, sending requests to `endpoint`.
    fn connect_to(
        &mut self,
        server: ServerName,
        endpoint: Endpoint,
        token: SecretString,
    ) -> Result<(), ApiError>;
    /// Sets the date pickers' range, "to" included to its minute.
    fn set_query_range(&mut self, from: DateTime, to: DateTime);
    /// Shows `report` as if it had just been loaded.
    fn show_report(&mut self, report: Report);
    /// Opens a saved report as "Open report…" does, waiting until it is read.
    fn open_report(&mut self, path: &Path);
    /// Starts opening a saved report as "Open report…" does, without waiting.
    fn start_open(&mut self, path: &Path);
    /// Waits until the view shows the loaded calls (at most a minute).
    fn wait_for_view(&mut self);
    /// Saves the loaded rows as "Save report…" does, waiting until they are written.
    fn save_report(&mut self, path: &Path);
    /// Starts exporting the view as "Export…" does.
    fn start_export(&mut self, path: PathBuf, format: Format);
    /// Starts writing the view's report page as "Share report…" does.
    fn start_share(&mut self, path: PathBuf, with_caller_data: bool);
    /// Shows the charts (true) or the table (false) in the main area.
    fn set_charts_visible(&mut self, visible: bool);
    /// Computes views in the background from this many calls up (0: always).
    fn set_view_sync_limit(&mut self, calls: usize);
    /// Shows the paths view.
    fn show_paths_view(&mut self);
    /// Whether the paths view's numbers follow the shown view.
    fn paths_ready(&self) -> bool;
    /// The loaded calls.
    fn report(&self) -> &Report;
    /// The rows in view, in order.
    fn view(&self) -> &[u32];
    /// The filter and sort the view follows.
    fn view_spec(&self) -> &ViewSpec;
    /// The key numbers of the view, as the strip shows them.
    fn key_numbers(&self) -> Option<&KeyNumbers>;
    /// The ranges that could not be fetched.
    fn missing(&self) -> &[TimeRange];
    /// The messages shown across the top, in the window's language.
    fn banner_texts(&self) -> Vec<String>;
    /// The selected call.
    fn selected(&self) -> Option<u32>;
    /// Whether a fetch is running.
    fn is_loading(&self) -> bool;
    /// Whether the window shows demo data.
    fn is_demo(&self) -> bool;
    /// Whether the view still waits for filters, sorts or rows.
    fn is_view_pending(&self) -> bool;
    /// Whether a view is being computed in the background.
    fn is_updating_view(&self) -> bool;
    /// Whether an export is running.
    fn is_exporting(&self) -> bool;
    /// The file the last export wrote.
    fn last_export(&self) -> Option<&Path>;
    /// Where each routing point's bar was drawn in the last frame (its middle).
    fn routing_point_bars(&self) -> &[(Option<String>, egui::Pos2)];
    /// Whether background jobs (files, keychain, exports) are running.
    fn is_busy(&self) -> bool;
}

impl AppTestingExt for WolkvoxApp {
    fn with_fetch_settings(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
    ) -> WolkvoxApp {
        WolkvoxApp::with_worker(
            ctx,
            fetch,
            std::sync::Arc::new(|| {}),
            mode,
            lang,
            settings,
            None,
        )
    }

    fn with_history(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
        data_dir: &Path,
    ) -> WolkvoxApp {
        let store = Some(data_dir.join(crate::store::FILE_NAME));
        WolkvoxApp::with_worker(
            ctx,
            fetch,
            std::sync::Arc::new(|| {}),
            mode,
            lang,
            settings,
            store,
        )
    }

    fn with_fetch_settings_and_waker(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
        also: Waker,
    ) -> WolkvoxApp {
        WolkvoxApp::with_worker(ctx, fetch, also, mode, lang, settings, None)
    }

    fn use_keychain(&mut self, keychain: Keychain) {
        self.keychain = Some(keychain);
        self.keychain_pinned = true;
    }

    fn set_settings_file(&mut self, path: PathBuf) {
        self.settings_file = Some(path);
    }

    fn connect_to(
        &mut self,
        server: ServerName,
        endpoint: Endpoint,
        token: SecretString,
    ) -> Result<(), ApiError> {
        self.connect(server, endpoint, token)
    }

    fn set_query_range(&mut self, from: DateTime, to: DateTime) {
        self.panels.query.set_range(from, to);
    }

    fn show_report(&mut self, report: Report) {
        self.ws.show_report(report);
    }

    fn open_report(&mut self, path: &Path) {
        self.apply(
            Action::FileChosen(FileAction::Open, path.to_path_buf()),
            None,
        );
        finish_tasks(self);
    }

    fn start_open(&mut self, path: &Path) {
        self.apply(
            Action::FileChosen(FileAction::Open, path.to_path_buf()),
            None,
        );
    }

    fn wait_for_view(&mut self) {
        self.ws.settle(Duration::from_secs(60));
    }

    fn save_report(&mut self, path: &Path) {
        self.apply(
            Action::FileChosen(FileAction::Save, path.to_path_buf()),
            None,
        );
        finish_tasks(self);
    }

    fn start_export(&mut self, path: PathBuf, format: Format) {
        self.export_to(path, format);
    }

    fn start_share(&mut self, path: PathBuf, with_caller_data: bool) {
        self.panels.export.with_caller_data = with_caller_data;
        self.share_to(path);
    }

    fn set_charts_visible(&mut self, visible: bool) {
        self.panels.view = if visible {
            super::layout::MainView::Charts
        } else {
            super::layout::MainView::Table
        };
    }

    fn set_view_sync_limit(&mut self, calls: usize) {
        self.ws.set_view_sync_limit(calls);
    }

    fn show_paths_view(&mut self) {
        self.panels.view = super::layout::MainView::Paths;
    }

    fn paths_ready(&self) -> bool {
        self.panels.paths.is_ready(&self.ws)
    }

    fn report(&self) -> &Report {
        self.ws.report()
    }

    fn view(&self) -> &[u32] {
        self.ws.view()
    }

    fn view_spec(&self) -> &ViewSpec {
        self.ws.spec()
    }

    fn key_numbers(&self) -> Option<&KeyNumbers> {
        Some(self.ws.numbers())
    }

    fn missing(&self) -> &[TimeRange] {
        self.ws.missing()
    }

    fn banner_texts(&self) -> Vec<String> {
        self.ws
            .notices()
            .iter()
            .map(|n| n.message(self.lang))
            .collect()
    }

    fn selected(&self) -> Option<u32> {
        self.ws.selected()
    }

    fn is_loading(&self) -> bool {
        self.ws.is_loading()
    }

    fn is_demo(&self) -> bool {
        self.ws.is_demo()
    }

    fn is_view_pending(&self) -> bool {
        self.ws.is_view_pending()
    }

    fn is_updating_view(&self) -> bool {
        self.ws.is_updating_view()
    }

    fn is_exporting(&self) -> bool {
        self.panels.export.job.is_some()
    }

    fn last_export(&self) -> Option<&Path> {
        self.panels.export.last.as_deref()
    }

    fn routing_point_bars(&self) -> &[(Option<String>, egui::Pos2)] {
        &self.panels.charts.rp_bars
    }

    fn is_busy(&self) -> bool {
        self.tasks.is_busy()
    }
}

/// Waits for the file jobs just started and applies their results, as the next frames
/// would.
fn finish_tasks(app: &mut WolkvoxApp) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while app
        .tasks
        .any(|t| matches!(t, Task::Open(_) | Task::Save(_)))
        && std::time::Instant::now() < deadline
    {
        for done in app.tasks.poll() {
            app.finished(done);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    for done in app.tasks.poll() {
        app.finished(done);
    }
}
