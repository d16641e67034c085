// Fixtures for the rune modules' unit tests: a session that records no timings, a `screen` that
// answers one total, and an H100 entry with its sources.
import type { Gpu } from '../../bindings/Gpu';
import type { ScenarioInput } from '../../bindings/ScenarioInput';
import type { Screen } from '../../bindings/Screen';
import { newDraft } from '../draft';
import { EditSession, type SessionPerf } from './session.svelte';

export const noPerf: SessionPerf = {
  markReadyAfterPaint: () => {},
  recordInput: () => {},
  recordParts: () => {},
  sampleAfterPaint: () => {},
};

export const screen = async (_input: ScenarioInput) =>
  ({ evaluation: { total_cost_usd: 1 }, charts: [] }) as unknown as Screen;

const source = { title: 'H100 whitepaper', url: 'https://example.com', date: '2023-08' };
export const H100: Gpu = {
  id: 'H100',
  name: 'NVIDIA H100 SXM',
  vendor: 'NVIDIA',
  aliases: [],
  memory_gb: 80,
  memory_bandwidth_tb_s: 3.35,
  board_watts: 700,
  peak_dense_tflops: { bf16: 989.4, fp8: 1978.9 },
  usd_per_gpu_hour: 2,
  usd_per_gpu: 27500,
  sources: { specs: source, rental: source, purchase: source },
};

/** A session editing a new H100 scenario. */
export function h100Session(): EditSession {
  const session = new EditSession({ api: { screen }, perf: noPerf });
  session.load(newDraft([H100]));
  return session;
}
