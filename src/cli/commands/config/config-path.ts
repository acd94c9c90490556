/**
 * Config paths as the CLI takes them: dots, with brackets for array positions (`agents.list[0].name`),
 * and the edits `config set` / `config unset` make at one. Edits return a new object.
 */
type Obj = Record<string, unknown>

export function parseConfigPath(path: string): string[] {
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.')
  if (!path.trim() || segments.some((s) => s === '')) throw new Error(`not a config path: "${path}"`)
  return segments
}

const clone = (v: unknown): Obj | unknown[] => (Array.isArray(v) ? [...v] : typeof v === 'object' && v !== null ? { ...(v as Obj) } : {})

/** Sets the value, creating objects on the way; a value at the path is replaced whole. */
export function setAt(root: Obj, segments: readonly string[], value: unknown): Obj {
  const [head, ...rest] = segments as [string, ...string[]]
  const out = clone(root) as Obj
  out[head] = rest.length === 0 ? value : setAt((out[head] ?? {}) as Obj, rest, value)
  return out
}

/** Removes the key (or array entry); false when there was nothing there. */
export function unsetAt(root: Obj, segments: readonly string[]): { config: Obj; removed: boolean } {
  const [head, ...rest] = segments as [string, ...string[]]
  if (typeof root !== 'object' || root === null || !(head in root)) return { config: root, removed: false }
  const out = clone(root) as Obj
  if (rest.length === 0) {
    if (Array.isArray(out)) (out as unknown[]).splice(Number(head), 1)
    else delete out[head]
    return { config: out, removed: true }
  }
  const inner = unsetAt(out[head] as Obj, rest)
  out[head] = inner.config
  return { config: out, removed: inner.removed }
}

/** A value as typed on the command line: JSON5 when it parses, else the text itself. */
export function parseCliValue(text: string, strict: boolean): unknown {
  if (strict) return JSON.parse(text)
  try {
    return Bun.JSON5.parse(text)
  } catch {
    return text
  }
}
