// Undo/redo by whole snapshots of the editor state (no inverse operations). The editor records
// a step when an edit is finished: a drag on release (the range input's `change`), a typed value
// when it is committed, a switch or a select when it changes. Live values in between are not
// recorded, so a whole drag is one step.

export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private present: T;
  private readonly clone: (v: T) => T;
  private readonly same: (a: T, b: T) => boolean;

  constructor(
    initial: T,
    readonly limit = 200,
    clone: (v: T) => T = (v) => JSON.parse(JSON.stringify(v)) as T,
    same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
  ) {
    this.clone = clone;
    this.same = same;
    this.present = clone(initial);
  }

  /** The last recorded state. */
  get current(): T {
    return this.clone(this.present);
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  get size(): { past: number; future: number } {
    return { past: this.past.length, future: this.future.length };
  }

  /** Records `state` as a new step (unless it equals the current one); clears redo. */
  record(state: T): boolean {
    if (this.same(state, this.present)) return false;
    this.past.push(this.present);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    this.present = this.clone(state);
    this.future = [];
    return true;
  }

  /** The state before the current one, or null at the start. */
  undo(): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(this.present);
    this.present = prev;
    return this.clone(prev);
  }

  /** The state undone last, or null when there is nothing to redo. */
  redo(): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(this.present);
    this.present = next;
    return this.clone(next);
  }

  /** Starts over from `state` (a scenario was loaded). */
  reset(state: T): void {
    this.past = [];
    this.future = [];
    this.present = this.clone(state);
  }
}
