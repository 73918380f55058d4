//! A date picker in the interface language: month and day names localized, weeks
//! starting on Monday (egui_extras's picker speaks English only).

use eframe::egui;
use jiff::civil::Date;

use crate::i18n::{self, Lang};

/// A button showing `date`; clicking opens a month calendar. Returns true when the user
/// picked another day.
pub fn date_button_ui(ui: &mut egui::Ui, lang: Lang, id_salt: &str, date: &mut Date) -> bool {
    let t = lang.texts();
    let button = ui.button(i18n::date(lang, *date));
    let shown_id = button.id.with("shown_month");
    let mut changed = false;
    egui::Popup::from_toggle_button_response(&button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .id(egui::Id::unique(("calendar", id_salt)))
        .show(|ui| {
            let mut shown: Date = ui
                .data(|d| d.get_temp(shown_id))
                .unwrap_or_else(|| date.first_of_month());
            ui.horizontal(|ui| {
                if ui.button("<").on_hover_text(t.ui_prev_month).clicked()
                    && let Ok(d) = shown.checked_sub(jiff::Span::new().months(1))
                {
                    shown = d.first_of_month();
                }
                ui.label(
                    egui::RichText::new(format!(
                        "{} {}",
                        i18n::month_name(lang, shown.month()),
                        shown.year()
                    ))
                    .strong(),
                );
                if ui.button(">").on_hover_text(t.ui_next_month).clicked()
                    && let Ok(d) = shown.checked_add(jiff::Span::new().months(1))
                {
                    shown = d.first_of_month();
                }
            });
            egui::Grid::new(("calendar-grid", id_salt))
                .spacing([2.0, 2.0])
                .show(ui, |ui| {
                    for name in t.weekday_initials.split(',') {
                        ui.label(egui::RichText::new(name).weak());
                    }
                    ui.end_row();
                    let first = shown.first_of_month();
                    let lead = first.weekday().to_monday_zero_offset() as i64;
                    for _ in 0..lead {
                        ui.label("");
                    }
                    let mut col = lead;
                    for day in 1..=shown.days_in_month() {
                        let Ok(d) = Date::new(shown.year(), shown.month(), day) else {
                            continue;
                        };
                        let selected = d == *date;
                        if ui.selectable_label(selected, format!("{day:>2}")).clicked() {
                            *date = d;
                            changed = true;
                            ui.close();
                        }
                        col += 1;
                        if col % 7 == 0 {
                            ui.end_row();
                        }
                    }
                });
            ui.data_mut(|d| d.insert_temp(shown_id, shown));
        });
    if !egui::Popup::is_id_open(ui.ctx(), egui::Id::unique(("calendar", id_salt))) {
        ui.data_mut(|d| d.remove::<Date>(shown_id));
    }
    changed
}
