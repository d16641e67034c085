//! Start-up as the X server sees it, for any app (Costscope and the benchmarks' floor app
//! alike, without WebDriver in the way): when its window is mapped, when it first shows
//! something other than a blank fill, when a given rectangle of it (Costscope's cost chart)
//! first holds a drawing, and what its process tree holds in memory a while after launch.
//! The window's content is read back (GetImage) only when the X Damage extension says it
//! changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::damage::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{
    ChangeWindowAttributesAux, ConnectionExt as _, EventMask, ImageFormat,
};
use x11rb::protocol::Event;

use crate::app::{Display, Group};
use crate::procs::{self, Memory};

/// A rectangle of the window, in its pixels.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// What one launch showed. Times are from the spawn of the process, in ms.
#[derive(Debug, Default, serde::Serialize)]
pub struct Launched {
    pub window_mapped_ms: Option<f64>,
    pub first_paint_ms: Option<f64>,
    /// When `region` first held more than one colour (None without a region).
    pub region_painted_ms: Option<f64>,
    /// The last change of the window's content before the memory was read.
    pub last_damage_ms: Option<f64>,
    pub window_size: Option<(u16, u16)>,
    /// The whole process tree after `hold` (app, WebKit's web and network processes).
    pub tree: Memory,
    pub processes: Vec<(String, Memory)>,
}

/// How many sampled pixels must differ from the window's dominant colour for "not blank":
/// a word of a heading is enough, a flat fill is not.
const NOT_BLANK_SAMPLES: usize = 20;
const SAMPLE_STEP: usize = 3;

/// Colours of `image` (32-bit BGRX rows of `width` pixels) in `rect`, every SAMPLE_STEP pixels.
fn colour_counts(image: &[u8], width: u16, rect: Rect) -> HashMap<u32, usize> {
    let mut counts = HashMap::new();
    let stride = usize::from(width) * 4;
    for y in (usize::from(rect.y)..usize::from(rect.y + rect.height)).step_by(SAMPLE_STEP) {
        for x in (usize::from(rect.x)..usize::from(rect.x + rect.width)).step_by(SAMPLE_STEP) {
            let i = y * stride + x * 4;
            if let Some(px) = image.get(i..i + 3) {
                let rgb = u32::from(px[0]) | u32::from(px[1]) << 8 | u32::from(px[2]) << 16;
                *counts.entry(rgb).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// True when something other than one flat colour is in `rect`.
fn drawn(image: &[u8], width: u16, rect: Rect) -> bool {
    let counts = colour_counts(image, width, rect);
    let total: usize = counts.values().sum();
    let dominant = counts.values().copied().max().unwrap_or(0);
    total - dominant >= NOT_BLANK_SAMPLES
}

/// Writes a BGRX frame as a PNG (to look at what "first paint" was).
fn save_frame(path: &Path, image: &[u8], (width, height): (u16, u16)) {
    let rgb: Vec<u8> = image
        .chunks_exact(4)
        .flat_map(|p| [p[2], p[1], p[0]])
        .collect();
    let Ok(file) = std::fs::File::create(path) else {
        return;
    };
    let mut encoder = png::Encoder::new(
        std::io::BufWriter::new(file),
        u32::from(width),
        u32::from(height),
    );
    encoder.set_color(png::ColorType::Rgb);
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&rgb);
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Launches `binary` on a fresh virtual display with `env`, watches its window until `hold`
/// after the launch, reads its process tree's memory, then ends it. With `frames`, the frames
/// of first paint and region painted are written as `{frames}-first-paint.png` and
/// `{frames}-region.png`.
pub fn launch(
    binary: &Path,
    env: &[(&str, PathBuf)],
    region: Option<Rect>,
    hold: Duration,
    frames: Option<&Path>,
) -> Launched {
    let display = Display::start();
    let (conn, screen) = x11rb::connect(Some(&display.name)).expect("connect to Xvfb");
    let root = conn.setup().roots[screen].root;
    conn.change_window_attributes(
        root,
        &ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY),
    )
    .expect("select")
    .check()
    .expect("watch the root window");
    conn.damage_query_version(1, 1)
        .expect("damage")
        .reply()
        .expect("the X Damage extension");
    let damage_id = conn.generate_id().expect("id");

    let mut cmd = Command::new(binary);
    cmd.envs(env.iter().map(|(k, v)| (k, v)))
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let child = Group::spawn(&mut cmd);
    let pid = child.id();

    let mut out = Launched::default();
    let mut window = None;
    let mut dirty = false;
    while started.elapsed() < hold {
        let mut idle = true;
        while let Some(event) = conn.poll_for_event().expect("X events") {
            idle = false;
            match event {
                Event::MapNotify(e) if window.is_none() && !e.override_redirect => {
                    let Ok(geometry) = conn.get_geometry(e.window).expect("geometry").reply()
                    else {
                        continue;
                    };
                    if geometry.width < 400 || geometry.height < 300 {
                        continue;
                    }
                    out.window_mapped_ms = Some(ms(started));
                    out.window_size = Some((geometry.width, geometry.height));
                    conn.damage_create(damage_id, e.window, damage::ReportLevel::NON_EMPTY)
                        .expect("damage");
                    window = Some((e.window, geometry.width, geometry.height));
                    dirty = true;
                }
                Event::DamageNotify(_) => {
                    out.last_damage_ms = Some(ms(started));
                    dirty = true;
                }
                _ => {}
            }
        }
        let pending =
            out.first_paint_ms.is_none() || (region.is_some() && out.region_painted_ms.is_none());
        if let (true, Some((w, width, height))) = (dirty, window) {
            dirty = false;
            conn.damage_subtract(damage_id, x11rb::NONE, x11rb::NONE)
                .expect("subtract");
            if pending {
                let at = ms(started);
                let Ok(image) = conn
                    .get_image(ImageFormat::Z_PIXMAP, w, 0, 0, width, height, !0)
                    .expect("get image")
                    .reply()
                else {
                    continue;
                };
                let whole = Rect {
                    x: 0,
                    y: 0,
                    width,
                    height,
                };
                let inside = region.filter(|r| r.x + r.width <= width && r.y + r.height <= height);
                for (seen, rect, name) in [
                    (&mut out.first_paint_ms, Some(whole), "first-paint.png"),
                    (&mut out.region_painted_ms, inside, "region.png"),
                ] {
                    if let (None, Some(rect)) = (*seen, rect) {
                        if drawn(&image.data, width, rect) {
                            *seen = Some(at);
                            if let Some(f) = frames {
                                save_frame(&f.with_extension(name), &image.data, (width, height));
                            }
                        }
                    }
                }
            }
            conn.flush().expect("flush");
        }
        if idle {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let (tree, processes) = procs::tree_memory(pid);
    out.tree = tree;
    out.processes = processes;
    drop(child);
    drop(display);
    out
}
