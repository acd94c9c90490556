/**
 * A workspace file's text, read again only when the file has changed. Workspace files join the system
 * prompt of every turn; reading all of them afresh cost each turn five opens and reads (a round trip
 * through the I/O threads) before its model request could leave. A stat per file is enough to see an
 * edit, with one exception: a change made within the file system's clock tick of the read, leaving the
 * size alone, keeps the same times. So a file that changed within SETTLED_MS of being read is read
 * again at each turn until it has been still for longer (git's "racily clean" rule): an edit shows on
 * the next turn, always.
 */
import { readFileSync, statSync } from 'node:fs'

/** Far longer than any file system's timestamp granularity (ext4 and most others: one kernel tick). */
const SETTLED_MS = 1000

interface Entry {
  ino: number
  size: number
  mtimeMs: number
  ctimeMs: number
  /** When the read began: the text is at least this new. */
  readAt: number
  text: string
}

/** One entry per workspace file path the agents have read: bounded by the configured workspaces. */
const cache = new Map<string, Entry>()

/** The file's text, trimmed and cut at `maxChars + 1` characters (enough to tell it was longer); '' when there is no readable file. */
export function readWorkspaceFile(path: string, maxChars: number): string {
  try {
    const st = statSync(path, { throwIfNoEntry: false })
    if (!st?.isFile()) return forget(path)
    const hit = cache.get(path)
    const unchanged = hit && hit.ino === st.ino && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.ctimeMs === st.ctimeMs
    if (unchanged && hit.readAt - st.ctimeMs > SETTLED_MS) return hit.text
    const readAt = Date.now()
    const text = readFileSync(path, 'utf8').trim().slice(0, maxChars + 1)
    cache.set(path, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, readAt, text })
    return text
  } catch {
    return forget(path) // unreadable (no permission, a vanished folder): skipped, as a missing file is
  }
}

function forget(path: string): string {
  cache.delete(path)
  return ''
}
