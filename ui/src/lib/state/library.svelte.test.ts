import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../bindings/ScenarioInput';
import type { Screen } from '../../bindings/Screen';
import type { StoredScenario } from '../../bindings/StoredScenario';
import { LastOpened, Library, UNTITLED, type LibraryApi } from './library.svelte';
import { Notices } from './notices.svelte';
import { EditSession } from './session.svelte';

const noPerf = { markReadyAfterPaint() {}, recordInput() {}, recordParts() {}, sampleAfterPaint() {} };

/** An in-memory store with the backend's name rule: names are unique, ignoring case. */
function memoryStore(names: string[] = []) {
  let nextId = 1;
  const rows = new Map<number, StoredScenario>();
  const saves: Array<{ name: string; overwrite: boolean }> = [];
  const stored = (id: number, name: string, input: ScenarioInput, origin: 'user' | 'preset' = 'user') =>
    ({ id, name, description: '', input, origin, created_at: '', updated_at: '' }) as unknown as StoredScenario;
  for (const n of names) {
    const id = nextId++;
    rows.set(id, stored(id, n, { gpu: 'H100', gpu_count: 8, duration_days: 1 }, n.startsWith('Preset') ? 'preset' : 'user'));
  }
  const byName = (name: string) => [...rows.values()].find((s) => s.name.toLowerCase() === name.toLowerCase());
  const conflict = (name: string) => ({ kind: 'conflict', message: `A scenario named “${name}” already exists`, field: 'name' });
  const api: LibraryApi = {
    async listScenarios() {
      return [...rows.values()].map((s) => ({ id: s.id, name: s.name, gpu: s.input.gpu, origin: s.origin, total_cost_usd: 1 })) as never;
    },
    async listDeleted() {
      return [];
    },
    async getScenario(id) {
      const s = rows.get(id);
      if (!s) throw { kind: 'not_found', message: 'no such scenario', field: null };
      return s;
    },
    async saveScenario(name, _description, input, overwrite) {
      saves.push({ name, overwrite });
      const taken = byName(name);
      if (taken && !overwrite) throw conflict(taken.name);
      const id = taken?.id ?? nextId++;
      const s = stored(id, name, input);
      rows.set(id, s);
      return s;
    },
    async updateScenario(id, input) {
      const s = { ...rows.get(id)!, input };
      rows.set(id, s);
      return s;
    },
    async renameScenario(id, name) {
      const taken = byName(name);
      if (taken && taken.id !== id) throw conflict(taken.name);
      const s = { ...rows.get(id)!, name };
      rows.set(id, s);
      return s;
    },
    async duplicateScenario(id) {
      const s = rows.get(id)!;
      const copy = stored(nextId++, `${s.name} (copy)`, s.input);
      rows.set(copy.id, copy);
      return copy;
    },
    async deleteScenario(id) {
      rows.delete(id);
    },
    async restoreScenario(id) {
      return rows.get(id)!;
    },
  };
  return { api, rows, saves, byName };
}

function setUp(names: string[] = []) {
  const store = memoryStore(names);
  const screen = async (input: ScenarioInput) =>
    ({ evaluation: { total_cost_usd: input.gpu_count ?? 0 }, charts: [] }) as unknown as Screen;
  const session = new EditSession({ api: { screen }, perf: noPerf });
  const notices = new Notices();
  const memory = new Map<string, string>();
  const storage = {
    getItem: (k: string) => memory.get(k) ?? null,
    setItem: (k: string, v: string) => void memory.set(k, v),
    removeItem: (k: string) => void memory.delete(k),
  } as Storage;
  const library = new Library(session, notices, store.api, new LastOpened(() => storage));
  return { store, session, notices, library };
}

describe('Library: saving and name clashes', () => {
  it('asks a new scenario for a name, then saves it under that name', async () => {
    const { library, store } = setUp();
    library.loadNew();
    expect(library.current.name).toBe(UNTITLED);
    expect(library.dirty).toBe(true);
    await library.save();
    expect(library.naming).toEqual({ value: UNTITLED, error: null, conflict: false });
    library.naming!.value = '  Plan A  ';
    await library.saveNamed(false);
    expect(store.saves).toEqual([{ name: 'Plan A', overwrite: false }]);
    expect(library.naming).toBeNull();
    expect(library.current.name).toBe('Plan A');
    expect(library.dirty).toBe(false);
    expect(library.lastOpened.get()).toBe(library.current.id);
  });

  it('refuses a taken name (any case) until the user says Replace', async () => {
    const { library, store } = setUp(['Plan A']);
    library.loadNew();
    await library.save();
    library.naming!.value = 'plan a';
    await library.saveNamed(false);
    expect(library.naming?.conflict).toBe(true);
    expect(library.naming?.error).toBe('A scenario named “Plan A” already exists. Replace it?');
    expect(library.current.id).toBeNull();
    expect(store.rows.size).toBe(1);

    await library.saveNamed(true);
    expect(store.saves.at(-1)).toEqual({ name: 'plan a', overwrite: true });
    expect(library.naming).toBeNull();
    expect(library.current.id).toBe(store.byName('Plan A')!.id);
    expect(store.rows.size).toBe(1);
  });

  it('refuses an empty name without asking the backend', async () => {
    const { library, store } = setUp();
    library.loadNew();
    await library.save();
    library.naming!.value = '   ';
    await library.saveNamed(false);
    expect(library.naming?.error).toBe('Give the scenario a name.');
    expect(library.naming?.conflict).toBe(false);
    expect(store.saves).toEqual([]);
  });

  it('updates a saved scenario in place, and save-as asks for a variant name', async () => {
    const { library, store, session } = setUp(['Plan A']);
    library.loadStored(await store.api.getScenario(1));
    session.edit((d) => (d.gpuCount = 64));
    expect(library.dirty).toBe(true);
    await library.save();
    expect(library.naming).toBeNull();
    expect(store.rows.get(1)!.input.gpu_count).toBe(64);
    expect(library.dirty).toBe(false);
    await library.save(true);
    expect(library.naming?.value).toBe('Plan A (variant)');
  });

  it('saves a preset only under a new name', async () => {
    const { library, store } = setUp(['Preset X']);
    library.loadStored(await store.api.getScenario(1));
    await library.save();
    expect(library.naming?.value).toBe('Preset X (variant)');
    library.naming!.value = 'Preset X';
    await library.saveNamed(false);
    expect(library.naming?.conflict).toBe(true);
  });

  it('saves nothing while a field is marked invalid', async () => {
    const { library, store, session, notices } = setUp();
    library.loadNew();
    session.markInvalid('gpu-count', 'GPU count must be a whole number');
    await library.save();
    expect(library.naming).toBeNull();
    expect(notices.status?.text).toBe('Fix the fields marked in red first; nothing was saved.');
    expect(store.saves).toEqual([]);
  });

  it('reports a rename to a taken name beside the name, and renames the open scenario', async () => {
    const { library, store } = setUp(['Plan A', 'Plan B']);
    library.loadStored(await store.api.getScenario(1));
    expect(await library.rename(1, 'PLAN B')).toBe('A scenario named “Plan B” already exists');
    expect(await library.rename(1, 'Plan C')).toBeNull();
    expect(library.current.name).toBe('Plan C');
    expect(library.scenarios.map((s) => s.name)).toEqual(['Plan C', 'Plan B']);
  });
});

describe('Library: duplicate', () => {
  it('opens the copy, so the edits that follow do not change the original', async () => {
    const { library, store } = setUp(['Plan A']);
    await library.refreshList();
    const original = store.byName('Plan A')!;
    await library.open(original.id);
    await library.duplicate(original.id);
    expect(library.current.name).toBe('Plan A (copy)');
    expect(library.current.id).not.toBe(original.id);
  });
});

describe('Library: trash and last opened', () => {
  it('forgets a deleted scenario as the last opened, and Undo in the toast restores it', async () => {
    const { library, store, notices } = setUp(['Plan A']);
    library.loadStored(await store.api.getScenario(1));
    expect(library.lastOpened.get()).toBe(1);
    const kept = store.rows.get(1)!;
    await library.remove(1);
    expect(library.lastOpened.get()).toBeNull();
    expect(library.current.id).toBeNull();
    expect(notices.toast?.action?.label).toBe('Undo');
    store.rows.set(1, kept);
    notices.runToastAction();
    await new Promise((r) => setTimeout(r, 0));
    expect(library.current.id).toBe(1);
    expect(library.lastOpened.get()).toBe(1);
  });

  it('opens the last opened scenario at start, else the DeepSeek-V3 preset', async () => {
    const { library, store } = setUp(['Plan A', 'DeepSeek-V3 (as reported)']);
    const list = await store.api.listScenarios(null);
    await library.openAtStart(list);
    expect(library.current.name).toBe('DeepSeek-V3 (as reported)');
    library.lastOpened.set(1);
    await library.openAtStart(list);
    expect(library.current.name).toBe('Plan A');
  });
});
