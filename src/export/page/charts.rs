//! The page's charts, drawn by plotters into SVG text: a fixed number of elements per
//! chart (bins and routing points, never one per call), so a page of a million calls
//! stays as small as one of a hundred.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::i18n::{self, Lang};
use crate::report::charts::{FINE_BIN_SECS, RoutingPointBar};

/// IVR time and retained calls (Okabe-Ito orange, as in the window).
const IVR: RGBColor = RGBColor(230, 159, 0);
/// Agent time and transferred calls (Okabe-Ito blue).
const AGENT: RGBColor = RGBColor(0, 114, 178);
/// Long IVR and its threshold (Okabe-Ito vermillion).
const LONG: RGBColor = RGBColor(213, 94, 0);
/// Calls whose transfer flag is unknown.
const UNKNOWN: RGBColor = RGBColor(170, 170, 170);
const INK: RGBColor = RGBColor(60, 60, 60);
const GRID: RGBColor = RGBColor(225, 225, 225);

/// Width of every chart in SVG units; the style sheet scales it to the page.
pub(super) const WIDTH: u32 = 640;
const FONT: &str = "sans-serif";
/// Routing points drawn as bars; the table below the chart lists them all.
pub(super) const MAX_BARS: usize = 12;
/// Labels written under the trend chart at most.
const MAX_TREND_LABELS: usize = 14;
/// Longest routing point name drawn beside its bar, in characters.
const MAX_LABEL_CHARS: usize = 24;

/// What went wrong while drawing: plotters' own words (only a bug can cause it, since
/// the drawing goes to a string).
#[derive(Debug)]
pub(super) struct ChartError(pub(super) String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> ChartError {
        ChartError(e.to_string())
    }
}

/// The histogram's extent: how many 10-second bins are drawn, and the calls beyond
/// them that the last bar also counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Extent {
    /// Bins drawn.
    pub(super) bins: usize,
    /// Calls past the drawn bins (counted in the last bar).
    pub(super) tail: u64,
}

/// Draws enough bins to show 99 % of the calls and the threshold with a minute to spare,
/// in whole minutes, so a few calls lasting hours do not squeeze the rest into one bar.
pub(super) fn extent(fine: &[u64], threshold: u32) -> Extent {
    let total: u64 = fine.iter().sum();
    let mut seen = 0u64;
    let mut p99_bin = 0usize;
    for (i, &n) in fine.iter().enumerate() {
        seen += n;
        if seen * 100 >= total * 99 {
            p99_bin = i;
            break;
        }
    }
    let per_minute = (60 / FINE_BIN_SECS) as usize;
    let wanted = (p99_bin + 1).max((threshold / FINE_BIN_SECS) as usize + per_minute);
    let bins = wanted.div_ceil(per_minute) * per_minute;
    // The last fine bin holds every longer time: it is never drawn as a bin of its own.
    let bins = bins.min(fine.len().saturating_sub(1)).max(1);
    Extent {
        bins,
        tail: fine.iter().skip(bins).sum(),
    }
}

fn svg_text(buf: String) -> String {
    // Inline SVG in HTML needs no namespace; without it the file holds no address at all.
    buf.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

fn font(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// The IVR time distribution: calls per 10-second bin, bars above the threshold in the
/// long-IVR colour, the threshold as a line. `axis_time` and `axis_calls` name the axes.
pub(super) fn distribution(
    fine: &[u64],
    threshold: u32,
    lang: Lang,
    axis_time: &str,
    axis_calls: &str,
) -> Result<String, ChartError> {
    let ext = extent(fine, threshold);
    let mut counts: Vec<u64> = fine.iter().take(ext.bins).copied().collect();
    if let Some(last) = counts.last_mut() {
        *last += ext.tail;
    }
    let top = counts.iter().copied().max().unwrap_or(0).max(1);
    let bin_min = f64::from(FINE_BIN_SECS) / 60.0;
    let x_max = counts.len() as f64 * bin_min;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, 250)).into_drawing_area();
        root.fill(&WHITE)?;
        let y_max = top + top / 8 + 1;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(18)
            .x_label_area_size(38)
            .y_label_area_size(58)
            .build_cartesian_2d(0f64..x_max, 0u64..y_max)?;
        let minutes = |m: &f64| i18n::duration((m * 60.0).round().max(0.0) as u64);
        let count = |n: &u64| i18n::int(lang, *n);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(12)
            .y_labels(6)
            .x_label_formatter(&minutes)
            .y_label_formatter(&count)
            .x_desc(axis_time)
            .y_desc(axis_calls)
            .label_style(font(13))
            .axis_desc_style(font(13))
            .draw()?;
        let th = f64::from(threshold) / 60.0;
        chart.draw_series(
            counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, &n)| {
                    let x0 = i as f64 * bin_min;
                    // A bin is long when its every second is above the threshold.
                    let color = if x0 * 60.0 >= f64::from(threshold) {
                        LONG
                    } else {
                        IVR
                    };
                    let mut bar = Rectangle::new([(x0, 0), (x0 + bin_min, n)], color.filled());
                    bar.set_margin(0, 0, 1, 1);
                    bar
                }),
        )?;
        if th <= x_max {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(th, 0), (th, y_max)],
                LONG.stroke_width(2),
            )))?;
        }
        root.present()?;
    }
    Ok(svg_text(buf))
}

/// A series of the routing-point chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Series {
    /// Calls that stayed in the IVR.
    Retained,
    /// Calls sent to an agent.
    Transferred,
    /// Calls whose transfer flag is unknown.
    Unknown,
}

/// The routing-point chart's series in stacking order, with their colours.
pub(super) const SERIES: [(Series, RGBColor); 3] = [
    (Series::Retained, IVR),
    (Series::Transferred, AGENT),
    (Series::Unknown, UNKNOWN),
];

/// The CSS colour of a chart colour, for legends drawn in HTML.
pub(super) fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Retained, transferred and unknown calls as stacked horizontal bars, one per routing
/// point of `bars` (already ordered most calls first and cut to what is drawn).
pub(super) fn routing_points(
    bars: &[RoutingPointBar],
    lang: Lang,
    axis_calls: &str,
    no_name: &str,
) -> Result<String, ChartError> {
    let n = bars.len().max(1);
    let names: Vec<String> = bars
        .iter()
        .map(|b| short_name(b.rp_id.as_deref().unwrap_or(no_name)))
        .collect();
    let widest = names.iter().map(|s| s.chars().count()).max().unwrap_or(4);
    let top = bars
        .iter()
        .map(|b| b.retained + b.transferred + b.unknown)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = 60 + 26 * n as u32;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw_bars(&root, bars, &names, widest, top, lang, axis_calls)?;
        root.present()?;
    }
    Ok(svg_text(buf))
}

fn draw_bars(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    bars: &[RoutingPointBar],
    names: &[String],
    widest: usize,
    top: u64,
    lang: Lang,
    axis_calls: &str,
) -> Result<(), ChartError> {
    let n = bars.len().max(1);
    let x_max = top + top / 10 + 1;
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_right(18)
        .x_label_area_size(38)
        .y_label_area_size((widest as u32 * 7 + 16).clamp(40, 200))
        .build_cartesian_2d(0u64..x_max, 0f64..n as f64)?;
    let count = |v: &u64| i18n::int(lang, *v);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(INK)
        .x_labels(6)
        .y_labels(0)
        .x_label_formatter(&count)
        .x_desc(axis_calls)
        .label_style(font(13))
        .axis_desc_style(font(13))
        .draw()?;
    // The first routing point (most calls) is drawn at the top.
    let row_of = |k: usize| (n - 1 - k) as f64;
    let mut rects = Vec::with_capacity(bars.len() * 3);
    for (k, b) in bars.iter().enumerate() {
        let y = row_of(k);
        let mut start = 0u64;
        for (series, color) in SERIES {
            let value = match series {
                Series::Retained => b.retained,
                Series::Transferred => b.transferred,
                Series::Unknown => b.unknown,
            };
            if value == 0 {
                continue;
            }
            rects.push(Rectangle::new(
                [(start, y + 0.18), (start + value, y + 0.82)],
                color.filled(),
            ));
            start += value;
        }
    }
    chart.draw_series(rects)?;
    // Names beside their bars, placed by the chart's own mapping: every bar gets its
    // name, however many there are (an axis would pick which to label).
    let style = font(13).pos(Pos::new(HPos::Right, VPos::Center));
    for (k, name) in names.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0, row_of(k) + 0.5));
        root.draw(&Text::new(name.clone(), (x - 6, y), style.clone()))?;
    }
    Ok(())
}

/// Retention per period of the trend as bars on a 0–100 % scale, each labelled below
/// with `labels` (as many as `rates`; a period without a rate has no bar). At most
/// [`MAX_TREND_LABELS`] labels are written, evenly spaced, so a long trend stays legible.
pub(super) fn trend(
    rates: &[Option<f64>],
    labels: &[String],
    lang: Lang,
    axis: &str,
) -> Result<String, ChartError> {
    let n = rates.len().max(1);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, 220)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(18)
            .x_label_area_size(30)
            .y_label_area_size(58)
            .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..1f64)?;
        let step = n.div_ceil(MAX_TREND_LABELS).max(1);
        let label = |x: &f64| {
            // Bar i is centred on x = i; the axis may also ask between bars.
            let i = x.round().max(0.0) as usize;
            if (x - x.round()).abs() < 0.01 && i.is_multiple_of(step) {
                labels.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let pct = |y: &f64| i18n::percent(lang, *y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(n + 1)
            .y_labels(6)
            .x_label_formatter(&label)
            .y_label_formatter(&pct)
            .y_desc(axis)
            .label_style(font(12))
            .axis_desc_style(font(13))
            .draw()?;
        chart.draw_series(rates.iter().enumerate().filter_map(|(i, r)| {
            let r = (*r)?;
            let x = i as f64;
            Some(Rectangle::new(
                [(x - 0.35, 0.0), (x + 0.35, r.clamp(0.0, 1.0))],
                IVR.filled(),
            ))
        }))?;
        root.present()?;
    }
    Ok(svg_text(buf))
}

/// A routing point id cut to fit beside its bar; the table shows it whole.
fn short_name(name: &str) -> String {
    if name.chars().count() <= MAX_LABEL_CHARS {
        return name.to_string();
    }
    let mut s: String = name.chars().take(MAX_LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_shows_most_calls_and_the_threshold_in_whole_minutes() {
        let mut fine = vec![0u64; 91];
        fine[2] = 1000;
        fine[90] = 3;
        let e = extent(&fine, 120);
        assert_eq!(e, Extent { bins: 18, tail: 3 });
        let e = extent(&fine, 400);
        assert_eq!(e.bins, 48);
        // Everything fits: nothing is folded into the last bar.
        let fine = vec![1u64; 91];
        let e = extent(&fine, 120);
        assert_eq!(e, Extent { bins: 90, tail: 1 });
        assert_eq!(extent(&[], 120), Extent { bins: 1, tail: 0 });
    }

    #[test]
    fn charts_are_plain_svg_without_any_address() {
        let mut fine = vec![0u64; 91];
        fine[3] = 10;
        fine[20] = 4;
        let svg = distribution(&fine, 120, Lang::Es, "Tiempo", "Llamadas").unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(!svg.contains("http"));
        let bars = [RoutingPointBar {
            rp_id: Some("<MENU & co>".into()),
            retained: 1200,
            transferred: 30,
            unknown: 0,
            median_ivr: Some(30),
        }];
        let svg = routing_points(&bars, Lang::Es, "Llamadas", "-").unwrap();
        assert!(svg.contains("&lt;MENU &amp; co&gt;"), "{svg}");
        assert!(svg.contains("1.000"), "Spanish thousands on the axis");
    }

    #[test]
    fn long_names_are_cut_by_characters() {
        let s = short_name("ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ");
        assert_eq!(s.chars().count(), MAX_LABEL_CHARS);
        assert!(s.ends_with('…'));
    }
}
