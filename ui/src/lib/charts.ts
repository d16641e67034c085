// ECharts, imported in parts (line, bar, grid, tooltip, title; canvas renderer only),
// drawing the backend's chart descriptions (`Screen.charts`: axes with units and scales, series,
// the current point). The exporter draws the same descriptions, so what is exported is what is
// on screen. Nothing is computed here beyond picking colours and formatting values.

import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';

import type { Chart } from '../bindings/Chart';
import type { Unit } from '../bindings/Unit';
import * as fmt from './format';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  CanvasRenderer,
]);

export { echarts };

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | TitleComponentOption
>;

export const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, Cantarell, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif';

export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  cost: string;
  days: string;
  bar: string;
  current: string;
  tooltipBg: string;
  tooltipBorder: string;
}

export const LIGHT: ChartTheme = {
  dark: false,
  text: '#1f2328',
  muted: '#5b6470',
  grid: '#e6e9ee',
  axis: '#c4cad3',
  cost: '#2563eb',
  days: '#c2410c',
  bar: '#94a3b8',
  current: '#2563eb',
  tooltipBg: '#ffffff',
  tooltipBorder: '#d0d7de',
};

export const DARK: ChartTheme = {
  dark: true,
  text: '#e6e8eb',
  muted: '#9aa4b2',
  grid: '#2a3038',
  axis: '#3d4550',
  cost: '#60a5fa',
  days: '#fb923c',
  bar: '#64748b',
  current: '#60a5fa',
  tooltipBg: '#1f242b',
  tooltipBorder: '#3d4550',
};

function base(t: ChartTheme): ChartOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT, fontSize: 11, color: t.text },
    tooltip: {
      confine: true,
      backgroundColor: t.tooltipBg,
      borderColor: t.tooltipBorder,
      textStyle: { color: t.text, fontFamily: FONT, fontSize: 12 },
      transitionDuration: 0,
    },
  };
}

function axisStyle(t: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: t.axis } },
    axisTick: { lineStyle: { color: t.axis } },
    axisLabel: { color: t.muted, fontFamily: FONT, fontSize: 11 },
    splitLine: { lineStyle: { color: t.grid } },
    nameTextStyle: { color: t.muted, fontFamily: FONT, fontSize: 11 },
  };
}

/** Colours of a chart's series, in order (the first is the accent). */
function seriesColor(t: ChartTheme, i: number): string {
  return i === 0 ? t.cost : i === 1 ? t.days : t.bar;
}

/** Tick labels exactly as the exporter writes them (`chart::format_tick`): "$5 M", "1,000". */
function tickFormatter(unit: Unit): (v: number) => string {
  return unit === 'usd' ? fmt.usdTick : (v) => fmt.axisValue(unit, v);
}

/** A value in a tooltip, with its unit. */
function valueText(unit: Unit, v: number): string {
  switch (unit) {
    case 'usd':
      return fmt.usd(v);
    case 'days':
      return fmt.days(v);
    case 'count':
      return fmt.plainNumber(Math.round(v));
    case 'percent':
      return fmt.percent(v);
    default:
      return fmt.plainNumber(v);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The ECharts option for a chart description. Numeric x axes draw as they are (log or linear,
 * one or two value axes, the marker as a point); category charts draw as horizontal bars
 * (names read better down the side), the highlighted bar in the accent colour.
 */
export function chartOption(c: Chart, t: ChartTheme): ChartOption {
  return c.x_axis.scale === 'category' ? barOption(c, t) : lineOption(c, t);
}

interface FittedParts<L, T> {
  min?: number | 'dataMin';
  max?: number | 'dataMax';
  interval?: number;
  axisLabel: L & { customValues?: number[] };
  axisTick: T & { customValues?: number[] };
}

/**
 * An axis' ends and ticks as the core fitted them (`Axis.ticks`), which the exporter draws too:
 * the same ends, and labels at the same values (a step on linear axes; the values themselves on
 * log axes, where ECharts would otherwise label only powers of ten). Without them ECharts fits
 * its own, from `fallback`.
 */
function fittedAxis<L extends object, T extends object>(
  a: Chart['x_axis'],
  log: boolean,
  fallback: { min?: 'dataMin'; max?: 'dataMax' },
  axisLabel: L,
  axisTick: T,
): FittedParts<L, T> {
  const k = a.ticks;
  if (!k || k.majors.length === 0) return { ...fallback, axisLabel, axisTick };
  if (log) {
    return {
      min: k.lo,
      max: k.hi,
      axisLabel: { ...axisLabel, customValues: k.majors },
      axisTick: { ...axisTick, customValues: k.majors },
    };
  }
  const interval = k.majors.length > 1 ? k.majors[1] - k.majors[0] : k.hi - k.lo;
  return { min: k.lo, max: k.hi, interval, axisLabel, axisTick };
}

function lineOption(c: Chart, t: ChartTheme): ChartOption {
  const ax = axisStyle(t);
  const positiveOn = (axis: number) =>
    c.series.every((s) => s.y_axis !== axis || s.points.every((p) => p[1] > 0)) &&
    (c.marker === null || c.series[c.marker.series]?.y_axis !== axis || c.marker.y > 0);
  const xLog = c.x_axis.scale === 'log' && c.series.every((s) => s.points.every((p) => p[0] > 0));
  // Values come from the hovered points themselves, not from `c`: a data-only update (see
  // `frameKey`) keeps this function while the series change.
  const tooltip = (params: unknown): string => {
    const list = params as Array<{ seriesIndex: number; value: unknown }>;
    // A band's high edge carries its own value third (see `bandSeries`).
    const at = (p: { value: unknown } | undefined): [number, number] | null =>
      Array.isArray(p?.value) && p.value.length >= 2
        ? [Number(p.value[0]), Number(p.value[p.value.length >= 3 ? 2 : 1])]
        : null;
    const first = at(list[0]);
    if (!first) return '';
    const rows = list.map((p) => {
      const s = c.series[p.seriesIndex];
      const y = at(p)?.[1];
      const unit = c.y_axes[s?.y_axis ?? 0]?.unit ?? 'none';
      return s && y !== undefined ? `${escapeHtml(s.name)}: ${valueText(unit, y)}` : '';
    });
    return `<b>${escapeHtml(c.x_axis.label)}: ${valueText(c.x_axis.unit, first[0])}</b><br>${rows.join('<br>')}`;
  };
  return {
    ...base(t),
    grid: { left: 64, right: c.y_axes.length > 1 ? 56 : 16, top: 28, bottom: 36 },
    tooltip: { ...base(t).tooltip, trigger: 'axis', axisPointer: { type: 'line', lineStyle: { color: t.axis } }, formatter: tooltip },
    xAxis: {
      type: xLog ? 'log' : 'value',
      ...(xLog ? { logBase: 10 } : {}),
      name: c.x_axis.label,
      nameLocation: 'middle',
      nameGap: 22,
      ...ax,
      splitLine: { show: true, lineStyle: { color: t.grid } },
      ...fittedAxis(
        c.x_axis,
        xLog,
        { min: 'dataMin', max: 'dataMax' },
        { ...ax.axisLabel, formatter: tickFormatter(c.x_axis.unit) },
        ax.axisTick,
      ),
    },
    yAxis: c.y_axes.map((a, i) => {
      const log = a.scale === 'log' && positiveOn(i);
      return {
        type: log ? ('log' as const) : ('value' as const),
        ...(log ? { logBase: 10 } : {}),
        position: i === 0 ? ('left' as const) : ('right' as const),
        name: a.label,
        nameGap: 10,
        ...ax,
        ...(i > 0 ? { splitLine: { show: false } } : {}),
        axisLine: { show: true, lineStyle: { color: seriesColor(t, c.series.findIndex((s) => s.y_axis === i)) } },
        ...fittedAxis(a, log, {}, { ...ax.axisLabel, formatter: tickFormatter(a.unit) }, ax.axisTick),
      };
    }),
    series: c.series.map((s, i) => {
      const yAxisIndex = Math.min(s.y_axis, c.y_axes.length - 1);
      if (s.style === 'band') return bandSeries(c, t, i, yAxisIndex);
      const color = seriesColor(t, i);
      return {
        name: s.name,
        type: s.style === 'bar' ? ('bar' as const) : ('line' as const),
        yAxisIndex,
        silent: true,
        showSymbol: false,
        lineStyle: { width: 2, color },
        itemStyle: { color },
        data: s.points,
      };
    }),
  };
}

/** How opaque a band is over the grid (the exporter's `BAND_OPACITY`, so exports match). */
const BAND_OPACITY = 0.2;

/**
 * One edge of a band (two consecutive `band` series: its low edge, then its high edge). ECharts
 * fills between stacked lines, so the high edge is drawn as its height above the low edge, with
 * the high value itself kept as a third coordinate for the tooltip. The band takes the colour of
 * the first line on its axis and lies under every line.
 */
function bandSeries(c: Chart, t: ChartTheme, i: number, yAxisIndex: number): LineSeriesOption {
  const s = c.series[i];
  const bandsBefore = c.series.slice(0, i).filter((x) => x.style === 'band').length;
  const isHigh = bandsBefore % 2 === 1;
  const line = Math.max(0, c.series.findIndex((x) => x.style === 'line' && x.y_axis === s.y_axis));
  const low = isHigh ? c.series[i - 1].points : [];
  const data = isHigh
    ? s.points.map((p, j) => [p[0], p[1] - (low[j]?.[1] ?? p[1]), p[1]])
    : s.points;
  return {
    name: s.name,
    type: 'line',
    yAxisIndex,
    stack: `band-${i - (isHigh ? 1 : 0)}`,
    silent: true,
    showSymbol: false,
    z: 1,
    lineStyle: { width: 0, opacity: 0 },
    ...(isHigh ? { areaStyle: { color: seriesColor(t, line), opacity: BAND_OPACITY } } : {}),
    data,
  };
}

function shortName(name: string): string {
  return name.length > 28 ? `${name.slice(0, 27)}…` : name;
}

function barOption(c: Chart, t: ChartTheme): ChartOption {
  const ax = axisStyle(t);
  const names = c.x_axis.categories;
  const s = c.series[0];
  const unit = c.y_axes[s?.y_axis ?? 0]?.unit ?? 'none';
  // Amounts are written at the bar ends, except on the breakdown, whose amounts are listed beside
  // it (so that its picture only changes when the proportions do).
  const valueLabels = c.kind !== 'breakdown';
  const values = names.map((_, i) => s?.points.find((p) => p[0] === i)?.[1] ?? 0);
  const tooltip = (p: unknown): string => {
    const i = (p as { dataIndex: number }).dataIndex;
    return names[i] === undefined ? '' : `${escapeHtml(names[i])}: ${valueText(unit, values[i])}`;
  };
  return {
    ...base(t),
    title: names.length === 0
      ? { show: true, text: 'Nothing to compare yet', left: 'center', top: 'middle', textStyle: { color: t.muted, fontFamily: FONT, fontSize: 12, fontWeight: 'normal' } }
      : { show: false },
    grid: { left: 8, right: valueLabels ? 64 : 12, top: 6, bottom: 6, containLabel: true },
    tooltip: { ...base(t).tooltip, trigger: 'item', formatter: tooltip },
    xAxis: {
      type: 'value',
      min: 0,
      max: 'dataMax',
      axisLabel: { show: false },
      axisTick: { show: false },
      axisLine: { show: false },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'category',
      show: names.length > 0,
      inverse: true,
      ...ax,
      axisTick: { show: false },
      splitLine: { show: false },
      data: names.map(shortName),
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        silent: false,
        label: valueLabels
          ? { show: true, position: 'right', color: t.text, fontFamily: FONT, fontSize: 11, formatter: (p: unknown) => valueText(unit, (p as { value: number }).value) }
          : { show: false },
        data: values.map((v, i) => ({
          value: v,
          itemStyle: {
            color: s?.highlight === i || (s?.highlight === null && c.kind === 'breakdown') ? t.current : t.bar,
            borderRadius: [0, 3, 3, 0],
          },
        })),
      },
    ],
  };
}

/**
 * Everything about an option but its series' data: when two options have the same frame key,
 * the second can be applied as a data-only update (`seriesData`), which spares ECharts merging
 * and checking the axes, styles and formatters again. Functions are left out of the key; the
 * ones `chartOption` makes depend only on what the key holds (names, units, axis kinds).
 */
export function frameKey(o: ChartOption): string {
  const series = Array.isArray(o.series) ? o.series : o.series ? [o.series] : [];
  return JSON.stringify({ ...o, series: series.map(({ data: _data, ...rest }) => rest) });
}

/** The series' data of an option, as a data-only update of a chart with the same frame key. */
export function seriesData(o: ChartOption): ChartOption {
  const series = Array.isArray(o.series) ? o.series : o.series ? [o.series] : [];
  return { series: series.map((s) => ({ data: s.data })) } as ChartOption;
}

/**
 * The current-scenario point of a line chart, drawn over the canvas by Chart.svelte so that
 * moving it alone does not redraw the chart.
 */
export interface MarkerDot {
  x: number;
  y: number;
  yAxisIndex: number;
  color: string;
  ring: string;
}

export function markerDot(c: Chart, t: ChartTheme): MarkerDot | null {
  const m = c.marker;
  if (!m || c.x_axis.scale === 'category') return null;
  const s = c.series[m.series];
  if (!s) return null;
  return { x: m.x, y: m.y, yAxisIndex: Math.min(s.y_axis, c.y_axes.length - 1), color: seriesColor(t, m.series), ring: t.tooltipBg };
}

/**
 * What a chart looks like, when that is cheaper to compare than to redraw. Equal keys draw the
 * same picture, so the redraw is skipped.
 * - Bar charts: names, highlight and bar lengths relative to the longest (to 0.1 %), plus the
 *   written amounts where there are any (e.g. the breakdown while the GPU count moves: every
 *   part grows alike).
 * - Line charts: axes and series without the marker's own point. The core adds the current GPU
 *   count to the series so that the marker sits on the line; that vertex lies on the curve
 *   between two of 200 log-spaced points, so leaving the previous one drawn is off by far less
 *   than a pixel. Moving the GPU count then only moves the marker.
 */
export function visualKey(c: Chart): string | undefined {
  if (c.x_axis.scale !== 'category') {
    const mx = c.marker?.x;
    return JSON.stringify([
      c.x_axis,
      c.y_axes,
      c.series.map((s) => [s.name, s.y_axis, s.style, s.points.filter((p) => p[0] !== mx)]),
    ]);
  }
  const s = c.series[0];
  const max = Math.max(0, ...(s?.points.map((p) => p[1]) ?? []));
  const bars = (s?.points ?? []).map((p) => (max > 0 ? Math.round((p[1] / max) * 1000) : 0));
  const amounts = c.kind === 'breakdown' ? [] : (s?.points ?? []).map((p) => p[1]);
  return JSON.stringify([c.x_axis.categories, s?.highlight ?? null, bars, amounts]);
}
