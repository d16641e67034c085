// Human-readable numbers with units, to the same rules as the core's `format.rs` ("$5.58 M",
// "56.7 days", "2.79 M GPU-hours"), so a figure reads the same in the app, the CLI and an
// exported chart. Digits are grouped with Intl.NumberFormat (en-US); the 3-significant-digit
// rounding is done here exactly as the core does it. Formatting only: no cost rule lives here.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: true });

/** Rounds half away from zero, like Rust's `f64::round`. */
function roundHalfAway(v: number): number {
  return Math.sign(v) * Math.round(Math.abs(v));
}

/** 10^e computed the way the core's `powi` does (an exact power, then a reciprocal). */
function pow10(e: number): number {
  return e >= 0 ? 10 ** e : 1 / 10 ** -e;
}

/** Rounds to `digits` significant digits. */
export function significant(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const factor = pow10(digits - 1 - magnitude);
  return roundHalfAway(v * factor) / factor;
}

/** Rust's `{:e}`: "1e16", "1.5e-4". */
function exponential(v: number): string {
  return v.toExponential().replace('e+', 'e');
}

/** Thousands separators and at most 3 decimals, trailing zeros dropped: 1000000 → "1,000,000". */
export function plainNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf';
  if (Math.abs(v) >= 1e15 || (v !== 0 && Math.abs(v) < 1e-3)) return exponential(v);
  const sign = v < 0 ? '-' : '';
  const abs = Math.abs(v);
  let whole = Math.trunc(abs);
  let frac = Math.round((abs - whole) * 1000);
  if (frac === 1000) {
    whole += 1;
    frac = 0;
  }
  let out = sign + grouped.format(whole);
  if (frac > 0) out += '.' + String(frac).padStart(3, '0').replace(/0+$/, '');
  return out;
}

/** Three significant digits without trailing zeros after the point: 5.576 → "5.58". */
export function threeDigits(v: number): string {
  const r = significant(v, 3);
  const abs = Math.abs(r);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = r.toFixed(decimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

const SCALES: ReadonlyArray<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** Scales to K / M / B / T with 3 significant digits: 5576000 → ["5.58", "M"]. */
export function compact(v: number): [string, string] {
  const abs = Math.abs(v);
  for (const [scale, suffix] of SCALES) {
    if (significant(abs, 3) >= scale) return [threeDigits(v / scale), suffix];
  }
  return [threeDigits(v), ''];
}

/**
 * Money to three significant figures, trailing zeros kept so that amounts side by side read
 * alike: "$5.58 M", "$950", "$1.20 B", "$5.00", "$0.389" (the core's `format::usd`).
 */
export function usd(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '$0';
  const [, s] = compact(v);
  const scale = SCALES.find(([, suffix]) => suffix === s)?.[0] ?? 1;
  const n = threeSignificant(v / scale);
  return s === '' ? `$${n}` : `$${n} ${s}`;
}

/** Exactly three significant figures, trailing zeros kept: 5 → "5.00", 0.0377 → "0.0377". */
function threeSignificant(v: number): string {
  const r = significant(v, 3);
  const magnitude = Math.floor(Math.log10(Math.abs(r)));
  return r.toFixed(Math.max(0, 2 - magnitude));
}

/** An axis tick in dollars, short: "$5 M", "$2.5 M", "$950" (the core's `format::usd_tick`). */
export function usdTick(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const [n, s] = compact(v);
  if (s === '') {
    if (Math.abs(v) < 1 && v !== 0) return `$${n}`;
    return `$${plainNumber(roundHalfAway(v))}`;
  }
  return `$${n} ${s}`;
}

/** "56.7 days", "1 day", "12 hours" for runs under a day. */
export function days(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v < 1) return `${threeDigits(v * 24)} hours`;
  const n = v >= 1000 ? plainNumber(roundHalfAway(v)) : threeDigits(v);
  return n === '1' ? '1 day' : `${n} days`;
}

/** "2.79 M GPU-hours". */
export function gpuHours(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const [n, s] = compact(v);
  return s === '' ? `${n} GPU-hours` : `${n} ${s} GPU-hours`;
}

/** "33.2 %" from a fraction. */
export function percent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${threeDigits(fraction * 100)} %`;
}

/** "4.85 GWh", "920 kWh". */
export function energyKwh(kwh: number): string {
  if (!Number.isFinite(kwh)) return '—';
  const abs = Math.abs(kwh);
  if (abs >= 1e6) return `${threeDigits(kwh / 1e6)} GWh`;
  if (abs >= 1e3) return `${threeDigits(kwh / 1e3)} MWh`;
  return `${threeDigits(kwh)} kWh`;
}

/** "1,780 t CO2e". */
export function co2Tonnes(t: number): string {
  if (!Number.isFinite(t)) return '—';
  const n = t >= 1000 ? plainNumber(roundHalfAway(t)) : threeDigits(t);
  return `${n} t CO2e`;
}

/** "2,048 GPUs", "1 GPU". */
export function gpus(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n === 1 ? '1 GPU' : `${plainNumber(n)} GPUs`;
}

/** A count with a K/M/B/T suffix: 3.7e10 → "37 B", 1.48e13 → "14.8 T". */
export function count(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const [n, s] = compact(v);
  return s === '' ? n : `${n} ${s}`;
}

/** "$0.377 per M tokens". */
export function usdPerMillionTokens(v: number | null): string {
  return v === null ? '—' : `${usd(v)} per M tokens`;
}

/** "3.29e24 FLOPs". */
export function flops(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return `${v.toExponential(2).replace('e+', 'e')} FLOPs`;
}

/**
 * A number as the editor's typed fields show it: grouped, at most `maxDecimals` decimals,
 * trailing zeros dropped ("2,048", "56.72", "0.08").
 */
export function editNumber(v: number, maxDecimals: number): string {
  if (!Number.isFinite(v)) return '';
  if (Math.abs(v) >= 1e15) return exponential(v);
  let f = editFormats.get(maxDecimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals, useGrouping: true });
    editFormats.set(maxDecimals, f);
  }
  return f.format(v);
}
const editFormats = new Map<number, Intl.NumberFormat>();

/**
 * A large count as the editor's typed fields show it, with a suffix that parses back:
 * 3.7e10 → "37 B", 1.48e13 → "14.8 T", 1234 → "1,234".
 */
export function editCount(v: number): string {
  if (!Number.isFinite(v)) return '';
  for (const [scale, suffix] of SCALES) {
    if (Math.abs(v) >= scale) return `${editNumber(v / scale, 4)} ${suffix}`;
  }
  return editNumber(v, 4);
}

/** A price as the editor shows it: at least 2 decimals, at most 3 ("2.00", "0.085"). */
export function editMoney(v: number): string {
  if (!Number.isFinite(v)) return '';
  return moneyFormat.format(v);
}
const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 3 });

/**
 * A value written for an axis unit, as the core's `chart::format_value` does (ticks and
 * exported charts): usd "$5.58 M", days "57" (one decimal under 10), count "2,048",
 * percent "33.2 %" (from a fraction), none: a plain number.
 */
export function axisValue(unit: 'usd' | 'days' | 'count' | 'percent' | 'none', v: number): string {
  switch (unit) {
    case 'usd':
      return usd(v);
    case 'days':
      return plainNumber(v >= 10 ? roundHalfAway(v) : roundHalfAway(v * 10) / 10);
    case 'count':
      return plainNumber(roundHalfAway(v));
    case 'percent':
      return percent(v);
    default:
      return plainNumber(v);
  }
}
