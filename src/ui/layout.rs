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
            ui.selectable_value(view, v, egui::RichText::new(label).strong());
        }
    });
    ui.separator();
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
    let mut actions = Vec::new();
    egui::Panel::top("query").show(ui, |ui| {
        ui.add_space(4.0);
        actions.extend(query_bar_ui(ui, lang, ws, &mut panels.query));
        actions.extend(notices_ui(ui, lang, ws));
        ui.add_space(2.0);
    });
    egui::Panel::bottom("status").show(ui, |ui| status_ui(ui, lang, ws, tasks));
    if ws.selected().is_some() {
        egui::Panel::right("details")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                actions.extend(details_ui(ui, lang, ws.report(), ws.selected()))
            });
    }
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
