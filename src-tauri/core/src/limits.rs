//! Every range Costscope accepts, the narrower ranges its sliders cover, and the defaults shown
//! before an evaluation is known, each defined once. The core's validation (`model`), the
//! renderer's option checks, the comparison and the CLI use these constants; the UI gets the
//! same numbers as generated TypeScript (`ui/src/bindings/limits.ts`, written together with the
//! ts-rs bindings by `cargo test -p costscope-core --features ts --lib export_bindings`), so no
//! limit is restated by hand.

// ---- what a scenario may hold (inclusive); checked by `model::ScenarioInput::validate` ----------
// They bound every result to finite numbers and catch typos (1e12 GPUs).
pub const GPU_COUNT: (f64, f64) = (1.0, 1_000_000.0);
pub const DURATION_DAYS: (f64, f64) = (0.01, 3_650.0);
pub const GPU_HOURS: (f64, f64) = (1.0, 1e10);
pub const USD_PER_GPU_HOUR: (f64, f64) = (0.0, 1_000.0);
pub const USD_PER_GPU: (f64, f64) = (0.0, 10_000_000.0);
pub const LIFETIME_YEARS: (f64, f64) = (0.1, 20.0);
pub const WATTS_PER_GPU: (f64, f64) = (1.0, 10_000.0);
pub const PUE: (f64, f64) = (1.0, 5.0);
pub const USD_PER_KWH: (f64, f64) = (0.0, 10.0);
pub const GRID_G_CO2_PER_KWH: (f64, f64) = (0.0, 2_000.0);
pub const ACTIVE_PARAMS: (f64, f64) = (1.0, 1e15);
pub const TOKENS: (f64, f64) = (1.0, 1e16);
pub const FLOPS_PER_PARAM_TOKEN: (f64, f64) = (1.0, 100.0);
/// Model FLOPs utilisation as a fraction (0.1 % to 100 %).
pub const MFU: (f64, f64) = (0.001, 1.0);
pub const OTHER_COST_USD: (f64, f64) = (0.0, 1e13);
pub const OTHER_COSTS_MAX: usize = 100;
pub const LABEL_CHARS_MAX: usize = 200;
pub const RESEARCH_MULTIPLIER: (f64, f64) = (1.0, 1_000.0);
/// A claimed total cost (`claim.total_cost_usd`): above 0, so that the gap is defined.
pub const CLAIM_TOTAL_COST_USD: (f64, f64) = (1.0, 1e13);

// ---- run realism (issue 10; checked in `realism`) -------------------------------------------------
pub const REFERENCE_GPU_COUNT: (f64, f64) = (1.0, 1_000_000.0);
pub const MFU_LOSS_PER_DOUBLING: (f64, f64) = (0.0, 0.5);
pub const INTERRUPTIONS_PER_1000_GPU_DAYS: (f64, f64) = (0.0, 1_000.0);
/// Up to a week.
pub const RESTART_MINUTES: (f64, f64) = (0.0, 10_080.0);
/// At least 0.6 s: Young's interval needs a save time above zero.
pub const CHECKPOINT_SAVE_MINUTES: (f64, f64) = (0.01, 1_440.0);
/// Up to ten weeks.
pub const CHECKPOINT_INTERVAL_MINUTES: (f64, f64) = (0.1, 100_800.0);
/// How many stages a run may have.
pub const STAGES: (usize, usize) = (1, 50);
/// A GPU's server as a multiple of the chip's price.
pub const SERVER_OVERHEAD: (f64, f64) = (1.0, 5.0);
/// The network's share of the cluster's cost.
pub const INTERCONNECT_SHARE: (f64, f64) = (0.0, 0.9);

/// Accelerators users add to their catalog (checked by `catalog::check_user_accelerator`, for
/// the store, `costscope catalog add` and a scenario's `custom_gpu`). Wide enough for every
/// chip built or announced (the built-in GB200 superchip half draws 1,200 W, a B200 offers
/// 9,000 TFLOP/s at fp4) and narrow enough to catch a unit slip (watts typed as kilowatts).
pub mod accelerator {
    /// An id is what scenarios name in `gpu`: letters, digits, spaces and `- _ . + /`.
    pub const ID_CHARS_MAX: usize = 40;
    pub const NAME_CHARS_MAX: usize = 100;
    pub const VENDOR_CHARS_MAX: usize = 60;
    pub const MEMORY_GB: (f64, f64) = (0.1, 10_000.0);
    pub const MEMORY_BANDWIDTH_TB_S: (f64, f64) = (0.01, 1_000.0);
    pub const BOARD_WATTS: (f64, f64) = super::WATTS_PER_GPU;
    pub const PEAK_DENSE_TFLOPS: (f64, f64) = (0.001, 1_000_000.0);
    /// Above zero: a catalog price is what a scenario without its own price pays.
    pub const USD_PER_GPU_HOUR: (f64, f64) = (0.01, super::USD_PER_GPU_HOUR.1);
    pub const USD_PER_GPU: (f64, f64) = (1.0, super::USD_PER_GPU.1);
    pub const SOURCE_TITLE_CHARS_MAX: usize = 200;
    pub const SOURCE_URL_CHARS_MAX: usize = 500;
    pub const SOURCE_NOTE_CHARS_MAX: usize = 2_000;
    /// How many accelerators one database keeps (a list longer than this is no longer a choice).
    pub const USER_MAX: usize = 200;
}

/// What people type into a scenario's name and description (checked by `store::check_name` and
/// `store::check_description`).
pub const NAME_CHARS_MAX: usize = 200;
pub const DESCRIPTION_CHARS_MAX: usize = 2_000;

/// Scenarios deleted longer ago than this many days are removed for good when the store opens.
pub const TRASH_DAYS: u32 = 30;

/// The most scenarios one comparison shows side by side (a table wider than this is unreadable
/// on screen and in a document).
pub const COMPARE_MAX: usize = 12;

/// The MFU a scenario starts from when the GPUs or the days are to follow and nothing implies
/// one yet: about what large runs reach (Llama 3 405B 38–43 %, see `mfu_bands` in
/// `assets/defaults.json`).
pub const STARTING_MFU: f64 = 0.4;

/// The sliders of the app's editor cover the everyday part of a range; most are deliberately
/// narrower than what the core accepts (days stop at two years, a typed duration may go to ten).
/// The GPU count's log slider spans all the core accepts, up to the largest clusters being
/// built. A typed value beyond a slider's range is kept exactly: the field shows it and the
/// thumb rests at the slider's end.
pub mod slider {
    pub const GPU_COUNT: (f64, f64) = super::GPU_COUNT;
    pub const DURATION_DAYS: (f64, f64) = (1.0, 730.0);
    pub const USD_PER_GPU_HOUR: (f64, f64) = (0.1, 20.0);
    pub const USD_PER_GPU: (f64, f64) = (1_000.0, 200_000.0);
    pub const LIFETIME_YEARS: (f64, f64) = (1.0, 10.0);
    pub const MFU: (f64, f64) = (0.01, 1.0);
    pub const PUE: (f64, f64) = (1.0, 3.0);
    pub const USD_PER_KWH: (f64, f64) = (0.01, 0.5);
}

/// Exported chart images: logical size in pixels and pixel density (inclusive), checked by
/// `costscope-render`; the app's export sheet and the CLI start from the default size.
pub mod export {
    pub const WIDTH_PX: (u32, u32) = (200, 8000);
    pub const HEIGHT_PX: (u32, u32) = (200, 8000);
    pub const SCALE: (f64, f64) = (1.0, 4.0);
    pub const DEFAULT_WIDTH_PX: u32 = 1600;
    pub const DEFAULT_HEIGHT_PX: u32 = 900;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(narrow: (f64, f64), wide: (f64, f64)) -> bool {
        narrow.0 >= wide.0 && narrow.1 <= wide.1 && narrow.0 < narrow.1
    }

    #[test]
    fn every_slider_lies_inside_what_the_core_accepts() {
        assert!(within(slider::GPU_COUNT, GPU_COUNT));
        assert!(within(slider::DURATION_DAYS, DURATION_DAYS));
        assert!(within(slider::USD_PER_GPU_HOUR, USD_PER_GPU_HOUR));
        assert!(within(slider::USD_PER_GPU, USD_PER_GPU));
        assert!(within(slider::LIFETIME_YEARS, LIFETIME_YEARS));
        assert!(within(slider::MFU, MFU));
        assert!(within(slider::PUE, PUE));
        assert!(within(slider::USD_PER_KWH, USD_PER_KWH));
    }

    #[test]
    fn the_default_export_size_and_starting_mfu_are_allowed() {
        let (w, h) = (export::WIDTH_PX, export::HEIGHT_PX);
        assert!((w.0..=w.1).contains(&export::DEFAULT_WIDTH_PX));
        assert!((h.0..=h.1).contains(&export::DEFAULT_HEIGHT_PX));
        assert!(within((STARTING_MFU, STARTING_MFU + f64::EPSILON), MFU));
    }
}

/// Writes `limits.ts` beside the ts-rs bindings. Named `export_bindings_…` so that the ts-rs
/// export step (`--lib export_bindings`) runs it and the drift check covers it.
#[cfg(all(test, feature = "ts"))]
mod typescript {
    use super::*;
    use crate::catalog::Defaults;
    use serde_json::{json, Value};

    fn range(r: (f64, f64)) -> Value {
        json!({ "min": r.0, "max": r.1 })
    }

    fn pixels(r: (u32, u32)) -> Value {
        json!({ "min": r.0, "max": r.1 })
    }

    fn limits_json() -> Value {
        let d = Defaults::builtin().expect("assets/defaults.json parses");
        json!({
            "accepted": {
                "gpu_count": range(GPU_COUNT),
                "duration_days": range(DURATION_DAYS),
                "gpu_hours": range(GPU_HOURS),
                "usd_per_gpu_hour": range(USD_PER_GPU_HOUR),
                "usd_per_gpu": range(USD_PER_GPU),
                "lifetime_years": range(LIFETIME_YEARS),
                "watts_per_gpu": range(WATTS_PER_GPU),
                "pue": range(PUE),
                "usd_per_kwh": range(USD_PER_KWH),
                "grid_g_co2_per_kwh": range(GRID_G_CO2_PER_KWH),
                "active_params": range(ACTIVE_PARAMS),
                "tokens": range(TOKENS),
                "flops_per_param_token": range(FLOPS_PER_PARAM_TOKEN),
                "mfu": range(MFU),
                "other_cost_usd": range(OTHER_COST_USD),
                "research_multiplier": range(RESEARCH_MULTIPLIER),
                "claim_total_cost_usd": range(CLAIM_TOTAL_COST_USD),
                "reference_gpu_count": range(REFERENCE_GPU_COUNT),
                "mfu_loss_per_doubling": range(MFU_LOSS_PER_DOUBLING),
                "interruptions_per_1000_gpu_days": range(INTERRUPTIONS_PER_1000_GPU_DAYS),
                "restart_minutes": range(RESTART_MINUTES),
                "checkpoint_save_minutes": range(CHECKPOINT_SAVE_MINUTES),
                "checkpoint_interval_minutes": range(CHECKPOINT_INTERVAL_MINUTES),
                "server_overhead": range(SERVER_OVERHEAD),
                "interconnect_share": range(INTERCONNECT_SHARE),
            },
            "stages": { "min": STAGES.0, "max": STAGES.1 },
            "other_costs_max": OTHER_COSTS_MAX,
            "label_chars_max": LABEL_CHARS_MAX,
            "name_chars_max": NAME_CHARS_MAX,
            "description_chars_max": DESCRIPTION_CHARS_MAX,
            "compare_max": COMPARE_MAX,
            "uncertainty": {
                "preview_samples": crate::uncertainty::PREVIEW_SAMPLES,
                "window_samples": crate::uncertainty::WINDOW_SAMPLES,
                "seed": crate::uncertainty::DEFAULT_SEED,
                // The cost chart's legend names its band as the exported chart's does.
                "band_label": crate::chart::BAND_LABEL,
            },
            "accelerator": {
                "id_chars_max": accelerator::ID_CHARS_MAX,
                "name_chars_max": accelerator::NAME_CHARS_MAX,
                "vendor_chars_max": accelerator::VENDOR_CHARS_MAX,
                "memory_gb": range(accelerator::MEMORY_GB),
                "memory_bandwidth_tb_s": range(accelerator::MEMORY_BANDWIDTH_TB_S),
                "board_watts": range(accelerator::BOARD_WATTS),
                "peak_dense_tflops": range(accelerator::PEAK_DENSE_TFLOPS),
                "usd_per_gpu_hour": range(accelerator::USD_PER_GPU_HOUR),
                "usd_per_gpu": range(accelerator::USD_PER_GPU),
                "user_max": accelerator::USER_MAX,
            },
            "slider": {
                "gpu_count": range(slider::GPU_COUNT),
                "duration_days": range(slider::DURATION_DAYS),
                "usd_per_gpu_hour": range(slider::USD_PER_GPU_HOUR),
                "usd_per_gpu": range(slider::USD_PER_GPU),
                "lifetime_years": range(slider::LIFETIME_YEARS),
                "mfu": range(slider::MFU),
                "pue": range(slider::PUE),
                "usd_per_kwh": range(slider::USD_PER_KWH),
            },
            "export": {
                "width_px": pixels(export::WIDTH_PX),
                "height_px": pixels(export::HEIGHT_PX),
                "scale": range(export::SCALE),
                "default_width_px": export::DEFAULT_WIDTH_PX,
                "default_height_px": export::DEFAULT_HEIGHT_PX,
            },
            "defaults": {
                "pue": d.pue.value,
                "usd_per_kwh": d.usd_per_kwh.value,
                "grid_g_co2_per_kwh": d.grid_g_co2_per_kwh.value,
                "lifetime_years": d.lifetime_years.value,
                "flops_per_param_token": d.flops_per_param_token.value,
                "starting_mfu": STARTING_MFU,
                "mfu_low_below": d.mfu_bands.low_below,
                "mfu_plausible_up_to": d.mfu_bands.plausible_up_to,
                "mfu_mismatch_above_gap": d.mfu_bands.mismatch_above_gap,
                // What switching a realism block on in the editor writes (the sourced defaults,
                // as new scenarios get them).
                "scaling": d.default_scaling(),
                "reliability": d.default_reliability(),
                "server_overhead": d.server_overhead.value,
                "interconnect_share": d.interconnect_share.value,
            },
        })
    }

    #[test]
    fn export_bindings_limits() {
        let dir = std::env::var("TS_RS_EXPORT_DIR")
            .unwrap_or_else(|_| format!("{}/../../ui/src/bindings", env!("CARGO_MANIFEST_DIR")));
        let body = serde_json::to_string_pretty(&limits_json()).expect("serialises");
        let text = format!(
            "// Generated from src-tauri/core/src/limits.rs and assets/defaults.json by\n\
             // `cargo test -p costscope-core --features ts --lib export_bindings`. Do not edit.\n\n\
             /** Accepted ranges, slider ranges, export sizes and the defaults the core fills in. */\n\
             export const LIMITS = {body} as const;\n"
        );
        std::fs::write(std::path::Path::new(&dir).join("limits.ts"), text)
            .expect("writes limits.ts");
    }
}
