//! Which WebKitGTK renderer the window uses. Kept apart so that the benchmarks' floor app
//! (`src-tauri/bench/floor-app`) includes this very file and starts exactly as Costscope does.

/// True when the kernel exposes a GPU render node (/dev/dri/renderD128, …).
#[cfg(target_os = "linux")]
fn has_gpu_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Call first in `main`, before any thread starts.
pub fn choose() {
    // WebKitGTK's DMA-BUF renderer needs a GPU: without a render node (a VM, Xvfb in CI) it
    // falls back to software GL, which measured twice as slow per slider frame and 0.5 s slower
    // to start than shared memory; with NVIDIA's proprietary driver it can show a blank window.
    // Turn it off in those two cases only (on other GPUs it saves a copy per frame), and let
    // the user's own setting win.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none()
        && (!has_gpu_render_node() || std::path::Path::new("/proc/driver/nvidia/version").exists())
    {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}
