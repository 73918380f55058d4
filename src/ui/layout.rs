//! The window's layout: where each panel sits, what it borrows, and the actions it
//! returns, collected for the app to apply.

use eframe::egui;

use super::action::Action;
use super::charts::{ChartsState, charts_ui, strip_ui};
use super::compare::{CompareState, compare_ui};
use super::connection::{ConnectForm, connect_dialog_ui};
use super::details::details_ui;
use super::export::{ExportState, export_ui};
use super::files::{TypedPath, typed_path_ui};
use super::paths::{PathsState, paths_ui};
use super::query_bar::{Query, query_bar_ui};
use super::settings::{SettingsDialog, settings_dialog_ui};
use super::status::{notices_ui, status_ui};
use super::table::{TableState, filters_ui, table_ui};
use super::tasks::Tasks;
use super::trend::{TrendState, trend_ui};
use crate::i18n::Lang;
use crate::settings::Settings;
use crate::workspace::Workspace;

/// The views of the calls in view, one at a time in the main area.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum MainView {
    /// The call table.
    Table,
    /// The charts.
    Charts,
    /// Period A against period B.
    Compare,
    /// One measure per hour, day or week.
    Trend,
    /// The paths through the routing points.
    Paths,
}

impl MainView {
    const ALL: [(MainView, &'static str); 5] = [
        (MainView::Table, "table"),
        (MainView::Charts, "charts"),
        (MainView::Compare, "compare"),
        (MainView::Trend, "trend"),
        (MainView::Paths, "paths"),
    ];

    /// The view's name where the window remembers it between runs.
    pub(crate) fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("table", |(_, k)| k)
    }

    /// The view of a remembered name, if it is one.
    pub(crate) fn from_key(key: &str) -> Option<MainView> {
        Self::ALL.iter().find(|(_, k)| *k == key).map(|(v, _)| *v)
    }
}

/// The tabs that switch the main area between views.
fn view_switch_ui(ui: &mut egui::Ui, lang: Lang, view: &mut MainView) {
    let t = lang.texts();
    ui.horizontal(|ui| {
        for (v, label) in [
            (MainView::Table, t.ui_view_table),
            (MainView::Charts, t.ui_charts),
            (MainView::Compare, t.ui_view_compare),
            (MainView::Trend, t.ui_view_trend),
            (MainView::Paths, t.ui_view_paths),
        ] {
            let tab = ui.selectable_value(view, v, egui::RichText::new(label).strong());
            if v == MainView::Table {
                tab.on_hover_text(t.fit_table_keys);
            }
        }
    });
    ui.separator();
}

/// The details' width when they first open.
const DETAILS_WIDTH: f32 = 340.0;
/// Narrower than this, the details' names and values no longer sit side by side.
const DETAILS_MIN_WIDTH: f32 = 280.0;
/// The view beside the details keeps at least this much of the width.
const VIEW_MIN_WIDTH: f32 = 420.0;

/// Scrolls the control that just got the keyboard focus into view, wherever it sits.
fn follow_focus(ctx: &egui::Context, last: &mut Option<egui::Id>) {
    let focused = ctx.memory(|m| m.focused());
    if focused != *last {
        *last = focused;
        // Its place from the last frame: the scroll areas drawn this frame move to it.
        if let Some(r) = focused.and_then(|id| ctx.read_response(id)) {
            r.scroll_to_me(None);
        }
    }
}

/// The view's place in the window: the same with or without the details beside it, so
/// the table keeps its scroll position, column widths and keyboard focus.
fn view_scope() -> egui::UiBuilder {
    egui::UiBuilder::new().id_salt("main-view")
}

/// Splits `ui` into the view on the left and the details on the right, with a handle
/// between them to drag; the view is drawn first so Tab reaches it first.
fn beside_details_ui(
    ui: &mut egui::Ui,
    width: &mut f32,
    view: impl FnOnce(&mut egui::Ui),
    details: impl FnOnce(&mut egui::Ui),
) {
    let full = ui.available_rect_before_wrap();
    let max = (full.width() - VIEW_MIN_WIDTH).max(DETAILS_MIN_WIDTH);
    *width = width.clamp(DETAILS_MIN_WIDTH, max);
    let gap = 10.0;
    let split = full.max.x - *width;
    let view_rect = egui::Rect::from_min_max(full.min, egui::pos2(split - gap, full.max.y));
    let details_rect = egui::Rect::from_min_max(egui::pos2(split, full.min.y), full.max);
    ui.scope_builder(view_scope().max_rect(view_rect), |ui| {
        ui.set_clip_rect(view_rect.intersect(ui.clip_rect()));
        view(ui);
    });
    let handle_rect = egui::Rect::from_min_max(
        egui::pos2(split - gap, full.min.y),
        egui::pos2(split, full.max.y),
    );
    let handle = ui
        .interact(
            handle_rect,
            ui.scope_id().with("details-handle"),
            egui::Sense::drag(),
        )
        .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    if handle.dragged() {
        *width = (*width - handle.drag_delta().x).clamp(DETAILS_MIN_WIDTH, max);
    }
    let stroke = if handle.hovered() || handle.dragged() {
        ui.visuals().widgets.hovered.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter()
        .vline(handle_rect.center().x, handle_rect.y_range(), stroke);
    ui.scope_builder(egui::UiBuilder::new().max_rect(details_rect), |ui| {
        ui.set_clip_rect(details_rect.intersect(ui.clip_rect()));
        details(ui);
    });
    ui.allocate_rect(full, egui::Sense::hover());
}

/// The panels' own states.
pub(crate) struct Panels {
    pub query: Query,
    pub table: TableState,
    pub charts: ChartsState,
    pub compare: CompareState,
    pub trend: TrendState,
    pub paths: PathsState,
    pub view: MainView,
    pub export: ExportState,
    pub typed: TypedPath,
    pub connect: Option<ConnectForm>,
    pub settings: SettingsDialog,
    /// The details' width beside the view, as the user dragged it.
    pub details_width: f32,
    /// The widget that had the keyboard focus on the last frame.
    pub focused: Option<egui::Id>,
}

impl Panels {
    /// The panels of a new window, asking for `query`.
    pub(crate) fn new(query: Query) -> Panels {
        Panels {
            query,
            table: TableState::default(),
            charts: ChartsState::default(),
            compare: CompareState::default(),
            trend: TrendState::default(),
            paths: PathsState::default(),
            view: MainView::Table,
            export: ExportState::default(),
            typed: None,
            connect: None,
            settings: SettingsDialog::default(),
            details_width: DETAILS_WIDTH,
            focused: None,
        }
    }
}

/// Draws every panel and dialog; returns what they ask for, in drawing order.
pub(crate) fn window_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    panels: &mut Panels,
    tasks: &Tasks,
    settings: &Settings,
    keychain_ok: bool,
) -> Vec<Action> {
    let ctx = ui.ctx().clone();
    follow_focus(&ctx, &mut panels.focused);
    let mut actions = Vec::new();
    egui::Panel::top("query").show(ui, |ui| {
        ui.add_space(4.0);
        actions.extend(query_bar_ui(ui, lang, ws, &mut panels.query));
        actions.extend(notices_ui(ui, lang, ws));
        ui.add_space(2.0);
    });
    egui::Panel::bottom("status").show(ui, |ui| status_ui(ui, lang, ws, tasks));
    egui::CentralPanel::default().show(ui, |ui| {
        strip_ui(ui, lang, ws.numbers());
        ui.separator();
        let running = panels.export.job.and_then(|id| {
            tasks
                .running()
                .find(|r| r.id == id)
                .map(|r| r.state.fraction())
        });
        ui.horizontal_wrapped(|ui| {
            actions.extend(export_ui(
                ui,
                lang,
                ws.view().len(),
                running,
                &mut panels.export,
            ));
        });
        // The filters shape every view, so they stay above the switch between views.
        actions.extend(filters_ui(ui, lang, ws, &mut panels.table));
        ui.separator();
        view_switch_ui(ui, lang, &mut panels.view);
        // The details sit beside the view only: the numbers and filters above keep
        // their width.
        if ws.selected().is_some() {
            let mut width = panels.details_width;
            let mut details_action = None;
            beside_details_ui(
                ui,
                &mut width,
                |ui| actions.extend(main_view_ui(ui, lang, ws, panels)),
                |ui| details_action = details_ui(ui, lang, ws.report(), ws.selected()),
            );
            panels.details_width = width;
            actions.extend(details_action);
        } else {
            ui.scope_builder(view_scope(), |ui| {
                actions.extend(main_view_ui(ui, lang, ws, panels))
            });
        }
    });
    actions.extend(connect_dialog_ui(
        &ctx,
        lang,
        keychain_ok,
        &mut panels.connect,
    ));
    actions.extend(settings_dialog_ui(
        &ctx,
        lang,
        settings,
        ws,
        &mut panels.settings,
    ));
    actions.extend(typed_path_ui(&ctx, lang, &mut panels.typed));
    actions
}

/// The view the switch shows; the table while nothing is loaded.
fn main_view_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace, panels: &mut Panels) -> Vec<Action> {
    let mut actions = Vec::new();
    match panels.view {
        MainView::Table => actions.extend(table_ui(ui, lang, ws, &mut panels.table)),
        MainView::Charts | MainView::Compare | MainView::Trend | MainView::Paths
            if ws.report().is_empty() =>
        {
            actions.extend(table_ui(ui, lang, ws, &mut panels.table));
        }
        MainView::Charts => actions.extend(charts_ui(ui, lang, ws, &mut panels.charts)),
        MainView::Compare => actions.extend(compare_ui(ui, lang, ws, &mut panels.compare)),
        MainView::Trend => actions.extend(trend_ui(ui, lang, ws, &mut panels.trend)),
        MainView::Paths => actions.extend(paths_ui(ui, lang, ws, &mut panels.paths)),
    }
    actions
}
