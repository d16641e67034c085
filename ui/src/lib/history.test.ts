import { describe, expect, it } from 'vitest';
import { History } from './history';

interface S {
  gpus: number;
  days: number;
}

describe('undo/redo history', () => {
  it('makes a whole drag one step: only the recorded end counts', () => {
    const h = new History<S>({ gpus: 2048, days: 56 });
    // A drag: live values 2560, 3072, 3584 are shown but not recorded; release records 3584.
    const live: S = { gpus: 2048, days: 56 };
    for (const g of [2560, 3072, 3584]) live.gpus = g;
    expect(h.record(live)).toBe(true);
    expect(h.size).toEqual({ past: 1, future: 0 });
    expect(h.undo()).toEqual({ gpus: 2048, days: 56 });
    expect(h.redo()).toEqual({ gpus: 3584, days: 56 });
  });

  it('keeps copies, not references', () => {
    const s: S = { gpus: 1, days: 1 };
    const h = new History<S>(s);
    s.gpus = 99;
    expect(h.current).toEqual({ gpus: 1, days: 1 });
    const c = h.current;
    c.days = 5;
    expect(h.current.days).toBe(1);
  });

  it('ignores a step equal to the current state', () => {
    const h = new History<S>({ gpus: 1, days: 1 });
    expect(h.record({ gpus: 1, days: 1 })).toBe(false);
    expect(h.canUndo).toBe(false);
  });

  it('clears redo on a new change', () => {
    const h = new History<S>({ gpus: 1, days: 1 });
    h.record({ gpus: 2, days: 1 });
    h.record({ gpus: 3, days: 1 });
    expect(h.undo()?.gpus).toBe(2);
    expect(h.canRedo).toBe(true);
    h.record({ gpus: 2, days: 7 });
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBeNull();
    expect(h.undo()).toEqual({ gpus: 2, days: 1 });
    expect(h.undo()).toEqual({ gpus: 1, days: 1 });
    expect(h.undo()).toBeNull();
  });

  it('keeps at most `limit` steps', () => {
    const h = new History<S>({ gpus: 0, days: 1 }, 5);
    for (let i = 1; i <= 20; i++) h.record({ gpus: i, days: 1 });
    expect(h.size.past).toBe(5);
    let last: S | null = null;
    for (let n = h.undo(); n; n = h.undo()) last = n;
    expect(last).toEqual({ gpus: 15, days: 1 });
  });

  it('starts over on reset', () => {
    const h = new History<S>({ gpus: 1, days: 1 });
    h.record({ gpus: 2, days: 1 });
    h.reset({ gpus: 9, days: 9 });
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
    expect(h.current).toEqual({ gpus: 9, days: 9 });
  });
});
