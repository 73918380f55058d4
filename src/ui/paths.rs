//! The paths view: the flow picture of the calls in view, their paths as a table, and
//! where callers went after a chosen routing point. Everything counts calls (distinct
//! call ids), not rows. The numbers come from the core ([`Paths`], [`Flow`]); at large
//! sizes they are computed off the frame, once per view.

use std::sync::Arc;

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::action::Action;
use super::charts::palette;
use crate::i18n::{self, Lang, Texts, fill};
use crate::jobs::JobQueue;
use crate::report::paths::{End, Flow, Next, NextSteps, PathNumbers, Paths, Pick, Step};
use crate::report::{Report, RowSubset};
use crate::workspace::{VIEW_SYNC_LIMIT, Workspace};

/// Routing points the flow picture shows at most, one column each; longer paths are cut.
pub(crate) const MAX_COLUMNS: usize = 6;

/// Routing points one column of the picture shows at most, those with most calls.
const MAX_NODES: usize = 8;

const PICTURE_H: f32 = 300.0;
const NODE_W: f32 = 14.0;
const GAP: f32 = 8.0;
const HEADER_H: f32 = 18.0;

/// The paths of one view and what the picture draws of them.
pub(crate) struct Computed {
    report: Arc<Report>,
    generation: u64,
    paths: Paths,
    layout: FlowLayout,
    /// Every routing point some call in view passed, by text.
    steps: Vec<Step>,
}

impl Computed {
    fn of(report: Arc<Report>, generation: u64, rows: &[u32], long_ivr_secs: u32) -> Computed {
        let paths = Paths::of_rows(&report, rows, long_ivr_secs);
        let flow = paths.flow(&report);
        let layout = FlowLayout::of(&report, &paths, &flow);
        let mut steps: Vec<Step> = flow.columns.iter().flatten().map(|n| n.step).collect();
        steps.sort_by(|a, b| a.text(&report).cmp(b.text(&report)));
        steps.dedup();
        Computed {
            report,
            generation,
            paths,
            layout,
            steps,
        }
    }
}

/// A column of the paths table to sort by.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum SortBy {
    Path,
    Calls,
    Transferred,
    Retained,
    Unknown,
    MedianIvr,
    LongShare,
}

/// The paths view's own state: the computed paths of the shown view and the choices.
#[derive(Default)]
pub(crate) struct PathsState {
    data: Option<Arc<Computed>>,
    for_serial: Option<u64>,
    jobs: Option<JobQueue<u64, Computed>>,
    sort: Option<(SortBy, bool)>,
    order: Vec<usize>,
    order_for: Option<(u64, Option<(SortBy, bool)>)>,
    next_of: Option<Step>,
    next: Option<(u64, NextSteps)>,
}

impl PathsState {
    /// Brings the computed paths up to the shown view: at once when small, else in the
    /// background (the last ones stay shown meanwhile).
    fn follow(&mut self, ctx: &egui::Context, ws: &Workspace) {
        let serial = ws.view_serial();
        let jobs = self.jobs.get_or_insert_with(|| {
            let ctx = ctx.clone();
            JobQueue::new(Arc::new(move || ctx.request_repaint()))
        });
        for done in jobs.poll() {
            // A result for an older view is dropped; the current one starts below.
            match done.result {
                Ok(c) if done.kind == serial => {
                    self.data = Some(Arc::new(c));
                    self.for_serial = Some(serial);
                }
                // Not expected; not tried again for this view, so it cannot repeat.
                Err(_) if done.kind == serial => self.for_serial = Some(serial),
                _ => {}
            }
        }
        if self.for_serial == Some(serial) || jobs.is_busy() {
            return;
        }
        let (report, generation) = (ws.report_shared(), ws.generation());
        let secs = ws.spec().long_ivr_secs;
        if ws.report().len() > VIEW_SYNC_LIMIT {
            let rows = ws.view().to_vec();
            jobs.start(serial, move |_| {
                Computed::of(report, generation, &rows, secs)
            });
        } else {
            self.data = Some(Arc::new(Computed::of(report, generation, ws.view(), secs)));
            self.for_serial = Some(serial);
        }
    }

    /// Whether the paths of the shown view are ready.
    pub(crate) fn is_ready(&self, ws: &Workspace) -> bool {
        self.for_serial == Some(ws.view_serial())
    }

    fn sorted(&mut self, serial: u64, paths: &[PathNumbers], report: &Report) -> &[usize] {
        if self.order_for != Some((serial, self.sort)) {
            self.order_for = Some((serial, self.sort));
            self.order = (0..paths.len()).collect();
            if let Some((by, descending)) = self.sort {
                let share = |n: u64, p: &PathNumbers| n as f64 / p.counts.calls.max(1) as f64;
                let key = |p: &PathNumbers| -> f64 {
                    let c = &p.counts;
                    match by {
                        SortBy::Path => 0.0,
                        SortBy::Calls => c.calls as f64,
                        SortBy::Transferred => share(c.transferred, p),
                        SortBy::Retained => share(c.retained, p),
                        SortBy::Unknown => share(c.unknown, p),
                        SortBy::MedianIvr => c.median_ivr.map_or(-1.0, |m| m as f64),
                        SortBy::LongShare => share(c.long_ivr_calls, p),
                    }
                };
                let text = |p: &PathNumbers| -> Vec<&str> {
                    p.steps.iter().map(|s| s.text(report)).collect()
                };
                self.order.sort_by(|&a, &b| {
                    let (a, b) = (&paths[a], &paths[b]);
                    let o = if by == SortBy::Path {
                        text(a).cmp(&text(b))
                    } else {
                        key(a).total_cmp(&key(b))
                    };
                    if descending { o.reverse() } else { o }
                });
            }
        }
        &self.order
    }
}

/// A node of the picture, with its place in calls: its column, its calls before it in
/// the column and its rank there (for the gaps).
struct NodeBox {
    pick: Pick,
    label: String,
    calls: u64,
    column: usize,
    offset: u64,
    rank: usize,
    color: egui::Color32,
}

/// A band between two nodes: where it leaves its source and reaches its target, in
/// calls from the top of each node.
struct Band {
    pick: Pick,
    from: usize,
    to: usize,
    calls: u64,
    from_offset: u64,
    to_offset: u64,
}

/// What the flow picture draws, computed once per view; only scaled to the frame's size
/// when drawn.
pub(crate) struct FlowLayout {
    nodes: Vec<NodeBox>,
    bands: Vec<Band>,
    /// Step columns shown (the ends come after them).
    columns: usize,
    /// The calls in view: the height of the first and the last column.
    total: u64,
    /// The most nodes any column shows (for the gaps).
    most_nodes: usize,
    /// Calls through more routing points than the picture shows.
    cut_calls: u64,
    /// Whether some column had more routing points than it shows.
    cut_nodes: bool,
}

fn end_color(end: End) -> egui::Color32 {
    match end {
        End::Agent => palette::AGENT,
        End::EndedInIvr => palette::IVR,
        End::Unknown => egui::Color32::GRAY,
    }
}

fn end_text(t: &Texts, end: End) -> &'static str {
    match end {
        End::Agent => t.ui_paths_end_agent,
        End::EndedInIvr => t.ui_paths_end_ivr,
        End::Unknown => t.ui_paths_end_unknown,
    }
}

fn next_text(t: &Texts, report: &Report, next: Next) -> String {
    match next {
        Next::Step(s) => s.text(report).to_string(),
        Next::End(e) => end_text(t, e).to_string(),
    }
}

fn path_text(report: &Report, steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| s.text(report))
        .collect::<Vec<_>>()
        .join(" » ")
}

impl FlowLayout {
    fn of(report: &Report, paths: &Paths, flow: &Flow) -> FlowLayout {
        let columns = flow.columns.len().min(MAX_COLUMNS);
        let mut nodes = Vec::new();
        let mut at: rustc_hash::FxHashMap<(usize, Step), usize> = Default::default();
        let mut cut_nodes = false;
        let mut most_nodes = flow.ends.len();
        for (c, column) in flow.columns.iter().take(columns).enumerate() {
            cut_nodes |= column.len() > MAX_NODES;
            most_nodes = most_nodes.max(column.len().min(MAX_NODES));
            let mut offset = 0;
            for (rank, n) in column.iter().take(MAX_NODES).enumerate() {
                at.insert((c, n.step), nodes.len());
                nodes.push(NodeBox {
                    pick: Pick::Node {
                        column: c,
                        step: n.step,
                    },
                    label: n.step.text(report).to_string(),
                    calls: n.calls,
                    column: c,
                    offset,
                    rank,
                    color: egui::Color32::from_rgb(0, 158, 115),
                });
                offset += n.calls;
            }
        }
        let mut end_at = [0usize; 3];
        let mut offset = 0;
        for (rank, e) in flow.ends.iter().enumerate() {
            end_at[e.end as usize] = nodes.len();
            nodes.push(NodeBox {
                pick: Pick::End(e.end),
                label: String::new(),
                calls: e.calls,
                column: columns,
                offset,
                rank,
                color: end_color(e.end),
            });
            offset += e.calls;
        }
        // Bands stack down each node in the flow's order (most calls first).
        let mut out_used = vec![0u64; nodes.len()];
        let mut in_used = vec![0u64; nodes.len()];
        let mut bands = Vec::new();
        for l in &flow.links {
            let Some(&from) = at.get(&(l.column, l.from)) else {
                continue;
            };
            let to = match l.to {
                Next::Step(s) => at.get(&(l.column + 1, s)).copied(),
                Next::End(e) => Some(end_at[e as usize]),
            };
            let Some(to) = to else {
                // Into a hidden node: the source's share stays empty.
                out_used[from] += l.calls;
                continue;
            };
            bands.push(Band {
                pick: Pick::Link {
                    column: l.column,
                    from: l.from,
                    to: l.to,
                },
                from,
                to,
                calls: l.calls,
                from_offset: out_used[from],
                to_offset: in_used[to],
            });
            out_used[from] += l.calls;
            in_used[to] += l.calls;
        }
        let cut_calls = paths
            .paths
            .iter()
            .filter(|p| p.steps.len() > MAX_COLUMNS)
            .map(|p| p.counts.calls)
            .sum();
        FlowLayout {
            nodes,
            bands,
            columns,
            total: paths.distinct_calls,
            most_nodes,
            cut_calls,
            cut_nodes,
        }
    }
}

/// The picture's geometry in this frame.
struct Frame {
    left: f32,
    top: f32,
    column_step: f32,
    scale: f32,
}

impl Frame {
    fn x(&self, column: usize) -> f32 {
        self.left + column as f32 * self.column_step
    }

    fn node_rect(&self, n: &NodeBox) -> egui::Rect {
        let y = self.top + n.offset as f32 * self.scale + n.rank as f32 * GAP;
        let h = (n.calls as f32 * self.scale).max(2.0);
        egui::Rect::from_min_size(egui::pos2(self.x(n.column), y), egui::vec2(NODE_W, h))
    }

    /// The band's left and right ends (top edge) and its width.
    fn band_ends(&self, layout: &FlowLayout, b: &Band) -> (egui::Pos2, egui::Pos2, f32) {
        let (f, t) = (&layout.nodes[b.from], &layout.nodes[b.to]);
        let (fr, tr) = (self.node_rect(f), self.node_rect(t));
        (
            egui::pos2(fr.right(), fr.top() + b.from_offset as f32 * self.scale),
            egui::pos2(tr.left(), tr.top() + b.to_offset as f32 * self.scale),
            (b.calls as f32 * self.scale).max(1.0),
        )
    }
}

/// The top edge of a band at `x`: an S-curve from `a` to `b`.
fn band_top(a: egui::Pos2, b: egui::Pos2, x: f32) -> f32 {
    let u = ((x - a.x) / (b.x - a.x).max(1.0)).clamp(0.0, 1.0);
    a.y + (b.y - a.y) * u * u * (3.0 - 2.0 * u)
}

const BAND_SAMPLES: usize = 16;

/// Draws the flow picture; returns the part clicked, if any.
fn flow_ui(ui: &mut egui::Ui, lang: Lang, data: &Computed) -> Option<Pick> {
    let t = lang.texts();
    let layout = &data.layout;
    let report = &data.report;
    let width = ui.available_width().max(300.0);
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, PICTURE_H), egui::Sense::click());
    let painter = ui.painter_at(rect);
    let label_room = 150.0;
    let columns = layout.columns + 1;
    let column_step = ((width - label_room - NODE_W) / (columns.max(2) - 1) as f32).max(40.0);
    let gaps = layout.most_nodes.saturating_sub(1) as f32 * GAP;
    let usable = (PICTURE_H - HEADER_H - gaps).max(20.0);
    let frame = Frame {
        left: rect.left(),
        top: rect.top() + HEADER_H,
        column_step,
        scale: usable / layout.total.max(1) as f32,
    };
    let text_color = ui.visuals().text_color();
    let font = egui::TextStyle::Small.resolve(ui.style());
    for c in 0..columns {
        let title = if c == layout.columns {
            t.ui_paths_ends.to_string()
        } else {
            fill(t.ui_paths_step_n, &[("n", &(c + 1))])
        };
        painter.text(
            egui::pos2(frame.x(c), rect.top()),
            egui::Align2::LEFT_TOP,
            title,
            font.clone(),
            text_color,
        );
    }
    let pointer = resp.hover_pos();
    let hovered_node = pointer.and_then(|p| {
        layout
            .nodes
            .iter()
            .position(|n| frame.node_rect(n).expand(2.0).contains(p))
    });
    let hovered_band = match (pointer, hovered_node) {
        (Some(p), None) => layout.bands.iter().position(|b| {
            let (a, z, w) = frame.band_ends(layout, b);
            p.x >= a.x && p.x <= z.x && {
                let top = band_top(a, z, p.x);
                p.y >= top - 1.0 && p.y <= top + w + 1.0
            }
        }),
        _ => None,
    };
    for (k, b) in layout.bands.iter().enumerate() {
        let (a, z, w) = frame.band_ends(layout, b);
        let base = match b.pick {
            Pick::Link {
                to: Next::End(e), ..
            } => end_color(e),
            _ => ui.visuals().hyperlink_color,
        };
        let color = base.gamma_multiply(if hovered_band == Some(k) { 0.75 } else { 0.35 });
        let mut mesh = egui::Mesh::default();
        for i in 0..=BAND_SAMPLES {
            let x = a.x + (z.x - a.x) * i as f32 / BAND_SAMPLES as f32;
            let y = band_top(a, z, x);
            mesh.colored_vertex(egui::pos2(x, y), color);
            mesh.colored_vertex(egui::pos2(x, y + w), color);
            if i > 0 {
                let v = (2 * i) as u32;
                mesh.add_triangle(v - 2, v - 1, v);
                mesh.add_triangle(v - 1, v, v + 1);
            }
        }
        painter.add(egui::Shape::mesh(mesh));
    }
    for (k, n) in layout.nodes.iter().enumerate() {
        let r = frame.node_rect(n);
        let color = if hovered_node == Some(k) {
            n.color.gamma_multiply(0.7)
        } else {
            n.color
        };
        painter.rect_filled(r, 2.0, color);
        if r.height() >= 10.0 {
            let label = match n.pick {
                Pick::End(e) => end_text(t, e).to_string(),
                _ => n.label.clone(),
            };
            painter.text(
                egui::pos2(r.right() + 4.0, r.center().y),
                egui::Align2::LEFT_CENTER,
                format!("{label} · {}", i18n::int(lang, n.calls)),
                font.clone(),
                text_color,
            );
        }
    }
    let share = |n: u64, of: u64| i18n::percent(lang, n as f64 / of.max(1) as f64);
    let hover = if let Some(k) = hovered_node {
        let n = &layout.nodes[k];
        let step = match n.pick {
            Pick::End(e) => end_text(t, e).to_string(),
            _ => n.label.clone(),
        };
        Some((
            n.pick,
            fill(
                t.ui_paths_node_hover,
                &[
                    ("step", &step),
                    ("calls", &i18n::int(lang, n.calls)),
                    ("share", &share(n.calls, layout.total)),
                ],
            ),
        ))
    } else {
        hovered_band.map(|k| {
            let b = &layout.bands[k];
            let (f, to) = match b.pick {
                Pick::Link { from, to, .. } => (from.text(report).to_string(), to),
                _ => (String::new(), Next::End(End::Unknown)),
            };
            (
                b.pick,
                fill(
                    t.ui_paths_link_hover,
                    &[
                        ("from", &f),
                        ("to", &next_text(t, report, to)),
                        ("calls", &i18n::int(lang, b.calls)),
                        ("share", &share(b.calls, layout.nodes[b.from].calls)),
                    ],
                ),
            )
        })
    };
    let clicked = resp.clicked();
    match hover {
        Some((pick, text)) => {
            resp.on_hover_text_at_pointer(text);
            clicked.then_some(pick)
        }
        None => None,
    }
}

/// The name of a pick on the filter line.
fn pick_name(t: &Texts, report: &Report, paths: &Paths, pick: &Pick) -> String {
    match *pick {
        Pick::Path(id) => {
            let steps = paths
                .paths
                .iter()
                .find(|p| p.id == id)
                .map(|p| path_text(report, &p.steps))
                .unwrap_or_default();
            fill(t.ui_filter_picked_path, &[("path", &steps)])
        }
        Pick::Node { column, step } => fill(
            t.ui_filter_picked_node,
            &[("step", &step.text(report)), ("n", &(column + 1))],
        ),
        Pick::Link { column, from, to } => fill(
            t.ui_filter_picked_link,
            &[
                ("from", &from.text(report)),
                ("n", &(column + 1)),
                ("to", &next_text(t, report, to)),
            ],
        ),
        Pick::End(e) => fill(t.ui_filter_picked_end, &[("end", &end_text(t, e))]),
    }
}

/// The action that narrows the calls table to the calls of `pick`.
fn pick_action(t: &Texts, data: &Computed, pick: Pick) -> Action {
    let rows = data.paths.rows_of(data.report.call_groups(), &pick);
    let name = pick_name(t, &data.report, &data.paths, &pick);
    Action::PickRows(RowSubset::new(name, rows))
}

/// The paths view: summary, flow picture, paths table and next step.
pub(crate) fn paths_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut PathsState,
) -> Option<Action> {
    let t = lang.texts();
    state.follow(ui.ctx(), ws);
    let Some(data) = state
        .data
        .clone()
        .filter(|d| d.generation == ws.generation())
    else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t.ui_paths_computing);
        });
        return None;
    };
    let mut action = None;
    let paths = &data.paths;
    ui.horizontal_wrapped(|ui| {
        if !state.is_ready(ws) {
            ui.spinner();
        }
        ui.label(fill(
            t.ui_paths_summary,
            &[
                ("calls", &i18n::int(lang, paths.distinct_calls)),
                ("multi", &i18n::int(lang, paths.multi_step_calls)),
                ("paths", &i18n::int(lang, paths.total() as u64)),
            ],
        ));
    });
    if paths.distinct_calls == 0 {
        ui.label(egui::RichText::new(t.ui_paths_none).weak());
        return None;
    }
    if paths.all_single_step() {
        ui.label(egui::RichText::new(t.ui_paths_single_step).strong());
    } else {
        ui.label(egui::RichText::new(t.ui_paths_click_hint).weak());
        if let Some(pick) = flow_ui(ui, lang, &data) {
            action = Some(pick_action(t, &data, pick));
        }
        let l = &data.layout;
        if l.cut_calls > 0 {
            ui.label(
                egui::RichText::new(fill(
                    t.ui_paths_cut_columns,
                    &[("n", &i18n::int(lang, l.cut_calls)), ("max", &MAX_COLUMNS)],
                ))
                .weak(),
            );
        }
        if l.cut_nodes {
            ui.label(
                egui::RichText::new(fill(t.ui_paths_cut_nodes, &[("max", &MAX_NODES)])).weak(),
            );
        }
    }
    ui.separator();
    egui::Panel::right("paths-next")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| next_step_ui(ui, lang, ws, &data, state));
    if let Some(a) = paths_table_ui(ui, lang, ws.view_serial(), &data, state) {
        action = Some(a);
    }
    action
}

fn paths_table_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    serial: u64,
    data: &Computed,
    state: &mut PathsState,
) -> Option<Action> {
    let t = lang.texts();
    let (report, paths) = (&data.report, &data.paths);
    ui.label(egui::RichText::new(t.ui_paths_table_title).strong());
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let sort = state.sort;
    let titles = i18n::path_titles(t);
    let heads: [(SortBy, &str); 8] = [
        (SortBy::Path, titles[0]),
        (SortBy::Calls, titles[1]),
        (SortBy::Calls, t.ui_paths_col_share),
        (SortBy::Transferred, titles[2]),
        (SortBy::Retained, titles[3]),
        (SortBy::Unknown, titles[4]),
        (SortBy::MedianIvr, titles[5]),
        (SortBy::LongShare, t.ui_paths_col_long_share),
    ];
    let mut clicked_sort = None;
    let mut picked = None;
    let order = state.sorted(serial, &paths.paths, report).to_vec();
    let pct = |n: u64, of: u64| i18n::percent(lang, n as f64 / of.max(1) as f64);
    egui::ScrollArea::horizontal()
        .id_salt("paths-table-h")
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt("paths")
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(320.0).at_least(80.0).clip(true));
            for _ in 1..heads.len() {
                builder = builder.column(Column::initial(110.0).at_least(50.0).clip(true));
            }
            builder
                .header(row_h + 2.0, |mut header| {
                    for (k, (by, title)) in heads.iter().enumerate() {
                        header.col(|ui| {
                            let arrow = match sort {
                                // The share column sorts with the calls; one arrow.
                                Some((s, false)) if s == *by && k != 2 => " ⏶",
                                Some((s, true)) if s == *by && k != 2 => " ⏷",
                                _ => "",
                            };
                            let text = egui::RichText::new(format!("{title}{arrow}")).strong();
                            if ui.add(egui::Button::new(text).frame(false)).clicked() {
                                clicked_sort = Some(*by);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_h, order.len(), |mut row| {
                        let Some(p) = order.get(row.index()).and_then(|&i| paths.paths.get(i))
                        else {
                            return;
                        };
                        let c = &p.counts;
                        row.col(|ui| {
                            let text = path_text(report, &p.steps);
                            if ui.link(text).clicked() {
                                picked = Some(Pick::Path(p.id));
                            }
                        });
                        let cells = [
                            i18n::int(lang, c.calls),
                            pct(c.calls, paths.distinct_calls),
                            pct(c.transferred, c.calls),
                            pct(c.retained, c.calls),
                            pct(c.unknown, c.calls),
                            c.median_ivr
                                .map(i18n::duration)
                                .unwrap_or_else(|| "–".into()),
                            pct(c.long_ivr_calls, c.calls),
                        ];
                        for cell in cells {
                            row.col(|ui| {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| ui.add(egui::Label::new(cell).selectable(false)),
                                );
                            });
                        }
                    });
                });
        });
    if let Some(by) = clicked_sort {
        state.sort = match state.sort {
            Some((s, d)) if s == by => Some((by, !d)),
            // Counts read best largest first; the path text A to Z.
            _ => Some((by, by != SortBy::Path)),
        };
    }
    picked.map(|pick| pick_action(t, data, pick))
}

fn next_step_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    data: &Computed,
    state: &mut PathsState,
) {
    let t = lang.texts();
    let report = &data.report;
    ui.label(egui::RichText::new(t.ui_paths_next_title).strong());
    let mut chosen = state.next_of.filter(|s| data.steps.contains(s));
    ui.horizontal(|ui| {
        let l = ui.label(t.ui_paths_next_choose);
        let shown = chosen.map_or(t.ui_paths_next_pick, |s| s.text(report));
        egui::ComboBox::from_id_salt("paths-next-of")
            .selected_text(shown)
            .width(180.0)
            .show_ui(ui, |ui| {
                for &s in &data.steps {
                    ui.selectable_value(&mut chosen, Some(s), s.text(report));
                }
            })
            .response
            .labelled_by(l.id);
    });
    state.next_of = chosen;
    let Some(step) = chosen else {
        return;
    };
    let serial = ws.view_serial();
    if state
        .next
        .as_ref()
        .is_none_or(|(s, n)| *s != serial || n.step != step)
    {
        state.next = Some((serial, data.paths.next_steps(report, step)));
    }
    let Some((_, next)) = &state.next else {
        return;
    };
    ui.label(fill(
        t.ui_paths_next_line,
        &[
            ("calls", &i18n::int(lang, next.calls)),
            ("step", &step.text(report)),
            ("passages", &i18n::int(lang, next.passages)),
        ],
    ));
    egui::ScrollArea::vertical()
        .id_salt("paths-next-list")
        .show(ui, |ui| {
            egui::Grid::new("paths-next-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for n in &next.next {
                        ui.label(next_text(t, report, n.next));
                        let bar = egui::ProgressBar::new(n.share as f32)
                            .desired_width(140.0)
                            .text(fill(
                                t.ui_paths_next_share,
                                &[
                                    ("share", &i18n::percent(lang, n.share)),
                                    ("n", &i18n::int(lang, n.passages)),
                                ],
                            ));
                        ui.add(bar);
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `calls` calls through `steps` each, the last one transferred.
    fn rows(out: &mut Vec<String>, id: &str, calls: usize, steps: &[&str]) {
        for c in 0..calls {
            for (k, s) in steps.iter().enumerate() {
                let agent = if k + 1 == steps.len() { "yes" } else { "no" };
                out.push(format!(
                    r#"{{"conn_id":"{id}.{c}","rp_id":"{s}","time_on_rp":"00:00:30","end_date_rp":"2026-01-05 10:{k:02}:00","go_to_agent":"{agent}"}}"#
                ));
            }
        }
    }

    #[test]
    fn the_picture_stops_at_six_routing_points_and_its_bands_fit_their_boxes() {
        let mut data = Vec::new();
        rows(
            &mut data,
            "long",
            1,
            &["A", "B", "C", "D", "E", "F", "G", "H"],
        );
        rows(&mut data, "two", 5, &["A", "B"]);
        rows(&mut data, "one", 3, &["C"]);
        let body = format!(r#"{{"code":200,"data":[{}]}}"#, data.join(","));
        let mut report = Report::new();
        report.ingest(body.as_bytes()).unwrap();
        let all: Vec<u32> = (0..report.len() as u32).collect();
        let c = Computed::of(Arc::new(report), 0, &all, 120);
        let l = &c.layout;
        assert_eq!(l.columns, MAX_COLUMNS);
        assert_eq!(l.total, 9);
        assert_eq!(l.cut_calls, 1, "the one call through eight routing points");
        for (k, n) in l.nodes.iter().enumerate() {
            let out: u64 = l
                .bands
                .iter()
                .filter(|b| b.from == k)
                .map(|b| b.calls)
                .sum();
            let inn: u64 = l.bands.iter().filter(|b| b.to == k).map(|b| b.calls).sum();
            assert!(out <= n.calls && inn <= n.calls, "{}", n.label);
        }
        for b in &l.bands {
            let (from, to) = (&l.nodes[b.from], &l.nodes[b.to]);
            assert!(to.column == from.column + 1 || to.column == l.columns);
            assert!(b.from_offset + b.calls <= from.calls);
            assert!(b.to_offset + b.calls <= to.calls);
        }
        // Every call ends somewhere: the end column holds them all.
        let ends: u64 = l
            .nodes
            .iter()
            .filter(|n| n.column == l.columns)
            .map(|n| n.calls)
            .sum();
        assert_eq!(ends, 9);
        // The first column: A for six calls, C for three.
        let first: Vec<(&str, u64)> = l
            .nodes
            .iter()
            .filter(|n| n.column == 0)
            .map(|n| (n.label.as_str(), n.calls))
            .collect();
        assert_eq!(first, [("A", 6), ("C", 3)]);
        let t = Lang::En.texts();
        let name = pick_name(t, &c.report, &c.paths, &Pick::Path(c.paths.paths[0].id));
        assert_eq!(name, "Path A » B");
    }
}
