// What the export sheet remembers between uses (format, size, 2×, theme) and how its typed
// sizes are checked. The backend checks the same ranges again before drawing.

import { LIMITS } from '../bindings/limits';
import { checkField, type FieldSpec } from './parse';

export type ExportFormat = 'png' | 'svg' | 'csv' | 'json';
export type ThemeChoice = 'screen' | 'light' | 'dark';

export interface ExportPrefs {
  format: ExportFormat;
  width: number;
  height: number;
  /** Draw at twice the pixel density (a "2×" image for high-DPI screens and print). */
  hidpi: boolean;
  theme: ThemeChoice;
}

/** What the renderer is asked for (matches `ChartLook` in src-tauri/src/commands.rs). */
export interface ChartLook {
  width: number;
  height: number;
  scale: number;
  theme: 'light' | 'dark';
}

/** The renderer's size range and default size (the core's `limits::export`); the width's range
 * and the height's are the same. */
const EXPORT = LIMITS.export;
export const PIXELS = EXPORT.width_px;
const [DEFAULT_W, DEFAULT_H] = [EXPORT.default_width_px, EXPORT.default_height_px];

export const DEFAULT_PREFS: ExportPrefs = { format: 'png', width: DEFAULT_W, height: DEFAULT_H, hidpi: false, theme: 'screen' };

export const SIZE_PRESETS: readonly { label: string; width: number; height: number }[] = [
  { label: `Slide 16:9 (${DEFAULT_W} × ${DEFAULT_H})`, width: DEFAULT_W, height: DEFAULT_H },
  { label: 'Full HD (1920 × 1080)', width: 1920, height: 1080 },
  { label: 'Document (1200 × 675)', width: 1200, height: 675 },
  { label: 'Square (1200 × 1200)', width: 1200, height: 1200 },
  { label: 'Small (800 × 450)', width: 800, height: 450 },
];

export const FORMATS: readonly { id: ExportFormat; label: string; hint: string }[] = [
  { id: 'png', label: 'PNG', hint: 'image for slides and documents' },
  { id: 'svg', label: 'SVG', hint: 'vector image, sharp at any size' },
  { id: 'csv', label: 'CSV', hint: 'the series, units in the headers' },
  { id: 'json', label: 'JSON', hint: 'the chart description' },
];

function pixelSpec(field: 'Width' | 'Height'): FieldSpec {
  const r = field === 'Width' ? EXPORT.width_px : EXPORT.height_px;
  return {
    min: r.min,
    max: r.max,
    integer: true,
    message: `${field} must be a whole number of pixels from ${r.min.toLocaleString('en-US')} to ${r.max.toLocaleString('en-US')}.`,
  };
}

/** Checks a typed width or height; the message names the field and the range. */
export function checkPixels(field: 'Width' | 'Height', text: string): { ok: true; value: number } | { ok: false; message: string } {
  const checked = checkField(pixelSpec(field), text);
  if (!checked.ok) return checked;
  return { ok: true, value: checked.value ?? DEFAULT_PREFS.width };
}

const FORMAT_IDS = new Set<string>(FORMATS.map((f) => f.id));

/** Reads stored preferences, keeping only what is still valid (a stale or edited value falls back). */
export function parsePrefs(raw: string | null): ExportPrefs {
  const prefs = { ...DEFAULT_PREFS };
  if (!raw) return prefs;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return prefs;
  }
  if (typeof v !== 'object' || v === null) return prefs;
  const o = v as Record<string, unknown>;
  if (typeof o.format === 'string' && FORMAT_IDS.has(o.format)) prefs.format = o.format as ExportFormat;
  const ok = (n: unknown, r: { min: number; max: number }): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= r.min && n <= r.max;
  if (ok(o.width, EXPORT.width_px) && ok(o.height, EXPORT.height_px)) {
    prefs.width = o.width;
    prefs.height = o.height;
  }
  if (typeof o.hidpi === 'boolean') prefs.hidpi = o.hidpi;
  if (o.theme === 'screen' || o.theme === 'light' || o.theme === 'dark') prefs.theme = o.theme;
  return prefs;
}

const KEY = 'costscope.exportPrefs';

export function loadPrefs(): ExportPrefs {
  try {
    return parsePrefs(localStorage.getItem(KEY));
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(prefs: ExportPrefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Remembering the choice is a convenience; the export itself does not depend on it.
  }
}

/** The renderer's options for these preferences; "screen" follows the window's theme. */
export function lookOf(prefs: ExportPrefs, screenDark: boolean): ChartLook {
  const theme = prefs.theme === 'screen' ? (screenDark ? 'dark' : 'light') : prefs.theme;
  return { width: prefs.width, height: prefs.height, scale: prefs.hidpi ? 2 : 1, theme };
}

/** A file name from the scenario and chart: lower case, dashes, no path characters. */
export function fileSlug(...parts: string[]): string {
  const slug = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'costscope';
}
