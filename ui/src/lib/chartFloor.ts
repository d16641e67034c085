// What an ECharts redraw costs on this machine whatever the app draws, for the slider benchmark
// (window.__costscopeChartFloor, called through WebDriver, never by the app itself): data-only
// updates of plain charts in a box the size of the cost chart, from a bare line to the cost
// chart's shape without its styling. The app's own redraw (perf's `chartMs`) is read against
// these, as the app's frame is read against the paint floor: on a machine without a GPU the
// absolute figures say little, the ratio says what the app adds.

import { echarts } from './charts';

export interface ChartFloor {
  box_css_px: [number, number];
  redraws: number;
  /** Mean ms of one `setOption` (lazyUpdate: false, so the canvas is drawn) per variant. */
  mean_ms: Record<string, number>;
}

declare global {
  interface Window {
    __costscopeChartFloor?: (boxTestid: string, redraws: number) => Promise<ChartFloor>;
  }
}

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

const POINTS = 200;

/** A curve over 1 … 10⁵ GPUs, scaled by `k` so that every redraw draws something new. */
function curve(k: number, bend: number): number[][] {
  return Array.from({ length: POINTS }, (_, i) => {
    const x = 10 ** ((i / (POINTS - 1)) * 5);
    return [x, k * (1 + bend * Math.log10(x))];
  });
}

const VARIANTS: Record<string, (k: number) => Option> = {
  // setOption's own bookkeeping: nothing to draw.
  nothing: () => ({ animation: false }),
  line_no_axes: (k) => ({
    animation: false,
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'value', show: false },
    series: [{ type: 'line', showSymbol: false, silent: true, data: curve(k, 0.3) }],
  }),
  line_value_axes: (k) => ({
    animation: false,
    xAxis: { type: 'value' },
    yAxis: { type: 'value' },
    series: [{ type: 'line', showSymbol: false, silent: true, data: curve(k, 0.3) }],
  }),
  // The cost chart's shape: two series on a log x axis and two value axes, default styling.
  two_lines_log_x_two_y_axes: (k) => ({
    animation: false,
    xAxis: { type: 'log', logBase: 10 },
    yAxis: [{ type: 'value' }, { type: 'value', position: 'right', splitLine: { show: false } }],
    series: [
      { type: 'line', showSymbol: false, silent: true, data: curve(k, 0.3) },
      { type: 'line', showSymbol: false, silent: true, yAxisIndex: 1, data: curve(k, -0.15) },
    ],
  }),
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(boxTestid: string, redraws: number): Promise<ChartFloor> {
  const box = document.querySelector(`[data-testid='${boxTestid}']`)?.getBoundingClientRect();
  const width = Math.max(100, Math.round(box?.width ?? 800));
  const height = Math.max(100, Math.round(box?.height ?? 320));
  const el = document.createElement('div');
  // Laid out and painted like a chart of the page, over it, for the few seconds this takes.
  el.style.cssText = `position:fixed;left:0;top:0;width:${width}px;height:${height}px;z-index:1000;background:#fff`;
  document.body.appendChild(el);
  const mean_ms: Record<string, number> = {};
  try {
    for (const [name, option] of Object.entries(VARIANTS)) {
      const chart = echarts.init(el, null, { renderer: 'canvas' });
      try {
        chart.setOption(option(1), { notMerge: true, lazyUpdate: false });
        const warmUp = 20;
        let total = 0;
        for (let i = 0; i < warmUp + redraws; i++) {
          const next = option(1 + (i % 2) * 0.01) as { series?: unknown };
          const started = performance.now();
          chart.setOption({ series: next.series ?? [] } as Option, { lazyUpdate: false });
          if (i >= warmUp) total += performance.now() - started;
          // One redraw per task, as the slider's are.
          await pause(4);
        }
        mean_ms[name] = total / Math.max(1, redraws);
      } finally {
        chart.dispose();
      }
    }
  } finally {
    el.remove();
  }
  return { box_css_px: [width, height], redraws, mean_ms };
}

/** Installs the benchmark's hook (it costs nothing until called). */
export function installChartFloor(): void {
  window.__costscopeChartFloor = measure;
}
