//! Writes the app icon in the sizes each platform wants, from the same drawing the window
//! uses: `assets/icons/wolkvox-ivr-{16..512}.png`, `wolkvox-ivr.ico` (Windows) and
//! `wolkvox-ivr.icns` (macOS). Run after changing the icon:
//!
//!     cargo run --example make_icons

use std::io::Write;
use std::path::Path;

use wolkvox_ivr::ui::icon::rgba;

fn png(size: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, size, size);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("png header");
        w.write_image_data(&rgba(size)).expect("png data");
    }
    out
}

/// An ICO file holding PNG images (understood by Windows Vista and later).
fn ico(sizes: &[u32]) -> Vec<u8> {
    let images: Vec<Vec<u8>> = sizes.iter().map(|&s| png(s)).collect();
    let mut out = Vec::new();
    out.extend_from_slice(&[0, 0, 1, 0]);
    out.extend_from_slice(&(sizes.len() as u16).to_le_bytes());
    let mut offset = 6 + 16 * sizes.len() as u32;
    for (&s, img) in sizes.iter().zip(&images) {
        let dim = if s >= 256 { 0 } else { s as u8 };
        out.extend_from_slice(&[dim, dim, 0, 0, 1, 0, 32, 0]);
        out.extend_from_slice(&(img.len() as u32).to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        offset += img.len() as u32;
    }
    for img in images {
        out.extend_from_slice(&img);
    }
    out
}

/// An ICNS file with PNG payloads (ic07 = 128, ic08 = 256, ic09 = 512, ic10 = 1024@2x).
fn icns() -> Vec<u8> {
    let mut body = Vec::new();
    for (kind, size) in [
        (b"ic07", 128),
        (b"ic08", 256),
        (b"ic09", 512),
        (b"ic10", 1024),
    ] {
        let img = png(size);
        body.extend_from_slice(kind);
        body.extend_from_slice(&(img.len() as u32 + 8).to_be_bytes());
        body.extend_from_slice(&img);
    }
    let mut out = Vec::new();
    out.extend_from_slice(b"icns");
    out.extend_from_slice(&(body.len() as u32 + 8).to_be_bytes());
    out.extend_from_slice(&body);
    out
}

fn write(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::File::create(path).expect("create icon file");
    f.write_all(bytes).expect("write icon file");
    println!("{}", path.display());
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons");
    std::fs::create_dir_all(&dir).expect("icons folder");
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        write(&dir.join(format!("wolkvox-ivr-{size}.png")), &png(size));
    }
    write(
        &dir.join("wolkvox-ivr.ico"),
        &ico(&[16, 24, 32, 48, 64, 256]),
    );
    write(&dir.join("wolkvox-ivr.icns"), &icns());
}
