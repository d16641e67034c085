// The only door to the Rust side: every Tauri call of the web view goes through this module
// (no `@tauri-apps/*` import anywhere else). Each function is typed with the generated bindings,
// and a rejected call becomes a `BackendError` carrying the backend's `{kind, message, field}`.

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { Chart } from '../bindings/Chart';
import type { ChartLook } from '../bindings/ChartLook';
import type { Comparison } from '../bindings/Comparison';
import type { CurrentScenario } from '../bindings/CurrentScenario';
import type { ErrorKind } from '../bindings/ErrorKind';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { Gpu } from '../bindings/Gpu';
import type { Hold } from '../bindings/Hold';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportReport } from '../bindings/ImportReport';
import type { InputRange } from '../bindings/InputRange';
import type { OnClash } from '../bindings/OnClash';
import type { ScenarioInput } from '../bindings/ScenarioInput';
import type { ScenarioSummary } from '../bindings/ScenarioSummary';
import type { Screen } from '../bindings/Screen';
import type { Figure } from '../bindings/Figure';
import type { SeekInput } from '../bindings/SeekInput';
import type { SeekResult } from '../bindings/SeekResult';
import type { Startup } from '../bindings/Startup';
import type { StoredScenario } from '../bindings/StoredScenario';
import type { ExportFormat } from './exportPrefs';

// The shapes that cross are generated from the Rust types (ui/src/bindings, ts-rs); these
// re-exports keep `backend.X` working for the components.
export type { ChartLook, CurrentScenario, ErrorKind, Startup };
export type { ExportFormat } from './exportPrefs';

/** A rejected backend call, with the backend's payload. */
export class BackendError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | null;

  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
    this.name = 'BackendError';
    this.kind = payload.kind;
    this.field = payload.field;
  }
}

// Every kind, checked against the generated `ErrorKind` both ways by the type checker (a kind
// missing here or unknown to Rust fails `npm run check`).
const KINDS: Record<ErrorKind, true> = {
  invalid: true,
  not_found: true,
  conflict: true,
  database: true,
  locked: true,
  io: true,
  internal: true,
};

/** A kind the backend does not send (a newer or broken backend) counts as internal. */
function knownKind(kind: string): ErrorKind {
  return Object.hasOwn(KINDS, kind) ? (kind as ErrorKind) : 'internal';
}

type PayloadLike = { kind: string; message: string; field?: string | null };

function isPayload(e: unknown): e is PayloadLike {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as PayloadLike).kind === 'string' &&
    typeof (e as PayloadLike).message === 'string'
  );
}

/** Any rejection (payload, string, Error) as a BackendError. */
export function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  if (isPayload(e)) return new BackendError({ kind: knownKind(e.kind), message: e.message, field: e.field ?? null });
  if (typeof e === 'string') {
    // Tauri refuses arguments of the wrong shape before the command runs, with a string
    // ("invalid args `id` for command `get_scenario`: …"): the caller's input, naming the field.
    const args = /^invalid args `([^`]+)`/.exec(e);
    if (args) return new BackendError({ kind: 'invalid', message: e, field: args[1] });
    return new BackendError({ kind: 'internal', message: e, field: null });
  }
  if (e instanceof Error) return new BackendError({ kind: 'internal', message: e.message, field: null });
  return new BackendError({ kind: 'internal', message: String(e), field: null });
}

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

/** True inside the Tauri web view. */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

let transport: Promise<Invoke> | null = null;

function getTransport(): Promise<Invoke> {
  if (!transport) {
    if (inTauri()) {
      transport = Promise.resolve(invoke as Invoke);
    } else if (import.meta.env.DEV) {
      // DEV ONLY: a plain browser on `npm run dev` talks to a stub with fixed shapes (see
      // devBackend.ts). Production builds drop this branch.
      transport = import('./devBackend').then((m) => m.devInvoke as Invoke);
    } else {
      transport = Promise.resolve((() =>
        Promise.reject({
          kind: 'internal',
          message: 'The Costscope backend is not reachable: open this page in the Costscope app.',
          field: null,
        })) as Invoke);
    }
  }
  return transport;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    const send = await getTransport();
    return (await send(cmd, args)) as T;
  } catch (e) {
    throw toBackendError(e);
  }
}

/**
 * Every figure and chart of the main screen for one set of inputs, in one round trip. `name`
 * labels the charts (null: an unsaved scenario); saved scenarios fill the comparison.
 */
export function screen(input: ScenarioInput, hold: Hold, name: string | null = null, samples: number | null = null): Promise<Screen> {
  return call<Screen>('screen', { input, hold, name, samples });
}

/**
 * The range a new range on input `name` starts with, as the core chooses it (a sourced default,
 * or around the input's value); an input the scenario solves for or lacks rejects naming it.
 */
export function startRange(input: ScenarioInput, name: string): Promise<InputRange> {
  return call<InputRange>('start_range', { input, name });
}

export function catalog(): Promise<Gpu[]> {
  return call<Gpu[]>('catalog');
}

/**
 * Adds one of the user's accelerators (stored in the database) after the core's checks; with
 * `replace` one of the same id is replaced. Resolves with the user's accelerators as they now are;
 * a bad figure rejects naming the field (`board_watts`, `sources.rental.date`, …).
 */
export function addAccelerator(gpu: Gpu, replace: boolean): Promise<Gpu[]> {
  return call<Gpu[]>('add_accelerator', { gpu, replace });
}

/** Removes one of the user's accelerators (saved scenarios keep their copy); resolves with the rest. */
export function removeAccelerator(id: string): Promise<Gpu[]> {
  return call<Gpu[]>('remove_accelerator', { id });
}

/** Writes every sample of the scenario's Monte Carlo (the window's count and seed) as CSV; resolves with the path. */
export function exportSamples(input: ScenarioInput, path: string): Promise<string> {
  return call<string>('export_samples', { input, path });
}

export function startup(): Promise<Startup> {
  return call<Startup>('startup');
}

/** Saved scenarios, newest first; `search` filters by name. */
export function listScenarios(search: string | null): Promise<ScenarioSummary[]> {
  return call<ScenarioSummary[]>('list_scenarios', { search });
}

export function listDeleted(): Promise<ScenarioSummary[]> {
  return call<ScenarioSummary[]>('list_deleted');
}

export function getScenario(id: number): Promise<StoredScenario> {
  return call<StoredScenario>('get_scenario', { id });
}

export function saveScenario(
  name: string,
  description: string,
  input: ScenarioInput,
  overwrite: boolean,
): Promise<StoredScenario> {
  return call<StoredScenario>('save_scenario', { name, description, input, overwrite });
}

export function updateScenario(id: number, input: ScenarioInput): Promise<StoredScenario> {
  return call<StoredScenario>('update_scenario', { id, input });
}

export function renameScenario(id: number, name: string): Promise<StoredScenario> {
  return call<StoredScenario>('rename_scenario', { id, name });
}

/** Copies a scenario; a null name gives "NAME (copy)". */
export function duplicateScenario(id: number, name: string | null): Promise<StoredScenario> {
  return call<StoredScenario>('duplicate_scenario', { id, name });
}

/** Moves a scenario to the trash (recoverable with `restoreScenario`). */
export async function deleteScenario(id: number): Promise<void> {
  await call<null>('delete_scenario', { id });
}

export function restoreScenario(id: number): Promise<StoredScenario> {
  return call<StoredScenario>('restore_scenario', { id });
}

/** Sets the window title (the document title outside the app). Never fails. */
export async function setWindowTitle(title: string): Promise<void> {
  document.title = title;
  if (!inTauri()) return;
  try {
    await getCurrentWindow().setTitle(title);
  } catch {
    // The title is cosmetic; the document title is already set.
  }
}

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  png: { name: 'PNG image', extensions: ['png'] },
  svg: { name: 'SVG image', extensions: ['svg'] },
  csv: { name: 'CSV data', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
};

/**
 * Asks where to save with the native dialog, offering `format` first; null when cancelled.
 * The path gets the format's extension when the user left it off.
 */
export async function pickSavePath(title: string, defaultName: string, format: ExportFormat): Promise<string | null> {
  const path = await saveDialog({ title, defaultPath: defaultName, filters: [FILTERS[format]] });
  if (!path) return null;
  const ext = `.${format}`;
  return path.toLowerCase().endsWith(ext) ? path : `${path}${ext}`;
}

/**
 * Asks for a database file with the native dialog: an existing one to open, or (`create`) where
 * to start a new one; null when cancelled.
 */
export async function pickDatabasePath(create: boolean): Promise<string | null> {
  const filters = [{ name: 'Costscope database', extensions: ['db'] }];
  const path = create
    ? await saveDialog({ title: 'Start a new database', defaultPath: 'costscope.db', filters })
    : await openDialog({ title: 'Open a Costscope database', multiple: false, directory: false, filters });
  return typeof path === 'string' ? path : null;
}

/** Switches the app to the database at `path` (a new one with `create`); returns the new start-up state. */
export function openDatabase(path: string, create: boolean): Promise<Startup> {
  return call<Startup>('open_database', { path, create });
}

/** Scenario files: `.costscope` (what Costscope writes, and the type the desktop opens with
 * it); `.json` from older versions and other tools is still read. */
export const SCENARIO_FILE_EXTENSION = 'costscope';
const SCENARIO_FILTER = { name: 'Costscope scenarios', extensions: [SCENARIO_FILE_EXTENSION, 'json'] };

/** Asks for a scenario file to import with the native open dialog; null when cancelled. */
export async function pickScenarioFile(): Promise<string | null> {
  const path = await openDialog({
    title: 'Import scenarios',
    multiple: false,
    directory: false,
    filters: [SCENARIO_FILTER],
  });
  return typeof path === 'string' ? path : null;
}

/** Asks where to write a scenario file (`NAME.costscope` offered); null when cancelled. */
export async function pickScenarioSavePath(title: string, defaultName: string): Promise<string | null> {
  const path = await saveDialog({ title, defaultPath: `${defaultName}.${SCENARIO_FILE_EXTENSION}`, filters: [SCENARIO_FILTER] });
  if (!path) return null;
  return /\.(costscope|json)$/i.test(path) ? path : `${path}.${SCENARIO_FILE_EXTENSION}`;
}

/**
 * Calls `open` with the scenario files a second launch of the app handed to this window
 * (`costscope-app FILE` while it is open). Returns the function that stops listening.
 */
export async function onOpenFiles(open: (paths: string[]) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<string[]>('open-files', (event) => open(event.payload));
}

/** Writes the chart as drawn on screen to `path` (atomically, from Rust); returns the path. */
export function exportChart(chart: Chart, format: ExportFormat, path: string, look: ChartLook): Promise<string> {
  return call<string>('export_chart', { chart, format, path, look });
}

/** Puts the chart on the clipboard as an image drawn like an export; returns [width, height]. */
export function copyChartImage(chart: Chart, look: ChartLook): Promise<[number, number]> {
  return call<[number, number]>('copy_chart_image', { chart, look });
}

/** Puts the scenario's summary table on the clipboard (HTML and tab-separated); returns the text. */
export function copySummary(input: ScenarioInput, name: string | null): Promise<string> {
  return call<string>('copy_summary', { input, name });
}

/** Writes the scenario and its evaluated result as JSON; returns the path. */
export function exportResult(input: ScenarioInput, hold: Hold, name: string | null, path: string): Promise<string> {
  return call<string>('export_result', { input, hold, name, path });
}

/** Writes saved scenarios (all when `ids` is null) to a scenario file; returns how many. */
export function exportScenarios(ids: number[] | null, path: string): Promise<number> {
  return call<number>('export_scenarios', { ids, path });
}

/** Validates a scenario file and lists the names already taken; saves nothing. */
export function previewImport(path: string): Promise<ImportPreview> {
  return call<ImportPreview>('preview_import', { path });
}

/** Imports a scenario file, all or nothing. */
export function importScenarios(path: string, onClash: OnClash): Promise<ImportReport> {
  return call<ImportReport>('import_scenarios', { path, on_clash: onClash });
}

/** Saved scenarios side by side (after the editor's scenario when `current` is given). */
export function compareScenarios(ids: number[], current: CurrentScenario | null): Promise<Comparison> {
  return call<Comparison>('compare_scenarios', { ids, current });
}

/** Puts that comparison on the clipboard (HTML and tab-separated); returns the text. */
export function copyComparison(ids: number[], current: CurrentScenario | null): Promise<string> {
  return call<string>('copy_comparison', { ids, current });
}

/**
 * Goal seek: the value of `vary` that makes `target` equal `value`, solved by the core through
 * `evaluate`. Resolves with the input that value gives and its evaluation; an unreachable target
 * rejects with the core's sentence (field `target`).
 */
export function seekScenario(input: ScenarioInput, target: Figure, value: number, vary: SeekInput): Promise<SeekResult> {
  return call<SeekResult>('seek_scenario', { input, target, value, vary });
}
