// What the user types, turned into numbers: "37B", "37e9", "405 B", "14.8T", " 2,048 ", "$2.50",
// "33 %". Parsing and range checks only; the backend validates again before anything is used.

/** Powers of ten of the multipliers: 37B = 37e9 (parsed as decimal text, so exactly). */
const SUFFIX: Record<string, number> = { k: 3, m: 6, b: 9, g: 9, t: 12 };

// A decimal number with an optional exponent, then an optional K/M/B/T suffix.
const NUMBER = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgt])?$/i;

export interface ParseOptions {
  /** Accept K / M / B / T multipliers ("37B"). */
  suffixes?: boolean;
}

/**
 * Parses a typed number, or returns null when the text is not one. Commas between digit groups,
 * surrounding spaces, a leading "$" and a trailing "%" are ignored (the field says the unit).
 */
export function parseNumber(text: string, options: ParseOptions = {}): number | null {
  let t = text.trim();
  if (t.startsWith('$')) t = t.slice(1).trim();
  if (t.endsWith('%')) t = t.slice(0, -1).trim();
  // Thousands separators: "2,048" and "1,000,000.5"; a comma elsewhere is not a number.
  if (t.includes(',')) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?(\s*[a-z])?$/i.test(t)) return null;
    t = t.replace(/,/g, '');
  }
  const m = NUMBER.exec(t);
  if (!m) return null;
  let value = Number(m[1]);
  if (m[2]) {
    if (!options.suffixes) return null;
    const [mantissa, exponent = '0'] = m[1].toLowerCase().split('e');
    value = Number(`${mantissa}e${Number(exponent) + SUFFIX[m[2].toLowerCase()]}`);
  }
  return Number.isFinite(value) ? value : null;
}

/** How a typed field is checked, and what the user is told when it is wrong. */
export interface FieldSpec {
  /** Smallest and largest value the field accepts, in the units shown (e.g. % for MFU). */
  min: number;
  max: number;
  integer?: boolean;
  suffixes?: boolean;
  /** Empty is allowed and means "not set". */
  optional?: boolean;
  /** Shown under the field; names the allowed range. */
  message: string;
}

export type Checked = { ok: true; value: number | null } | { ok: false; message: string };

/** Parses and range-checks a typed value (in the units shown). */
export function checkField(spec: FieldSpec, text: string): Checked {
  if (text.trim() === '') {
    return spec.optional ? { ok: true, value: null } : { ok: false, message: spec.message };
  }
  const v = parseNumber(text, { suffixes: spec.suffixes });
  if (v === null || v < spec.min || v > spec.max || (spec.integer && !Number.isInteger(v))) {
    return { ok: false, message: spec.message };
  }
  return { ok: true, value: v };
}
