//! The colours of both themes, chosen so that every text reads at 4.5:1 or more against
//! what it sits on (WCAG 2.1 AA), weak and highlighted text included.

use eframe::egui::{self, Color32, Theme, Visuals};

/// Installs the window's light and dark visuals; the theme setting picks between them.
pub(crate) fn install(ctx: &egui::Context) {
    ctx.set_visuals_of(Theme::Dark, visuals(Theme::Dark));
    ctx.set_visuals_of(Theme::Light, visuals(Theme::Light));
}

/// egui's visuals of `theme` with the text and background colours changed where egui's own
/// fall short of 4.5:1 (weak text, warnings, errors, links, hovered rows).
pub(crate) fn visuals(theme: Theme) -> Visuals {
    let mut v = match theme {
        Theme::Dark => Visuals::dark(),
        Theme::Light => Visuals::light(),
    };
    match theme {
        Theme::Dark => {
            let text = Color32::from_gray(210);
            v.widgets.noninteractive.fg_stroke.color = text;
            v.weak_text_color = Some(Color32::from_gray(170));
            v.warn_fg_color = Color32::from_rgb(255, 160, 40);
            v.error_fg_color = Color32::from_rgb(255, 110, 100);
            v.hyperlink_color = Color32::from_rgb(110, 180, 255);
            v.widgets.hovered.bg_fill = Color32::from_gray(56);
            v.widgets.hovered.weak_bg_fill = Color32::from_gray(60);
            v.widgets.active.bg_fill = Color32::from_gray(62);
            v.widgets.active.weak_bg_fill = Color32::from_gray(66);
            v.selection.bg_fill = Color32::from_rgb(0, 80, 120);
            v.selection.stroke.color = Color32::from_rgb(220, 236, 255);
        }
        Theme::Light => {
            v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(40);
            v.weak_text_color = Some(Color32::from_gray(92));
            v.widgets.inactive.fg_stroke.color = Color32::from_gray(30);
            v.warn_fg_color = Color32::from_rgb(160, 64, 0);
            v.error_fg_color = Color32::from_rgb(190, 0, 0);
            v.hyperlink_color = Color32::from_rgb(0, 86, 170);
            v.widgets.hovered.bg_fill = Color32::from_gray(222);
            v.widgets.hovered.weak_bg_fill = Color32::from_gray(218);
            v.widgets.active.bg_fill = Color32::from_gray(200);
            v.widgets.active.weak_bg_fill = Color32::from_gray(200);
            v.selection.bg_fill = Color32::from_rgb(170, 214, 255);
            v.selection.stroke.color = Color32::from_gray(10);
        }
    }
    v
}

/// The band behind a call whose IVR time is over the threshold: amber, opaque, and dark
/// or light enough for normal and weak text on top of it.
pub(crate) fn long_ivr_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(74, 50, 8)
    } else {
        Color32::from_rgb(255, 228, 168)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of an opaque colour.
    fn luminance(c: Color32) -> f64 {
        let lin = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }

    /// `top` (premultiplied, possibly see-through) painted over the opaque `under`.
    fn over(top: Color32, under: Color32) -> Color32 {
        let keep = 1.0 - f32::from(top.a()) / 255.0;
        let mix = |t: u8, u: u8| (f32::from(t) + f32::from(u) * keep).round().min(255.0) as u8;
        Color32::from_rgb(
            mix(top.r(), under.r()),
            mix(top.g(), under.g()),
            mix(top.b(), under.b()),
        )
    }

    /// The WCAG contrast ratio of `fg` over the opaque `bg`, 1 to 21.
    fn contrast(fg: Color32, bg: Color32) -> f64 {
        let (a, b) = (luminance(over(fg, bg)), luminance(bg));
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// Every text colour of a theme against every background it is drawn on, by name.
    fn pairs(v: &Visuals) -> Vec<(String, Color32, Color32)> {
        let panel = v.panel_fill;
        let backgrounds = [
            ("panel", panel),
            ("window", v.window_fill),
            ("text field", v.text_edit_bg_color()),
            ("striped row or key number", over(v.faint_bg_color, panel)),
            ("hovered row", v.widgets.hovered.bg_fill),
            ("long-IVR row", long_ivr_fill(v)),
        ];
        let texts = [
            ("text", v.text_color()),
            ("weak text", v.weak_text_color()),
            ("strong text", v.strong_text_color()),
            ("warning", v.warn_fg_color),
            ("error", v.error_fg_color),
            ("link and notice", v.hyperlink_color),
        ];
        let mut out = Vec::new();
        for (tn, t) in texts {
            for (bn, b) in backgrounds {
                // Warnings and errors are never drawn inside table rows.
                let in_row = bn.contains("row");
                if in_row && matches!(tn, "warning" | "error" | "link and notice") {
                    continue;
                }
                out.push((format!("{tn} on {bn}"), t, b));
            }
        }
        // Buttons, tabs, checkboxes and combo boxes in each of their states.
        for (name, w) in [
            ("inactive", &v.widgets.inactive),
            ("hovered", &v.widgets.hovered),
            ("active", &v.widgets.active),
            ("open", &v.widgets.open),
        ] {
            out.push((format!("{name} widget"), w.fg_stroke.color, w.weak_bg_fill));
            out.push((format!("{name} checkbox"), w.fg_stroke.color, w.bg_fill));
        }
        out.push((
            "selected row or tab".into(),
            v.selection.stroke.color,
            v.selection.bg_fill,
        ));
        out
    }

    #[test]
    fn every_text_reads_at_4_5_to_1_in_both_themes() {
        let mut failing = Vec::new();
        for theme in [Theme::Dark, Theme::Light] {
            let v = visuals(theme);
            for (what, fg, bg) in pairs(&v) {
                let ratio = contrast(fg, bg);
                if ratio < 4.5 {
                    failing.push(format!("{theme:?}: {what} {ratio:.2}:1"));
                }
            }
        }
        assert!(failing.is_empty(), "below 4.5:1: {failing:#?}");
    }

    #[test]
    fn the_contrast_formula_matches_known_pairs() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        // The pair egui's dark theme used for weak text: about 2.6:1.
        let egui_dark = Visuals::dark();
        let old = contrast(egui_dark.weak_text_color(), egui_dark.panel_fill);
        assert!(old < 3.0, "{old}");
        // So the check above can fail: egui's own themes do not pass it.
        for v in [Visuals::dark(), Visuals::light()] {
            assert!(pairs(&v).iter().any(|(_, f, b)| contrast(*f, *b) < 4.5));
        }
    }
}
