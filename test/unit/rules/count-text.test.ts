import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countText } from '../../../shared/count-text.ts';

describe('countText', () => {
  it('writes whole numbers exactly as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, -1234]) expect(countText(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (n) => countText(n) === n.toLocaleString('en-US')));
  });

  it('leaves other numbers to toLocaleString', () => {
    expect(countText(1234.5)).toBe('1,234.5');
    expect(countText(Number.NaN)).toBe('NaN');
  });
});
