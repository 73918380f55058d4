//! The workbook's "Paths" sheet: every path of the exported calls, counted in calls
//! (rows that share a call id), most frequent first, up to the sheet's row limit.

use rust_xlsxwriter::{Format as Style, Workbook, XlsxError};

use super::xlsx::{DURATION_FORMAT, fit_cell, header_style, xlsx_error};
use super::{EXCEL_MAX_ROWS, ExportOptions, Stop};
use crate::i18n::{self, fill, path_titles};
use crate::report::Report;
use crate::report::paths::{PathLine, Paths};

/// Rows above the table: title, note, three numbers, a blank row and the header.
const HEAD_ROWS: usize = 7;

/// Adds the sheet of the paths of the calls at `rows` to `workbook`.
pub(super) fn write(
    workbook: &mut Workbook,
    report: &Report,
    rows: &[u32],
    opts: &ExportOptions,
) -> Result<(), Stop> {
    let paths = Paths::of_rows(report, rows, opts.long_ivr_secs);
    // Room for the head, at least one path and the line that says some did not fit.
    let limit = opts.xlsx_row_limit.clamp(HEAD_ROWS + 2, EXCEL_MAX_ROWS);
    let room = limit - HEAD_ROWS;
    let shown = if paths.total() > room {
        room - 1
    } else {
        paths.total()
    };
    let lines = paths.lines(report, shown);
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_error)?;
    fill_sheet(sheet, opts, &paths, &lines).map_err(xlsx_error)
}

fn fill_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    opts: &ExportOptions,
    paths: &Paths,
    lines: &[PathLine],
) -> Result<(), XlsxError> {
    let lang = opts.lang;
    let t = lang.texts();
    let titles = path_titles(t);
    let title = Style::new().set_bold().set_font_size(14);
    let header = header_style();
    let int = Style::new().set_num_format("#,##0");
    let dur = Style::new().set_num_format(DURATION_FORMAT);
    let joined: Vec<String> = lines.iter().map(|l| l.path.join(" → ")).collect();

    sheet.set_name(t.export_sheet_paths)?;
    let widest = joined
        .iter()
        .take(2_000)
        .map(|p| p.chars().count())
        .max()
        .unwrap_or(0);
    sheet.set_column_width(0, (widest + 2).clamp(30, 80) as f64)?;
    for (c, h) in titles.iter().enumerate().skip(1) {
        sheet.set_column_width(c as u16, (h.chars().count() + 4).max(12) as f64)?;
    }
    sheet.write_string_with_format(0, 0, t.paths_title, &title)?;
    let threshold = i18n::duration(u64::from(opts.long_ivr_secs));
    sheet.write_string(
        1,
        0,
        fill(t.export_paths_note, &[("threshold", &threshold)]),
    )?;
    for (r, (label, n)) in [
        (t.paths_distinct_calls, paths.distinct_calls),
        (t.paths_multi_step_calls, paths.multi_step_calls),
        (t.paths_total, paths.total() as u64),
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string(2 + r as u32, 0, label)?;
        sheet.write_number_with_format(2 + r as u32, 1, n as f64, &int)?;
    }
    let head = (HEAD_ROWS - 1) as u32;
    for (c, h) in titles.iter().enumerate() {
        sheet.write_string_with_format(head, c as u16, *h, &header)?;
    }
    sheet.set_freeze_panes(head + 1, 0)?;
    sheet.autofilter(
        head,
        0,
        head + lines.len() as u32,
        (titles.len() - 1) as u16,
    )?;
    let mut row = head + 1;
    for (line, path) in lines.iter().zip(&joined) {
        sheet.write_string(row, 0, fit_cell(path))?;
        let k = &line.counts;
        for (c, n) in [k.calls, k.transferred, k.retained, k.unknown]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, c as u16 + 1, n as f64, &int)?;
        }
        match k.median_ivr {
            Some(s) => sheet.write_number_with_format(row, 5, s as f64 / 86_400.0, &dur)?,
            None => sheet.write_string(row, 5, t.summary_no_value)?,
        };
        sheet.write_number_with_format(row, 6, k.long_ivr_calls as f64, &int)?;
        row += 1;
    }
    let left_out = paths.total() - lines.len();
    if left_out > 0 {
        let n = i18n::int(lang, left_out as u64);
        sheet.write_string(row, 0, fill(t.export_paths_cut, &[("n", &n)]))?;
    }
    Ok(())
}
