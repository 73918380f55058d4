//! The window: wires the panels, the workspace and the background jobs. Panels borrow
//! what they draw and return actions; [`WolkvoxApp::apply`] applies them once per frame,
//! and results of background jobs arrive in [`WolkvoxApp::finished`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use secrecy::SecretString;

use super::action::{Action, FileAction};
use super::connection::ConnectForm;
use super::files;
use super::layout::{MainView, Panels, window_ui};
use super::query_bar::Query;
use super::settings::apply_theme;
use super::tasks::{self, Done, Task, Tasks};
use crate::export::Format;
use crate::i18n::Lang;
use crate::jobs::{Finished, JobQueue};
use crate::report::ViewSpec;
use crate::secrets::Keychain;
use crate::settings::Settings;
use crate::wolkvox::when::time_zone;
use crate::wolkvox::{ApiError, Endpoint, ServerName};
use crate::worker::{FetchSettings, Waker, Worker};
use crate::workspace::{Connection, Notice, Workspace};

/// How the window starts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StartMode {
    /// The saved server's token from the keychain, else demo data.
    Auto,
    /// Demo data.
    Demo,
    /// Nothing loaded and nothing loading (benchmarks, or a report shown by the caller).
    Empty,
}

/// When the program started: the start of `main`, as near to the process's start as it
/// can tell.
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Marks the program's start, from which the log tells how long the first frame took.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

/// The whole window's state.
pub struct WolkvoxApp {
    pub(crate) ws: Workspace,
    pub(crate) lang: Lang,
    pub(crate) settings: Settings,
    pub(crate) settings_file: Option<PathBuf>,
    /// The keychain once opened; `pinned` keeps one given by the caller (tests).
    pub(crate) keychain: Option<Keychain>,
    pub(crate) keychain_pinned: bool,
    pub(crate) tasks: Tasks,
    pub(crate) panels: Panels,
    /// Sizing the window to the screen, until the screen's size is known.
    pub(crate) window_fit: Option<super::WindowFit>,
    /// The first frame's time from the start was logged.
    first_frame_logged: bool,
}

impl WolkvoxApp {
    /// The app, starting its worker; in demo mode it starts loading the last 7 days.
    pub fn new(ctx: &egui::Context, mode: StartMode, lang: Lang, settings: Settings) -> WolkvoxApp {
        apply_theme(ctx, settings.theme.as_deref());
        let fetch = FetchSettings::from_settings(&settings);
        // Benchmarks start empty and never touch the user's history.
        let store = (mode != StartMode::Empty)
            .then(crate::store::default_path)
            .flatten();
        WolkvoxApp::with_worker(ctx, fetch, Arc::new(|| {}), mode, lang, settings, store)
    }

    /// The app with fetch settings of the caller's choosing, `also` run inside the
    /// worker after each of its events, and the history on this computer at `store`
    /// (none: the window keeps no history).
    pub(crate) fn with_worker(
        ctx: &egui::Context,
        fetch: FetchSettings,
        also: Waker,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
        store: Option<PathBuf>,
    ) -> WolkvoxApp {
        super::theme::install(ctx);
        let repaint = ctx.clone();
        let waker: Waker = Arc::new(move || repaint.request_repaint());
        let worker_waker = Arc::clone(&waker);
        let worker = Worker::spawn(
            fetch,
            Arc::new(move || {
                also();
                worker_waker();
            }),
        );
        let mut ws = Workspace::new(worker, Arc::clone(&waker), &settings);
        if let Some(path) = store {
            ws.open_history(
                path,
                settings.shared_store.clone(),
                settings.retention_months,
            );
        }
        let mut query = Query::last_week(settings.server.clone().unwrap_or_default(), ws.today());
        if let Some(preset) = &settings.last_preset {
            query.apply_preset_key(preset, ws.today());
        }
        if mode != StartMode::Empty
            && let Some(report) = crate::logging::log_dir()
                .as_deref()
                .and_then(crate::crash::unseen_report)
        {
            ws.notify(Notice::CrashReport(report.clone()));
            crate::crash::mark_seen(&report);
        }
        let mut app = WolkvoxApp {
            ws,
            lang,
            settings,
            settings_file: crate::settings::settings_path(),
            keychain: None,
            keychain_pinned: false,
            tasks: JobQueue::new(waker),
            panels: Panels::new(query),
            window_fit: None,
            first_frame_logged: false,
        };
        let saved = app
            .settings
            .server
            .as_deref()
            .and_then(|s| ServerName::parse(s).ok());
        match mode {
            StartMode::Auto => {
                if saved.is_none() {
                    app.start_demo();
                }
                tasks::open_keychain(&mut app.tasks, saved, true);
            }
            StartMode::Demo => {
                app.start_demo();
                tasks::open_keychain(&mut app.tasks, None, false);
            }
            StartMode::Empty => {}
        }
        app
    }

    /// The screen-free state behind the window.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    fn start_demo(&mut self) {
        if self.ws.start_demo() {
            self.apply(Action::Load, None);
        }
    }

    /// Connects to `server` with `token`, sending requests to `endpoint`.
    pub(crate) fn connect(
        &mut self,
        server: ServerName,
        endpoint: Endpoint,
        token: SecretString,
    ) -> Result<(), ApiError> {
        self.ws.connect_to(server, endpoint, token)?;
        self.panels.query.server = server.digits().to_string();
        Ok(())
    }

    fn save_settings(&mut self) {
        let saved = (self.settings_file.as_ref())
            .map_or(Err(crate::settings::SettingsError::NoFolder), |p| {
                self.settings.save_to(p)
            });
        if let Err(e) = saved {
            self.ws.notify(Notice::Settings(e));
        }
    }

    /// Draws the whole window. Used by eframe and by the UI tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        for done in self.tasks.poll() {
            self.finished(done);
        }
        self.ws.poll();
        let ctx = ui.ctx().clone();
        if let Some(after) = self.ws.live_tick(Instant::now()) {
            ctx.request_repaint_after(after);
        }
        if self.ws.is_loading() || self.tasks.is_busy() || self.ws.is_updating_view() {
            // Keep progress moving between events.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let keychain_ok = self.keychain.as_ref().is_none_or(Keychain::is_available);
        let Self {
            ws,
            panels,
            tasks,
            settings,
            lang,
            ..
        } = self;
        let actions = window_ui(ui, *lang, ws, panels, tasks, settings, keychain_ok);
        for action in actions {
            self.apply(action, Some(&ctx));
        }
    }

    /// Applies one panel's action: the one place where the window changes state.
    pub(crate) fn apply(&mut self, action: Action, ctx: Option<&egui::Context>) {
        let (ws, panels) = (&mut self.ws, &mut self.panels);
        match action {
            Action::Load => {
                let range = panels.query.range();
                if let (Some(r), None) = (range, ws.load_blocker(range, &panels.query.server)) {
                    ws.load(r);
                }
            }
            Action::Cancel => ws.cancel(),
            Action::Refresh => ws.refresh(),
            Action::RetryMissing => ws.retry_missing(),
            Action::SetLive(on) => ws.set_live(on),
            Action::TestConnection => ws.test_connection(),
            Action::SetSpec(spec) => ws.set_spec(spec),
            Action::SetThreshold(secs) => ws.set_threshold(secs),
            Action::ToggleSort(f) => {
                let mut spec = ws.spec().clone();
                spec.sort = match spec.sort {
                    Some((s, desc)) if s == f => Some((f, !desc)),
                    _ => Some((f, false)),
                };
                ws.set_spec(spec);
            }
            Action::ToggleRoutingPoint(rp) => {
                let mut spec = ws.spec().clone();
                let same = spec.routing_point.as_deref() == Some(rp.as_str());
                spec.routing_point = (!same).then_some(rp);
                ws.set_spec(spec);
            }
            Action::LoadPeriods { a, b } => {
                let from = if a.from <= b.from { a.from } else { b.from };
                let to = if a.to >= b.to { a.to } else { b.to };
                if let (Some(from), Some(to)) = (from.civil(), to.civil()) {
                    panels.compare.pin(a, b);
                    panels.query.set_range(from, to);
                    self.apply(Action::Load, ctx);
                }
            }
            Action::CompareAround(date) => {
                panels.compare.split_at(date);
                panels.view = MainView::Compare;
            }
            Action::PickRows(subset) => {
                let spec = ViewSpec {
                    rows: Some(subset),
                    ..ws.spec().clone()
                };
                ws.set_spec(spec);
                // The calls just picked are read in the table.
                panels.view = MainView::Table;
            }
            Action::Select(call) => ws.select(call),
            Action::Pick(call) => {
                ws.select(Some(call));
                panels.table.scroll_to_selected = true;
            }
            Action::DismissNotice(i) => ws.dismiss(i),
            Action::OpenConnect => {
                panels.connect = Some(ConnectForm::for_server(&panels.query.server))
            }
            Action::Connect { server, token } => {
                match self.connect(server, Endpoint::Wolkvox(server), token.clone()) {
                    Ok(()) => {
                        self.panels.connect = None;
                        tasks::save_token(&mut self.tasks, self.keychain.clone(), server, token);
                        self.settings.server = Some(server.digits().to_string());
                        self.save_settings();
                    }
                    Err(e) => {
                        if let Some(form) = self.panels.connect.as_mut() {
                            form.error = Some(e.message(self.lang));
                        }
                    }
                }
            }
            Action::ForgetToken => {
                if let Some(Connection::Wolkvox { server, .. }) = ws.connection() {
                    tasks::forget_token(&mut self.tasks, self.keychain.clone(), *server);
                    ws.disconnect();
                }
            }
            Action::OpenSettings => {
                panels.settings.open = true;
                ws.ask_history_info();
                panels.settings.time_zone_text =
                    self.settings.time_zone.clone().unwrap_or_default();
            }
            Action::CloseSettings => {
                panels.settings.open = false;
                ws.clear_test();
                self.save_settings();
            }
            Action::SetLanguage(choice) => {
                self.settings.language = choice;
                self.lang = choice.unwrap_or_else(Lang::from_os);
            }
            Action::SetTimeZone(name) => {
                ws.set_time_zone(time_zone(name.as_deref()));
                self.settings.time_zone = name;
            }
            Action::SetTheme(theme) => {
                if let Some(ctx) = ctx {
                    apply_theme(ctx, theme.as_deref());
                }
                self.settings.theme = theme;
            }
            Action::SetReportsFolder(folder) => self.settings.reports_folder = folder,
            Action::RememberPreset(key) => self.settings.last_preset = Some(key.to_string()),
            Action::AskFile(action) => {
                let provenance = ws.provenance();
                let name = files::default_name(self.lang, provenance.as_ref(), action.extension());
                let folder = files::default_folder(self.settings.reports_folder.clone());
                tasks::ask_file(&mut self.tasks, action, name, folder);
            }
            Action::FileChosen(action, path) => self.file_chosen(action, path),
            Action::ConnectSaved { server, token } => {
                if ws.connection().is_none()
                    && let Err(e) = self.connect(server, Endpoint::Wolkvox(server), token)
                {
                    self.ws.notify(Notice::Fetch(e));
                }
            }
            Action::StartDemo => {
                if ws.connection().is_none() {
                    self.start_demo();
                }
            }
            Action::CancelExport => {
                if let Some(id) = panels.export.job {
                    self.tasks.cancel(id);
                }
            }
            Action::Reveal { path, in_folder } => {
                if let Err(error) = tasks::reveal(&path, in_folder) {
                    ws.notify(Notice::CannotReveal { path, error });
                }
            }
            Action::ShareReport => self.apply(Action::AskFile(FileAction::Page), ctx),
            Action::Refetch => {
                let range = panels.query.range();
                if let (Some(r), None) = (range, ws.load_blocker(range, &panels.query.server)) {
                    ws.refetch(r);
                }
            }
            Action::ReopenLast => {
                if let Some((server, range)) = ws.reopen_offer() {
                    if let (Some(from), Some(to)) = (range.from().civil(), range.to().civil()) {
                        panels.query.set_range(from, to);
                    }
                    panels.query.server = server.digits().to_string();
                    ws.reopen_last();
                }
            }
            Action::DismissReopen => ws.dismiss_reopen(),
            Action::SetRetention(months) => {
                ws.set_retention_months(months);
                // Also this computer's fallback, for a store that has none of its own.
                self.settings.retention_months = months;
            }
            Action::DeleteHistory => ws.delete_history(),
            Action::SetSharedStore { target, password } => {
                if let (Some(target), Some(password)) = (&target, password) {
                    tasks::save_database_password(
                        &mut self.tasks,
                        self.keychain.clone(),
                        target.clone(),
                        password,
                    );
                }
                self.settings.shared_store = target;
                self.save_settings();
            }
        }
    }

    fn file_chosen(&mut self, action: FileAction, path: PathBuf) {
        match action {
            FileAction::Open => tasks::open(&mut self.tasks, path),
            FileAction::Save => {
                let (report, meta) = (self.ws.report_shared(), self.ws.saved_meta());
                tasks::save(&mut self.tasks, path, report, meta);
            }
            FileAction::Export(_) | FileAction::Page => {
                // A typed name without the extension gets the format's own.
                let path = match path.extension() {
                    None => path.with_extension(action.extension()),
                    Some(_) => path,
                };
                match action {
                    FileAction::Export(format) => self.export_to(path, format),
                    _ => self.share_to(path),
                }
            }
        }
    }

    /// Starts writing the view's report page to `path`, unless an export is running.
    pub(crate) fn share_to(&mut self, path: PathBuf) {
        let e = &mut self.panels.export;
        if e.job.is_none() {
            let job = tasks::share_job(&self.ws, self.lang, e.with_caller_data);
            (e.last, e.job) = (None, Some(tasks::start_share(&mut self.tasks, path, job)));
        }
    }

    /// Starts writing the view to `path`, unless an export is running.
    pub(crate) fn export_to(&mut self, path: PathBuf, format: Format) {
        let p = &mut self.panels;
        if p.export.job.is_none() {
            // Exported from the compare view, a workbook carries the comparison shown.
            let periods = (p.view == MainView::Compare && format == Format::Xlsx)
                .then(|| p.compare.loaded_periods(self.lang, self.ws.loaded()))
                .flatten();
            let job =
                tasks::start_export(&mut self.tasks, path, &self.ws, format, self.lang, periods);
            (p.export.last, p.export.job) = (None, Some(job));
        }
    }

    /// Applies a background job's result and what it leads to.
    pub(crate) fn finished(&mut self, done: Finished<Task, Done>) {
        let (ws, p) = (&mut self.ws, &mut self.panels);
        let keychain = (!self.keychain_pinned).then_some(&mut self.keychain);
        let next = tasks::on_done(done, ws, keychain, &mut p.export, &mut p.typed);
        for action in next {
            self.apply(action, None);
        }
    }
}

impl eframe::App for WolkvoxApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(fit) = self.window_fit.as_mut()
            && fit.apply(ui.ctx())
        {
            self.window_fit = None;
        }
        self.show(ui);
        if !self.first_frame_logged {
            self.first_frame_logged = true;
            if let Some(started) = STARTED.get() {
                tracing::debug!("first frame after {} ms", started.elapsed().as_millis());
            }
        }
    }

    /// Scroll positions and panel sizes of the last run are not kept: the table opens at
    /// its first row and the panels at their sizes for this screen.
    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        super::WindowFit::remember(storage, self.panels.view);
        self.settings.long_ivr_secs = self.ws.spec().long_ivr_secs;
        if let Ok(s) = ServerName::parse(&self.panels.query.server) {
            self.settings.server = Some(s.digits().to_string());
        }
        self.save_settings();
    }
}
