// The editor's typed fields: what each accepts (the ranges the sliders and the backend allow)
// and where a backend error about an input field is shown.

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
  | 'pue'
  | 'usd-per-kwh'
  | 'active-params'
  | 'tokens'
  | 'flops-per-param-token'
  | 'precision'
  | 'research-multiplier'
  | `other-cost-label-${number}`
  | `other-cost-usd-${number}`;

/** Ranges of the typed fields, in the units shown (MFU in %). */
export const SPECS = {
  'gpu-count': {
    min: 1,
    max: 100_000,
    integer: true,
    suffixes: true,
    message: 'GPU count must be a whole number from 1 to 100,000',
  },
  'duration-days': { min: 1, max: 730, message: 'Duration must be from 1 to 730 days' },
  'usd-per-gpu-hour': { min: 0, max: 1_000, message: 'Price must be from $0 to $1,000 per GPU-hour' },
  'usd-per-gpu': {
    min: 0,
    max: 10_000_000,
    suffixes: true,
    message: 'Purchase price must be from $0 to $10,000,000 per GPU',
  },
  'lifetime-years': { min: 0.5, max: 20, message: 'Life must be from 0.5 to 20 years' },
  mfu: { min: 0.1, max: 100, message: 'MFU must be from 0.1 to 100 %' },
  'stated-mfu': {
    min: 0.1,
    max: 100,
    optional: true,
    message: 'Stated MFU must be from 0.1 to 100 %, or empty',
  },
  pue: { min: 1, max: 5, message: 'PUE must be from 1 to 5' },
  'usd-per-kwh': { min: 0, max: 10, message: 'Electricity price must be from $0 to $10 per kWh' },
  'active-params': {
    min: 1,
    max: 1e15,
    suffixes: true,
    message: 'Active parameters must be from 1 to 1e15 (e.g. 37B or 37e9)',
  },
  tokens: { min: 1, max: 1e16, suffixes: true, message: 'Tokens must be from 1 to 1e16 (e.g. 14.8T)' },
  'flops-per-param-token': {
    min: 1,
    max: 100,
    message: 'FLOPs per parameter per token must be from 1 to 100 (6, or 8 with recomputation)',
  },
  'research-multiplier': {
    min: 1,
    max: 1_000,
    optional: true,
    message: 'Research multiplier must be from 1 to 1,000 (×), or empty for the final run alone',
  },
  'other-cost-usd': {
    min: 0,
    max: 1e13,
    suffixes: true,
    message: 'A cost must be from $0 to $10 T (e.g. 1.2M or 1200000)',
  },
} satisfies Record<string, FieldSpec>;

/** Longest label of an added cost, and how many costs a scenario may hold (as the backend). */
export const OTHER_COST_LABEL_MAX = 200;
export const OTHER_COSTS_MAX = 100;

/** The editor field that shows a backend error about `field` (e.g. `pricing.usd_per_gpu_hour`). */
export function fieldForBackend(field: string | null): FieldId | null {
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
    default: {
      const item = /^other_costs\[(\d+)\]\.(label|usd)$/.exec(field ?? '');
      if (!item) return null;
      return item[2] === 'label' ? `other-cost-label-${Number(item[1])}` : `other-cost-usd-${Number(item[1])}`;
    }
  }
}
