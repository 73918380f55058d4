//! The lines at the top of the summary sheet that say where the calls come from: source,
//! range asked, time of loading, missing ranges and the long-IVR threshold. Demo data
//! says so in a line of its own, in words no one can mistake for an operation's numbers.

use rust_xlsxwriter::{Color, Format as Style, Worksheet, XlsxError};

use super::ExportOptions;
use crate::i18n::{self, fill};

/// Red text of the demo line: it must stand out when the sheet is forwarded.
const DEMO_COLOR: u32 = 0xC00000;

/// Writes the lines from `row` on; returns the row after them and a blank one.
pub(super) fn write(
    sheet: &mut Worksheet,
    row: u32,
    opts: &ExportOptions,
) -> Result<u32, XlsxError> {
    let lang = opts.lang;
    let t = lang.texts();
    let bold = Style::new().set_bold();
    let mut row = row;
    let threshold = fill(
        t.page_threshold_value,
        &[
            ("time", &i18n::duration(u64::from(opts.long_ivr_secs))),
            ("secs", &i18n::int(lang, u64::from(opts.long_ivr_secs))),
        ],
    );
    let mut lines: Vec<(&str, String)> = Vec::new();
    if let Some(p) = &opts.provenance {
        if p.is_demo() {
            let demo = Style::new()
                .set_bold()
                .set_font_color(Color::RGB(DEMO_COLOR));
            sheet.write_string_with_format(row, 0, t.export_demo_note, &demo)?;
            row += 1;
        }
        lines.push((t.page_source, p.source_words(lang)));
        lines.push((t.page_range, p.requested_words(lang)));
        lines.push((t.export_loaded_at, p.loaded_at_words(lang)));
        lines.push((
            t.page_missing,
            p.missing_words(lang)
                .unwrap_or_else(|| t.export_missing_none.to_string()),
        ));
    }
    lines.push((t.chart_threshold, threshold));
    row += 1;
    for (label, value) in lines {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    Ok(row + 1)
}
