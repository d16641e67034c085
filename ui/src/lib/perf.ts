// Latency instrumentation read by the end-to-end harness through WebDriver:
// window.__costscopePerf = { samples, firstChartMs, … }. A sample is the time from a slider's
// `input` event to the end of the paint of the first frame after its `screen` result was applied
// to the figures and the charts. The harness may replace `samples` with a new array at any time.

import { installChartFloor } from './chartFloor';

export interface CostscopePerf {
  samples: number[];
  /** Per rendered result: the `screen` round trip (request to response), ms. */
  ipcMs: number[];
  /** Per rendered result: applying it to figures and charts (flushSync + setOption), ms. */
  applyMs: number[];
  /** Input to the start of the frame that shows the result, ms. */
  frameMs: number[];
  /** That frame's style, layout and paint (start of frame to the task after it), ms. */
  paintMs: number[];
  /** Every slider input's event time (not only the rendered ones): the input rate, ms. */
  inputAt: number[];
  /** Per chart (by test id): the time of each redraw (ECharts setOption), ms. */
  chartMs: Record<string, number[]>;
  firstChartMs: number | null;
}

declare global {
  interface Window {
    __costscopePerf?: CostscopePerf;
    /** The drawn ends of a chart's axes, by test id: `{x: [lo, hi], y: [[lo, hi], …]}`. */
    __costscopeAxes?: (testid: string) => { x: number[]; y: number[][] } | null;
    /** The number of series a drawn chart holds, by test id. */
    __costscopeSeries?: (testid: string) => number | null;
  }
}

const MAX_SAMPLES = 10_000;

function perf(): CostscopePerf {
  if (!window.__costscopePerf) window.__costscopePerf = { samples: [], ipcMs: [], applyMs: [], frameMs: [], paintMs: [], inputAt: [], chartMs: {}, firstChartMs: null };
  return window.__costscopePerf;
}

/** Creates the object early so the harness can read it before anything was measured. */
export function initPerf(): void {
  perf();
  installChartFloor();
}

function push(list: number[], v: number) {
  list.push(v);
  if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
}

// A task posted from a frame callback runs once that frame's style, layout and paint are done:
// the usual way to observe "painted" from a page.
const afterPaint = new MessageChannel();
const afterPaintQueue: (() => void)[] = [];
afterPaint.port1.onmessage = () => afterPaintQueue.shift()?.();

/**
 * Records the latency of the input made at `inputTime`: to the start of the next frame
 * (`frameMs`) and to the end of its paint (`samples`, the figure the budget is about).
 */
export function sampleAfterPaint(inputTime: number): void {
  requestAnimationFrame(() => {
    const p = perf();
    const frameStart = performance.now();
    push((p.frameMs ??= []), frameStart - inputTime);
    afterPaintQueue.push(() => {
      const painted = performance.now();
      if (!Array.isArray(p.samples)) p.samples = [];
      push(p.samples, painted - inputTime);
      push((p.paintMs ??= []), painted - frameStart);
    });
    afterPaint.port2.postMessage(null);
  });
}

/** Once, after the first chart painted: sets firstChartMs and `data-ready="1"` on <body>. */
export function markReadyAfterPaint(): void {
  if (document.body.dataset.ready === '1' || readyPending) return;
  readyPending = true;
  requestAnimationFrame(() => {
    const p = perf();
    if (p.firstChartMs === null) p.firstChartMs = performance.now();
    document.body.dataset.ready = '1';
  });
}
let readyPending = false;

/** Records where the time of one rendered result went (see CostscopePerf). */
export function recordParts(ipcMs: number, applyMs: number): void {
  const p = perf();
  for (const [list, v] of [[(p.ipcMs ??= []), ipcMs], [(p.applyMs ??= []), applyMs]] as const) {
    list.push(v);
    if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
  }
}

/** Records a slider input's event time (see `inputAt`). */
export function recordInput(inputTime: number): void {
  push((perf().inputAt ??= []), inputTime);
}

/** Records how long a chart's redraw took (see `chartMs`). */
export function recordChart(testid: string, ms: number): void {
  const p = perf();
  p.chartMs ??= {};
  push((p.chartMs[testid] ??= []), ms);
}

/** What `__costscopeAxes` reads a drawn chart through (ECharts' model: the axes as drawn). */
interface DrawnChart {
  getModel(): { getComponent(kind: string, index: number): { axis?: { scale: { getExtent(): number[] } } } | undefined };
  getOption(): { series?: unknown };
}

const drawn = new Map<string, DrawnChart>();

/**
 * Lets the harness read the axis ends a chart was drawn with (compared there with the exported
 * chart's). Read on demand, so it costs the frames nothing.
 */
export function registerChart(testid: string, chart: DrawnChart | null): void {
  if (chart) drawn.set(testid, chart);
  else drawn.delete(testid);
  window.__costscopeAxes ??= (id: string) => {
    const c = drawn.get(id);
    if (!c) return null;
    const extent = (kind: string, i: number) => c.getModel().getComponent(kind, i)?.axis?.scale.getExtent() ?? null;
    const x = extent('xAxis', 0);
    if (!x) return null;
    const y: number[][] = [];
    for (let i = 0; ; i++) {
      const e = extent('yAxis', i);
      if (!e) break;
      y.push(e);
    }
    return { x, y };
  };
  // How many series a chart was drawn with: the cost chart's band adds two.
  window.__costscopeSeries ??= (id: string) => {
    const series = drawn.get(id)?.getOption().series;
    return Array.isArray(series) ? series.length : null;
  };
}
