//! The workbook's "Comparison" sheet: both periods, each difference with its 95 % range
//! or p-value and its verdict in words, for all calls and per routing point.

use rust_xlsxwriter::{Format as Style, Workbook, Worksheet, XlsxError};

use super::ExportOptions;
use super::xlsx::{fit_cell, header_style, title_style};
use crate::i18n::{self, Texts, fill, verdict};
use crate::report::{Comparison, MedianDiff, Period, RateDiff};

/// Two periods and their comparison, for the workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportComparison {
    /// Period A (the "before").
    pub a: Period,
    /// Period B (the "after").
    pub b: Period,
    /// The comparison of the rows of A with the rows of B.
    pub comparison: Comparison,
}

/// The number formats of the sheet.
struct Styles {
    header: Style,
    int: Style,
    pct: Style,
    points: Style,
    secs: Style,
    signed_secs: Style,
    p: Style,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: header_style(),
            int: Style::new().set_num_format("#,##0"),
            pct: Style::new().set_num_format("0.0%"),
            points: Style::new().set_num_format("+0.0;-0.0;0.0"),
            secs: Style::new().set_num_format("0"),
            signed_secs: Style::new().set_num_format("+0;-0;0"),
            p: Style::new().set_num_format("0.0000"),
        }
    }
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    style: &Style,
) -> Result<(), XlsxError> {
    if let Some(v) = value {
        sheet.write_number_with_format(row, col, v, style)?;
    }
    Ok(())
}

/// A rate's cells from `col` on: A, B, change, range from, range to, verdict.
fn rate_cells(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    d: &RateDiff,
    s: &Styles,
    t: &Texts,
) -> Result<(), XlsxError> {
    let points = |v: Option<f64>| v.map(|x| x * 100.0);
    number(sheet, row, col, d.a, &s.pct)?;
    number(sheet, row, col + 1, d.b, &s.pct)?;
    number(sheet, row, col + 2, points(d.diff), &s.points)?;
    number(sheet, row, col + 3, points(d.low), &s.points)?;
    number(sheet, row, col + 4, points(d.high), &s.points)?;
    sheet.write_string(row, col + 5, verdict(t, d.likely_real))?;
    Ok(())
}

/// The median's cells from `col` on: A, B, change, p-value, verdict.
fn median_cells(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    d: &MedianDiff,
    s: &Styles,
    t: &Texts,
) -> Result<(), XlsxError> {
    number(sheet, row, col, d.a.map(f64::from), &s.secs)?;
    number(sheet, row, col + 1, d.b.map(f64::from), &s.secs)?;
    number(
        sheet,
        row,
        col + 2,
        d.diff.map(|x| x as f64),
        &s.signed_secs,
    )?;
    number(sheet, row, col + 3, d.p_value, &s.p)?;
    sheet.write_string(row, col + 4, verdict(t, d.likely_real))?;
    Ok(())
}

/// Adds the sheet.
pub(super) fn write(
    workbook: &mut Workbook,
    c: &ExportComparison,
    opts: &ExportOptions,
) -> Result<(), XlsxError> {
    let (lang, t) = (opts.lang, opts.lang.texts());
    let s = Styles::new();
    let k = &c.comparison;
    let sheet = workbook.add_worksheet();
    sheet.set_name(t.export_sheet_compare)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_column_width(0, 34)?;
    for col in 1..18u16 {
        sheet.set_column_width(col, 15)?;
    }

    sheet.write_string_with_format(0, 0, t.compare_title, &title_style())?;
    let mut row = 1u32;
    for (name, p, calls) in [("A", &c.a, k.a.calls), ("B", &c.b, k.b.calls)] {
        sheet.write_string(row, 0, i18n::period_line(lang, name, p, calls))?;
        row += 1;
    }
    sheet.write_string(row, 0, t.compare_rows_note)?;
    row += 1;
    if let Some(line) = i18n::overlap_line(lang, &c.a, &c.b) {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    sheet.write_string(row, 0, t.compare_sheet_units)?;
    row += 2;

    let headers = [
        t.compare_col_measure,
        t.compare_col_a,
        t.compare_col_b,
        t.compare_col_diff,
        t.compare_col_low,
        t.compare_col_high,
        t.compare_col_verdict,
        t.compare_col_p,
    ];
    for (col, h) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, h, &s.header)?;
    }
    row += 1;
    sheet.write_string(row, 0, t.summary_calls)?;
    sheet.write_number_with_format(row, 1, k.a.calls as f64, &s.int)?;
    sheet.write_number_with_format(row, 2, k.b.calls as f64, &s.int)?;
    row += 1;
    let long = fill(
        t.summary_long_ivr,
        &[("threshold", &i18n::duration(u64::from(k.long_ivr_secs)))],
    );
    let d = &k.delta;
    for (label, rate) in [
        (t.compare_retention, &d.retention_rate),
        (t.compare_transfer, &d.transfer_rate),
        (t.compare_queue_abandon, &d.queue_abandon_rate),
        (long.as_str(), &d.long_ivr_share),
    ] {
        sheet.write_string(row, 0, label)?;
        rate_cells(sheet, row, 1, rate, &s, t)?;
        row += 1;
    }
    // The median has a p-value instead of a range: A, B, change, then verdict and p.
    let m = &d.median_ivr;
    sheet.write_string(row, 0, t.compare_median_ivr)?;
    number(sheet, row, 1, m.a.map(f64::from), &s.secs)?;
    number(sheet, row, 2, m.b.map(f64::from), &s.secs)?;
    number(sheet, row, 3, m.diff.map(|x| x as f64), &s.signed_secs)?;
    sheet.write_string(row, 6, verdict(t, m.likely_real))?;
    number(sheet, row, 7, m.p_value, &s.p)?;
    row += 2;
    sheet.write_string(row, 0, t.compare_verdict_note)?;
    row += 2;

    sheet.write_string_with_format(row, 0, t.compare_by_rp, &Style::new().set_bold())?;
    row += 1;
    let measure = |m: &str, col: &str| format!("{m}: {col}");
    let rate_titles = |m: &str| {
        [
            measure(m, t.compare_col_a),
            measure(m, t.compare_col_b),
            measure(m, t.compare_col_diff),
            measure(m, t.compare_col_low),
            measure(m, t.compare_col_high),
            measure(m, t.compare_col_verdict),
        ]
    };
    let mut titles: Vec<String> = vec![
        t.summary_col_rp.to_string(),
        t.compare_col_calls_a.to_string(),
        t.compare_col_calls_b.to_string(),
    ];
    titles.extend(rate_titles(t.compare_retention));
    titles.extend(rate_titles(&long));
    let median = t.compare_median_ivr;
    titles.extend([
        measure(median, t.compare_col_a),
        measure(median, t.compare_col_b),
        measure(median, t.compare_col_diff),
        measure(median, t.compare_col_p),
        measure(median, t.compare_col_verdict),
    ]);
    for (col, h) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, h, &s.header.clone().set_text_wrap())?;
    }
    row += 1;
    for rp in &k.by_routing_point {
        sheet.write_string(row, 0, fit_cell(rp.rp_id.as_deref().unwrap_or("-")))?;
        sheet.write_number_with_format(row, 1, rp.a_calls as f64, &s.int)?;
        sheet.write_number_with_format(row, 2, rp.b_calls as f64, &s.int)?;
        rate_cells(sheet, row, 3, &rp.retention_rate, &s, t)?;
        rate_cells(sheet, row, 9, &rp.long_ivr_share, &s, t)?;
        median_cells(sheet, row, 15, &rp.median_ivr, &s, t)?;
        row += 1;
    }
    Ok(())
}
