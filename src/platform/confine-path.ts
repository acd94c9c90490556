/**
 * The one confinement rule for a path below a folder, used wherever a name from outside (a URL, the
 * agent, a provider's event) picks a file: the canvas routes and tool, inbound attachment files, and the
 * Control UI build's files.
 * It runs before anything on disk is read or changed: `..` segments, NUL bytes and backslashes are
 * refused; the nearest existing ancestor of the target must resolve inside the folder (so a planted
 * symlink cannot lead a write, or the folders it creates, elsewhere); a write or delete never goes
 * through a symlink; a read follows one only when it ends inside the folder.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'

export type Confined =
  | { ok: true; path: string; rel: string; exists: boolean }
  | { ok: false; status: 403 | 404; reason: string }

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep)

/**
 * Where `relPath` (below `root`, `/`-separated, already decoded) lands. `read` resolves an existing
 * file through symlinks that stay inside; `write` gives the path itself and refuses a symlink.
 */
export function confinePath(root: string, relPath: string, purpose: 'read' | 'write'): Confined {
  if (relPath.includes('\0') || relPath.includes('\\')) return { ok: false, status: 404, reason: 'not a plain path' }
  const segments = relPath.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) return { ok: false, status: 404, reason: 'not a plain path' }
  const realRoot = realOrNull(root)
  if (realRoot === null) return { ok: false, status: 404, reason: 'the folder does not exist' }
  const target = join(realRoot, ...segments)
  let existing = target
  let stat = lstatOrNull(existing)
  while (!stat) {
    existing = dirname(existing)
    stat = lstatOrNull(existing)
  }
  const real = realOrNull(existing)
  if (real === null) return { ok: false, status: 404, reason: 'not found' } // a dangling link
  if (!inside(realRoot, real)) return { ok: false, status: 403, reason: 'outside the folder' }
  const rel = segments.join('/')
  if (existing !== target) {
    if (!statSync(real).isDirectory()) return { ok: false, status: 404, reason: 'a parent is not a folder' }
    return { ok: true, path: target, rel, exists: false }
  }
  if (purpose === 'read') return { ok: true, path: real, rel, exists: true }
  if (stat.isSymbolicLink()) return { ok: false, status: 403, reason: 'a symlink, not a regular file' }
  return { ok: true, path: target, rel, exists: true }
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path)
  } catch {
    return null
  }
}
