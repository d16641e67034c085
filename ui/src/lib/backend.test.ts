import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Tauri API is mocked: these tests check argument names and error conversion only.
// (A plain function, not vi.fn: a spy keeps rejected promises around and reports them.)
const calls: unknown[][] = [];
let answer: (cmd: string, args?: unknown) => Promise<unknown> = async () => [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (cmd: string, args?: unknown) => {
    calls.push(args === undefined ? [cmd] : [cmd, args]);
    return answer(cmd, args);
  },
}));
vi.mock('@tauri-apps/api/window', () => ({ getCurrentWindow: () => ({ setTitle: vi.fn() }) }));
let savedAs: string | null = null;
const saveOptions: unknown[] = [];
vi.mock('@tauri-apps/plugin-dialog', () => ({
  save: async (o: unknown) => {
    saveOptions.push(o);
    return savedAs;
  },
  open: async () => null,
}));
const listeners: Record<string, (e: { payload: unknown }) => void> = {};
vi.mock('@tauri-apps/api/event', () => ({
  listen: async (name: string, f: (e: { payload: unknown }) => void) => {
    listeners[name] = f;
    return () => delete listeners[name];
  },
}));

(globalThis as Record<string, unknown>).window = { __TAURI_INTERNALS__: {} };

const backend = await import('./backend');

describe('backend module', () => {
  beforeEach(() => {
    calls.length = 0;
    answer = async () => [];
  });

  it('passes snake_case argument names', async () => {
    const input = { gpu: 'H800', gpu_count: 2048, duration_days: 56 };
    await backend.screen(input, 'work', 'Plan B');
    await backend.listScenarios(null);
    await backend.saveScenario('A', '', input, false);
    await backend.updateScenario(3, input);
    await backend.renameScenario(3, 'B');
    await backend.duplicateScenario(3, null);
    await backend.deleteScenario(3);
    await backend.restoreScenario(3);
    await backend.getScenario(3);
    await backend.listDeleted();
    await backend.catalog();
    await backend.startup();
    await backend.startRange(input, 'usd_per_gpu_hour');
    await backend.addAccelerator({ id: 'X' } as never, false);
    expect(calls).toEqual([
      ['screen', { input, hold: 'work', name: 'Plan B', samples: null }],
      ['list_scenarios', { search: null }],
      ['save_scenario', { name: 'A', description: '', input, overwrite: false }],
      ['update_scenario', { id: 3, input }],
      ['rename_scenario', { id: 3, name: 'B' }],
      ['duplicate_scenario', { id: 3, name: null }],
      ['delete_scenario', { id: 3 }],
      ['restore_scenario', { id: 3 }],
      ['get_scenario', { id: 3 }],
      ['list_deleted'],
      ['catalog'],
      ['startup'],
      ['start_range', { input, name: 'usd_per_gpu_hour' }],
      ['add_accelerator', { gpu: { id: 'X' }, replace: false }],
    ]);
  });

  it('turns a rejected payload into a typed BackendError', async () => {
    const payload = { kind: 'invalid', field: 'gpu_count', message: 'gpu_count must be a whole number from 1 to 1,000,000; got -5' };
    answer = () => Promise.reject(payload);
    const e = await backend.screen({ gpu: 'H800', gpu_count: -5 }, 'work').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(backend.BackendError);
    const be = e as InstanceType<typeof backend.BackendError>;
    expect(be.kind).toBe('invalid');
    expect(be.field).toBe('gpu_count');
    expect(be.message).toBe(payload.message);
    expect(be.payload).toEqual(payload);
  });

  it('offers .costscope when saving scenario files and adds it when left off', async () => {
    savedAs = '/home/me/plans';
    expect(await backend.pickScenarioSavePath('Export scenarios', 'plans')).toBe('/home/me/plans.costscope');
    expect(saveOptions[0]).toMatchObject({ defaultPath: 'plans.costscope' });
    savedAs = '/home/me/old.json';
    expect(await backend.pickScenarioSavePath('Export scenarios', 'plans')).toBe('/home/me/old.json');
    savedAs = null;
    expect(await backend.pickScenarioSavePath('Export scenarios', 'plans')).toBeNull();
  });

  it('passes on the files a second launch hands over', async () => {
    const got: string[][] = [];
    const stop = await backend.onOpenFiles((paths) => got.push(paths));
    listeners['open-files']({ payload: ['/tmp/a.costscope'] });
    expect(got).toEqual([['/tmp/a.costscope']]);
    stop();
    expect(listeners['open-files']).toBeUndefined();
  });

  it('wraps strings and other failures', () => {
    expect(backend.toBackendError('boom').payload).toEqual({ kind: 'internal', message: 'boom', field: null });
    expect(backend.toBackendError(new Error('x')).message).toBe('x');
    expect(backend.toBackendError({ kind: 'conflict', message: 'taken' }).field).toBeNull();
    expect(backend.toBackendError(42).kind).toBe('internal');
    const args = backend.toBackendError('invalid args `id` for command `get_scenario`: invalid type: string "x", expected i64');
    expect([args.kind, args.field]).toEqual(['invalid', 'id']);
  });
});
