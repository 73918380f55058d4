//! The workbook's "Trend" sheet: one row per day of the exported calls, with line charts
//! of the retention rate and of the median and P90 IVR time.

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartType, Format as Style, Workbook,
    XlsxError,
};

use super::ExportOptions;
use super::xlsx::{AGENT_COLOR, DURATION_FORMAT, IVR_COLOR, header_style, time_step, title_style};
use crate::i18n::{self, Texts};
use crate::report::{Bucket, Report, trend};

/// The first row of the table (its titles).
const HEADER_ROW: u32 = 3;

/// The table's column titles, in order.
fn titles(t: &Texts) -> [&'static str; 9] {
    [
        t.trend_col_date,
        t.summary_col_calls,
        t.summary_col_retained,
        t.summary_col_transferred,
        t.trend_col_retention_rate,
        t.summary_col_median_ivr,
        t.trend_col_p90_ivr,
        t.summary_col_long_ivr,
        t.trend_col_queue_abandons,
    ]
}

fn line(color: u32) -> ChartFormat {
    let mut format = ChartFormat::new();
    format.set_line(ChartLine::new().set_color(color).set_width(2.0));
    format
}

/// Adds the sheet for the calls at `rows`.
pub(super) fn write(
    workbook: &mut Workbook,
    report: &Report,
    rows: &[u32],
    opts: &ExportOptions,
) -> Result<(), XlsxError> {
    let t = opts.lang.texts();
    let days = trend(report, rows, Bucket::Day, opts.long_ivr_secs, None);
    let sheet = workbook.add_worksheet();
    let name = t.export_sheet_trend;
    sheet.set_name(name)?;
    let header = header_style();
    let date = Style::new().set_num_format("yyyy-mm-dd");
    let int = Style::new().set_num_format("#,##0");
    let pct = Style::new().set_num_format("0.0%");
    let dur = Style::new().set_num_format(DURATION_FORMAT);

    sheet.write_string_with_format(0, 0, t.trend_title, &title_style())?;
    sheet.write_string(
        1,
        0,
        i18n::fill(t.trend_note, &[("n", &i18n::int(opts.lang, days.undated))]),
    )?;
    for (c, title) in titles(t).into_iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, title, &header)?;
        sheet.set_column_width(c as u16, (title.chars().count() + 2).max(11) as f64)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    let mut row = HEADER_ROW + 1;
    for p in &days.points {
        // Empty cells where there is nothing to compute from: the charts leave a gap.
        if let Some(d) = p.date() {
            sheet.write_date_with_format(row, 0, d, &date)?;
        }
        for (c, n) in [(1u16, p.calls), (2, p.retained), (3, p.transferred)] {
            sheet.write_number_with_format(row, c, n as f64, &int)?;
        }
        if let Some(r) = p.retention_rate {
            sheet.write_number_with_format(row, 4, r, &pct)?;
        }
        for (c, secs) in [(5u16, p.median_ivr), (6, p.p90_ivr)] {
            if let Some(s) = secs {
                sheet.write_number_with_format(row, c, f64::from(s) / 86_400.0, &dur)?;
            }
        }
        for (c, n) in [(7u16, p.long_ivr_calls), (8, p.queue_abandons)] {
            sheet.write_number_with_format(row, c, n as f64, &int)?;
        }
        row += 1;
    }
    if days.points.is_empty() {
        return Ok(());
    }
    let (first, last) = (HEADER_ROW + 1, row - 1);

    let mut retention = Chart::new(ChartType::Line);
    retention
        .add_series()
        .set_name((name, HEADER_ROW, 4))
        .set_categories((name, first, 0, last, 0))
        .set_values((name, first, 4, last, 4))
        .set_format(&mut line(AGENT_COLOR));
    retention.title().set_name(t.trend_chart_retention);
    retention.x_axis().set_name(t.trend_chart_axis_day);
    retention.y_axis().set_num_format("0%").set_min(0.0);
    retention.legend().set_hidden();
    retention.set_width(720).set_height(300);
    sheet.insert_chart(HEADER_ROW, 10, &retention)?;

    let mut ivr = Chart::new(ChartType::Line);
    for (col, color) in [(5u16, IVR_COLOR), (6, AGENT_COLOR)] {
        ivr.add_series()
            .set_name((name, HEADER_ROW, col))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, last, col))
            .set_format(&mut line(color));
    }
    let highest = days
        .points
        .iter()
        .filter_map(|p| p.p90_ivr)
        .max()
        .map_or(0.0, f64::from);
    ivr.title().set_name(t.trend_chart_ivr);
    ivr.x_axis().set_name(t.trend_chart_axis_day);
    ivr.y_axis()
        .set_name(t.trend_chart_axis_time)
        .set_num_format(DURATION_FORMAT)
        .set_min(0.0)
        .set_major_unit(time_step(highest) / 86_400.0);
    ivr.legend().set_position(ChartLegendPosition::Bottom);
    ivr.set_width(720).set_height(300);
    sheet.insert_chart(HEADER_ROW + 17, 10, &ivr)?;
    Ok(())
}
