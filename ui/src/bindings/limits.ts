// Generated from src-tauri/core/src/limits.rs and assets/defaults.json by
// `cargo test -p costscope-core --features ts --lib export_bindings`. Do not edit.

/** Accepted ranges, slider ranges, export sizes and the defaults the core fills in. */
export const LIMITS = {
  "accelerator": {
    "board_watts": {
      "max": 10000.0,
      "min": 1.0
    },
    "id_chars_max": 40,
    "memory_bandwidth_tb_s": {
      "max": 1000.0,
      "min": 0.01
    },
    "memory_gb": {
      "max": 10000.0,
      "min": 0.1
    },
    "name_chars_max": 100,
    "peak_dense_tflops": {
      "max": 1000000.0,
      "min": 0.001
    },
    "usd_per_gpu": {
      "max": 10000000.0,
      "min": 1.0
    },
    "usd_per_gpu_hour": {
      "max": 1000.0,
      "min": 0.01
    },
    "user_max": 200,
    "vendor_chars_max": 60
  },
  "accepted": {
    "active_params": {
      "max": 1000000000000000.0,
      "min": 1.0
    },
    "checkpoint_interval_minutes": {
      "max": 100800.0,
      "min": 0.1
    },
    "checkpoint_save_minutes": {
      "max": 1440.0,
      "min": 0.01
    },
    "claim_total_cost_usd": {
      "max": 10000000000000.0,
      "min": 1.0
    },
    "duration_days": {
      "max": 3650.0,
      "min": 0.01
    },
    "flops_per_param_token": {
      "max": 100.0,
      "min": 1.0
    },
    "gpu_count": {
      "max": 1000000.0,
      "min": 1.0
    },
    "gpu_hours": {
      "max": 10000000000.0,
      "min": 1.0
    },
    "grid_g_co2_per_kwh": {
      "max": 2000.0,
      "min": 0.0
    },
    "interconnect_share": {
      "max": 0.9,
      "min": 0.0
    },
    "interruptions_per_1000_gpu_days": {
      "max": 1000.0,
      "min": 0.0
    },
    "lifetime_years": {
      "max": 20.0,
      "min": 0.1
    },
    "mfu": {
      "max": 1.0,
      "min": 0.001
    },
    "mfu_loss_per_doubling": {
      "max": 0.5,
      "min": 0.0
    },
    "other_cost_usd": {
      "max": 10000000000000.0,
      "min": 0.0
    },
    "pue": {
      "max": 5.0,
      "min": 1.0
    },
    "reference_gpu_count": {
      "max": 1000000.0,
      "min": 1.0
    },
    "research_multiplier": {
      "max": 1000.0,
      "min": 1.0
    },
    "restart_minutes": {
      "max": 10080.0,
      "min": 0.0
    },
    "server_overhead": {
      "max": 5.0,
      "min": 1.0
    },
    "tokens": {
      "max": 1e+16,
      "min": 1.0
    },
    "usd_per_gpu": {
      "max": 10000000.0,
      "min": 0.0
    },
    "usd_per_gpu_hour": {
      "max": 1000.0,
      "min": 0.0
    },
    "usd_per_kwh": {
      "max": 10.0,
      "min": 0.0
    },
    "watts_per_gpu": {
      "max": 10000.0,
      "min": 1.0
    }
  },
  "compare_max": 12,
  "defaults": {
    "flops_per_param_token": 6.0,
    "grid_g_co2_per_kwh": 366.0,
    "interconnect_share": 0.19,
    "lifetime_years": 5.0,
    "mfu_low_below": 0.15,
    "mfu_mismatch_above_gap": 0.2,
    "mfu_plausible_up_to": 0.6,
    "pue": 1.1,
    "reliability": {
      "checkpoint_save_minutes": 0.5,
      "interruptions_per_1000_gpu_days": 0.53,
      "restart_minutes": 3.0
    },
    "scaling": {
      "mfu_loss_per_doubling": 0.03,
      "reference_gpu_count": 96.0
    },
    "server_overhead": 1.64,
    "starting_mfu": 0.4,
    "usd_per_kwh": 0.08
  },
  "description_chars_max": 2000,
  "export": {
    "default_height_px": 900,
    "default_width_px": 1600,
    "height_px": {
      "max": 8000,
      "min": 200
    },
    "scale": {
      "max": 4.0,
      "min": 1.0
    },
    "width_px": {
      "max": 8000,
      "min": 200
    }
  },
  "label_chars_max": 200,
  "name_chars_max": 200,
  "other_costs_max": 100,
  "slider": {
    "duration_days": {
      "max": 730.0,
      "min": 1.0
    },
    "gpu_count": {
      "max": 1000000.0,
      "min": 1.0
    },
    "lifetime_years": {
      "max": 10.0,
      "min": 1.0
    },
    "mfu": {
      "max": 1.0,
      "min": 0.01
    },
    "pue": {
      "max": 3.0,
      "min": 1.0
    },
    "usd_per_gpu": {
      "max": 200000.0,
      "min": 1000.0
    },
    "usd_per_gpu_hour": {
      "max": 20.0,
      "min": 0.1
    },
    "usd_per_kwh": {
      "max": 0.5,
      "min": 0.01
    }
  },
  "stages": {
    "max": 50,
    "min": 1
  },
  "uncertainty": {
    "band_label": "90 % of the cost over the ranges",
    "preview_samples": 2000,
    "seed": 1,
    "window_samples": 20000
  }
} as const;
