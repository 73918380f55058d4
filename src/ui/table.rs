//! The filters and the call table: virtualised rows, click a header to sort, long IVR
//! highlighted.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::app::WolkvoxApp;
use crate::i18n::{self, Lang, column_title as title};
use crate::report::{Call, Field, FieldKind, Reading, Report, Transfer};

/// The table's columns, in the order a supervisor reads them.
pub(crate) const COLUMNS: [Field; 17] = [
    Field::EndDateRp,
    Field::RpId,
    Field::TimeOnRp,
    Field::GoToAgent,
    Field::TimeOnSkill,
    Field::TimeWithAgent,
    Field::AgentName,
    Field::Ani,
    Field::CustomerId,
    Field::CodAct,
    Field::CodAct2,
    Field::SkillId,
    Field::SkillResult,
    Field::AgentId,
    Field::TypeInteraction,
    Field::TotalTime,
    Field::ConnId,
];

fn width(f: Field) -> f32 {
    match f.kind() {
        FieldKind::Duration => 78.0,
        FieldKind::DateTime => 140.0,
        FieldKind::Flag => 64.0,
        FieldKind::Text if f == Field::ConnId => 200.0,
        FieldKind::Text => 120.0,
        FieldKind::Shared if f == Field::AgentName => 170.0,
        FieldKind::Shared if f == Field::RpId => 170.0,
        FieldKind::Shared => 110.0,
    }
}

/// How a cell reads: the display text and whether it is an unreadable raw value.
pub(crate) fn cell_text(lang: Lang, report: &Report, call: &Call, f: Field) -> (String, bool) {
    let t = lang.texts();
    let raw = || report.raw(call, f).unwrap_or("").to_string();
    match f.kind() {
        FieldKind::Duration => match call.duration(f).map(|d| d.reading()) {
            Some(Reading::Value(s)) => (i18n::duration(s as u64), false),
            Some(Reading::Unreadable) => (raw(), true),
            _ => (String::new(), false),
        },
        FieldKind::DateTime => match call.started.reading() {
            Reading::Value(_) => (
                call.started
                    .civil()
                    .map(|dt| i18n::date_time(lang, dt))
                    .unwrap_or_default(),
                false,
            ),
            Reading::Unreadable => (raw(), true),
            Reading::Empty => (String::new(), false),
        },
        FieldKind::Flag => match call.transfer {
            Transfer::Transferred => (t.ui_yes.to_string(), false),
            Transfer::Retained => (t.ui_no.to_string(), false),
            Transfer::Unknown => {
                let r = raw();
                let odd = !crate::report::values::is_placeholder(&r);
                (r, odd)
            }
        },
        FieldKind::Text | FieldKind::Shared => (raw(), false),
    }
}

/// Distinct values of a shared field, sorted, for the filter lists.
fn distinct(report: &Report, f: Field) -> Vec<String> {
    let mut seen = rustc_hash::FxHashSet::default();
    for c in report.calls() {
        if let Some(s) = c.sym(f) {
            seen.insert(s);
        }
    }
    let mut v: Vec<String> = seen
        .into_iter()
        .filter_map(|s| report.sym(s).map(str::to_string))
        .collect();
    v.sort_by_key(|s| s.to_lowercase());
    v
}

/// Room the long-IVR threshold's label and slider take on the filter line, roughly.
const THRESHOLD_GROUP_WIDTH: f32 = 380.0;

/// Cached filter choices, recomputed when the report changes.
#[derive(Default)]
pub(crate) struct FilterOptions {
    pub for_len: usize,
    pub routing_points: Vec<String>,
    pub call_types: Vec<String>,
}

impl WolkvoxApp {
    pub(crate) fn filter_options_refresh(&mut self) {
        if self.options.for_len == self.report.len() && !self.report.is_empty() {
            return;
        }
        self.options = FilterOptions {
            for_len: self.report.len(),
            routing_points: distinct(&self.report, Field::RpId),
            call_types: distinct(&self.report, Field::TypeInteraction),
        };
    }

    pub(crate) fn filters_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = lang.texts();
        let before = self.spec.clone();
        self.filter_options_refresh();
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(t.ui_search);
            ui.add(
                egui::TextEdit::singleline(&mut self.spec.search)
                    .hint_text(t.ui_search_hint)
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            ui.separator();
            ui.checkbox(&mut self.spec.transferred, t.ui_show_transferred);
            ui.checkbox(&mut self.spec.retained, t.ui_show_retained);
            ui.checkbox(&mut self.spec.unknown, t.ui_show_unknown);
            ui.separator();
            combo_ui(
                ui,
                "rp-filter",
                t.ui_routing_point,
                t.ui_all,
                &self.options.routing_points,
                &mut self.spec.routing_point,
            );
            combo_ui(
                ui,
                "type-filter",
                t.ui_call_type,
                t.ui_all,
                &self.options.call_types,
                &mut self.spec.call_type,
            );
            ui.separator();
            ui.checkbox(&mut self.spec.only_long, t.ui_only_long);
            // The threshold's words and slider go to the next line together when they
            // do not fit on this one.
            if ui.available_size_before_wrap().x < THRESHOLD_GROUP_WIDTH {
                ui.end_row();
            }
            ui.horizontal(|ui| {
                let l = ui.add(egui::Label::new(t.ui_threshold).extend());
                ui.add(
                    egui::Slider::new(&mut self.spec.long_ivr_secs, 5..=900)
                        .logarithmic(true)
                        .clamping(egui::SliderClamping::Always),
                )
                .labelled_by(l.id)
                .on_hover_text(t.ui_threshold_slider);
            });
            let cleared = crate::report::ViewSpec {
                sort: self.spec.sort,
                long_ivr_secs: self.spec.long_ivr_secs,
                ..Default::default()
            };
            if self.spec != cleared && ui.button(t.ui_clear_filters).clicked() {
                self.spec = cleared;
            }
        });
        if self.spec != before {
            let only_threshold = crate::report::ViewSpec {
                long_ivr_secs: before.long_ivr_secs,
                ..self.spec.clone()
            } == before;
            if only_threshold {
                self.threshold_changed();
            } else {
                self.refresh_view();
            }
        }
    }

    pub(crate) fn table_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = lang.texts();
        if self.report.is_empty() {
            ui.centered_and_justified(|ui| {
                let text = if self.job.is_some() {
                    String::new()
                } else if self.loaded.is_some() {
                    t.ui_no_calls_in_range.to_string()
                } else {
                    t.ui_empty_state.to_string()
                };
                ui.label(egui::RichText::new(text).weak());
            });
            return;
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let highlight = {
            let c = egui::Color32::from_rgb(255, 176, 32);
            c.gamma_multiply(if ui.visuals().dark_mode { 0.28 } else { 0.22 })
        };
        let threshold = self.spec.long_ivr_secs;
        let mut clicked_header = None;
        let mut clicked_row = None;
        let selected = self.selected;
        let sort = self.spec.sort;
        let scroll_to = if self.scroll_to_selected {
            self.scroll_to_selected = false;
            selected.and_then(|s| self.view.iter().position(|&i| i == s))
        } else {
            None
        };
        let report = &self.report;
        let view = &self.view;
        // Only sideways scrolling here: the table scrolls its rows itself (virtualised).
        egui::ScrollArea::horizontal().show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt("calls")
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
            for f in COLUMNS {
                builder = builder.column(Column::initial(width(f)).at_least(40.0).clip(true));
            }
            if let Some(pos) = scroll_to {
                builder = builder.scroll_to_row(pos, Some(egui::Align::Center));
            }
            builder
                .header(row_h + 2.0, |mut header| {
                    for f in COLUMNS {
                        header.col(|ui| {
                            let arrow = match sort {
                                Some((s, false)) if s == f => " ⏶",
                                Some((s, true)) if s == f => " ⏷",
                                _ => "",
                            };
                            let text =
                                egui::RichText::new(format!("{}{arrow}", title(t, f))).strong();
                            if ui.add(egui::Button::new(text).frame(false)).clicked() {
                                clicked_header = Some(f);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_h, view.len(), |mut row| {
                        let idx = view[row.index()];
                        let Some(call) = report.calls().get(idx as usize) else {
                            return;
                        };
                        row.set_selected(selected == Some(idx));
                        let long = call.ivr_time.get().is_some_and(|s| s > threshold);
                        for f in COLUMNS {
                            row.col(|ui| {
                                if long {
                                    // Cover the gaps between cells too, so the row reads as one band.
                                    let gap = ui.spacing().item_spacing.x / 2.0;
                                    let rect = ui.max_rect().expand2(egui::vec2(gap, 0.0));
                                    ui.painter().rect_filled(rect, 0.0, highlight);
                                }
                                let (text, odd) = cell_text(lang, report, call, f);
                                let rich = if odd {
                                    egui::RichText::new(text).italics().weak()
                                } else {
                                    egui::RichText::new(text)
                                };
                                let label = egui::Label::new(rich).selectable(false).truncate();
                                if matches!(f.kind(), FieldKind::Duration) {
                                    ui.with_layout(
                                        egui::Layout::right_to_left(egui::Align::Center),
                                        |ui| ui.add(label),
                                    );
                                } else {
                                    ui.add(label);
                                }
                            });
                        }
                        if row.response().clicked() {
                            clicked_row = Some(idx);
                        }
                    });
                });
        });
        if let Some(f) = clicked_header {
            self.spec.sort = match self.spec.sort {
                Some((s, desc)) if s == f => Some((f, !desc)),
                _ => Some((f, false)),
            };
            self.refresh_view();
        }
        if let Some(i) = clicked_row {
            self.selected = if self.selected == Some(i) {
                None
            } else {
                Some(i)
            };
        }
    }
}

fn combo_ui(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    all: &str,
    options: &[String],
    value: &mut Option<String>,
) {
    let l = ui.label(label);
    let shown = value.clone().unwrap_or_else(|| all.to_string());
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(150.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, all);
            for o in options {
                ui.selectable_value(value, Some(o.clone()), o);
            }
        })
        .response
        .labelled_by(l.id);
}
