// Slider scales. Every slider moves over an ordered list of "stops" (its position is the stop's
// index), so a drag or an arrow key lands on a sensible value: GPU counts on powers of two × {1,
// 1.25, 1.5, 1.75}, days on whole days, prices on 1-1.2-1.5-2-2.5-3-4-5-6-8 steps. A typed value
// stays exact: the slider then sits on the nearest stop (at an end when the value lies beyond the
// slider's range), the value itself is not snapped.

import { LIMITS } from '../bindings/limits';
import { percent } from './fields';

export interface StopScale {
  readonly stops: readonly number[];
  /** Largest position (the slider's `max`; `min` is 0, `step` 1). */
  readonly maxPos: number;
  /** The position of the stop nearest to `value` (on a log scale when `log`), clamped. */
  toPos(value: number): number;
  /** The stop at `pos` (rounded and clamped). */
  fromPos(pos: number): number;
}

export function stopScale(stops: readonly number[], log: boolean): StopScale {
  if (stops.length === 0) throw new Error('a slider needs at least one stop');
  for (let i = 1; i < stops.length; i++) {
    if (!(stops[i] > stops[i - 1])) throw new Error(`stops must increase: ${stops[i - 1]}, ${stops[i]}`);
  }
  if (log && stops[0] <= 0) throw new Error('a log scale needs positive stops');
  const key = log ? Math.log : (v: number) => v;
  const maxPos = stops.length - 1;
  return {
    stops,
    maxPos,
    toPos(value: number): number {
      if (!Number.isFinite(value) || value <= stops[0]) return 0;
      if (value >= stops[maxPos]) return maxPos;
      // Binary search for the first stop ≥ value, then pick the nearer neighbour.
      let lo = 0;
      let hi = maxPos;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (stops[mid] < value) lo = mid + 1;
        else hi = mid;
      }
      if (stops[lo] === value) return lo;
      const k = key(value);
      return k - key(stops[lo - 1]) <= key(stops[lo]) - k ? lo - 1 : lo;
    },
    fromPos(pos: number): number {
      const i = Math.min(maxPos, Math.max(0, Math.round(Number.isFinite(pos) ? pos : 0)));
      return stops[i];
    },
  };
}

/** Round to `decimals` places, dropping float dust (0.1 + 0.2 → 0.3). */
function tidy(v: number, decimals = 6): number {
  return Number(v.toFixed(decimals));
}

/** Whole numbers 1…8, then powers of two × {1, 1.25, 1.5, 1.75} up to `max` (included). */
export function powerOfTwoStops(max: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= Math.min(8, max); n++) out.push(n);
  for (let p = 8; p <= max; p *= 2) {
    for (const f of [1.25, 1.5, 1.75, 2]) {
      const v = p * f;
      if (v <= max) out.push(v);
    }
  }
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

/** Evenly spaced stops from `min` to `max` (both included). */
export function linearStops(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  const n = Math.round((max - min) / step);
  for (let i = 0; i <= n; i++) out.push(tidy(min + i * step));
  if (out[out.length - 1] < max) out.push(max);
  return out;
}

/** Stops from piecewise runs: [[from, to, step], …], joined without repeats. */
export function piecewiseStops(runs: ReadonlyArray<readonly [number, number, number]>): number[] {
  const out: number[] = [];
  for (const [from, to, step] of runs) {
    for (const v of linearStops(from, to, step)) {
      if (out.length === 0 || v > out[out.length - 1]) out.push(v);
    }
  }
  return out;
}

/** "Nice" values (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) from `min` to `max`. */
export function niceLogStops(min: number, max: number, mantissas: readonly number[] = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of mantissas) {
      const v = tidy(m * 10 ** e, 10);
      if (v >= min && v <= max && (out.length === 0 || v > out[out.length - 1])) out.push(v);
    }
  }
  return out;
}

const S = LIMITS.slider;

/** Whole days to a month, then coarser steps (a week of two-day steps, then 5, 10, 20 days). */
function dayStops(min: number, max: number): number[] {
  const runs: Array<readonly [number, number, number]> = [
    [min, 31, 1],
    [32, 90, 2],
    [95, 180, 5],
    [190, 360, 10],
    [365, 365, 1],
    [380, 720, 20],
    [max, max, 1],
  ];
  return piecewiseStops(runs.filter(([from, to]) => from >= min && to <= max));
}

/**
 * The editor's sliders, over the ranges the core gives them (`LIMITS.slider`, narrower than what
 * a typed field accepts: see src-tauri/core/src/limits.rs). MFU is shown in %.
 */
export const SCALES = {
  gpuCount: stopScale(powerOfTwoStops(S.gpu_count.max), true),
  durationDays: stopScale(dayStops(S.duration_days.min, S.duration_days.max), true),
  usdPerGpuHour: stopScale(
    niceLogStops(S.usd_per_gpu_hour.min, S.usd_per_gpu_hour.max, [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.2, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9]),
    true,
  ),
  usdPerGpu: stopScale(niceLogStops(S.usd_per_gpu.min, S.usd_per_gpu.max), true),
  lifetimeYears: stopScale(linearStops(S.lifetime_years.min, S.lifetime_years.max, 0.5), false),
  mfuPercent: stopScale(linearStops(percent(S.mfu.min), percent(S.mfu.max), 0.5), false),
  pue: stopScale(linearStops(S.pue.min, S.pue.max, 0.01), false),
  usdPerKwh: stopScale(linearStops(S.usd_per_kwh.min, S.usd_per_kwh.max, 0.005), false),
} as const;

/**
 * The position a key moves a slider to, as a native range input would (arrows by one stop,
 * Page keys by a tenth, Home / End to the ends); null for other keys.
 */
export function keyStep(key: string, pos: number, maxPos: number): number | null {
  const page = Math.max(1, Math.round(maxPos / 10));
  const to = (p: number) => Math.min(maxPos, Math.max(0, Math.round(p)));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return to(pos + 1);
    case 'ArrowLeft':
    case 'ArrowDown':
      return to(pos - 1);
    case 'PageUp':
      return to(pos + page);
    case 'PageDown':
      return to(pos - page);
    case 'Home':
      return 0;
    case 'End':
      return maxPos;
    default:
      return null;
  }
}

/**
 * The position under the pointer on a horizontal slider whose thumb is `thumbPx` wide: the
 * thumb's centre travels from `left + thumbPx / 2` to `left + width - thumbPx / 2`.
 */
export function posFromPointer(clientX: number, left: number, width: number, thumbPx: number, maxPos: number): number {
  const travel = width - thumbPx;
  if (!(travel > 0) || maxPos <= 0) return 0;
  const fraction = (clientX - left - thumbPx / 2) / travel;
  return Math.min(maxPos, Math.max(0, Math.round(fraction * maxPos)));
}
