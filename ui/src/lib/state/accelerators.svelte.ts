// The accelerators the user adds to the catalog: the list stored in the database
// (`Startup.user_gpus`), and the "Add accelerator…" form. The core checks every field (its
// message names the field and the allowed range) and stores the entry; this module only turns
// the typed text into numbers, shows the answer beside its field and, on success, switches the
// editor to the new accelerator as one undo step. A scenario that uses one carries its own copy
// (`custom_gpu`), so saved scenarios never depend on this list.

import type { Gpu } from '../../bindings/Gpu';
import type { Precision } from '../../bindings/Precision';
import * as backend from '../backend';
import { toBackendError } from '../backend';
import { setGpu } from '../draft';
import { parseNumber } from '../parse';
import type { Notices } from './notices.svelte';
import type { EditSession } from './session.svelte';

/** What the module asks of the backend (a fake in unit tests). */
export type AcceleratorApi = Pick<typeof backend, 'addAccelerator' | 'removeAccelerator'>;

/** The precisions the form offers, in the catalog's order (an empty field: not supported). */
export const FORM_PRECISIONS: readonly Precision[] = ['fp64', 'tf32', 'bf16', 'fp16', 'fp8', 'fp4'];

/** The form's numeric fields: the catalog field each fills, its label and unit. */
export const FORM_NUMBERS = [
  { key: 'memory_gb', label: 'Memory', unit: 'GB' },
  { key: 'memory_bandwidth_tb_s', label: 'Memory bandwidth', unit: 'TB/s' },
  { key: 'board_watts', label: 'Board power', unit: 'W' },
  { key: 'usd_per_gpu_hour', label: 'Rental price', unit: '$ per GPU-hour' },
  { key: 'usd_per_gpu', label: 'Purchase price', unit: '$ per GPU' },
] as const;

export type NumberKey = (typeof FORM_NUMBERS)[number]['key'];

export interface AcceleratorForm {
  id: string;
  name: string;
  vendor: string;
  numbers: Record<NumberKey, string>;
  peaks: Record<Precision, string>;
  sourceTitle: string;
  sourceUrl: string;
  sourceDate: string;
  note: string;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function emptyForm(): AcceleratorForm {
  return {
    id: '',
    name: '',
    vendor: '',
    numbers: { memory_gb: '', memory_bandwidth_tb_s: '', board_watts: '', usd_per_gpu_hour: '', usd_per_gpu: '' },
    peaks: { fp64: '', tf32: '', bf16: '', fp16: '', fp8: '', fp4: '' },
    sourceTitle: '',
    sourceUrl: '',
    sourceDate: today(),
    note: '',
  };
}

/** The form filled from an existing entry: its figures to edit, under a new id and name. */
function formFrom(g: Gpu, keepIdentity: boolean): AcceleratorForm {
  const f = emptyForm();
  if (keepIdentity) {
    f.id = g.id;
    f.name = g.name;
    f.sourceTitle = g.sources.specs.title;
    f.sourceUrl = g.sources.specs.url;
    f.sourceDate = g.sources.specs.date;
    f.note = g.sources.specs.note ?? '';
  }
  f.vendor = g.vendor;
  for (const { key } of FORM_NUMBERS) f.numbers[key] = String(g[key]);
  for (const p of FORM_PRECISIONS) {
    const v = g.peak_dense_tflops[p];
    f.peaks[p] = v === undefined ? '' : String(v);
  }
  return f;
}

/** The backend field an error names → the form field it is shown beside. */
export function formFieldOf(backendField: string | null): string | null {
  if (!backendField) return null;
  if (backendField.startsWith('peak_dense_tflops')) return backendField;
  if (backendField.startsWith('sources.')) {
    const part = backendField.split('.').pop();
    return part === 'title' || part === 'url' || part === 'date' || part === 'note' ? `source-${part}` : 'source-title';
  }
  return backendField;
}

export class Accelerators {
  /** The user's accelerators, by id (the database's). */
  user = $state.raw<Gpu[]>([]);
  showing = $state(false);
  form = $state<AcceleratorForm>(emptyForm());
  /** Replacing an accelerator of the user's (the form was opened to edit it). */
  replacing = $state(false);
  busy = $state(false);
  error = $state<{ field: string | null; message: string } | null>(null);

  readonly #session: EditSession;
  readonly #notices: Notices;
  readonly #api: AcceleratorApi;

  constructor(session: EditSession, notices: Notices, api: AcceleratorApi = backend) {
    this.#session = session;
    this.#notices = notices;
    this.#api = api;
  }

  /** Whether `id` names one of the user's accelerators. */
  isUsers(id: string): boolean {
    return this.user.some((g) => g.id === id);
  }

  /** Opens the form empty, or with `from`'s figures (a built-in to start from, or one of the user's to edit). */
  show = (from?: Gpu) => {
    const editing = from !== undefined && this.isUsers(from.id);
    this.form = from ? formFrom(from, editing) : emptyForm();
    this.replacing = editing;
    this.error = null;
    this.showing = true;
  };

  /** Fills the figures from another entry, keeping what identifies the new one. */
  startFrom = (g: Gpu) => {
    const { id, name, sourceTitle, sourceUrl, sourceDate, note } = this.form;
    this.form = { ...formFrom(g, false), id, name, sourceTitle, sourceUrl, sourceDate, note };
    this.error = null;
  };

  hide = () => {
    if (this.busy) return;
    this.showing = false;
    this.error = null;
  };

  errorFor(field: string): string | null {
    return this.error && formFieldOf(this.error.field) === field ? this.error.message : null;
  }

  /** The form as a catalog entry, or the first field whose text is not a number. */
  #entry(): Gpu | { field: string; message: string } {
    const f = this.form;
    const numbers: Partial<Record<NumberKey, number>> = {};
    for (const { key, label, unit } of FORM_NUMBERS) {
      const v = parseNumber(f.numbers[key], { suffixes: true });
      if (v === null) return { field: key, message: `${label} must be a number in ${unit}` };
      numbers[key] = v;
    }
    const peaks: Partial<Record<Precision, number>> = {};
    for (const p of FORM_PRECISIONS) {
      if (f.peaks[p].trim() === '') continue;
      const v = parseNumber(f.peaks[p], { suffixes: true });
      if (v === null) return { field: `peak_dense_tflops.${p}`, message: `The ${p} peak must be a number in TFLOP/s (or empty)` };
      peaks[p] = v;
    }
    const source = { title: f.sourceTitle.trim(), url: f.sourceUrl.trim(), date: f.sourceDate.trim() };
    const note = f.note.trim();
    const sourced = note ? { ...source, note } : source;
    return {
      id: f.id.trim(),
      name: f.name.trim(),
      vendor: f.vendor.trim(),
      aliases: [],
      memory_gb: numbers.memory_gb as number,
      memory_bandwidth_tb_s: numbers.memory_bandwidth_tb_s as number,
      board_watts: numbers.board_watts as number,
      peak_dense_tflops: peaks,
      usd_per_gpu_hour: numbers.usd_per_gpu_hour as number,
      usd_per_gpu: numbers.usd_per_gpu as number,
      // One source for the figures the user typed: the form asks once.
      sources: { specs: sourced, rental: sourced, purchase: sourced },
    };
  }

  /** Asks the core to check and store the entry; on success the editor uses it (one undo step). */
  save = async () => {
    if (this.busy) return;
    const entry = this.#entry();
    if (!('sources' in entry)) {
      this.error = entry;
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      this.user = await this.#api.addAccelerator(entry, this.replacing);
      const stored = this.user.find((g) => g.id === entry.id) ?? entry;
      this.#session.edit((d) => setGpu(d, stored, true), { clears: 'gpu-select' });
      this.busy = false;
      this.hide();
      this.#notices.showToast(`${stored.name} added to your catalog and chosen`);
    } catch (e) {
      const err = toBackendError(e);
      this.error = { field: err.field ?? null, message: err.message };
    } finally {
      this.busy = false;
    }
  };

  /** Removes one of the user's accelerators; the editor keeps its copy if it uses it. */
  remove = async (id: string) => {
    try {
      this.user = await this.#api.removeAccelerator(id);
      this.#notices.showToast(`${id} removed from your catalog; scenarios that use it keep their copy`);
    } catch (e) {
      this.#notices.showError(e, `${id} could not be removed`);
    }
  };
}
