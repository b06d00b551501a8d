/** Small object helpers shared by the input checks; safe for keys such as `__proto__`. */

/** Assignment that keeps any key, `__proto__` included, an ordinary own property. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** An object literal or a parsed JSON/YAML map; not an array, a class instance or null. */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value))
  );
}
