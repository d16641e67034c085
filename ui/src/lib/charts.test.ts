import { describe, expect, it } from 'vitest';
import type { Chart } from '../bindings/Chart';
import { chartOption, DARK, frameKey, LIGHT, markerDot, seriesData, visualKey } from './charts';
import { axisValue } from './format';

const axis = (label: string, unit: Chart['x_axis']['unit'], scale: Chart['x_axis']['scale'], categories: string[] = []) => ({
  label,
  unit,
  scale,
  categories,
});

const COST: Chart = {
  kind: 'cost_vs_gpus',
  title: 'Cost and time against GPU count (same work)',
  subtitle: 'Holds the work',
  x_axis: axis('GPUs (log scale)', 'count', 'log'),
  y_axes: [axis('Total cost (USD)', 'usd', 'linear'), axis('Duration (days, log scale)', 'days', 'log')],
  series: [
    { name: 'Total cost (USD)', y_axis: 0, style: 'line', points: [[1, 5.576e6], [2048, 5.576e6]], highlight: null },
    { name: 'Duration (days)', y_axis: 1, style: 'line', points: [[1, 116_166], [2048, 56.7]], highlight: null },
  ],
  marker: { series: 0, x: 2048, y: 5.576e6, label: '2,048 GPUs · $5.58 M · 56.7 days' },
  footnote: 'x',
};

const bars = (kind: Chart['kind'], names: string[], values: number[], highlight: number | null): Chart => ({
  kind,
  title: kind,
  subtitle: '',
  x_axis: axis('Scenario', 'none', 'category', names),
  y_axes: [axis('Total cost (USD)', 'usd', 'linear')],
  series: [{ name: 'Total cost (USD)', y_axis: 0, style: 'bar', points: values.map((v, i) => [i, v]), highlight }],
  marker: null,
  footnote: '',
});

type Loose = Record<string, any>;

describe('drawing chart descriptions', () => {
  it('draws a line chart with its axes, units and the current point', () => {
    const o = chartOption(COST, LIGHT) as Loose;
    expect(o.animation).toBe(false);
    expect(o.xAxis.type).toBe('log');
    expect(o.xAxis.name).toBe('GPUs (log scale)');
    expect(o.yAxis.map((a: Loose) => a.type)).toEqual(['value', 'log']);
    expect(o.yAxis[1].position).toBe('right');
    expect(o.yAxis[0].axisLabel.formatter(5.576e6)).toBe('$5.58 M');
    expect(o.series[0].data).toEqual(COST.series[0].points);
    expect(o.series[1].yAxisIndex).toBe(1);
    // The current point is laid over the canvas (see Chart.svelte), on the marked series' axis.
    expect(o.series[0].markPoint).toBeUndefined();
    expect(markerDot(COST, LIGHT)).toEqual({ x: 2048, y: 5.576e6, yAxisIndex: 0, color: LIGHT.cost, ring: LIGHT.tooltipBg });
    expect(markerDot({ ...COST, marker: { ...COST.marker!, series: 1 } }, DARK)?.yAxisIndex).toBe(1);
    expect(markerDot({ ...COST, marker: null }, LIGHT)).toBeNull();
  });

  it("draws the core's fitted axis ends and ticks, as the exporter does", () => {
    const fitted: Chart = {
      ...COST,
      x_axis: { ...COST.x_axis, ticks: { lo: 1, hi: 5000, majors: [1, 10, 100, 1000], minors: [2, 3] } },
      y_axes: [
        { ...COST.y_axes[0], ticks: { lo: 0, hi: 6e6, majors: [0, 2e6, 4e6, 6e6], minors: [] } },
        COST.y_axes[1],
      ],
    };
    const o = chartOption(fitted, LIGHT) as Loose;
    expect([o.xAxis.min, o.xAxis.max]).toEqual([1, 5000]);
    // Log axes label the core's values, not only ECharts' powers of ten.
    expect(o.xAxis.axisLabel.customValues).toEqual([1, 10, 100, 1000]);
    expect(o.xAxis.axisLabel.formatter(1000)).toBe('1,000');
    expect([o.yAxis[0].min, o.yAxis[0].max, o.yAxis[0].interval]).toEqual([0, 6e6, 2e6]);
    // An axis the core did not fit is left to ECharts.
    expect(o.yAxis[1].min).toBeUndefined();
    const unfitted = chartOption(COST, LIGHT) as Loose;
    expect([unfitted.xAxis.min, unfitted.xAxis.max]).toEqual(['dataMin', 'dataMax']);
  });

  it('redraws a line chart only when more than the current point moved', () => {
    const moved: Chart = {
      ...COST,
      series: COST.series.map((s) => ({ ...s, points: [s.points[0], [1024, s.points[1][1]], s.points[1]] as [number, number][] })),
      marker: { ...COST.marker!, x: 1024 },
    };
    // Only the inserted current point differs: same picture, the dot moves.
    const withoutPoint: Chart = { ...COST, series: COST.series.map((s) => ({ ...s, points: [s.points[0], s.points[1]] })) };
    expect(visualKey({ ...moved, series: moved.series.map((s) => ({ ...s, points: s.points.filter((p) => p[0] !== 1024) })) })).toBe(
      visualKey({ ...withoutPoint, marker: { ...COST.marker!, x: 1024 } }),
    );
    expect(visualKey(moved)).toBe(visualKey({ ...COST, marker: { ...COST.marker!, x: 1024 } }));
    // A changed curve (e.g. another duration) redraws.
    const longer: Chart = { ...COST, series: [COST.series[0], { ...COST.series[1], points: [[1, 232_332], [2048, 113.4]] }] };
    expect(visualKey(longer)).not.toBe(visualKey(COST));
    expect(visualKey({ ...COST, y_axes: [COST.y_axes[0], { ...COST.y_axes[1], scale: 'linear' }] })).not.toBe(visualKey(COST));
  });

  it('updates only the data when nothing else about the chart changed', () => {
    const longer: Chart = { ...COST, series: [COST.series[0], { ...COST.series[1], points: [[1, 232_332], [2048, 113.4]] }] };
    const [a, b] = [chartOption(COST, LIGHT), chartOption(longer, LIGHT)];
    expect(frameKey(a)).toBe(frameKey(b));
    expect(seriesData(b)).toEqual({ series: [{ data: COST.series[0].points }, { data: longer.series[1].points }] });
    // Another colour scheme, another axis kind or another series name is a full update.
    expect(frameKey(chartOption(COST, DARK))).not.toBe(frameKey(a));
    expect(frameKey(chartOption({ ...COST, y_axes: [COST.y_axes[0], { ...COST.y_axes[1], scale: 'linear' }] }, LIGHT))).not.toBe(frameKey(a));
    expect(frameKey(chartOption({ ...COST, series: [{ ...COST.series[0], name: 'Other' }, COST.series[1]] }, LIGHT))).not.toBe(frameKey(a));
    // Bars: the names are not series data, so new names are a full update.
    expect(frameKey(chartOption(bars('compare', ['A'], [1], null), LIGHT))).not.toBe(frameKey(chartOption(bars('compare', ['B'], [1], null), LIGHT)));
  });

  it('writes tooltips from the hovered points, so a data-only update keeps them right', () => {
    const tip = (chartOption(COST, LIGHT) as Loose).tooltip.formatter as (p: unknown) => string;
    const text = tip([
      { seriesIndex: 0, value: [1024, 2.79e6] },
      { seriesIndex: 1, value: [1024, 113.4] },
    ]);
    expect(text).toContain('1,024');
    expect(text).toContain('Total cost (USD): $2.79 M');
    expect(text).toContain('Duration (days): 113 days');
    expect(tip([])).toBe('');
  });

  it('falls back to a linear axis when a log axis would get a value ≤ 0', () => {
    const zero: Chart = { ...COST, series: [COST.series[0], { ...COST.series[1], points: [[1, 0], [2, 5]] }] };
    expect((chartOption(zero, DARK) as Loose).yAxis[1].type).toBe('value');
  });

  it('draws category charts as horizontal bars, the highlighted one in the accent colour', () => {
    const o = chartOption(bars('compare', ['Plan B', 'DeepSeek-V3'], [2e6, 5.576e6], 1), LIGHT) as Loose;
    expect(o.yAxis.type).toBe('category');
    expect(o.yAxis.data).toEqual(['Plan B', 'DeepSeek-V3']);
    expect(o.series[0].data.map((d: Loose) => d.value)).toEqual([2e6, 5.576e6]);
    expect(o.series[0].data[1].itemStyle.color).toBe(LIGHT.current);
    expect(o.series[0].data[0].itemStyle.color).toBe(LIGHT.bar);
    expect(o.series[0].label.show).toBe(true);
    expect((chartOption(bars('compare', [], [], null), LIGHT) as Loose).title.show).toBe(true);
  });

  it('skips redrawing a breakdown whose proportions did not change', () => {
    const a = visualKey(bars('breakdown', ['Hardware', 'Electricity'], [3e6, 1e6], null));
    const b = visualKey(bars('breakdown', ['Hardware', 'Electricity'], [6e6, 2e6], null));
    const c = visualKey(bars('breakdown', ['Hardware', 'Electricity'], [6e6, 3e6], null));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    // The comparison writes its amounts, so any change redraws it.
    expect(visualKey(bars('compare', ['A'], [1], null))).not.toBe(visualKey(bars('compare', ['A'], [2], null)));
  });

  it('writes axis values as the exporter does', () => {
    expect(axisValue('usd', 5.576e6)).toBe('$5.58 M');
    expect(axisValue('days', 56.72)).toBe('57');
    expect(axisValue('days', 5.66)).toBe('5.7');
    expect(axisValue('count', 2048)).toBe('2,048');
    expect(axisValue('percent', 0.332)).toBe('33.2 %');
    expect(axisValue('none', 1.5)).toBe('1.5');
  });
});
