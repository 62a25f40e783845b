import { describe, expect, it } from 'vitest';
import { packPlainDaily } from './plain-tables';

describe('packPlainDaily', () => {
  it('keeps nothing of one table for the next', () => {
    const a = '{\n["2025-03-02"] = 4,\n["2025-01-31"] = 2,\n["2025-03-02"] = 7,\n["2025-02-30"] = 9,\n}';
    const b = '{\n["2025-01-05"] = 1,\n}';
    const first = packPlainDaily(a);
    // Months in the order their first valid day appears; a day written twice keeps its last count.
    expect(first.months).toBe('2025-032025-01');
    expect(first.days).toBe('{"02":7}{"31":2}');
    expect(first.counts).toEqual([1, 1]);
    // The same months again: only this table's days.
    expect(packPlainDaily(b)).toMatchObject({ months: '2025-01', days: '{"05":1}', counts: [1] });
    expect(packPlainDaily(a)).toEqual(first);
  });

  it('reads the first and last years a key may name', () => {
    const edge = packPlainDaily('{\n["1900-01-01"] = 1,\n["2199-12-31"] = 2,\n["2200-01-01"] = 3,\n}');
    expect(edge.months).toBe('1900-012199-12');
    expect(edge.days).toBe('{"01":1}{"31":2}');
  });
});
