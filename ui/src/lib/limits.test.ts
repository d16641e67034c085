import { describe, expect, it } from 'vitest';
import { LIMITS } from '../bindings/limits';
import { DEFAULT_PREFS, PIXELS, checkPixels } from './exportPrefs';
import { SPECS, percent } from './fields';
import { checkField } from './parse';
import { SCALES } from './slider';

// The UI restates no limit: typed fields take what the core accepts, sliders cover the core's
// narrower slider ranges, export sizes are the renderer's (all from bindings/limits.ts).
describe('limits from the core', () => {
  it('typed fields accept exactly the core ranges', () => {
    const a = LIMITS.accepted;
    expect([SPECS['gpu-count'].min, SPECS['gpu-count'].max]).toEqual([a.gpu_count.min, a.gpu_count.max]);
    expect([SPECS['duration-days'].min, SPECS['duration-days'].max]).toEqual([a.duration_days.min, a.duration_days.max]);
    expect([SPECS.mfu.min, SPECS.mfu.max]).toEqual([percent(a.mfu.min), percent(a.mfu.max)]);
    expect(checkField(SPECS['lifetime-years'], String(a.lifetime_years.min)).ok).toBe(true);
    expect(checkField(SPECS.pue, String(a.pue.max + 0.01)).ok).toBe(false);
  });

  it('sliders span the core slider ranges, inside what a typed field takes', () => {
    const s = LIMITS.slider;
    const ends = (k: keyof typeof SCALES) => [SCALES[k].stops[0], SCALES[k].stops.at(-1)];
    expect(ends('gpuCount')).toEqual([s.gpu_count.min, s.gpu_count.max]);
    expect(ends('durationDays')).toEqual([s.duration_days.min, s.duration_days.max]);
    expect(ends('lifetimeYears')).toEqual([s.lifetime_years.min, s.lifetime_years.max]);
    expect(ends('mfuPercent')).toEqual([percent(s.mfu.min), percent(s.mfu.max)]);
    expect(ends('pue')).toEqual([s.pue.min, s.pue.max]);
    // The GPU-count slider reaches all a typed field takes (1,000,000, like the core).
    expect(s.gpu_count.max).toBe(SPECS['gpu-count'].max);
    expect(s.duration_days.max).toBeLessThan(SPECS['duration-days'].max);
    // A typed duration beyond the slider is valid; the slider then rests at its end.
    const beyond = s.duration_days.max * 2;
    expect(checkField(SPECS['duration-days'], String(beyond))).toEqual({ ok: true, value: beyond });
    expect(SCALES.durationDays.toPos(beyond)).toBe(SCALES.durationDays.maxPos);
  });

  it('export sizes are the renderer ranges and default', () => {
    expect(PIXELS).toEqual(LIMITS.export.width_px);
    expect([DEFAULT_PREFS.width, DEFAULT_PREFS.height]).toEqual([LIMITS.export.default_width_px, LIMITS.export.default_height_px]);
    expect(checkPixels('Height', String(LIMITS.export.height_px.max + 1)).ok).toBe(false);
  });
});
