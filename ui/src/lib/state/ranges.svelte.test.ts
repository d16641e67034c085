import { describe, expect, it } from 'vitest';
import type { InputRange } from '../../bindings/InputRange';
import type { RangeChoice } from '../../bindings/RangeChoice';
import { Notices } from './notices.svelte';
import { Ranges } from './ranges.svelte';
import { h100Session } from './testing';

const PRICE: RangeChoice = { id: 'usd_per_gpu_hour', label: 'Price per GPU-hour', unit: '$/GPU-h', min: 0.01, max: 1000 };

describe('ranges', () => {
  it("a slider's toggle adds the range the core starts, then removes it, each one undo step", async () => {
    const asked: string[] = [];
    const started: InputRange = { low: 1, high: 4, distribution: 'lognormal' };
    const session = h100Session();
    const ranges = new Ranges(session, new Notices(), {
      startRange: async (_input, id) => (asked.push(id), started),
    });
    ranges.choices = [PRICE];
    expect(ranges.offers('usd_per_gpu_hour')).toBe(true);
    expect(ranges.offers('gpu_count')).toBe(false);
    expect(ranges.rangeOf('usd_per_gpu_hour')).toBeNull();

    ranges.toggle('usd_per_gpu_hour');
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['usd_per_gpu_hour']);
    expect(ranges.rangeOf('usd_per_gpu_hour')).toMatchObject({ low: 1, high: 4, distribution: 'lognormal' });
    expect(session.currentInput().uncertainty?.usd_per_gpu_hour).toEqual(started);

    ranges.toggle('usd_per_gpu_hour');
    expect(ranges.rangeOf('usd_per_gpu_hour')).toBeNull();
    expect(session.currentInput().uncertainty ?? {}).toEqual({});
    // Undo brings the range back: adding and removing were each one step.
    session.undo();
    expect(ranges.rangeOf('usd_per_gpu_hour')).toMatchObject({ low: 1, high: 4 });
  });
});
