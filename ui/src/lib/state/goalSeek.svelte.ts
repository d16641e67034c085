// The goal-seek dialog: "make [figure] equal [value] by changing [input]". The lists of figures
// and inputs are the core's (`Startup.seek`); the core solves through `evaluate` itself, and its
// answer is applied to the editor as one undo step. An unreachable target leaves the editor as
// it was and shows the core's sentence in the dialog.

import type { Figure } from '../../bindings/Figure';
import type { FigureChoice } from '../../bindings/FigureChoice';
import type { InputChoice } from '../../bindings/InputChoice';
import type { SeekChoices } from '../../bindings/SeekChoices';
import type { SeekInput } from '../../bindings/SeekInput';
import * as backend from '../backend';
import { toBackendError } from '../backend';
import { applySeekResult } from '../draft';
import { plainNumber } from '../format';
import { parseNumber } from '../parse';
import type { Notices } from './notices.svelte';
import type { EditSession } from './session.svelte';

/** What the dialog asks of the backend (a fake in unit tests). */
export type SeekApi = Pick<typeof backend, 'seekScenario'>;

export class GoalSeek {
  choices = $state.raw<SeekChoices>({ figures: [], inputs: [] });
  showing = $state(false);
  figure = $state<Figure>('total_cost_usd');
  vary = $state<SeekInput>('usd_per_gpu_hour');
  valueText = $state('');
  busy = $state(false);
  error = $state<string | null>(null);

  readonly #session: EditSession;
  readonly #notices: Notices;
  readonly #api: SeekApi;

  constructor(session: EditSession, notices: Notices, api: SeekApi = backend) {
    this.#session = session;
    this.#notices = notices;
    this.#api = api;
  }

  /** The scenario has a workload: figures and inputs that need one are offered. */
  get #hasWorkload(): boolean {
    return this.#session.input.workload !== undefined;
  }

  get figures(): FigureChoice[] {
    return this.choices.figures.filter((f) => this.#hasWorkload || !f.needs_workload);
  }

  get inputs(): InputChoice[] {
    return this.choices.inputs.filter((i) => this.#hasWorkload || !i.needs_workload);
  }

  get figureChoice(): FigureChoice | undefined {
    return this.choices.figures.find((f) => f.id === this.figure);
  }

  get inputChoice(): InputChoice | undefined {
    return this.choices.inputs.find((i) => i.id === this.vary);
  }

  show = () => {
    if (this.choices.figures.length === 0) return;
    if (!this.figures.some((f) => f.id === this.figure)) this.figure = this.figures[0].id;
    if (!this.inputs.some((i) => i.id === this.vary)) this.vary = this.inputs[0].id;
    // Start from the figure as it is now, so that only the digits to change need typing.
    if (this.valueText.trim() === '') this.valueText = this.#currentText();
    this.error = null;
    this.showing = true;
  };

  hide = () => {
    if (this.busy) return;
    this.showing = false;
    this.error = null;
  };

  setFigure = (id: Figure) => {
    this.figure = id;
    this.valueText = this.#currentText();
    this.error = null;
  };

  setVary = (id: SeekInput) => {
    this.vary = id;
    this.error = null;
  };

  /** The chosen figure's value in the current evaluation, as typed text. */
  #currentText(): string {
    const ev = this.#session.ev;
    const v = ev ? (ev[this.figure] as number | null | undefined) : null;
    return typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '';
  }

  /** Asks the core; on success the editor gets the input as one undo step and the dialog closes. */
  run = async () => {
    if (this.busy) return;
    const value = parseNumber(this.valueText, { suffixes: true });
    const figure = this.figureChoice;
    const input = this.inputChoice;
    if (value === null || !figure || !input) {
      this.error = `The target must be a number in ${figure?.unit ?? 'the figure’s unit'} (e.g. 10M or 1e7)`;
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#api.seekScenario(this.#session.currentInput(), figure.id, value, input.id);
      const catalog = this.#session.catalog;
      this.#session.edit((d) => applySeekResult(d, result.input, catalog));
      this.busy = false;
      this.hide();
      this.#notices.showToast(`${input.label} set to ${plainNumber(Number(result.value.toPrecision(6)))} ${input.unit}`);
    } catch (e) {
      this.error = toBackendError(e).message;
    } finally {
      this.busy = false;
    }
  };
}
