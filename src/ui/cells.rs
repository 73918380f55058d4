//! How a call's fields read in the window: the columns in order, and each cell's text.

use eframe::egui;

use super::action::Action;
use crate::i18n::{self, Lang};
use crate::report::{Call, Field, FieldKind, Reading, Report, Transfer, ViewSpec};

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

pub(crate) fn width(f: Field) -> f32 {
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
        // Values Wolkvox defines read in the window's language; the details show both.
        FieldKind::Shared => {
            let r = raw();
            match crate::report::values::friendly(t, f, &r) {
                Some(name) => (name.to_string(), false),
                None => (r, false),
            }
        }
        FieldKind::Text => (raw(), false),
    }
}

/// In place of the table when the search and filters leave no call: says so and offers
/// to clear them.
pub(crate) fn no_match_ui(ui: &mut egui::Ui, lang: Lang, spec: &ViewSpec) -> Option<Action> {
    let t = lang.texts();
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height().min(240.0) / 3.0);
        ui.label(egui::RichText::new(t.ui_no_match).heading());
        ui.label(t.ui_no_match_help);
        ui.add_space(6.0);
        if ui.button(t.ui_clear_filters).clicked() {
            action = Some(Action::SetSpec(spec.without_filters()));
        }
    });
    action
}
