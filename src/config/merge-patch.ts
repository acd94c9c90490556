/**
 * `config.patch` semantics, as the original documents them: objects merge key by key, `null` deletes,
 * scalars replace, and arrays whose entries all carry a string `id` merge entry by entry (by id).
 * Other arrays are replaced, but a replacement that would drop existing entries is refused unless the
 * caller names the path in `replacePaths` (array items are spelled `[]`, e.g. `agents.list[].skills`).
 */
import { isDeepStrictEqual as equal } from 'node:util'

type Obj = Record<string, unknown>

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const hasId = (v: unknown): v is Obj & { id: string } => isObject(v) && typeof v.id === 'string' && v.id.length > 0
const isIdKeyed = (a: unknown[]) => a.length > 0 && a.every(hasId)
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

export function applyMergePatch(base: unknown, patch: unknown, replacePaths: ReadonlySet<string>, path = ''): unknown {
  if (isObject(patch)) {
    const out: Obj = isObject(base) ? { ...base } : {}
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key]
      else out[key] = applyMergePatch(out[key], value, replacePaths, join(path, key))
    }
    return out
  }
  if (Array.isArray(patch) && Array.isArray(base) && isIdKeyed(base) && !replacePaths.has(path)) {
    const out = [...base]
    for (const entry of patch) {
      const at = hasId(entry) ? out.findIndex((e) => (e as Obj).id === entry.id) : -1
      if (at >= 0) out[at] = applyMergePatch(out[at], entry, replacePaths, `${path}[]`)
      else out.push(entry)
    }
    return out
  }
  return patch
}

/** Array paths the merge would shrink (an entry of `base` missing from `merged`), not named in `replacePaths`. */
export function destructiveArrayPaths(base: unknown, merged: unknown, replacePaths: ReadonlySet<string>, path = ''): string[] {
  if (Array.isArray(base)) {
    if (replacePaths.has(path)) return []
    if (!Array.isArray(merged) || !keepsEntries(base, merged)) return [path]
    if (!isIdKeyed(base)) return []
    return base.flatMap((entry) => {
      const after = merged.find((m) => hasId(m) && m.id === (entry as Obj).id)
      return destructiveArrayPaths(entry, after, replacePaths, `${path}[]`)
    })
  }
  if (!isObject(base)) return []
  return Object.entries(base).flatMap(([key, value]) => destructiveArrayPaths(value, isObject(merged) ? merged[key] : undefined, replacePaths, join(path, key)))
}

function keepsEntries(base: unknown[], merged: unknown[]): boolean {
  if (isIdKeyed(base)) return base.every((b) => merged.some((m) => hasId(m) && m.id === (b as Obj).id))
  const left = [...merged]
  for (const entry of base) {
    const at = left.findIndex((m) => equal(m, entry))
    if (at < 0) return false
    left.splice(at, 1)
  }
  return true
}

/** Leaf paths whose value differs between two configs (objects compared key by key, arrays whole). */
export function changedPaths(before: unknown, after: unknown, path = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    return [...keys].sort().flatMap((k) => changedPaths(before[k], after[k], join(path, k)))
  }
  return equal(before, after) ? [] : [path]
}
