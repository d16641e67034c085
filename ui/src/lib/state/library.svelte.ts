// The scenario library and the open scenario: the saved list (with search) and the trash, what
// the editor holds (id, name, whether it differs from what is stored), opening, new, rename,
// duplicate, delete and restore, save and save-as (with the name being typed and its clash), the
// "last opened" scenario, the database's state and the side-by-side sheet's first column.

import type { ErrorPayload } from '../../bindings/ErrorPayload';
import type { Origin } from '../../bindings/Origin';
import type { Preset } from '../../bindings/Preset';
import type { ScenarioSummary } from '../../bindings/ScenarioSummary';
import type { StoredScenario } from '../../bindings/StoredScenario';
import * as backend from '../backend';
import { toBackendError } from '../backend';
import { buildInput, draftFromInput, inputKey, newDraft, type Draft } from '../draft';
import { debounce } from '../scheduler';
import type { Notices } from './notices.svelte';
import type { EditSession } from './session.svelte';

/** What the library asks of the backend (a fake in unit tests). */
export type LibraryApi = Pick<
  typeof backend,
  | 'listScenarios'
  | 'listDeleted'
  | 'getScenario'
  | 'saveScenario'
  | 'updateScenario'
  | 'renameScenario'
  | 'duplicateScenario'
  | 'deleteScenario'
  | 'restoreScenario'
>;

export const UNTITLED = 'Untitled scenario';
/** Opened on first launch (and when the last opened scenario is gone). */
export const PRESET_NAME = 'DeepSeek-V3 (as reported)';

/** The scenario in the editor. */
export interface Current {
  id: number | null;
  name: string;
  origin: Origin | null;
  /** inputKey of what is stored; null when nothing is. */
  baseline: string | null;
  /** The id this editor held before it was moved to the trash (to relink on restore). */
  trashedId: number | null;
}

/** The name being typed for a save (a new scenario, a preset, or save-as). */
export interface Naming {
  value: string;
  error: string | null;
  /** The name is taken: offer Replace. */
  conflict: boolean;
}

/** Remembers the scenario opened last, to reopen it at the next start (a convenience). */
export class LastOpened {
  readonly #storage: () => Storage | undefined;
  readonly #key = 'costscope.lastScenarioId';

  constructor(storage: () => Storage | undefined = () => globalThis.localStorage) {
    this.#storage = storage;
  }

  get(): number | null {
    try {
      const v = Number(this.#storage()?.getItem(this.#key));
      return Number.isInteger(v) && v > 0 ? v : null;
    } catch {
      return null;
    }
  }

  set(id: number | null) {
    try {
      if (id === null) this.#storage()?.removeItem(this.#key);
      else this.#storage()?.setItem(this.#key, String(id));
    } catch {
      // Storage may be off; reopening the last scenario is a convenience.
    }
  }
}

const unsaved = (): Current => ({ id: null, name: UNTITLED, origin: null, baseline: null, trashedId: null });

/** The editor holding stored scenario `s` (as draft `d`), unchanged. */
const storedAs = (s: StoredScenario, d: Draft): Current => ({
  id: s.id,
  name: s.name,
  origin: s.origin,
  baseline: inputKey(buildInput(d)),
  trashedId: null,
});

export class Library {
  readonly session: EditSession;
  readonly #notices: Notices;
  readonly #api: LibraryApi;
  readonly lastOpened: LastOpened;

  scenarios = $state.raw<ScenarioSummary[]>([]);
  deleted = $state.raw<ScenarioSummary[]>([]);
  search = $state('');
  view = $state<'saved' | 'trash'>('saved');
  current = $state<Current>(unsaved());
  /** The built-in presets, with their sources and caveats (from start-up). */
  presets = $state<Preset[]>([]);
  /** The preset the open scenario is, to show its source line and caveat; null otherwise. */
  readonly preset = $derived(
    this.current.origin === 'preset' ? (this.presets.find((p) => p.name === this.current.name) ?? null) : null,
  );
  naming = $state<Naming | null>(null);
  saving = $state(false);
  db = $state<{ path: string; error: ErrorPayload | null }>({ path: '', error: null });
  /** Days a deleted scenario stays in the trash (from the core); null before start-up. */
  trashDays = $state<number | null>(null);
  /** The "database could not be opened" dialog is showing. */
  dbDialogOpen = $state(false);
  /** The editor's scenario as the comparison sheet shows it (null: the sheet is closed). */
  comparing = $state<backend.CurrentScenario | null>(null);

  readonly dirty = $derived.by(() => this.current.baseline === null || this.current.baseline !== this.session.key);
  readonly canSave = $derived(this.db.error === null);
  readonly cannotSaveReason = $derived(
    this.db.error ? `the database at ${this.db.path || 'its usual place'} could not be opened` : '',
  );
  /** The window title: the scenario's name, a dot when unsaved. */
  readonly title = $derived(`${this.current.name}${this.dirty ? ' •' : ''} — Costscope`);

  readonly #searchLater = debounce(() => void this.refreshList(), 150);

  constructor(session: EditSession, notices: Notices, api: LibraryApi = backend, lastOpened = new LastOpened()) {
    this.session = session;
    this.#notices = notices;
    this.#api = api;
    this.lastOpened = lastOpened;
    session.chartLabel = () => (this.current.id === null ? null : this.current.name);
  }

  /** The label the backend puts on this scenario's charts and files. */
  scenarioLabel(): string | null {
    return this.current.id === null && this.current.name === UNTITLED ? null : this.current.name;
  }

  // ---- the list --------------------------------------------------------------------------------

  async refreshList() {
    if (!this.canSave) return;
    try {
      this.scenarios = await this.#api.listScenarios(this.search.trim() || null);
      if (this.view === 'trash') this.deleted = await this.#api.listDeleted();
    } catch (e) {
      this.#notices.showError(e, 'The scenario list could not be read');
    }
    // The comparison chart comes with the next evaluation.
    this.session.requestScreen();
  }

  /** The search text changed: the list follows when typing pauses. */
  setSearch = (text: string) => {
    this.search = text;
    this.#searchLater.call();
  };

  setView = async (v: 'saved' | 'trash') => {
    this.view = v;
    if (v !== 'trash') return;
    try {
      this.deleted = await this.#api.listDeleted();
    } catch (e) {
      this.#notices.showError(e, 'The trash could not be read');
    }
  };

  // ---- what the editor holds --------------------------------------------------------------------

  /** Shows a stored scenario in the editor. */
  loadStored(s: StoredScenario) {
    const d = draftFromInput(s.input, this.session.catalog);
    this.current = storedAs(s, d);
    this.naming = null;
    this.lastOpened.set(s.id);
    this.session.load(d);
  }

  loadNew() {
    this.current = unsaved();
    this.naming = null;
    this.session.load(newDraft(this.session.catalog));
  }

  /** Opens at start-up the scenario opened last, else the DeepSeek-V3 preset, else the newest. */
  async openAtStart(list: ScenarioSummary[]) {
    const last = this.lastOpened.get();
    const pick = list.find((s) => s.id === last) ?? list.find((s) => s.name === PRESET_NAME) ?? list[0];
    if (pick) {
      try {
        this.loadStored(await this.#api.getScenario(pick.id));
        return;
      } catch (e) {
        this.#notices.showError(e, `“${pick.name}” could not be opened`);
      }
    }
    this.loadNew();
  }

  /** True when nothing unsaved would be lost, or the user agrees to lose it. */
  async discardOk(): Promise<boolean> {
    if (!this.dirty || (this.current.id === null && !this.session.changedSinceLoad)) return true;
    return this.#notices.ask(`Discard the unsaved changes to “${this.current.name}”?`, 'Discard changes');
  }

  open = async (id: number) => {
    if (id === this.current.id) return;
    if (!(await this.discardOk())) return;
    try {
      this.loadStored(await this.#api.getScenario(id));
    } catch (e) {
      this.#notices.showError(e, 'The scenario could not be opened');
    }
  };

  startNew = async () => {
    if (!(await this.discardOk())) return;
    this.loadNew();
  };

  // ---- rename, duplicate, trash ----------------------------------------------------------------

  /** Renames a saved scenario; returns the error to show beside the name, or null. */
  rename = async (id: number, name: string): Promise<string | null> => {
    try {
      const s = await this.#api.renameScenario(id, name);
      if (this.current.id === id) this.current.name = s.name;
      await this.refreshList();
      return null;
    } catch (e) {
      return toBackendError(e).message;
    }
  };

  duplicate = async (id: number) => {
    try {
      const s = await this.#api.duplicateScenario(id, null);
      await this.refreshList();
      // The copy is what the user means to change next: open it (unless that would drop edits).
      if (await this.discardOk()) this.loadStored(s);
      this.#notices.showToast(`Duplicated as “${s.name}”`);
    } catch (e) {
      this.#notices.showError(e, 'The scenario could not be duplicated');
    }
  };

  remove = async (id: number) => {
    const s = this.scenarios.find((x) => x.id === id);
    try {
      await this.#api.deleteScenario(id);
      if (this.current.id === id) this.current = { ...this.current, id: null, origin: null, baseline: null, trashedId: id };
      if (this.lastOpened.get() === id) this.lastOpened.set(null);
      await this.refreshList();
      this.#notices.showToast(`Moved “${s?.name ?? 'scenario'}” to the trash`, {
        label: 'Undo',
        run: () => void this.restore(id),
      });
    } catch (e) {
      this.#notices.showError(e, 'The scenario could not be deleted');
    }
  };

  restore = async (id: number) => {
    try {
      const s = await this.#api.restoreScenario(id);
      if (this.current.id === null && this.current.trashedId === id) {
        this.current = storedAs(s, draftFromInput(s.input, this.session.catalog));
        this.lastOpened.set(s.id);
      }
      this.deleted = this.deleted.filter((x) => x.id !== id);
      await this.refreshList();
      this.#notices.showToast(`Restored “${s.name}”`);
    } catch (e) {
      this.#notices.showError(e, 'The scenario could not be restored');
    }
  };

  // ---- saving ----------------------------------------------------------------------------------

  #blockedReason(): string | null {
    if (!this.canSave) return `Nothing can be saved: ${this.cannotSaveReason}.`;
    if (this.session.hasTypedErrors) return 'Fix the fields marked in red first; nothing was saved.';
    return null;
  }

  /**
   * Save (Ctrl+S): a saved scenario is updated in place; a new scenario, a preset or `asNew`
   * (save-as) asks for a name first.
   */
  save = async (asNew = false) => {
    if (this.saving) return;
    const blocked = this.#blockedReason();
    if (blocked) {
      this.#notices.error(blocked);
      return;
    }
    const cur = this.current;
    if (!asNew && cur.id !== null && cur.origin !== 'preset') {
      this.saving = true;
      const snapshot = this.session.currentInput();
      try {
        const s = await this.#api.updateScenario(cur.id, snapshot);
        this.current = { ...this.current, name: s.name, baseline: inputKey(snapshot) };
        this.#notices.clearStatus();
        await this.refreshList();
        this.#notices.showToast(`Saved “${s.name}”`);
      } catch (e) {
        this.#notices.showError(e, 'Not saved');
      } finally {
        this.saving = false;
      }
      return;
    }
    this.naming = { value: cur.id === null ? cur.name : `${cur.name} (variant)`, error: null, conflict: false };
  };

  /**
   * Saves under the typed name. A taken name is not overwritten unless the user says so
   * (`overwrite`, the Replace button); an empty name is refused before anything is sent.
   */
  saveNamed = async (overwrite: boolean) => {
    if (!this.naming || this.saving) return;
    const blocked = this.#blockedReason();
    if (blocked) {
      this.naming.error = blocked;
      return;
    }
    const name = this.naming.value.trim();
    if (!name) {
      this.naming.error = 'Give the scenario a name.';
      return;
    }
    this.saving = true;
    const snapshot = this.session.currentInput();
    try {
      const s = await this.#api.saveScenario(name, '', snapshot, overwrite);
      this.naming = null;
      this.current = { id: s.id, name: s.name, origin: s.origin, baseline: inputKey(snapshot), trashedId: null };
      this.lastOpened.set(s.id);
      this.#notices.clearStatus();
      await this.refreshList();
      this.#notices.showToast(`Saved “${s.name}”`);
    } catch (e) {
      const be = toBackendError(e);
      if (this.naming) {
        this.naming.conflict = be.kind === 'conflict';
        this.naming.error = be.kind === 'conflict' ? `${be.message}. Replace it?` : be.message;
      } else {
        this.#notices.showError(be, 'Not saved');
      }
    } finally {
      this.saving = false;
    }
  };

  cancelNaming = () => {
    this.naming = null;
  };

  // ---- side by side ------------------------------------------------------------------------------

  /** Opens the side-by-side comparison with the editor's scenario as its first column. */
  openCompare = () => {
    const cur = this.current;
    this.comparing = { name: this.dirty ? `${cur.name} (unsaved)` : cur.name, input: this.session.currentInput() };
  };

  closeCompare = () => {
    this.comparing = null;
  };
}
