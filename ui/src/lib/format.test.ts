import { describe, expect, it } from 'vitest';
import * as fmt from './format';

describe('money', () => {
  it('uses K/M/B/T with 3 significant digits, like the core', () => {
    expect(fmt.usd(5_576_000)).toBe('$5.58 M');
    expect(fmt.usd(999_999)).toBe('$1.00 M');
    expect(fmt.usd(950)).toBe('$950');
    expect(fmt.usd(1_234)).toBe('$1.23 K');
    expect(fmt.usd(1.2e9)).toBe('$1.20 B');
    expect(fmt.usd(11_152_000)).toBe('$11.2 M');
    expect(fmt.usd(3.4e12)).toBe('$3.40 T');
  });
  it('handles 0, less than a dollar, huge and negative amounts', () => {
    expect(fmt.usd(0)).toBe('$0');
    expect(fmt.usd(0.5)).toBe('$0.500');
    expect(fmt.usd(0.0377)).toBe('$0.0377');
    expect(fmt.usd(5)).toBe('$5.00');
    expect(fmt.usdTick(2_500_000)).toBe('$2.5 M');
    expect(fmt.usdTick(0.5)).toBe('$0.5');
    expect(fmt.usd(2.5e16)).toBe('$25000 T');
    expect(fmt.usd(-5_576_000)).toBe('$-5.58 M');
    expect(fmt.usd(Number.NaN)).toBe('—');
  });
});

describe('time and GPU-hours', () => {
  it('formats days', () => {
    expect(fmt.days(56.72)).toBe('56.7 days');
    expect(fmt.days(1)).toBe('1 day');
    expect(fmt.days(0.5)).toBe('12 hours');
    expect(fmt.days(1234.4)).toBe('1,234 days');
    expect(fmt.days(116_166.7)).toBe('116,167 days');
    expect(fmt.days(0)).toBe('0 hours');
  });
  it('formats GPU-hours', () => {
    expect(fmt.gpuHours(2_788_000)).toBe('2.79 M GPU-hours');
    expect(fmt.gpuHours(0)).toBe('0 GPU-hours');
    expect(fmt.gpuHours(0.25)).toBe('0.25 GPU-hours');
    expect(fmt.gpuHours(30.84e6)).toBe('30.8 M GPU-hours');
  });
});

describe('energy, CO2 and percent', () => {
  it('picks the unit', () => {
    expect(fmt.energyKwh(4_850_000)).toBe('4.85 GWh');
    expect(fmt.energyKwh(920)).toBe('920 kWh');
    expect(fmt.energyKwh(12_345)).toBe('12.3 MWh');
    expect(fmt.energyKwh(0)).toBe('0 kWh');
    expect(fmt.energyKwh(0.4)).toBe('0.4 kWh');
  });
  it('formats tonnes of CO2e', () => {
    expect(fmt.co2Tonnes(1780.4)).toBe('1,780 t CO2e');
    expect(fmt.co2Tonnes(12.34)).toBe('12.3 t CO2e');
    expect(fmt.co2Tonnes(0)).toBe('0 t CO2e');
    expect(fmt.co2Tonnes(2.5e6)).toBe('2,500,000 t CO2e');
  });
  it('formats a fraction as a percentage', () => {
    expect(fmt.percent(0.3312)).toBe('33.1 %');
    expect(fmt.percent(0.332)).toBe('33.2 %');
    expect(fmt.percent(1.5)).toBe('150 %');
    expect(fmt.percent(0)).toBe('0 %');
    expect(fmt.percent(0.0004)).toBe('0.04 %');
  });
});

describe('plain numbers and counts', () => {
  it('groups thousands and keeps at most 3 decimals', () => {
    expect(fmt.plainNumber(1_000_000)).toBe('1,000,000');
    expect(fmt.plainNumber(0.5)).toBe('0.5');
    expect(fmt.plainNumber(-5)).toBe('-5');
    expect(fmt.plainNumber(0.01)).toBe('0.01');
    expect(fmt.plainNumber(1e16)).toBe('1e16');
    expect(fmt.plainNumber(0.0001)).toBe('1e-4');
    expect(fmt.plainNumber(1.9999)).toBe('2');
  });
  it('formats GPUs, counts and FLOPs', () => {
    expect(fmt.gpus(2048)).toBe('2,048 GPUs');
    expect(fmt.gpus(1)).toBe('1 GPU');
    expect(fmt.count(37e9)).toBe('37 B');
    expect(fmt.count(14.8e12)).toBe('14.8 T');
    expect(fmt.count(512)).toBe('512');
    expect(fmt.flops(3.2856e24)).toBe('3.29e24 FLOPs');
    expect(fmt.usdPerMillionTokens(0.377)).toBe('$0.377 per M tokens');
    expect(fmt.usdPerMillionTokens(null)).toBe('—');
  });
  it('shows editor values that parse back', () => {
    expect(fmt.editNumber(2048, 0)).toBe('2,048');
    expect(fmt.editNumber(56.722005208, 2)).toBe('56.72');
    expect(fmt.editNumber(0.08, 3)).toBe('0.08');
    expect(fmt.editCount(37e9)).toBe('37 B');
    expect(fmt.editCount(14.8e12)).toBe('14.8 T');
    expect(fmt.editCount(405e9)).toBe('405 B');
    expect(fmt.editCount(999)).toBe('999');
  });
});

describe('editor prices', () => {
  it('shows at least cents', () => {
    expect(fmt.editMoney(2)).toBe('2.00');
    expect(fmt.editMoney(0.085)).toBe('0.085');
    expect(fmt.editMoney(1234.5)).toBe('1,234.50');
    expect(fmt.editMoney(Number.NaN)).toBe('');
  });
});
