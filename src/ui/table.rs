//! The filters and the call table: virtualised rows, click a header to sort, long IVR
//! highlighted.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::action::Action;
use super::cells::{COLUMNS, cell_text, width};
use crate::i18n::{Lang, column_title as title, fill};
use crate::report::{Field, FieldKind, Report};
use crate::workspace::Workspace;

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
const THRESHOLD_GROUP_WIDTH: f32 = 440.0;

/// The long-IVR threshold slider's seconds: 5 s to 10 minutes.
const THRESHOLD_RANGE: std::ops::RangeInclusive<u32> = 5..=600;

/// Filter choices of one report, kept until the report changes.
#[derive(Default)]
pub(crate) struct FilterOptions {
    for_generation: Option<u64>,
    routing_points: Vec<String>,
    call_types: Vec<String>,
}

impl FilterOptions {
    /// The choices for the workspace's current report.
    fn refresh(&mut self, ws: &Workspace) {
        if self.for_generation == Some(ws.generation()) {
            return;
        }
        let report = ws.report();
        *self = FilterOptions {
            for_generation: Some(ws.generation()),
            routing_points: distinct(report, Field::RpId),
            call_types: distinct(report, Field::TypeInteraction),
        };
    }
}

/// The table's own state.
#[derive(Default)]
pub(crate) struct TableState {
    /// Scroll the selected call into view on the next frame.
    pub scroll_to_selected: bool,
    /// Filter choices of the shown report.
    pub options: FilterOptions,
    /// The call the arrow keys are on (an index into the report).
    pub cursor: Option<u32>,
}

/// Rows the page keys move by.
const PAGE_ROWS: usize = 20;

/// The row the keys pressed this frame move the cursor to, from the cursor at `at` (a
/// position in a view of `len` rows), and whether Enter or Space asked for its details.
fn keyboard_move(ui: &egui::Ui, at: Option<usize>, len: usize) -> (Option<usize>, bool) {
    use egui::{Key, Modifiers};
    let mut to = at;
    let last = len.saturating_sub(1);
    let mut open = false;
    ui.input_mut(|i| {
        let mut press = |k: Key| i.consume_key(Modifiers::NONE, k);
        if press(Key::ArrowDown) {
            to = Some(at.map_or(0, |p| (p + 1).min(last)));
        }
        if press(Key::ArrowUp) {
            to = Some(at.map_or(0, |p| p.saturating_sub(1)));
        }
        if press(Key::PageDown) {
            to = Some(at.map_or(0, |p| (p + PAGE_ROWS).min(last)));
        }
        if press(Key::PageUp) {
            to = Some(at.map_or(0, |p| p.saturating_sub(PAGE_ROWS)));
        }
        if press(Key::Home) {
            to = Some(0);
        }
        if press(Key::End) {
            to = Some(last);
        }
        open = press(Key::Enter) || press(Key::Space);
    });
    (to.filter(|_| len > 0), open)
}

/// The filter line: search, outcome, routing point, call type, long IVR and its threshold.
pub(crate) fn filters_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut TableState,
) -> Option<Action> {
    let t = lang.texts();
    state.options.refresh(ws);
    let options = &state.options;
    let mut spec = ws.spec().clone();
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(t.ui_search);
        ui.add(
            egui::TextEdit::singleline(&mut spec.search)
                .hint_text(t.ui_search_hint)
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        ui.separator();
        ui.checkbox(&mut spec.transferred, t.ui_show_transferred);
        ui.checkbox(&mut spec.retained, t.ui_show_retained);
        ui.checkbox(&mut spec.unknown, t.ui_show_unknown);
        ui.separator();
        combo_ui(
            ui,
            ("rp-filter", Field::RpId),
            t.ui_routing_point,
            t,
            &options.routing_points,
            &mut spec.routing_point,
        );
        combo_ui(
            ui,
            ("type-filter", Field::TypeInteraction),
            t.ui_call_type,
            t,
            &options.call_types,
            &mut spec.call_type,
        );
        ui.separator();
        ui.checkbox(&mut spec.only_long, t.ui_only_long);
        // The threshold's words and slider go to the next line together when they
        // do not fit on this one.
        if ui.available_size_before_wrap().x < THRESHOLD_GROUP_WIDTH {
            ui.end_row();
        }
        ui.horizontal(|ui| {
            let l = ui.add(egui::Label::new(t.ui_threshold).extend());
            // Whole seconds over ten minutes, a few seconds per pixel; a threshold set
            // past it in the settings stays as it is.
            ui.spacing_mut().slider_width = 200.0;
            ui.add(
                egui::Slider::new(&mut spec.long_ivr_secs, THRESHOLD_RANGE)
                    .step_by(1.0)
                    .suffix(" s")
                    .clamping(egui::SliderClamping::Never),
            )
            .labelled_by(l.id)
            .on_hover_text(t.ui_threshold_slider);
        });
        if let Some(name) = spec.rows.as_ref().map(|r| r.name.clone()) {
            ui.separator();
            let strong = ui.visuals().strong_text_color();
            ui.colored_label(strong, fill(t.ui_filter_only_calls, &[("name", &name)]));
            if ui.button(t.ui_filter_remove).clicked() {
                spec.rows = None;
            }
        }
        let cleared = spec.without_filters();
        if spec != cleared && ui.button(t.ui_clear_filters).clicked() {
            spec = cleared;
        }
    });
    (spec != *ws.spec()).then_some(Action::SetSpec(spec))
}

/// The call table: virtualised rows, click a header to sort, long IVR highlighted.
pub(crate) fn table_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut TableState,
) -> Option<Action> {
    let t = lang.texts();
    let report = ws.report();
    if report.is_empty() {
        ui.centered_and_justified(|ui| {
            let text = if ws.is_loading() {
                String::new()
            } else if ws.loaded().is_some() {
                t.ui_no_calls_in_range.to_string()
            } else {
                t.ui_empty_state.to_string()
            };
            ui.label(egui::RichText::new(text).weak());
        });
        return None;
    }
    if ws.view().is_empty() && !ws.is_view_pending() {
        return super::cells::no_match_ui(ui, lang, ws.spec());
    }
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let highlight = super::theme::long_ivr_fill(ui.visuals());
    let threshold = ws.spec().long_ivr_secs;
    let mut action = None;
    let selected = ws.selected();
    let sort = ws.spec().sort;
    let view = ws.view();
    let mut scroll_to = if std::mem::take(&mut state.scroll_to_selected) {
        selected.and_then(|s| view.iter().position(|&i| i == s))
    } else {
        None
    };
    // The rows are one stop for Tab; the arrow keys move inside it.
    let rows_id = egui::Id::unique("calls-rows");
    if ui.memory(|m| m.has_focus(rows_id)) {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                rows_id,
                egui::EventFilter {
                    vertical_arrows: true,
                    // Escape closes the details first, and leaves the table only after.
                    escape: selected.is_some(),
                    ..Default::default()
                },
            )
        });
        let at = state
            .cursor
            .or(selected)
            .and_then(|c| view.iter().position(|&i| i == c));
        let (to, open) = keyboard_move(ui, at, view.len());
        if let Some(pos) = to.filter(|&p| Some(p) != at) {
            state.cursor = Some(view[pos]);
            scroll_to = Some(pos);
            // With the details open, they follow the keys.
            if selected.is_some() {
                action = Some(Action::Select(Some(view[pos])));
            }
        }
        if open && let Some(pos) = to {
            action = Some(Action::Select(Some(view[pos])));
        }
        if selected.is_some()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            action = Some(Action::Select(None));
        }
    }
    let cursor = state.cursor;
    let title_h = ui.text_style_height(&egui::TextStyle::Body);
    let mut clicked_row = false;
    // Only sideways scrolling here: the table scrolls its rows itself (virtualised).
    let body = egui::ScrollArea::horizontal().show(ui, |ui| {
        let mut builder = TableBuilder::new(ui)
            .id_salt("calls")
            .striped(true)
            .resizable(true)
            // Rows take clicks but not Tab: the table is one stop, not one per row.
            .sense(egui::Sense::CLICK)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for f in COLUMNS {
            builder = builder.column(Column::initial(width(f)).at_least(48.0).clip(true));
        }
        if let Some(pos) = scroll_to {
            builder = builder.scroll_to_row(pos, None);
        }
        builder
            // Two lines: titles wrap rather than being cut.
            .header(2.0 * title_h + 8.0, |mut header| {
                for f in COLUMNS {
                    header.col(|ui| {
                        if let Some(a) = header_ui(ui, t, f, sort) {
                            action = Some(a);
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
                    if cursor == Some(idx) {
                        row.set_hovered(true);
                    }
                    // The selection's colour wins over the long-IVR band on the selected row.
                    let long =
                        selected != Some(idx) && call.ivr_time.get().is_some_and(|s| s > threshold);
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
                        clicked_row = true;
                        state.cursor = Some(idx);
                        action = Some(Action::Select((selected != Some(idx)).then_some(idx)));
                    }
                });
            })
    });
    let rows_rect = body.inner.inner_rect;
    let rows = ui.interact(rows_rect, rows_id, egui::Sense::FOCUSABLE);
    rows.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Grid, true, t.fit_table_rows));
    if clicked_row {
        rows.request_focus();
    }
    if rows.has_focus() {
        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
        ui.painter()
            .with_clip_rect(rows_rect.expand(3.0))
            .rect_stroke(rows_rect, 0.0, stroke, egui::StrokeKind::Outside);
    }
    action
}

/// One column's title: a button that sorts, wrapping to two lines, the sort arrow kept
/// in sight at the right and the whole title on hover.
fn header_ui(
    ui: &mut egui::Ui,
    t: &crate::i18n::Texts,
    f: Field,
    sort: Option<(Field, bool)>,
) -> Option<Action> {
    let arrow = match sort {
        Some((s, false)) if s == f => Some("⏶"),
        Some((s, true)) if s == f => Some("⏷"),
        _ => None,
    };
    let name = title(t, f);
    // Durations read right-aligned, like their values; the arrow sits at the title's
    // outer side, with room kept for it.
    let right = matches!(f.kind(), FieldKind::Duration);
    let layout = if right {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    };
    let arrow_ui = |ui: &mut egui::Ui| {
        if let Some(a) = arrow {
            ui.add(egui::Label::new(egui::RichText::new(a).strong()).selectable(false));
        }
    };
    let clicked = ui
        .with_layout(layout, |ui| {
            if right {
                arrow_ui(ui);
            }
            let room = ui.available_width() - if right { 0.0 } else { 16.0 };
            let button = ui
                .scope(|ui| {
                    ui.set_max_width(room.max(24.0));
                    ui.add(
                        egui::Button::new(egui::RichText::new(name).strong())
                            .frame(false)
                            .wrap(),
                    )
                })
                .inner;
            if !right {
                arrow_ui(ui);
            }
            if let Some(a) = arrow {
                // Read out with its order, as it is seen.
                button.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{name} {a}"))
                });
            }
            button
                .on_hover_text(format!("{name}\n{}", t.fit_sort_hint))
                .clicked()
        })
        .inner;
    clicked.then_some(Action::ToggleSort(f))
}

/// A filter list of one field's values, those Wolkvox defines by their friendly names.
fn combo_ui(
    ui: &mut egui::Ui,
    (id, field): (&str, Field),
    label: &str,
    t: &'static crate::i18n::Texts,
    options: &[String],
    value: &mut Option<String>,
) {
    let l = ui.label(label);
    let name = |o: &str| {
        crate::report::values::friendly(t, field, o)
            .unwrap_or(o)
            .to_string()
    };
    let shown = value.as_deref().map_or_else(|| t.ui_all.to_string(), name);
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(150.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, t.ui_all);
            for o in options {
                ui.selectable_value(value, Some(o.clone()), name(o));
            }
        })
        .response
        .labelled_by(l.id);
}
