// The editing session: the editor's draft, its undo history, the evaluation of the draft and the
// errors shown beside the fields. State flows one way: an edit changes the draft, the draft's
// input goes to `screen(input, hold)` through the coalescer (latest wins, one call in flight),
// and its result feeds the figures and charts.
//
// A slider move is the one edit not applied at once (`slide`): its input is sent, and the moved
// thumb, the field and the figures computed for it are shown together when the result arrives.
// Applying it at once would paint a frame for the thumb alone and then another for the result,
// and every painted frame costs the web view several milliseconds.

import { flushSync } from 'svelte';
import type { Chart } from '../../bindings/Chart';
import { LIMITS } from '../../bindings/limits';
import type { ChartKind } from '../../bindings/ChartKind';
import type { Gpu } from '../../bindings/Gpu';
import type { Hold } from '../../bindings/Hold';
import type { ScenarioInput } from '../../bindings/ScenarioInput';
import type { Screen } from '../../bindings/Screen';
import * as backend from '../backend';
import { toBackendError, type BackendError } from '../backend';
import { buildInput, derivedOf, inputKey, newDraft, type Draft, type EditOptions } from '../draft';
import { fieldForBackend, type FieldId } from '../fields';
import { History } from '../history';
import * as perf from '../perf';
import { createCoalescer, type Coalescer } from '../scheduler';

/** What the session asks of the backend (a fake in unit tests). */
export type SessionApi = Pick<typeof backend, 'screen'>;

/** The latency probes of the WebDriver harness (no-ops in unit tests). */
export type SessionPerf = Pick<typeof perf, 'markReadyAfterPaint' | 'recordInput' | 'recordParts' | 'sampleAfterPaint'>;

export interface SessionOptions {
  api?: SessionApi;
  perf?: SessionPerf;
  /** How long a slider move may wait for its result before it is shown alone (a slow backend). */
  slideWaitMs?: number;
}

/** One `screen` request. */
interface Job {
  input: ScenarioInput;
  hold: Hold;
  /** Labels the charts; a saved scenario's name also highlights it in the comparison. */
  name: string | null;
  inputTime: number | null;
  /** Samples for the intervals when the input has ranges: the preview's while a slider moves. */
  samples: number;
  sentAt?: number;
  /** A slider move's editor state, shown when its result is (see `slide`). */
  draft?: Draft;
}

interface PendingSlide {
  draft: Draft;
  clears?: string | string[];
  /** The move ended (pointer up, key up): record one undo step once it is shown. */
  record: boolean;
}

export class EditSession {
  catalog = $state.raw<Gpu[]>([]);
  draft = $state<Draft>(newDraft([]));
  canUndo = $state(false);
  canRedo = $state(false);
  screenData = $state.raw<Screen | null>(null);
  hold = $state<Hold>('work');
  typedErrors = $state<Partial<Record<FieldId, string>>>({});
  backendError = $state.raw<BackendError | null>(null);
  /** The name the charts are labelled with (null: an unsaved scenario); set by the library. */
  chartLabel: () => string | null = () => null;

  readonly input = $derived(buildInput(this.draft));
  readonly key = $derived(inputKey(this.input));
  readonly ev = $derived(this.screenData?.evaluation ?? null);
  readonly hasTypedErrors = $derived(Object.keys(this.typedErrors).length > 0);
  /** The figures are those of an earlier input (a field is wrong, or the backend refused). */
  readonly stale = $derived(this.hasTypedErrors || !!this.backendError);
  /** The editor field a backend error belongs to (null: it is shown in the status line). */
  readonly backendField = $derived.by((): FieldId | null => {
    if (!this.backendError) return null;
    let f = fieldForBackend(this.backendError.field);
    if (f === 'mfu' && derivedOf(this.draft) === 'mfu') f = 'stated-mfu';
    if (f === 'mfu' && !this.draft.workloadOn) f = null;
    return f;
  });

  readonly #history = new History<Draft>(newDraft([]));
  readonly #perf: SessionPerf;
  readonly #slideWaitMs: number;
  readonly #evaluator: Coalescer<Job>;
  #pendingSlide: PendingSlide | null = null;
  #slideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SessionOptions = {}) {
    const api = options.api ?? backend;
    this.#perf = options.perf ?? perf;
    this.#slideWaitMs = options.slideWaitMs ?? 50;
    this.#evaluator = createCoalescer<Job, Screen>(
      (job) => {
        job.sentAt = performance.now();
        return api.screen(job.input, job.hold, job.name, job.samples);
      },
      {
        onResult: (result, job) => {
          const received = performance.now();
          if (!this.screenData) performance.mark('boot:first-screen');
          if (job.draft && this.#pendingSlide) {
            if (this.#pendingSlide.draft === job.draft) this.#showPendingSlide();
            // An older move's result (delivered because the newer one is slow): show its state.
            else this.draft = job.draft;
          }
          this.screenData = result;
          this.backendError = null;
          // Apply figures and charts now, then sample after the next frame.
          flushSync();
          if (job.inputTime !== null) {
            this.#perf.recordParts(received - (job.sentAt ?? received), performance.now() - received);
            this.#perf.sampleAfterPaint(job.inputTime);
          }
          this.#perf.markReadyAfterPaint();
        },
        onError: (error, job) => {
          if (job.draft && this.#pendingSlide?.draft === job.draft) this.#showPendingSlide();
          this.backendError = toBackendError(error);
          flushSync();
          this.#perf.markReadyAfterPaint();
        },
      },
    );
  }

  /** The chart of `kind` the backend described for the current input. */
  chart(kind: ChartKind): Chart | null {
    return this.screenData?.charts.find((c) => c.kind === kind) ?? null;
  }

  /** The message under field `id`: its typed error, or the backend's error about it. */
  errorFor = (id: FieldId): string | null =>
    this.typedErrors[id] ?? (this.backendField === id && this.backendError ? this.backendError.message : null);

  /** Asks for the draft's figures and charts (again). */
  requestScreen(inputTime: number | null = null) {
    this.#showPendingSlide();
    this.#evaluator.push(this.#job(buildInput($state.snapshot(this.draft) as Draft), inputTime));
  }

  /** Resolves when no request is in flight or waiting. */
  idle(): Promise<void> {
    return this.#evaluator.idle();
  }

  /** A `screen` request for `input`, labelled with the open scenario's name when it is saved. */
  #job(input: ScenarioInput, inputTime: number | null, slideDraft?: Draft): Job {
    const samples = slideDraft ? LIMITS.uncertainty.preview_samples : LIMITS.uncertainty.window_samples;
    return { input, hold: this.hold, name: this.chartLabel(), inputTime, samples, draft: slideDraft };
  }

  // ---- editing ---------------------------------------------------------------------------------

  /** Every editor change: applies `mutate` to the draft, records an undo step, re-evaluates. */
  edit = (mutate: (d: Draft) => void, options: EditOptions = {}) => {
    if (options.slide) {
      this.#slide(mutate, options);
      return;
    }
    this.#showPendingSlide();
    const before = this.key;
    mutate(this.draft);
    if (options.clears) this.clearTypedError(options.clears);
    if (options.record !== false) this.#record();
    const after = inputKey(buildInput(this.draft));
    if (after !== before || options.inputTime !== undefined || this.backendError) {
      this.requestScreen(options.inputTime ?? null);
    }
  };

  /** The end of a drag or key press: one undo step, once the last move is shown. */
  slideEnded = () => {
    const ranged = Object.keys((this.#pendingSlide?.draft ?? this.draft).carried.uncertainty ?? {}).length > 0;
    if (this.#pendingSlide) this.#pendingSlide.record = true;
    else this.#record();
    // The intervals drawn from the preview's sample while moving give way to the full sample.
    if (ranged) this.requestScreen();
  };

  /** A typed field holds text that is not a valid value. */
  markInvalid = (id: FieldId, message: string) => {
    this.typedErrors = { ...this.typedErrors, [id]: message };
  };

  clearTypedError(ids: string | string[]) {
    const list = (Array.isArray(ids) ? ids : [ids]).filter((id) => id in this.typedErrors);
    if (list.length === 0) return;
    const next = { ...this.typedErrors };
    for (const id of list) delete next[id as FieldId];
    this.typedErrors = next;
  }

  /** The editor's input, with any slider move still waiting applied first. */
  currentInput(): ScenarioInput {
    this.#showPendingSlide();
    return buildInput($state.snapshot(this.draft) as Draft);
  }

  setHold(h: Hold) {
    if (this.hold === h) return;
    this.hold = h;
    this.requestScreen();
  }

  // ---- slider moves: one frame for the thumb and the figures ------------------------------------

  #slide(mutate: (d: Draft) => void, options: EditOptions) {
    const pending = this.#pendingSlide;
    const next = $state.snapshot(pending?.draft ?? this.draft) as Draft;
    mutate(next);
    const clears = options.clears ?? pending?.clears;
    this.#pendingSlide = { draft: next, clears, record: pending?.record ?? false };
    clearTimeout(this.#slideTimer);
    this.#slideTimer = setTimeout(() => this.#showPendingSlide(), this.#slideWaitMs);
    if (options.inputTime !== undefined) this.#perf.recordInput(options.inputTime);
    this.#evaluator.push(this.#job(buildInput(next), options.inputTime ?? null, next));
  }

  /** Applies a slider move still waiting for its result (and records it when it ended). */
  #showPendingSlide() {
    const p = this.#pendingSlide;
    if (!p) return;
    this.#pendingSlide = null;
    clearTimeout(this.#slideTimer);
    this.draft = p.draft;
    if (p.clears) this.clearTypedError(p.clears);
    if (p.record) this.#record();
  }

  // ---- undo ------------------------------------------------------------------------------------

  #syncHistory() {
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
  }

  #record() {
    this.#history.record($state.snapshot(this.draft) as Draft);
    this.#syncHistory();
  }

  #replaceDraft(d: Draft) {
    this.#pendingSlide = null;
    clearTimeout(this.#slideTimer);
    this.draft = d;
    this.typedErrors = {};
    this.#syncHistory();
    this.requestScreen();
  }

  /** Starts editing `d` afresh (a scenario was opened or a new one started): no undo steps. */
  load(d: Draft) {
    this.#history.reset(d);
    this.backendError = null;
    this.#replaceDraft(d);
  }

  /** True when there is something to undo beyond the draft as loaded. */
  get changedSinceLoad(): boolean {
    return this.#history.canUndo;
  }

  undo = () => {
    this.#showPendingSlide();
    const now = $state.snapshot(this.draft) as Draft;
    const recorded = this.#history.current;
    // Live edits not yet recorded (a drag in progress) are dropped first.
    const prev = JSON.stringify(now) !== JSON.stringify(recorded) ? recorded : this.#history.undo();
    if (prev) this.#replaceDraft(prev);
  };

  redo = () => {
    this.#showPendingSlide();
    const next = this.#history.redo();
    if (next) this.#replaceDraft(next);
  };
}
