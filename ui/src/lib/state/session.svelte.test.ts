import { describe, expect, it } from 'vitest';
import type { Hold } from '../../bindings/Hold';
import type { ScenarioInput } from '../../bindings/ScenarioInput';
import type { Screen } from '../../bindings/Screen';
import { newDraft, type Draft } from '../draft';
import { EditSession, type SessionApi, type SessionPerf } from './session.svelte';

const noPerf: SessionPerf = {
  markReadyAfterPaint: () => {},
  recordInput: () => {},
  recordParts: () => {},
  sampleAfterPaint: () => {},
};

/** A screen whose total is the GPU count, so a result says which input it answers. */
function screenFor(input: ScenarioInput): Screen {
  return { evaluation: { total_cost_usd: input.gpu_count ?? 0 }, charts: [] } as unknown as Screen;
}

/** A backend that answers every `screen` call when the test says so, and counts what is in flight. */
function controlledBackend() {
  const calls: number[] = [];
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const api = {
    screen(input: ScenarioInput, _hold: Hold, _name?: string | null): Promise<Screen> {
      calls.push(input.gpu_count ?? 0);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<Screen>((resolve) => {
        waiting.push(() => {
          inFlight -= 1;
          resolve(screenFor(input));
        });
      });
    },
  };
  return {
    api,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Answers the oldest call and lets its handlers run. */
    async answer() {
      waiting.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

/** A backend that answers at once. */
const instant = { screen: async (input: ScenarioInput) => screenFor(input) };

function start(api: SessionApi, gpuCount = 2048) {
  const session = new EditSession({ api, perf: noPerf, slideWaitMs: 1_000 });
  const d: Draft = newDraft([]);
  d.gpuCount = gpuCount;
  session.load(d);
  return session;
}

/** One slider move to `count` GPUs, as the editor reports it. */
function slideTo(session: EditSession, count: number, t = 1) {
  session.edit((d) => (d.gpuCount = count), { record: false, inputTime: t, clears: 'gpu-count', slide: true });
}

describe('EditSession: undo and redo across a drag', () => {
  it('records a whole drag as one undo step', async () => {
    const session = start(instant);
    await session.idle();
    expect(session.canUndo).toBe(false);
    for (const count of [2560, 3072, 4096, 8192]) slideTo(session, count);
    session.slideEnded();
    await session.idle();
    await new Promise((r) => setTimeout(r, 0));
    expect(session.draft.gpuCount).toBe(8192);
    expect(session.ev?.total_cost_usd).toBe(8192);
    expect(session.canUndo).toBe(true);

    session.undo();
    expect(session.draft.gpuCount).toBe(2048);
    expect(session.canUndo).toBe(false);
    expect(session.canRedo).toBe(true);
    await session.idle();
    expect(session.ev?.total_cost_usd).toBe(2048);

    session.redo();
    expect(session.draft.gpuCount).toBe(8192);
    expect(session.canRedo).toBe(false);
  });

  it('keeps a typed edit and a later drag as two steps', async () => {
    const session = start(instant);
    session.edit((d) => (d.gpuCount = 1024), { clears: 'gpu-count' });
    slideTo(session, 4096);
    slideTo(session, 16384);
    session.slideEnded();
    await session.idle();
    await new Promise((r) => setTimeout(r, 0));
    session.undo();
    expect(session.draft.gpuCount).toBe(1024);
    session.undo();
    expect(session.draft.gpuCount).toBe(2048);
    session.redo();
    session.redo();
    expect(session.draft.gpuCount).toBe(16384);
  });

  it('drops a drag still in progress on undo, back to the last recorded state', async () => {
    const session = start(instant);
    session.edit((d) => (d.gpuCount = 1024));
    slideTo(session, 4096);
    await session.idle();
    await new Promise((r) => setTimeout(r, 0));
    expect(session.draft.gpuCount).toBe(4096);
    session.undo();
    expect(session.draft.gpuCount).toBe(1024);
    expect(session.canUndo).toBe(true);
  });

  it('clears the typed error a slider move replaces', async () => {
    const session = start(instant);
    session.markInvalid('gpu-count', 'GPU count must be a whole number');
    expect(session.errorFor('gpu-count')).toContain('whole number');
    expect(session.stale).toBe(true);
    slideTo(session, 4096);
    session.slideEnded();
    await session.idle();
    await new Promise((r) => setTimeout(r, 0));
    expect(session.errorFor('gpu-count')).toBeNull();
    expect(session.stale).toBe(false);
  });
});

describe('EditSession: the request coalescer', () => {
  it('keeps one request in flight and sends only the latest move when it returns', async () => {
    const backend = controlledBackend();
    const session = start(backend.api);
    await backend.answer(); // the load's own request
    slideTo(session, 4096);
    slideTo(session, 8192);
    slideTo(session, 16384);
    slideTo(session, 32768);
    expect(backend.calls).toEqual([2048, 4096]);
    await backend.answer();
    // 8192 and 16384 were superseded while 4096 was in flight: only the latest is sent.
    expect(backend.calls).toEqual([2048, 4096, 32768]);
    await backend.answer();
    expect(backend.maxInFlight).toBe(1);
    await session.idle();
    expect(session.draft.gpuCount).toBe(32768);
    expect(session.ev?.total_cost_usd).toBe(32768);
  });

  it('shows a move with its result: the draft waits for the answer', async () => {
    const backend = controlledBackend();
    const session = start(backend.api);
    await backend.answer();
    slideTo(session, 4096);
    expect(session.draft.gpuCount).toBe(2048);
    await backend.answer();
    expect(session.draft.gpuCount).toBe(4096);
    expect(session.ev?.total_cost_usd).toBe(4096);
  });

  it('reports a refused input at its field and keeps the last figures', async () => {
    const api = {
      screen: async (input: ScenarioInput) => {
        if ((input.gpu_count ?? 0) > 1_000_000) throw { kind: 'invalid', message: 'gpu_count must be …', field: 'gpu_count' };
        return screenFor(input);
      },
    };
    const session = start(api);
    await session.idle();
    session.edit((d) => (d.gpuCount = 2_000_000));
    await session.idle();
    expect(session.backendField).toBe('gpu-count');
    expect(session.errorFor('gpu-count')).toBe('gpu_count must be …');
    expect(session.ev?.total_cost_usd).toBe(2048);
  });
});
