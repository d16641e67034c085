// The editor's typed fields: what each accepts (the core's ranges, generated into
// bindings/limits.ts) and where a backend error about an input field is shown.

import { LIMITS } from '../bindings/limits';
import { plainNumber, usd } from './format';
import type { FieldSpec } from './parse';

export type FieldId =
  | 'gpu-select'
  | 'gpu-count'
  | 'duration-days'
  | 'usd-per-gpu-hour'
  | 'usd-per-gpu'
  | 'lifetime-years'
  | 'mfu'
  | 'stated-mfu'
  | 'claimed-cost'
  | 'claimed-gpu-hours'
  | 'claimed-days'
  | 'pue'
  | 'usd-per-kwh'
  | 'active-params'
  | 'tokens'
  | 'flops-per-param-token'
  | 'precision'
  | 'research-multiplier'
  | 'server-overhead'
  | 'interconnect-share'
  | 'reference-gpu-count'
  | 'mfu-loss-per-doubling'
  | 'interruptions'
  | 'restart-minutes'
  | 'checkpoint-save-minutes'
  | 'checkpoint-interval-minutes'
  | `other-cost-label-${number}`
  | `other-cost-usd-${number}`
  | `stage-label-${number}`
  | `stage-amount-${number}`
  | `stage-gpu-count-${number}`
  | `range-low-${string}`
  | `range-high-${string}`;

const { accepted: A } = LIMITS;

/** A fraction as the percent the field shows (0.001 → 0.1), without float dust. */
export const percent = (fraction: number): number => Number((fraction * 100).toPrecision(12));

const n = plainNumber;

/**
 * Ranges of the typed fields, in the units shown (MFU in %): what the core accepts
 * (`LIMITS.accepted`, generated from src-tauri/core/src/limits.rs). The sliders cover less
 * (`LIMITS.slider`, see slider.ts); a typed value beyond a slider's range is kept as typed.
 */
export const SPECS = {
  'gpu-count': {
    min: A.gpu_count.min,
    max: A.gpu_count.max,
    integer: true,
    suffixes: true,
    message: `GPU count must be a whole number from ${n(A.gpu_count.min)} to ${n(A.gpu_count.max)}`,
  },
  'duration-days': {
    min: A.duration_days.min,
    max: A.duration_days.max,
    message: `Duration must be from ${n(A.duration_days.min)} to ${n(A.duration_days.max)} days`,
  },
  'usd-per-gpu-hour': {
    min: A.usd_per_gpu_hour.min,
    max: A.usd_per_gpu_hour.max,
    message: `Price must be from $${n(A.usd_per_gpu_hour.min)} to $${n(A.usd_per_gpu_hour.max)} per GPU-hour`,
  },
  'usd-per-gpu': {
    min: A.usd_per_gpu.min,
    max: A.usd_per_gpu.max,
    suffixes: true,
    message: `Purchase price must be from $${n(A.usd_per_gpu.min)} to $${n(A.usd_per_gpu.max)} per GPU`,
  },
  'lifetime-years': {
    min: A.lifetime_years.min,
    max: A.lifetime_years.max,
    message: `Life must be from ${n(A.lifetime_years.min)} to ${n(A.lifetime_years.max)} years`,
  },
  mfu: {
    min: percent(A.mfu.min),
    max: percent(A.mfu.max),
    message: `MFU must be from ${n(percent(A.mfu.min))} to ${n(percent(A.mfu.max))} %`,
  },
  'stated-mfu': {
    min: percent(A.mfu.min),
    max: percent(A.mfu.max),
    optional: true,
    message: `Stated MFU must be from ${n(percent(A.mfu.min))} to ${n(percent(A.mfu.max))} %, or empty`,
  },
  // What a headline claimed (issue 11): each optional, each compared with the computed figure.
  'claimed-cost': {
    min: A.claim_total_cost_usd.min,
    max: A.claim_total_cost_usd.max,
    optional: true,
    suffixes: true,
    message: `A claimed cost must be from ${usd(A.claim_total_cost_usd.min)} to ${usd(A.claim_total_cost_usd.max)} (e.g. 5.5M), or empty`,
  },
  'claimed-gpu-hours': {
    min: A.gpu_hours.min,
    max: A.gpu_hours.max,
    optional: true,
    suffixes: true,
    message: `Claimed GPU-hours must be from ${n(A.gpu_hours.min)} to ${n(A.gpu_hours.max)} (e.g. 2.788M), or empty`,
  },
  'claimed-days': {
    min: A.duration_days.min,
    max: A.duration_days.max,
    optional: true,
    message: `Claimed days must be from ${n(A.duration_days.min)} to ${n(A.duration_days.max)}, or empty`,
  },
  pue: { min: A.pue.min, max: A.pue.max, message: `PUE must be from ${n(A.pue.min)} to ${n(A.pue.max)}` },
  'usd-per-kwh': {
    min: A.usd_per_kwh.min,
    max: A.usd_per_kwh.max,
    message: `Electricity price must be from $${n(A.usd_per_kwh.min)} to $${n(A.usd_per_kwh.max)} per kWh`,
  },
  'active-params': {
    min: A.active_params.min,
    max: A.active_params.max,
    suffixes: true,
    message: `Active parameters must be from ${n(A.active_params.min)} to ${n(A.active_params.max)} (e.g. 37B or 37e9)`,
  },
  tokens: {
    min: A.tokens.min,
    max: A.tokens.max,
    suffixes: true,
    message: `Tokens must be from ${n(A.tokens.min)} to ${n(A.tokens.max)} (e.g. 14.8T)`,
  },
  'flops-per-param-token': {
    min: A.flops_per_param_token.min,
    max: A.flops_per_param_token.max,
    message: `FLOPs per parameter per token must be from ${n(A.flops_per_param_token.min)} to ${n(A.flops_per_param_token.max)} (6, or 8 with recomputation)`,
  },
  'research-multiplier': {
    min: A.research_multiplier.min,
    max: A.research_multiplier.max,
    optional: true,
    message: `Research multiplier must be from ${n(A.research_multiplier.min)} to ${n(A.research_multiplier.max)} (×), or empty for the final run alone`,
  },
  'other-cost-usd': {
    min: A.other_cost_usd.min,
    max: A.other_cost_usd.max,
    suffixes: true,
    message: `A cost must be from ${usd(A.other_cost_usd.min)} to ${usd(A.other_cost_usd.max)} (e.g. 1.2M or 1200000)`,
  },
  // A stage's measure (exactly one of the three) and its own GPU count.
  'stage-gpu-hours': {
    min: A.gpu_hours.min,
    max: A.gpu_hours.max,
    suffixes: true,
    message: `A stage's GPU-hours must be from ${n(A.gpu_hours.min)} to ${n(A.gpu_hours.max)} (e.g. 119K)`,
  },
  'stage-duration-days': {
    min: A.duration_days.min,
    max: A.duration_days.max,
    message: `A stage's duration must be from ${n(A.duration_days.min)} to ${n(A.duration_days.max)} days`,
  },
  'stage-tokens': {
    min: A.tokens.min,
    max: A.tokens.max,
    suffixes: true,
    message: `A stage's tokens must be from ${n(A.tokens.min)} to ${n(A.tokens.max)} (e.g. 1.5T)`,
  },
  'stage-gpu-count': {
    min: A.gpu_count.min,
    max: A.gpu_count.max,
    integer: true,
    suffixes: true,
    optional: true,
    message: `A stage's GPU count must be a whole number from ${n(A.gpu_count.min)} to ${n(A.gpu_count.max)}, or empty for the scenario's`,
  },
  // Run realism and the purchase price's overhead (shares shown in %).
  'server-overhead': {
    min: A.server_overhead.min,
    max: A.server_overhead.max,
    optional: true,
    message: `Server overhead must be from ×${n(A.server_overhead.min)} to ×${n(A.server_overhead.max)} the chip's price, or empty for the chip alone`,
  },
  'interconnect-share': {
    min: percent(A.interconnect_share.min),
    max: percent(A.interconnect_share.max),
    optional: true,
    message: `Network share must be from ${n(percent(A.interconnect_share.min))} to ${n(percent(A.interconnect_share.max))} % of the cluster's cost, or empty for none`,
  },
  'reference-gpu-count': {
    min: A.reference_gpu_count.min,
    max: A.reference_gpu_count.max,
    suffixes: true,
    message: `Reference GPU count must be from ${n(A.reference_gpu_count.min)} to ${n(A.reference_gpu_count.max)} GPUs`,
  },
  'mfu-loss-per-doubling': {
    min: percent(A.mfu_loss_per_doubling.min),
    max: percent(A.mfu_loss_per_doubling.max),
    message: `MFU loss per doubling must be from ${n(percent(A.mfu_loss_per_doubling.min))} to ${n(percent(A.mfu_loss_per_doubling.max))} %`,
  },
  interruptions: {
    min: A.interruptions_per_1000_gpu_days.min,
    max: A.interruptions_per_1000_gpu_days.max,
    message: `Interruptions must be from ${n(A.interruptions_per_1000_gpu_days.min)} to ${n(A.interruptions_per_1000_gpu_days.max)} per 1,000 GPU-days`,
  },
  'restart-minutes': {
    min: A.restart_minutes.min,
    max: A.restart_minutes.max,
    message: `Restart time must be from ${n(A.restart_minutes.min)} to ${n(A.restart_minutes.max)} minutes`,
  },
  'checkpoint-save-minutes': {
    min: A.checkpoint_save_minutes.min,
    max: A.checkpoint_save_minutes.max,
    message: `Checkpoint save time must be from ${n(A.checkpoint_save_minutes.min)} to ${n(A.checkpoint_save_minutes.max)} minutes`,
  },
  'checkpoint-interval-minutes': {
    min: A.checkpoint_interval_minutes.min,
    max: A.checkpoint_interval_minutes.max,
    optional: true,
    message: `Checkpoint interval must be from ${n(A.checkpoint_interval_minutes.min)} to ${n(A.checkpoint_interval_minutes.max)} minutes, or empty for the optimal interval`,
  },
} satisfies Record<string, FieldSpec>;

/** Longest label of an added cost, and how many costs a scenario may hold (the core's limits). */
export const OTHER_COST_LABEL_MAX = LIMITS.label_chars_max;
export const OTHER_COSTS_MAX = LIMITS.other_costs_max;
/** How many stages a run may have (the core's limit). */
export const STAGES_MAX = LIMITS.stages.max;

/** The editor field that shows a backend error about `field` (e.g. `pricing.usd_per_gpu_hour`). */
export function fieldForBackend(field: string | null): FieldId | null {
  // A range's error (`uncertainty.usd_per_gpu_hour`) is shown under its low field.
  if (field?.startsWith('uncertainty.')) return `range-low-${field.slice('uncertainty.'.length).split('.')[0]}`;
  switch (field) {
    case 'gpu':
      return 'gpu-select';
    case 'gpu_count':
      return 'gpu-count';
    case 'duration_days':
    case 'gpu_hours':
      return 'duration-days';
    case 'pricing.usd_per_gpu_hour':
      return 'usd-per-gpu-hour';
    case 'pricing.usd_per_gpu':
      return 'usd-per-gpu';
    case 'pricing.lifetime_years':
      return 'lifetime-years';
    case 'mfu':
      return 'mfu';
    case 'energy.pue':
      return 'pue';
    case 'energy.usd_per_kwh':
      return 'usd-per-kwh';
    case 'workload.active_params':
      return 'active-params';
    case 'workload.tokens':
      return 'tokens';
    case 'workload.flops_per_param_token':
      return 'flops-per-param-token';
    case 'workload.precision':
      return 'precision';
    case 'research_multiplier':
      return 'research-multiplier';
    case 'claim.total_cost_usd':
      return 'claimed-cost';
    case 'claim.gpu_hours':
      return 'claimed-gpu-hours';
    case 'claim.duration_days':
      return 'claimed-days';
    case 'pricing.server_overhead':
      return 'server-overhead';
    case 'pricing.interconnect_share':
      return 'interconnect-share';
    case 'scaling':
    case 'scaling.reference_gpu_count':
      return 'reference-gpu-count';
    case 'scaling.mfu_loss_per_doubling':
      return 'mfu-loss-per-doubling';
    // "The run would never finish": the interruption rate is what usually makes it so.
    case 'reliability':
    case 'reliability.interruptions_per_1000_gpu_days':
      return 'interruptions';
    case 'reliability.restart_minutes':
      return 'restart-minutes';
    case 'reliability.checkpoint_save_minutes':
      return 'checkpoint-save-minutes';
    case 'reliability.checkpoint_interval_minutes':
      return 'checkpoint-interval-minutes';
    default: {
      const stage = /^stages\[(\d+)\](?:\.(label|gpu_count|gpu_hours|duration_days|tokens))?$/.exec(field ?? '');
      if (stage) {
        const i = Number(stage[1]);
        if (stage[2] === 'label') return `stage-label-${i}`;
        if (stage[2] === 'gpu_count') return `stage-gpu-count-${i}`;
        return `stage-amount-${i}`;
      }
      const item = /^other_costs\[(\d+)\]\.(label|usd)$/.exec(field ?? '');
      if (!item) return null;
      return item[2] === 'label' ? `other-cost-label-${Number(item[1])}` : `other-cost-usd-${Number(item[1])}`;
    }
  }
}
