import { describe, expect, it } from 'vitest';
import { LIMITS } from '../bindings/limits';
import { keyStep, linearStops, niceLogStops, piecewiseStops, posFromPointer, powerOfTwoStops, SCALES, stopScale } from './slider';

describe('GPU-count slider (log, snapped)', () => {
  const s = SCALES.gpuCount;
  it('spans 1 to 1,000,000 (all the core accepts) on sensible steps', () => {
    expect(s.stops[0]).toBe(1);
    expect(s.stops[s.maxPos]).toBe(1_000_000);
    expect(s.stops[s.maxPos]).toBe(LIMITS.accepted.gpu_count.max);
    for (const v of [1, 2, 8, 1024, 1536, 2048, 2560, 3072, 4096, 16384, 65536, 98304]) expect(s.stops).toContain(v);
    for (const v of s.stops) expect(Number.isInteger(v)).toBe(true);
  });
  it('round-trips every stop', () => {
    for (let i = 0; i <= s.maxPos; i++) {
      expect(s.toPos(s.fromPos(i))).toBe(i);
      expect(s.fromPos(s.toPos(s.stops[i]))).toBe(s.stops[i]);
    }
  });
  it('snaps other values to the nearest stop on a log scale, leaving the value to the caller', () => {
    const typed = 1000;
    const pos = s.toPos(typed);
    expect(s.fromPos(pos)).toBe(1024);
    expect(typed).toBe(1000); // the typed value itself stays exact
    expect(s.fromPos(s.toPos(1100))).toBe(1024);
    expect(s.fromPos(s.toPos(1200))).toBe(1280);
    // Arrow keys from 2,048 move to the next steps.
    const p = s.toPos(2048);
    expect([s.fromPos(p + 1), s.fromPos(p + 2), s.fromPos(p + 3)]).toEqual([2560, 3072, 3584]);
  });
  it('clamps at the bounds', () => {
    expect(s.toPos(0)).toBe(0);
    expect(s.toPos(-5)).toBe(0);
    expect(s.toPos(1e12)).toBe(s.maxPos);
    expect(s.toPos(Number.NaN)).toBe(0);
    expect(s.fromPos(-3)).toBe(1);
    expect(s.fromPos(1e9)).toBe(1_000_000);
    expect(s.fromPos(2.4)).toBe(s.stops[2]);
  });
  it('is monotonic', () => {
    let last = -1;
    for (let v = 1; v <= 1_000_000; v = Math.ceil(v * 1.07)) {
      const p = s.toPos(v);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });
});

describe('other scales', () => {
  it('days: whole days from 1 to 730', () => {
    const d = SCALES.durationDays;
    expect(d.stops[0]).toBe(1);
    expect(d.stops[d.maxPos]).toBe(730);
    expect(d.stops).toContain(30);
    expect(d.stops).toContain(365);
    for (const v of d.stops) expect(Number.isInteger(v)).toBe(true);
    // 56.72 days sits between stops; the next stop up is a different value.
    const p = d.toPos(56.72);
    expect(d.fromPos(p + 1)).toBeGreaterThan(56.72);
  });
  it('prices and linear scales have no float dust', () => {
    expect(SCALES.usdPerGpuHour.stops).toContain(2);
    expect(SCALES.usdPerGpuHour.stops).toContain(0.1);
    expect(SCALES.usdPerGpuHour.stops).toContain(20);
    expect(SCALES.pue.stops).toContain(1.1);
    expect(SCALES.pue.stops).toContain(1.56);
    expect(SCALES.usdPerKwh.stops).toContain(0.08);
    expect(SCALES.mfuPercent.stops).toContain(33.5);
    expect(linearStops(0, 1, 0.1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(niceLogStops(1, 10)).toEqual([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]);
    expect(piecewiseStops([[1, 3, 1], [3, 9, 3]])).toEqual([1, 2, 3, 6, 9]);
    expect(powerOfTwoStops(20)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20]);
  });
  it('refuses bad stop lists', () => {
    expect(() => stopScale([], false)).toThrow();
    expect(() => stopScale([1, 1], false)).toThrow();
    expect(() => stopScale([0, 1], true)).toThrow();
  });
  it('linear scales pick the nearer stop linearly', () => {
    const s = stopScale([0, 10, 20], false);
    expect(s.toPos(4)).toBe(0);
    expect(s.toPos(6)).toBe(1);
    const l = stopScale([1, 10, 100], true);
    expect(l.toPos(3)).toBe(0);
    expect(l.toPos(3.3)).toBe(1);
  });
});

describe('slider input handled by the page', () => {
  it('steps like a native range input', () => {
    expect(keyStep('ArrowRight', 5, 10)).toBe(6);
    expect(keyStep('ArrowUp', 10, 10)).toBe(10);
    expect(keyStep('ArrowLeft', 0, 10)).toBe(0);
    expect(keyStep('ArrowDown', 3, 10)).toBe(2);
    expect(keyStep('PageUp', 5, 100)).toBe(15);
    expect(keyStep('PageDown', 5, 100)).toBe(0);
    expect(keyStep('Home', 50, 100)).toBe(0);
    expect(keyStep('End', 50, 100)).toBe(100);
    expect(keyStep('a', 5, 10)).toBeNull();
    expect(keyStep('Tab', 5, 10)).toBeNull();
  });

  it('maps the pointer to the stop under the thumb centre', () => {
    // A 214 px slider with a 14 px thumb: the centre travels 200 px from x = 107.
    expect(posFromPointer(107, 100, 214, 14, 100)).toBe(0);
    expect(posFromPointer(207, 100, 214, 14, 100)).toBe(50);
    expect(posFromPointer(307, 100, 214, 14, 100)).toBe(100);
    expect(posFromPointer(0, 100, 214, 14, 100)).toBe(0);
    expect(posFromPointer(9999, 100, 214, 14, 100)).toBe(100);
    expect(posFromPointer(150, 100, 10, 14, 100)).toBe(0);
  });
});
