//! The app icon, drawn in code so every size is crisp and no image decoder is needed:
//! a blue rounded square with bars of IVR time and agent time.

use eframe::egui;

/// RGBA pixels of the icon at `size` × `size`.
pub fn rgba(size: u32) -> Vec<u8> {
    let s = size as f32;
    let mut px = vec![0u8; (size * size * 4) as usize];
    let radius = s * 0.18;
    // (left, width, top) in fractions of the size; bars stand on a common base line.
    let bars = [
        (0.20, 0.14, 0.55, [255, 255, 255]),
        (0.43, 0.14, 0.30, [255, 196, 61]),
        (0.66, 0.14, 0.42, [255, 255, 255]),
    ];
    let base = 0.80;
    for y in 0..size {
        for x in 0..size {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            // Distance outside the rounded square, for a soft edge.
            let dx = (radius - fx).max(fx - (s - radius)).max(0.0);
            let dy = (radius - fy).max(fy - (s - radius)).max(0.0);
            let outside = (dx * dx + dy * dy).sqrt() - radius;
            let alpha = (0.5 - outside).clamp(0.0, 1.0);
            if alpha == 0.0 {
                continue;
            }
            let mut rgb = [31u8, 111, 235];
            let (u, v) = (fx / s, fy / s);
            for (left, width, top, color) in bars {
                if u >= left && u < left + width && v >= top && v < base {
                    rgb = color;
                }
            }
            let i = ((y * size + x) * 4) as usize;
            px[i..i + 3].copy_from_slice(&rgb);
            px[i + 3] = (alpha * 255.0) as u8;
        }
    }
    px
}

/// The window icon.
pub fn icon_data() -> egui::IconData {
    egui::IconData {
        rgba: rgba(128),
        width: 128,
        height: 128,
    }
}
