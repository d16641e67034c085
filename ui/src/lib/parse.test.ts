import { describe, expect, it } from 'vitest';
import { SPECS } from './fields';
import { checkField, parseNumber } from './parse';

describe('parseNumber', () => {
  it('reads plain, grouped and exponent forms', () => {
    expect(parseNumber('2048')).toBe(2048);
    expect(parseNumber(' 2,048 ')).toBe(2048);
    expect(parseNumber('1,000,000.5')).toBe(1_000_000.5);
    expect(parseNumber('37e9')).toBe(37e9);
    expect(parseNumber('1e12')).toBe(1e12);
    expect(parseNumber('-5')).toBe(-5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('$2.50')).toBe(2.5);
    expect(parseNumber('33.2 %')).toBe(33.2);
  });
  it('reads K/M/B/T suffixes exactly when allowed', () => {
    const s = { suffixes: true };
    expect(parseNumber('37B', s)).toBe(37e9);
    expect(parseNumber('405 B', s)).toBe(405e9);
    expect(parseNumber('14.8T', s)).toBe(14.8e12);
    expect(parseNumber('14.8 t', s)).toBe(14.8e12);
    expect(parseNumber('2k', s)).toBe(2000);
    expect(parseNumber('1.5e3M', s)).toBe(1.5e9);
    expect(parseNumber('37B')).toBeNull();
  });
  it('refuses what is not a number', () => {
    for (const bad of ['abc', '', ' ', '1..2', '2,04,8', '0x10', 'Infinity', 'NaN', '1e', '--5', '5-', '1,2']) {
      expect(parseNumber(bad, { suffixes: true }), bad).toBeNull();
    }
  });
});

describe('checkField', () => {
  const gpuCount = SPECS['gpu-count'];
  it('accepts whole GPU counts in range, exactly as typed', () => {
    expect(checkField(gpuCount, '2048')).toEqual({ ok: true, value: 2048 });
    expect(checkField(gpuCount, ' 2,048 ')).toEqual({ ok: true, value: 2048 });
    expect(checkField(gpuCount, '1000')).toEqual({ ok: true, value: 1000 });
    expect(checkField(gpuCount, '100000')).toEqual({ ok: true, value: 100_000 });
    expect(checkField(gpuCount, '250,000')).toEqual({ ok: true, value: 250_000 });
    expect(checkField(gpuCount, '1')).toEqual({ ok: true, value: 1 });
  });
  it('names the allowed range for bad GPU counts', () => {
    // The typed field takes what the core accepts (limits::GPU_COUNT).
    for (const bad of ['-5', 'abc', '1e12', '', '0', '2.5', '1000001']) {
      const r = checkField(gpuCount, bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toBe('GPU count must be a whole number from 1 to 1,000,000');
    }
  });
  it('checks the workload fields with suffixes', () => {
    expect(checkField(SPECS['active-params'], '37B')).toEqual({ ok: true, value: 37e9 });
    expect(checkField(SPECS.tokens, '14.8T')).toEqual({ ok: true, value: 14.8e12 });
    expect(checkField(SPECS.tokens, '0').ok).toBe(false);
  });
  it('lets optional fields be empty', () => {
    expect(checkField(SPECS['stated-mfu'], '')).toEqual({ ok: true, value: null });
    expect(checkField(SPECS['stated-mfu'], '35')).toEqual({ ok: true, value: 35 });
    expect(checkField(SPECS['stated-mfu'], '150').ok).toBe(false);
    expect(checkField(SPECS['duration-days'], '').ok).toBe(false);
  });
  it('range-checks days and prices', () => {
    expect(checkField(SPECS['duration-days'], '56.72')).toEqual({ ok: true, value: 56.72 });
    expect(checkField(SPECS['duration-days'], '3651').ok).toBe(false);
    expect(checkField(SPECS['duration-days'], '1000')).toEqual({ ok: true, value: 1000 });
    expect(checkField(SPECS['usd-per-gpu-hour'], '$2.00')).toEqual({ ok: true, value: 2 });
    expect(checkField(SPECS['usd-per-gpu-hour'], '-1').ok).toBe(false);
  });
});
