/** The value at a path of keys in a parsed config (array positions as numeric keys), or undefined when the path leads nowhere. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
