// Ranges on inputs (issue 11): which inputs can carry one (the core's list, `Startup.ranges`),
// adding one at the range the core starts it with, editing its low, high and distribution, and
// removing it. The ranges live in the draft (`uncertainty`), so they are saved, undone and
// exported with the scenario; the intervals they give come back with every screen.

import type { Distribution } from '../../bindings/Distribution';
import type { RangeChoice } from '../../bindings/RangeChoice';
import * as backend from '../backend';
import { setRange } from '../draft';
import type { Notices } from './notices.svelte';
import type { EditSession } from './session.svelte';

/** What the module asks of the backend (a fake in unit tests). */
export type RangeApi = Pick<typeof backend, 'startRange'>;

export const DISTRIBUTIONS: readonly Distribution[] = ['lognormal', 'normal', 'uniform'];

/**
 * The inputs whose range is edited under their own slider (its "Range" toggle) rather than in the
 * Ranges group: the editor's sliders.
 */
export const INLINE_RANGES: ReadonlySet<string> = new Set([
  'gpu_count',
  'duration_days',
  'mfu',
  'usd_per_gpu_hour',
  'usd_per_gpu',
  'lifetime_years',
  'pue',
  'usd_per_kwh',
]);

/** One range of the draft, with the core's description of its input. */
export interface Ranged {
  choice: RangeChoice;
  low: number;
  high: number;
  distribution: Distribution;
}

export class Ranges {
  choices = $state.raw<RangeChoice[]>([]);
  busy = $state(false);

  readonly #session: EditSession;
  readonly #notices: Notices;
  readonly #api: RangeApi;

  constructor(session: EditSession, notices: Notices, api: RangeApi = backend) {
    this.#session = session;
    this.#notices = notices;
    this.#api = api;
  }

  /** The draft's ranges, in the core's list order. */
  get ranged(): Ranged[] {
    const u = this.#session.draft.carried.uncertainty ?? {};
    return this.choices.flatMap((choice) => {
      const r = u[choice.id];
      return r ? [{ choice, low: r.low, high: r.high, distribution: r.distribution ?? 'lognormal' }] : [];
    });
  }

  /** The inputs without a range yet. */
  get addable(): RangeChoice[] {
    const u = this.#session.draft.carried.uncertainty ?? {};
    return this.choices.filter((c) => !u[c.id]);
  }

  /** Adds a range on `id`, starting where the core says (one undo step). */
  add = async (id: string) => {
    if (this.busy) return;
    this.busy = true;
    try {
      const range = await this.#api.startRange(this.#session.currentInput(), id);
      this.#session.edit((d) => setRange(d, id, range));
    } catch (e) {
      this.#notices.showError(e, 'No range was added');
    } finally {
      this.busy = false;
    }
  };

  /** The draft's range on `id`, if it has one. */
  rangeOf(id: string): Ranged | null {
    return this.ranged.find((r) => r.choice.id === id) ?? null;
  }

  /** Whether `id` can carry a range at all (the core's list). */
  offers(id: string): boolean {
    return this.choices.some((c) => c.id === id);
  }

  /** A slider's "Range" toggle: adds a range where the core starts it, or removes the one there. */
  toggle = (id: string) => {
    if (this.rangeOf(id)) this.remove(id);
    else void this.add(id);
  };

  remove = (id: string) => {
    this.#session.edit((d) => setRange(d, id, null), { clears: [`range-low-${id}`, `range-high-${id}`] });
  };

  /** Sets the low or high end (the core checks low < high and the input's range). */
  setEnd = (id: string, end: 'low' | 'high', value: number) => {
    this.#session.edit(
      (d) => {
        const r = d.carried.uncertainty?.[id];
        if (r) setRange(d, id, { ...r, [end]: value });
      },
      { clears: [`range-low-${id}`, `range-high-${id}`] },
    );
  };

  setDistribution = (id: string, distribution: Distribution) => {
    this.#session.edit((d) => {
      const r = d.carried.uncertainty?.[id];
      if (r) setRange(d, id, { ...r, distribution });
    });
  };
}
