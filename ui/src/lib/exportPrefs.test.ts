import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, checkPixels, fileSlug, lookOf, parsePrefs } from './exportPrefs';

describe('export preferences', () => {
  it('checks typed sizes with the range in the message', () => {
    expect(checkPixels('Width', '1,920')).toEqual({ ok: true, value: 1920 });
    for (const bad of ['', 'abc', '-5', '199', '8001', '1e12', '1600.5', 'NaN', 'Infinity']) {
      const r = checkPixels('Width', bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toBe('Width must be a whole number of pixels from 200 to 8,000.');
    }
  });

  it('keeps only valid stored values', () => {
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('[1,2]')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs(JSON.stringify({ format: 'svg', width: 1920, height: 1080, hidpi: true, theme: 'dark' }))).toEqual({
      format: 'svg',
      width: 1920,
      height: 1080,
      hidpi: true,
      theme: 'dark',
    });
    const bad = parsePrefs(JSON.stringify({ format: 'exe', width: 1e12, height: 900, hidpi: 'yes', theme: 'pink' }));
    expect(bad).toEqual(DEFAULT_PREFS);
  });

  it('maps preferences to the renderer options', () => {
    expect(lookOf({ ...DEFAULT_PREFS, hidpi: true }, true)).toEqual({ width: 1600, height: 900, scale: 2, theme: 'dark' });
    expect(lookOf({ ...DEFAULT_PREFS, theme: 'light' }, true).theme).toBe('light');
  });

  it('makes safe file names', () => {
    expect(fileSlug('DeepSeek-V3 (as reported)', 'cost_vs_gpus')).toBe('deepseek-v3-as-reported-cost-vs-gpus');
    expect(fileSlug('../../etc', '')).toBe('etc');
    expect(fileSlug('日本')).toBe('costscope');
  });
});
