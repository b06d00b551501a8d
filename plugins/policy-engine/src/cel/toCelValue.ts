/**
 * Converts plain JSON-like values to CEL values once, deeply. CEL would otherwise convert an object
 * again each time an expression reads it; a subject is read by every policy that matches it.
 */
import { celList, celMap, type CelInput } from '@bufbuild/cel';

export class CelValueCache {
  private readonly converted = new WeakMap<object, CelInput>();

  toCel(value: unknown): CelInput {
    if (typeof value !== 'object' || value === null)
      return value === undefined ? null : (value as CelInput);
    const hit = this.converted.get(value);
    if (hit) return hit;
    let out: CelInput;
    if (Array.isArray(value)) {
      out = celList(value.map(v => this.toCel(v)));
    } else {
      const entries = new Map<string, CelInput>();
      for (const [k, v] of Object.entries(value))
        if (v !== undefined) entries.set(k, this.toCel(v));
      out = celMap(entries);
    }
    this.converted.set(value, out);
    return out;
  }
}
