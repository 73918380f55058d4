//! Where the shown calls come from: the demo server, a Wolkvox server or a saved file;
//! the range asked, when they arrived and what is missing. The window's status line, every
//! export and every saved file say it, so demo numbers are never taken for real ones.

use jiff::civil::DateTime;

use crate::export::page::{PageSource, range_text};
use crate::i18n::{self, Lang, fill};
use crate::wolkvox::TimeRange;

/// Where the shown calls come from and for which range.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    /// The demo server, a server number, or saved files by name.
    pub source: PageSource,
    /// The ranges asked for (empty when a saved file does not record them).
    pub requested: Vec<TimeRange>,
    /// When the calls were last brought up to date, on the operation's clock.
    pub loaded_at: Option<DateTime>,
    /// Ranges that could not be fetched: the calls leave them out.
    pub missing: Vec<TimeRange>,
}

impl Provenance {
    /// Whether the calls are synthetic demo calls.
    pub fn is_demo(&self) -> bool {
        self.source == PageSource::Demo
    }

    /// The source in words: "Demo data", "Server 0002", "File november.json".
    pub fn source_words(&self, lang: Lang) -> String {
        source_words(lang, &self.source)
    }

    /// The ranges asked for in the language's date format, or that they are unknown.
    pub fn requested_words(&self, lang: Lang) -> String {
        ranges_words(lang, &self.requested)
            .unwrap_or_else(|| lang.texts().prov_range_unknown.to_string())
    }

    /// The missing ranges in the language's date format, `None` when nothing is missing.
    pub fn missing_words(&self, lang: Lang) -> Option<String> {
        ranges_words(lang, &self.missing)
    }

    /// The time of loading in the language's format, or that it is not known.
    pub fn loaded_at_words(&self, lang: Lang) -> String {
        self.loaded_at.map_or_else(
            || lang.texts().prov_not_recorded.to_string(),
            |dt| i18n::date_time(lang, dt),
        )
    }

    /// One line for the status bar: source · range · time of loading.
    pub fn line(&self, lang: Lang) -> String {
        let t = lang.texts();
        let mut line = fill(
            t.prov_line,
            &[
                ("source", &self.source_words(lang)),
                ("range", &self.requested_words(lang)),
            ],
        );
        if let Some(at) = self.loaded_at {
            line.push_str(" · ");
            line.push_str(&fill(
                t.prov_loaded_at,
                &[("time", &format!("{:02}:{:02}", at.hour(), at.minute()))],
            ));
        }
        line
    }
}

/// A source in words, as the status line and the exports name it.
pub fn source_words(lang: Lang, source: &PageSource) -> String {
    let t = lang.texts();
    match source {
        PageSource::Demo => t.prov_demo.to_string(),
        PageSource::Server(s) => fill(t.prov_server, &[("server", s)]),
        PageSource::Files(names) if names.is_empty() => t.prov_files_unnamed.to_string(),
        PageSource::Files(names) => fill(t.prov_files, &[("files", &names.join(", "))]),
    }
}

/// Ranges in the language's date format, joined; `None` when there are none.
pub fn ranges_words(lang: Lang, ranges: &[TimeRange]) -> Option<String> {
    (!ranges.is_empty()).then(|| {
        ranges
            .iter()
            .map(|r| range_text(lang, r))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Stamp;

    fn september() -> TimeRange {
        let from = Stamp::from_parts(2026, 9, 1, 0, 0, 0).unwrap();
        let to = Stamp::from_parts(2026, 9, 30, 23, 59, 59).unwrap();
        TimeRange::new(from, to).unwrap()
    }

    #[test]
    fn demo_data_and_ranges_are_named_in_each_language() {
        let p = Provenance {
            source: PageSource::Demo,
            requested: vec![september()],
            loaded_at: Some(jiff::civil::date(2026, 10, 2).at(9, 5, 0, 0)),
            missing: vec![september()],
        };
        assert!(p.is_demo());
        assert_eq!(
            p.line(Lang::Es),
            "Datos de demostración · 01/09/2026 a 30/09/2026 · cargado a las 09:05"
        );
        assert_eq!(
            p.line(Lang::En),
            "Demo data · 2026-09-01 to 2026-09-30 · loaded at 09:05"
        );
        assert_eq!(
            p.missing_words(Lang::Es).as_deref(),
            Some("01/09/2026 a 30/09/2026")
        );
        let file = Provenance {
            source: PageSource::Files(vec!["noviembre.json".into()]),
            requested: Vec::new(),
            loaded_at: None,
            missing: Vec::new(),
        };
        assert_eq!(
            file.line(Lang::Es),
            "Archivo noviembre.json · rango no registrado"
        );
        assert_eq!(file.missing_words(Lang::En), None);
        assert_eq!(file.loaded_at_words(Lang::En), "not recorded");
        assert_eq!(
            source_words(Lang::En, &PageSource::Server("0002".into())),
            "Server 0002"
        );
    }
}
