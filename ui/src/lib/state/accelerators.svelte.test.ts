import { describe, expect, it } from 'vitest';
import type { Gpu } from '../../bindings/Gpu';
import { buildInput, setGpu } from '../draft';
import { Accelerators, type AcceleratorApi } from './accelerators.svelte';
import { Notices } from './notices.svelte';
import { H100, h100Session } from './testing';

function setup(api: AcceleratorApi) {
  const session = h100Session();
  const acc = new Accelerators(session, new Notices(), api);
  return { session, acc };
}

describe('accelerators', () => {
  it('sends the typed figures, then the editor uses the stored entry and carries a copy', async () => {
    const sent: Array<[Gpu, boolean]> = [];
    const { session, acc } = setup({
      addAccelerator: async (gpu, replace) => (sent.push([gpu, replace]), [gpu]),
      removeAccelerator: async () => [],
    });
    acc.show(H100);
    // Starting from a built-in copies its figures, not its identity.
    expect(acc.form.id).toBe('');
    expect(acc.form.numbers.board_watts).toBe('700');
    expect(acc.replacing).toBe(false);
    acc.form.id = 'LabChip-1';
    acc.form.name = 'Our lab chip';
    acc.form.numbers.usd_per_gpu_hour = '1.5';
    acc.form.peaks.fp8 = '';
    acc.form.sourceTitle = 'Our measurements';
    await acc.save();
    expect(sent).toHaveLength(1);
    const [gpu, replace] = sent[0];
    expect(replace).toBe(false);
    expect(gpu.peak_dense_tflops).toEqual({ bf16: 989.4 });
    expect(gpu.usd_per_gpu_hour).toBe(1.5);
    expect(gpu.sources.rental.title).toBe('Our measurements');
    expect(acc.showing).toBe(false);
    const input = buildInput(session.draft);
    expect(input.gpu).toBe('LabChip-1');
    expect(input.custom_gpu?.usd_per_gpu_hour).toBe(1.5);
    // Choosing a built-in again drops the copy.
    session.edit((d) => setGpu(d, H100));
    expect(buildInput(session.draft).custom_gpu).toBeUndefined();
  });

  it('shows a typing slip and the core’s refusal beside the field, and changes nothing', async () => {
    let calls = 0;
    const { session, acc } = setup({
      addAccelerator: async () => {
        calls += 1;
        throw { kind: 'invalid', message: 'board_watts must be from 1 to 10,000 W; got 0', field: 'board_watts' };
      },
      removeAccelerator: async () => [],
    });
    acc.show(H100);
    acc.form.id = 'X1';
    acc.form.numbers.memory_gb = 'lots';
    await acc.save();
    expect(calls).toBe(0);
    expect(acc.errorFor('memory_gb')).toContain('number in GB');
    acc.form.numbers.memory_gb = '80';
    acc.form.numbers.board_watts = '0';
    await acc.save();
    expect(calls).toBe(1);
    expect(acc.errorFor('board_watts')).toContain('from 1 to 10,000 W');
    expect(acc.showing).toBe(true);
    expect(buildInput(session.draft).gpu).toBe('H100');
  });
});
