import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer, debounce } from './scheduler';

/** A fake async function whose calls resolve or reject when the test says so. */
function fakeBackend<I, O>() {
  const calls: Array<{ input: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  const run = (input: I) =>
    new Promise<O>((resolve, reject) => {
      calls.push({ input, resolve, reject });
    });
  return { calls, run };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('coalescing scheduler', () => {
  it('keeps one call in flight and sends only the newest pending input', async () => {
    const fake = fakeBackend<number, string>();
    const results: Array<[string, number]> = [];
    let clock = 0;
    const c = createCoalescer(
      fake.run,
      { onResult: (r, i) => results.push([r, i]), onError: () => {} },
      { staleDeliveryMs: 50, now: () => clock },
    );
    c.push(1);
    c.push(2);
    c.push(3);
    c.push(4);
    expect(fake.calls.map((x) => x.input)).toEqual([1]);
    expect(c.busy).toBe(true);
    clock = 10;
    fake.calls[0].resolve('r1');
    await flush();
    // 4 went out as soon as 1 came back; 2 and 3 were never sent.
    expect(fake.calls.map((x) => x.input)).toEqual([1, 4]);
    clock = 12;
    fake.calls[1].resolve('r4');
    await flush();
    // r1 was rendered (nothing had been for 50 ms), then r4.
    expect(results).toEqual([
      ['r1', 1],
      ['r4', 4],
    ]);
    expect(c.busy).toBe(false);
    await c.idle();
  });

  it('does not render a superseded result when one was rendered just before', async () => {
    const fake = fakeBackend<number, string>();
    const results: string[] = [];
    let clock = 0;
    const c = createCoalescer(fake.run, { onResult: (r) => results.push(r), onError: () => {} }, { staleDeliveryMs: 50, now: () => clock });
    c.push(1);
    fake.calls[0].resolve('r1');
    await flush();
    expect(results).toEqual(['r1']);
    c.push(2);
    c.push(3); // waits behind 2
    clock = 5;
    fake.calls[1].resolve('r2'); // superseded by 3, and r1 was shown 5 ms ago: skipped
    await flush();
    expect(fake.calls.map((x) => x.input)).toEqual([1, 2, 3]);
    expect(results).toEqual(['r1']);
    clock = 8;
    fake.calls[2].resolve('r3');
    await c.idle();
    expect(results).toEqual(['r1', 'r3']);
  });

  it('sends the next input before rendering the settled result', async () => {
    const fake = fakeBackend<number, number>();
    const order: string[] = [];
    const c = createCoalescer(
      (i: number) => {
        order.push(`send ${i}`);
        return fake.run(i);
      },
      { onResult: (r) => order.push(`render ${r}`), onError: () => {} },
      { staleDeliveryMs: 0 },
    );
    c.push(1);
    c.push(2);
    fake.calls[0].resolve(1);
    await flush();
    fake.calls[1].resolve(2);
    await c.idle();
    expect(order).toEqual(['send 1', 'send 2', 'render 1', 'render 2']);
  });

  it('sends at once when idle, and each input once', async () => {
    const fake = fakeBackend<number, number>();
    const seen: number[] = [];
    const c = createCoalescer(fake.run, { onResult: (r) => seen.push(r), onError: () => {} });
    c.push(10);
    fake.calls[0].resolve(10);
    await flush();
    c.push(11);
    expect(fake.calls.map((x) => x.input)).toEqual([10, 11]);
    fake.calls[1].resolve(11);
    await c.idle();
    expect(seen).toEqual([10, 11]);
  });

  it('never has two calls in flight, whatever the timing', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sent: number[] = [];
    const run = async (i: number) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sent.push(i);
      await new Promise((r) => setTimeout(r, (i * 7) % 3));
      inFlight--;
      return i;
    };
    const got: number[] = [];
    const c = createCoalescer(run, { onResult: (r) => got.push(r), onError: () => {} });
    for (let i = 0; i < 50; i++) {
      c.push(i);
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await c.idle();
    expect(maxInFlight).toBe(1);
    expect(got[got.length - 1]).toBe(49); // the latest input always wins
    expect(sent.length).toBeLessThan(50);
    expect(sent[sent.length - 1]).toBe(49);
    expect([...got].sort((a, b) => a - b)).toEqual(got); // results arrive in input order
  });

  it('reports an error only when no newer input waits', async () => {
    const fake = fakeBackend<number, number>();
    const errors: Array<[unknown, number]> = [];
    const results: number[] = [];
    const c = createCoalescer(fake.run, {
      onResult: (r) => results.push(r),
      onError: (e, i) => errors.push([e, i]),
    });
    c.push(1);
    c.push(2);
    fake.calls[0].reject('stale');
    await flush();
    expect(errors).toEqual([]);
    fake.calls[1].reject('bad 2');
    await flush();
    expect(errors).toEqual([['bad 2', 2]]);
    c.push(3);
    fake.calls[2].resolve(3);
    await c.idle();
    expect(results).toEqual([3]);
  });

  it('survives a function that throws synchronously and a handler that throws', async () => {
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const c = createCoalescer<number, number>(
      (i) => {
        if (i === 1) throw new Error('sync');
        return Promise.resolve(i);
      },
      {
        onResult: () => {
          throw new Error('handler');
        },
        onError: (e) => errors.push(e),
      },
    );
    c.push(1);
    await c.idle();
    expect(errors).toHaveLength(1);
    c.push(2);
    await c.idle();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('debounce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('calls once after the pause with the last arguments; flush and cancel', () => {
    vi.useFakeTimers();
    const got: string[] = [];
    const d = debounce((s: string) => got.push(s), 300);
    d.call('1');
    d.call('1e');
    d.call('1e12');
    vi.advanceTimersByTime(299);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual(['1e12']);
    d.call('x');
    expect(d.waiting).toBe(true);
    d.flush();
    expect(got).toEqual(['1e12', 'x']);
    d.call('y');
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(got).toEqual(['1e12', 'x']);
  });
});
