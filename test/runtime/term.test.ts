import { describe, expect, it } from 'vitest';
import { ErlangError } from '../../runtime/term.ts';

describe('ErlangError', () => {
  it('carries any reason, including objects without a prototype', () => {
    const odd = Object.create(null) as { readonly [k: string]: never };
    const e = new ErlangError(['invalid', odd]);
    expect(e.reason).toEqual(['invalid', odd]);
    expect(e.class).toBe('error');
    expect(e.message).toContain('invalid');
  });
});
