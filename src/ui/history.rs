//! The history on this computer in the window: what a load costs when part of it is
//! stored, where the shown calls came from, the offer to reopen the last range, and the
//! settings' History section (size, covered ranges, retention, "Delete stored calls").

use eframe::egui;

use super::action::Action;
use crate::cli::store::{cost_line, days};
use crate::i18n::{self, Lang, fill};
use crate::wolkvox::TimeRange;
use crate::wolkvox::plan::readable;
use crate::workspace::{HistoryState, Workspace};

/// The History section's own state.
#[derive(Default)]
pub(crate) struct HistorySection {
    /// "Delete stored calls" was pressed: the confirmation is showing.
    pub confirming: bool,
}

/// The cost of loading `range`: requests of the gaps only, how many days are already on
/// this computer, and "Fetch again from Wolkvox" when some are.
pub(crate) fn cost_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    range: Option<TimeRange>,
) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    let plan = range.and_then(|r| ws.load_plan(r));
    let requests = plan
        .as_ref()
        .map_or_else(|| Workspace::cost(range), |p| p.requests);
    ui.label(
        egui::RichText::new(fill(
            t.ui_cost,
            &[
                ("n", &requests),
                ("today", &i18n::int(lang, ws.requests_today())),
            ],
        ))
        .weak(),
    );
    if let Some(plan) = plan.filter(|p| p.stored_secs > 0) {
        ui.label(egui::RichText::new(cost_line(lang, &plan)).weak());
        if ui
            .small_button(t.hist_refetch)
            .on_hover_text(fill(
                t.hist_refetch_hover,
                &[("n", &Workspace::cost(range))],
            ))
            .clicked()
        {
            actions.push(Action::Refetch);
        }
    }
    actions
}

/// "30 days from this computer, 1 from Wolkvox", when the history played a part.
pub(crate) fn sources_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace) {
    let Some(words) = sources_words(lang, ws) else {
        return;
    };
    ui.separator();
    ui.label(words);
}

/// The words of [`sources_ui`].
pub(crate) fn sources_words(lang: Lang, ws: &Workspace) -> Option<String> {
    let t = lang.texts();
    let s = ws.sources()?;
    let (stored, fetched) = (days(lang, s.stored_secs), days(lang, s.fetched_secs));
    Some(match (s.stored_secs > 0, s.fetched_secs > 0) {
        (true, true) => fill(
            t.hist_sources,
            &[("stored", &stored), ("fetched", &fetched)],
        ),
        (true, false) => fill(t.hist_sources_stored, &[("stored", &stored)]),
        (false, true) => fill(t.hist_sources_fetched, &[("fetched", &fetched)]),
        (false, false) => return None,
    })
}

/// The offer to reopen the range loaded before the window last closed.
pub(crate) fn reopen_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    let Some((server, range)) = ws.reopen_offer() else {
        return actions;
    };
    let color = ui.visuals().hyperlink_color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, color))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    color,
                    fill(
                        t.hist_reopen,
                        &[
                            ("server", &server.digits()),
                            ("from", &readable(range.from())),
                            ("to", &readable(range.to())),
                        ],
                    ),
                );
                if ui
                    .button(t.hist_reopen_button)
                    .on_hover_text(t.hist_reopen_hover)
                    .clicked()
                {
                    actions.push(Action::ReopenLast);
                }
                if ui.small_button(t.ui_dismiss).clicked() {
                    actions.push(Action::DismissReopen);
                }
            });
        });
    actions
}

/// The settings' History section.
pub(crate) fn history_settings_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut HistorySection,
) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    let shared = ws.history_info().is_some_and(|i| i.shared);
    ui.strong(if shared {
        t.hist_settings_title_shared
    } else {
        t.hist_settings_title
    });
    let note = match ws.history_state() {
        HistoryState::Off => Some(t.hist_off),
        HistoryState::Opening => Some(t.hist_opening),
        HistoryState::Unavailable => Some(t.hist_unavailable),
        HistoryState::Busy | HistoryState::Ready => None,
    };
    if let Some(note) = note {
        ui.label(egui::RichText::new(note).weak());
        return actions;
    }
    match ws.history_info() {
        Some(info) => {
            let mb = format!(
                "{} MB",
                i18n::decimal1(lang, info.size_bytes as f64 / 1_000_000.0)
            );
            ui.label(fill(
                t.store_info_path,
                &[("path", &info.path), ("size", &mb)],
            ));
            if info.servers.is_empty() {
                ui.label(t.store_info_empty);
            }
            egui::ScrollArea::vertical()
                .max_height(120.0)
                .show(ui, |ui| {
                    for s in &info.servers {
                        ui.label(fill(
                            t.store_info_server,
                            &[("server", &s.server), ("calls", &i18n::int(lang, s.calls))],
                        ));
                        for r in &s.covered {
                            ui.label(fill(
                                t.store_info_covered,
                                &[("from", &readable(r.from())), ("to", &readable(r.to()))],
                            ));
                        }
                    }
                });
        }
        None => {
            ui.label(egui::RichText::new(t.hist_busy).weak());
        }
    }
    ui.horizontal(|ui| {
        let l = ui.label(t.hist_retention);
        let mut months = ws.retention_months();
        ui.add(egui::DragValue::new(&mut months).range(0..=1200))
            .labelled_by(l.id);
        ui.label(t.hist_months);
        if months != ws.retention_months() {
            actions.push(Action::SetRetention(months));
        }
    });
    ui.label(egui::RichText::new(t.hist_retention_hint).small().weak());
    let ready = ws.history_state() == HistoryState::Ready;
    if !state.confirming {
        if ui
            .add_enabled(ready, egui::Button::new(t.hist_delete))
            .on_disabled_hover_text(t.hist_busy)
            .clicked()
        {
            state.confirming = true;
        }
        return actions;
    }
    let info = ws.history_info();
    let operation = ws.operation();
    // A team's database loses only the connected operation's calls, and says whose.
    let (question, can_delete) = match (shared, operation) {
        (false, _) => {
            let calls: u64 = info.map_or(0, |i| i.servers.iter().map(|s| s.calls).sum());
            let n = i18n::int(lang, calls);
            (fill(t.hist_delete_confirm, &[("n", &n)]), true)
        }
        (true, Some(server)) => {
            let digits = server.digits().to_string();
            let calls = info
                .and_then(|i| i.servers.iter().find(|s| s.server == digits))
                .map_or(0, |s| s.calls);
            let place = info.map_or_else(String::new, |i| i.path.clone());
            let words = fill(
                t.hist_delete_confirm_shared,
                &[
                    ("n", &i18n::int(lang, calls)),
                    ("server", &digits),
                    ("place", &place),
                ],
            );
            (words, true)
        }
        (true, None) => (t.hist_delete_shared_connect.to_string(), false),
    };
    ui.colored_label(ui.visuals().warn_fg_color, question);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ready && can_delete, egui::Button::new(t.hist_delete_yes))
            .clicked()
        {
            state.confirming = false;
            actions.push(Action::DeleteHistory);
        }
        if ui.button(t.hist_delete_no).clicked() {
            state.confirming = false;
        }
    });
    actions
}
