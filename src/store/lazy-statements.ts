/**
 * A store's statements, each prepared on first use. Preparing all of them up front (about seventy
 * across the stores) cost a few milliseconds of gateway start-up, and most wait for a method that
 * may never be called.
 */
export function lazyStatements<T extends Record<string, () => object>>(make: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const statements = {} as { [K in keyof T]: ReturnType<T[K]> }
  for (const key of Object.keys(make) as (keyof T & string)[]) {
    Object.defineProperty(statements, key, {
      configurable: true,
      enumerable: true,
      get() {
        const value = make[key]!()
        Object.defineProperty(statements, key, { value, enumerable: true })
        return value
      },
    })
  }
  return statements
}
