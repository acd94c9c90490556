/**
 * A workspace file's text, read again only when the file has changed. Workspace files join the system
 * prompt of every turn; reading all of them afresh cost each turn five opens and reads (a round trip
 * through the I/O threads) before its model request could leave. A stat per file is enough to see an
 * edit, with one exception: a change made within the file system's clock tick of the read, leaving the
 * size alone, keeps the same times. So a file that changed within SETTLED_MS of being read is read
 * again at each turn until it has been still for longer (git's "racily clean" rule): an edit shows on
 * the next turn, always.
 * Most of the files are usually missing, and most often the whole folder: the folder is looked at first
 * (one stat), and a file found missing is not looked for again while the folder is unchanged (creating,
 * removing or renaming an entry changes its times), by the same rule. A dangling symbolic link is not
 * "missing": its target may appear without the folder changing, so it is looked at again every turn.
 * A folder or file that cannot be looked at (no permission, a link loop, an I/O error) is skipped as a
 * missing one is: the turn goes on without it.
 */
import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { logger } from '../log.ts'

const log = logger('agent')

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

interface Folder {
  ino: number
  mtimeMs: number
  ctimeMs: number
  /** Files not there when looked for, once the folder had been still for SETTLED_MS. */
  missing: Set<string>
}

/** One entry per workspace file path, and per folder, the agents have read: bounded by the configured workspaces. */
const files = new Map<string, Entry>()
const folders = new Map<string, Folder>()
/** Folders that could not be looked at, warned about once (until they can be again). */
const unreadable = new Set<string>()

/** Reads files of one folder as it is now; undefined when there is no such folder, or it cannot be looked at. */
export function workspaceFolder(dir: string): ((name: string, maxChars: number) => string) | undefined {
  const st = statFolder(dir)
  if (!st?.isDirectory()) {
    folders.delete(dir)
    return undefined
  }
  let folder = folders.get(dir)
  if (!folder || folder.ino !== st.ino || folder.mtimeMs !== st.mtimeMs || folder.ctimeMs !== st.ctimeMs) {
    folders.set(dir, (folder = { ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, missing: new Set() }))
  }
  const known = folder
  return (name, maxChars) => {
    if (known.missing.has(name)) return ''
    const lookedAt = Date.now()
    const text = readWorkspaceFile(join(dir, name), maxChars)
    if (text === undefined && lookedAt - Math.max(st.mtimeMs, st.ctimeMs) > SETTLED_MS) known.missing.add(name)
    return text ?? ''
  }
}

function statFolder(dir: string): Stats | undefined {
  try {
    const st = statSync(dir, { throwIfNoEntry: false })
    unreadable.delete(dir)
    return st
  } catch (err) {
    if (!unreadable.has(dir)) {
      unreadable.add(dir)
      log.warn(`workspace folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): its files are left out of the prompt`)
    }
    return undefined
  }
}

/**
 * The file's text, trimmed and cut at `maxChars + 1` characters (enough to tell it was longer); undefined
 * when there is no such file (nor a link by that name), '' when it cannot be read.
 */
function readWorkspaceFile(path: string, maxChars: number): string | undefined {
  try {
    const st = statSync(path, { throwIfNoEntry: false })
    // A link whose target is missing: '' (looked at again next turn), not missing.
    if (!st) return forget(path, lstatSync(path, { throwIfNoEntry: false }) ? '' : undefined)
    if (!st.isFile()) return forget(path, '')
    const hit = files.get(path)
    const unchanged = hit && hit.ino === st.ino && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.ctimeMs === st.ctimeMs
    if (unchanged && hit.readAt - st.ctimeMs > SETTLED_MS) return hit.text
    const readAt = Date.now()
    const text = readFileSync(path, 'utf8').trim().slice(0, maxChars + 1)
    files.set(path, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, readAt, text })
    return text
  } catch {
    return forget(path, '') // unreadable (no permission, a vanished folder): skipped, as a missing file is
  }
}

function forget<T>(path: string, result: T): T {
  files.delete(path)
  return result
}
