//! The operation's time zone, chosen from the system's list by typing part of its name:
//! "Bogota" (or "bogotá") finds `America/Bogota`.

use std::sync::OnceLock;

use eframe::egui;

use crate::i18n::{Lang, fill};
use crate::report::values::fold;

/// At most this many matches are listed under the field.
const SHOWN: usize = 8;

/// Every time zone name the system knows, sorted, each with its folded form for search;
/// read once.
fn zones() -> &'static [(String, String)] {
    static ZONES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    ZONES.get_or_init(|| {
        let mut all: Vec<(String, String)> = jiff::tz::db()
            .available()
            .map(|n| {
                let name = n.as_str().to_string();
                let folded = fold(&name.replace(['_', '/'], " "));
                (name, folded)
            })
            .collect();
        all.sort();
        all
    })
}

/// The zones whose name holds every word typed, in any case and without accents; names
/// where the typed text starts a part (the city) come first.
pub(crate) fn matching(typed: &str) -> Vec<&'static str> {
    let words: Vec<String> = fold(&typed.replace(['_', '/'], " "))
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, &'static str)> = zones()
        .iter()
        .filter(|(_, folded)| words.iter().all(|w| folded.contains(w.as_str())))
        .map(|(name, folded)| {
            let starts_a_part = folded.split(' ').any(|p| p.starts_with(words[0].as_str()));
            (!starts_a_part, name.as_str())
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

/// The field and its list of matches; returns the choice when one is made (`Some(None)`:
/// the computer's own zone, when the field is emptied).
pub(crate) fn picker_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    label: egui::Id,
    text: &mut String,
) -> Option<Option<String>> {
    let t = lang.texts();
    let r = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(t.ui_time_zone_hint)
                .desired_width(260.0),
        )
        .labelled_by(label);
    let name = text.trim().to_string();
    let exact = name.is_empty() || jiff::tz::TimeZone::get(&name).is_ok();
    let mut chosen = (r.changed() && exact).then(|| (!name.is_empty()).then(|| name.clone()));
    if exact {
        return chosen;
    }
    let found = matching(&name);
    if found.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            fill(t.ui_time_zone_unknown, &[("name", &name)]),
        );
        return chosen;
    }
    ui.label(egui::RichText::new(t.tz_pick).weak());
    for zone in found.iter().take(SHOWN) {
        if ui.selectable_label(false, *zone).clicked() {
            *text = zone.to_string();
            chosen = Some(Some(zone.to_string()));
        }
    }
    if found.len() > SHOWN {
        let more = fill(t.tz_more, &[("n", &(found.len() - SHOWN))]);
        ui.label(egui::RichText::new(more).weak());
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_typed_plainly_finds_its_zone() {
        assert_eq!(matching("Bogota").first(), Some(&"America/Bogota"));
        assert_eq!(matching("bogotá").first(), Some(&"America/Bogota"));
        assert!(matching("mexico city").contains(&"America/Mexico_City"));
        assert!(matching("america bog").contains(&"America/Bogota"));
        assert!(matching("").is_empty());
        assert!(matching("no such place at all").is_empty());
    }
}
