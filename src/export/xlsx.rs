//! The native Excel workbook: the calls with typed cells on "Calls" (continued on
//! "Calls (2)", … past the row limit), written row by row in constant memory, the key
//! numbers with a per-hour chart on "Summary", the trend per day on "Trend", the paths
//! of the calls on "Paths" and, when comparing two periods, "Comparison".

use std::io::{self, Read, Write};

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Color, Format as Style,
    FormatBorder, IgnoreError, IntoExcelDateTime, Workbook, Worksheet, XlsxError,
};

use super::calls_xml::{CallsXml, Xf};
use super::cells::{Cell, cell};
use super::zip_parts::{Joined, Piece, ZipOut};
use super::{EXCEL_MAX_ROWS, ExportOptions, Stop, Ticker};
use crate::i18n::{self, Texts, column_title, fill};
use crate::report::hourly::{HourNumbers, hourly};
use crate::report::{Field, FieldKind, KeyNumbers, Report, Stamp};

/// Excel refuses longer text in one cell (counted in UTF-16 units).
const MAX_CELL_CHARS: usize = 32_767;

/// Rows looked at to size the columns; the rest of a big export rarely differs.
const WIDTH_SAMPLE: usize = 2_000;

const LONG_FILL: u32 = 0xFCE4D6;
pub(super) const HEADER_FILL: u32 = 0xDDEBF7;
pub(super) const IVR_COLOR: u32 = 0xED7D31;
pub(super) const AGENT_COLOR: u32 = 0x4472C4;

const DATE_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";
pub(super) const DURATION_FORMAT: &str = "[h]:mm:ss";

pub(super) fn xlsx_error(e: XlsxError) -> Stop {
    match e {
        XlsxError::IoError(e) | XlsxError::TempFileError(_, e) => Stop::Io(e),
        other => Stop::Io(io::Error::other(other.to_string())),
    }
}

/// The style of a table's title row.
pub(super) fn header_style() -> Style {
    Style::new()
        .set_bold()
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border_bottom(FormatBorder::Thin)
}

/// The style of a sheet's title.
pub(super) fn title_style() -> Style {
    Style::new().set_bold().set_font_size(14)
}

/// The calls sheets' styles, registered in `workbook` before any cell uses one so that
/// their numbers in its style sheet are known: the title row's, and the cells' numbers,
/// each in a plain and a long-IVR (highlighted) variant.
fn calls_styles(workbook: &mut Workbook) -> (Style, Xf) {
    let long = |s: Style| s.set_background_color(Color::RGB(LONG_FILL));
    let date = Style::new().set_num_format(DATE_FORMAT);
    let duration = Style::new().set_num_format(DURATION_FORMAT);
    let header = header_style();
    // The default style is number 0; each style registered takes the next one.
    for style in [
        &header,
        &long(Style::new()),
        &date,
        &long(date.clone()),
        &duration,
        &long(duration.clone()),
    ] {
        workbook.register_format(style);
    }
    let xf = Xf {
        text: [0, 2],
        date: [3, 4],
        duration: [5, 6],
    };
    (header, xf)
}

/// Writes the workbook to `out`.
pub(crate) fn write(
    report: &Report,
    rows: &[u32],
    out: &mut (dyn Write + Send),
    opts: &ExportOptions,
    ticker: &mut Ticker<'_>,
) -> Result<usize, Stop> {
    let t = opts.lang.texts();
    let mut workbook = Workbook::new();
    // Only the small parts are compressed by the library; level 3 is Excel's own.
    workbook.set_zip_compression_level(3);
    let (header, xf) = calls_styles(&mut workbook);
    let widths = column_widths(report, rows, t);
    let per_sheet = opts.xlsx_row_limit.clamp(2, EXCEL_MAX_ROWS) - 1;
    let chunks: Vec<&[u32]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(per_sheet).collect()
    };
    std::thread::scope(|s| {
        // The summary, trend and paths sheets need the calls ordered by caller and
        // grouped into calls: worked out on the other core while the sheets are set up.
        if crate::cores() >= 2 {
            s.spawn(|| report.prepare_orders());
        }
        for (k, chunk) in chunks.iter().enumerate() {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(xlsx_error)?;
            let name = if k == 0 {
                t.export_sheet_calls.to_string()
            } else {
                format!("{} ({})", t.export_sheet_calls, k + 1)
            };
            sheet.set_name(name).map_err(xlsx_error)?;
            calls_sheet(sheet, chunk.len(), t, &header, &widths)?;
        }
        Ok::<(), Stop>(())
    })?;
    let numbers = KeyNumbers::of_rows(report, rows, opts.long_ivr_secs);
    let hours = hourly(report, rows);
    let summary = workbook.add_worksheet();
    summary_sheet(summary, t, opts, &numbers, &hours, rows.len()).map_err(xlsx_error)?;
    super::trend_sheet::write(&mut workbook, report, rows, opts).map_err(xlsx_error)?;
    super::paths_sheet::write(&mut workbook, report, rows, opts)?;
    if let Some(comparison) = &opts.comparison {
        super::compare_sheet::write(&mut workbook, comparison, opts).map_err(xlsx_error)?;
    }
    let parts = workbook.save_to_buffer().map_err(xlsx_error)?;
    let writer = CallsXml {
        report,
        t,
        long_ivr_secs: opts.long_ivr_secs,
        xf,
    };
    assemble(&parts, &chunks, &writer, out, ticker)?;
    Ok(rows.len())
}

/// Writes the workbook: the library's `parts` as they are, except the calls sheets,
/// whose rows are put in here (sheet `k` holds the calls at `chunks[k]`).
fn assemble(
    parts: &[u8],
    chunks: &[&[u32]],
    writer: &CallsXml<'_>,
    out: &mut (dyn Write + Send),
    ticker: &mut Ticker<'_>,
) -> Result<(), Stop> {
    let broken = |e: zip::result::ZipError| Stop::Io(io::Error::other(e.to_string()));
    let mut archive = zip::ZipArchive::new(io::Cursor::new(parts)).map_err(broken)?;
    let mut zip = ZipOut::new(out);
    let mut done = 0usize;
    for i in 0..archive.len() {
        let mut part = archive.by_index_raw(i).map_err(broken)?;
        let name = part.name().map_err(broken)?.into_owned();
        let sheet = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|n| n.strip_suffix(".xml")?.parse::<usize>().ok())
            .and_then(|n| chunks.get(n.checked_sub(1)?));
        if let Some(rows) = sheet {
            drop(part);
            let mut xml = String::new();
            archive
                .by_index(i)
                .map_err(broken)?
                .read_to_string(&mut xml)?;
            let joined = calls_part(&xml, rows, writer, &mut done, ticker)?;
            zip.add_joined(&name, joined)?;
        } else {
            let method = match part.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                other => {
                    return Err(Stop::Io(io::Error::other(format!(
                        "unexpected compression {other:?} of {name}"
                    ))));
                }
            };
            let (crc, size) = (part.crc32(), part.size());
            let mut data = Vec::with_capacity(part.compressed_size() as usize);
            part.read_to_end(&mut data)?;
            zip.add(&name, method, crc, size, &data)?;
        }
        // Still asked while the rest is written, once rows were heard of.
        if done > 0 {
            ticker.check(done)?;
        }
    }
    zip.finish()?;
    Ok(())
}

/// Rows formatted and compressed in each piece of a calls sheet (progress and cancel
/// are checked after each).
const PIECE_ROWS: usize = super::PROGRESS_EVERY;

/// Compression level of the calls sheets' pieces.
const PIECE_LEVEL: u32 = 3;

/// The calls sheet whose XML, as the library wrote it (title row only), is `xml`, with
/// the rows of the calls at `rows`, compressed piece by piece on every core.
fn calls_part(
    xml: &str,
    rows: &[u32],
    writer: &CallsXml<'_>,
    done: &mut usize,
    ticker: &mut Ticker<'_>,
) -> Result<Joined, Stop> {
    let unexpected = || Stop::Io(io::Error::other("unexpected calls sheet"));
    let end = xml.find("</sheetData>").ok_or_else(unexpected)?;
    let (head, tail) = xml.split_at(end);
    let pieces: Vec<&[u32]> = rows.chunks(PIECE_ROWS).collect();
    let mut done_pieces = Vec::with_capacity(pieces.len());
    let mut last_row = 1u32;
    super::pieces::in_order(
        pieces.len(),
        |k, xml: &mut Vec<u8>| {
            xml.clear();
            let first = (k * PIECE_ROWS) as u32 + 2;
            let last = writer.rows(pieces[k], first, xml);
            Ok((Piece::of(xml, PIECE_LEVEL, false)?, last))
        },
        |k, (piece, last)| {
            done_pieces.push(piece);
            // Pieces come in order: a later one's last row is further down.
            last_row = last.unwrap_or(last_row);
            *done += pieces[k].len();
            ticker.check(*done)
        },
    )?;
    let mut joined = Joined::default();
    joined.push(Piece::of(
        with_dimension(head, last_row).as_bytes(),
        PIECE_LEVEL,
        false,
    )?);
    for piece in done_pieces {
        joined.push(piece);
    }
    joined.push(Piece::of(tail.as_bytes(), PIECE_LEVEL, true)?);
    Ok(joined)
}

/// `head` with its `<dimension>` reaching down to sheet row `last_row`.
fn with_dimension(head: &str, last_row: u32) -> std::borrow::Cow<'_, str> {
    const OPEN: &str = "<dimension ref=\"";
    let Some(start) = head.find(OPEN).map(|i| i + OPEN.len()) else {
        return head.into();
    };
    let Some(len) = head[start..].find('"') else {
        return head.into();
    };
    if last_row <= 1 {
        return head.into();
    }
    let range = format!("A1:{}{last_row}", CallsXml::column(Field::ALL.len() - 1));
    format!("{}{range}{}", &head[..start], &head[start + len..]).into()
}

/// Sets up one sheet of `rows` calls: its columns, filters, print settings and titles.
/// Its rows are put in as the workbook is written (see [`CallsXml`]).
fn calls_sheet(
    sheet: &mut Worksheet,
    rows: usize,
    t: &'static Texts,
    header: &Style,
    widths: &[f64; 17],
) -> Result<(), Stop> {
    let last_col = (Field::ALL.len() - 1) as u16;
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    // Printed, 17 columns fit only across a landscape page, titles on every page.
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(xlsx_error)?;
    sheet
        .autofilter(0, 0, rows as u32, last_col)
        .map_err(xlsx_error)?;
    if rows > 0 {
        // Ids and phone numbers are text on purpose; Excel's green warning triangles on
        // every one of them would only worry the reader.
        sheet
            .ignore_error_range(1, 0, rows as u32, last_col, IgnoreError::NumberStoredAsText)
            .map_err(xlsx_error)?;
    }
    for (c, field) in Field::ALL.into_iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, column_title(t, field), header)
            .map_err(xlsx_error)?;
    }
    Ok(())
}

/// Days from 1899-12-31, Excel's day 0, to 1970-01-01, where a [`Stamp`] counts from.
const EXCEL_DAYS_TO_1970: i64 = 25_568;

/// A date-time as Excel's serial number (days since 1899-12-31, the time of day as a
/// fraction), worked out from the call's seconds: the calendar library's span arithmetic
/// cost more than the rest of the cell on a sheet of a million calls. The number is the
/// one that arithmetic gives, to the last bit.
pub(super) struct ExcelSerial(pub(super) f64);

impl ExcelSerial {
    pub(super) fn of(dt: jiff::civil::DateTime) -> ExcelSerial {
        let secs = Stamp::from_civil(dt).seconds();
        let (Some(secs), 0) = (secs, dt.subsec_nanosecond()) else {
            return ExcelSerial(dt.to_excel_serial_date());
        };
        let days = secs.div_euclid(86_400) + EXCEL_DAYS_TO_1970;
        let millis = secs.rem_euclid(86_400) * 1000;
        // Excel counts a 1900-02-29 that never was: one day more from March 1900 on.
        let date = if days > 59 { days + 1 } else { days };
        ExcelSerial(date as f64 + millis as f64 / 86_400_000.0)
    }
}

impl IntoExcelDateTime for ExcelSerial {
    fn to_excel_serial_date(&self) -> f64 {
        self.0
    }
}

/// `s`, cut to the longest prefix Excel accepts in one cell.
pub(super) fn fit_cell(s: &str) -> &str {
    // A UTF-16 length never exceeds the UTF-8 length, so short texts need no count.
    if s.len() <= MAX_CELL_CHARS {
        return s;
    }
    let mut units = 0;
    for (at, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > MAX_CELL_CHARS {
            return &s[..at];
        }
    }
    s
}

/// Column widths in characters: the title or the widest value of the first rows.
fn column_widths(report: &Report, rows: &[u32], t: &'static Texts) -> [f64; 17] {
    let calls = report.calls();
    let sample: Vec<_> = rows
        .iter()
        .take(WIDTH_SAMPLE)
        .filter_map(|&i| calls.get(i as usize))
        .collect();
    Field::ALL.map(|field| {
        // Room for the filter button beside the title.
        let title = column_title(t, field).chars().count() + 3;
        let values = match field.kind() {
            FieldKind::DateTime => DATE_FORMAT.len(),
            FieldKind::Duration => 9,
            _ => sample
                .iter()
                .map(|c| match cell(report, c, field, t) {
                    Cell::Text(s) | Cell::Id(s) | Cell::Word(s) => s.chars().count(),
                    _ => 0,
                })
                .max()
                .unwrap_or(0),
        };
        (title.max(values + 1)).clamp(8, 50) as f64
    })
}

/// The summary sheet: key numbers, the routing-point table, the per-hour table and its
/// chart.
fn summary_sheet(
    sheet: &mut Worksheet,
    t: &Texts,
    opts: &ExportOptions,
    k: &KeyNumbers,
    hours: &[HourNumbers; 24],
    exported: usize,
) -> Result<(), XlsxError> {
    let lang = opts.lang;
    let title = title_style();
    let bold = Style::new().set_bold();
    let header = header_style();
    let int = Style::new().set_num_format("#,##0");
    let pct = Style::new().set_num_format("0.0%");
    let dur = Style::new().set_num_format(DURATION_FORMAT);
    let long = Style::new().set_background_color(Color::RGB(LONG_FILL));
    let none = t.summary_no_value;
    let long_label = fill(
        t.summary_long_ivr,
        &[(
            "threshold",
            &i18n::duration(u64::from(k.long_ivr.threshold)),
        )],
    );
    let key_headers = [t.export_key_numbers, t.export_col_value, t.export_col_share];
    let rp_headers = i18n::routing_point_titles(t);
    let hour_headers = [
        t.export_col_hour,
        t.summary_col_calls,
        t.export_col_mean_ivr,
        t.export_col_mean_agent,
    ];

    sheet.set_name(t.export_sheet_summary)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    // Each column as wide as its longest title, so that no title is cut.
    for c in 0..rp_headers.len() {
        let widest = [&key_headers[..], &rp_headers, &hour_headers]
            .iter()
            .filter_map(|h| h.get(c))
            .map(|h| h.chars().count())
            .max()
            .unwrap_or(0);
        let floor = if c == 0 { 34 } else { 12 };
        sheet.set_column_width(c as u16, (widest + 2).max(floor) as f64)?;
    }
    sheet.write_string_with_format(0, 0, t.summary_title, &title)?;
    // Where the calls come from, before any number, so demo data is never taken for real.
    let mut row = super::provenance_lines::write(sheet, 1, opts)?;
    sheet.write_string(
        row,
        0,
        fill(t.export_scope, &[("n", &i18n::int(lang, exported as u64))]),
    )?;

    row += 2;
    for (c, h) in key_headers.into_iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, h, &header)?;
    }
    row += 1;
    let days = |v: Option<f64>| v.map(|s| s / 86_400.0);
    enum V {
        Count(u64),
        Days(Option<f64>),
    }
    // (label, a count or a duration in days, share, highlighted)
    let lines: [(&str, V, Option<f64>, bool); 14] = [
        (t.summary_calls, V::Count(k.calls), None, false),
        (
            t.summary_retained,
            V::Count(k.retained),
            k.retention_rate,
            false,
        ),
        (
            t.summary_transferred,
            V::Count(k.transferred),
            k.transfer_rate,
            false,
        ),
        (
            t.summary_unknown_transfer,
            V::Count(k.unknown_transfer),
            None,
            false,
        ),
        (
            t.summary_queue_abandons,
            V::Count(k.queue_abandons),
            None,
            false,
        ),
        (
            t.export_ivr_median,
            V::Days(days(k.ivr_time.median.map(f64::from))),
            None,
            false,
        ),
        (
            t.export_ivr_p90,
            V::Days(days(k.ivr_time.p90.map(f64::from))),
            None,
            false,
        ),
        (
            t.export_ivr_mean,
            V::Days(days(k.ivr_time.mean)),
            None,
            false,
        ),
        (
            t.export_ivr_max,
            V::Days(days(k.ivr_time.max.map(f64::from))),
            None,
            false,
        ),
        // Wears the fill of the highlighted calls, as a legend.
        (
            &long_label,
            V::Count(k.long_ivr.calls),
            k.long_ivr.share,
            true,
        ),
        (
            t.summary_queue_time_mean,
            V::Days(days(k.queue_time_mean)),
            None,
            false,
        ),
        (
            t.summary_agent_time_mean,
            V::Days(days(k.agent_time_mean)),
            None,
            false,
        ),
        (
            t.summary_repeat_calls,
            V::Count(k.repeat_calls_24h),
            None,
            false,
        ),
        (
            t.summary_unreadable,
            V::Count(k.unreadable_values),
            None,
            false,
        ),
    ];
    for (label, value, share, highlighted) in lines {
        if highlighted {
            sheet.write_string_with_format(row, 0, label, &long)?;
        } else {
            sheet.write_string(row, 0, label)?;
        }
        match value {
            V::Count(n) => sheet.write_number_with_format(row, 1, n as f64, &int)?,
            V::Days(Some(d)) => sheet.write_number_with_format(row, 1, d, &dur)?,
            V::Days(None) => sheet.write_string(row, 1, none)?,
        };
        if let Some(s) = share {
            sheet.write_number_with_format(row, 2, s, &pct)?;
        }
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row, 0, t.summary_by_rp, &bold)?;
    row += 1;
    for (c, h) in rp_headers.into_iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, h, &header)?;
    }
    row += 1;
    for rp in &k.by_routing_point {
        sheet.write_string(row, 0, fit_cell(rp.rp_id.as_deref().unwrap_or("-")))?;
        for (c, n) in [rp.calls, rp.retained, rp.transferred]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, c as u16 + 1, n as f64, &int)?;
        }
        match rp.median_ivr {
            Some(s) => sheet.write_number_with_format(row, 4, f64::from(s) / 86_400.0, &dur)?,
            None => sheet.write_string(row, 4, none)?,
        };
        sheet.write_number_with_format(row, 5, rp.long_ivr as f64, &int)?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row, 0, t.export_by_hour, &bold)?;
    row += 1;
    for (c, h) in hour_headers.into_iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, h, &header)?;
    }
    let header_row = row;
    row += 1;
    let first = row;
    for (h, n) in hours.iter().enumerate() {
        sheet.write_string(row, 0, format!("{h:02}:00"))?;
        sheet.write_number_with_format(row, 1, n.calls as f64, &int)?;
        for (c, mean) in [(2u16, n.mean_ivr), (3, n.mean_agent)] {
            if let Some(m) = mean {
                sheet.write_number_with_format(row, c, m / 86_400.0, &dur)?;
            }
        }
        row += 1;
    }
    let last = row - 1;
    sheet.write_string(row, 0, t.export_hour_note)?;

    let name = t.export_sheet_summary;
    let mut chart = Chart::new(ChartType::Column);
    for (col, color) in [(2u16, IVR_COLOR), (3, AGENT_COLOR)] {
        chart
            .add_series()
            .set_name((name, header_row, col))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, last, col))
            .set_format(&mut solid(color));
    }
    chart.title().set_name(t.export_chart_title);
    chart.x_axis().set_name(t.export_chart_axis_hour);
    let highest = hours
        .iter()
        .flat_map(|h| [h.mean_ivr, h.mean_agent])
        .flatten()
        .fold(0.0, f64::max);
    chart
        .y_axis()
        .set_name(t.export_chart_axis_time)
        .set_num_format(DURATION_FORMAT)
        .set_min(0.0)
        .set_major_unit(time_step(highest) / 86_400.0);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(360);
    sheet.insert_chart(3, 7, &chart)?;
    Ok(())
}

pub(super) fn solid(color: u32) -> ChartFormat {
    let mut format = ChartFormat::new();
    format.set_solid_fill(ChartSolidFill::new().set_color(color));
    format
}

/// A round tick step, in seconds, that puts about eight ticks or fewer up to
/// `max_secs` (left alone, Excel picks steps such as 0:00:43).
pub(super) fn time_step(max_secs: f64) -> f64 {
    const STEPS: [f64; 10] = [15., 30., 60., 120., 300., 600., 900., 1800., 3600., 7200.];
    STEPS
        .into_iter()
        .find(|s| max_secs / s <= 8.0)
        .unwrap_or_else(|| (max_secs / 8.0 / 3600.0).ceil() * 3600.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_cells_hold_the_calendar_libraries_number() {
        let d = jiff::civil::date;
        for dt in [
            d(1900, 1, 1).at(0, 0, 0, 0),
            d(1900, 2, 28).at(23, 59, 59, 0),
            d(1900, 3, 1).at(0, 0, 1, 0),
            d(1969, 12, 31).at(12, 30, 0, 0),
            d(1970, 1, 1).at(0, 0, 0, 0),
            d(2026, 11, 25).at(7, 8, 9, 0),
            d(2026, 12, 31).at(23, 59, 59, 0),
            d(9999, 12, 31).at(23, 59, 59, 0),
            d(2026, 11, 25).at(7, 8, 9, 500_000_000),
        ] {
            let ours = ExcelSerial::of(dt).to_excel_serial_date();
            assert_eq!(ours.to_bits(), dt.to_excel_serial_date().to_bits(), "{dt}");
        }
    }

    #[test]
    fn chart_ticks_are_round_times() {
        assert_eq!(time_step(0.0), 15.0);
        assert_eq!(time_step(100.0), 15.0);
        assert_eq!(time_step(389.0), 60.0);
        assert_eq!(time_step(2_000.0), 300.0);
        assert_eq!(time_step(100_000.0), 4.0 * 3600.0);
    }

    #[test]
    fn overlong_text_is_cut_to_what_excel_takes() {
        let short = "ñ".repeat(100);
        assert_eq!(fit_cell(&short), short);
        let long = "ñ".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(fit_cell(&long).chars().count(), MAX_CELL_CHARS);
        let astral = "𝄞".repeat(MAX_CELL_CHARS);
        assert_eq!(fit_cell(&astral).chars().count(), MAX_CELL_CHARS / 2);
    }
}
