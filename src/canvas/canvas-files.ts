/**
 * Files of the agent-editable canvas folder. `confineCanvasPath` is the one confinement rule, used by
 * the HTTP routes and by the agent's `canvas` tool alike, and it runs before anything on disk changes:
 * `..` segments, NUL bytes and backslashes are refused; the nearest existing ancestor of the target must
 * resolve inside the folder (so a planted symlink cannot lead a write, or the folders it creates,
 * elsewhere); a write or delete never goes through a symlink; a read follows one only inside the folder.
 */
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { writeFileAtomic } from '../platform/atomic-file.ts'

/** Files above this size are not served (a canvas is pages and assets, not a file share). */
const MAX_CANVAS_FILE_BYTES = 20 * 1024 * 1024
/** Uploads through the gateway are smaller still. */
export const MAX_CANVAS_UPLOAD_BYTES = 5 * 1024 * 1024

type Confined =
  | { ok: true; path: string; rel: string; exists: boolean }
  | { ok: false; status: 403 | 404; reason: string }

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep)

/**
 * Where `relPath` (below the folder, `/`-separated, already URL-decoded) lands. `read` resolves an
 * existing file through symlinks that stay inside; `write` gives the path itself and refuses a symlink.
 */
export function confineCanvasPath(root: string, relPath: string, purpose: 'read' | 'write'): Confined {
  if (relPath.includes('\0') || relPath.includes('\\')) return { ok: false, status: 404, reason: 'not a plain path' }
  const segments = relPath.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) return { ok: false, status: 404, reason: 'not a plain path' }
  const realRoot = realpathSync(root)
  const target = join(realRoot, ...segments)
  let existing = target
  let stat = lstatOrNull(existing)
  while (!stat) {
    existing = dirname(existing)
    stat = lstatOrNull(existing)
  }
  const real = realOrNull(existing)
  if (real === null) return { ok: false, status: 404, reason: 'not found' } // a dangling link
  if (!inside(realRoot, real)) return { ok: false, status: 403, reason: 'outside the canvas folder' }
  const rel = segments.join('/')
  if (existing !== target) {
    if (!statSync(real).isDirectory()) return { ok: false, status: 404, reason: 'a parent is not a folder' }
    return { ok: true, path: target, rel, exists: false }
  }
  if (purpose === 'read') return { ok: true, path: real, rel, exists: true }
  if (stat.isSymbolicLink()) return { ok: false, status: 403, reason: 'a symlink, not a regular file' }
  return { ok: true, path: target, rel, exists: true }
}

export type CanvasLookup =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'directory-without-slash' }
  | { kind: 'not-found' }
  | { kind: 'forbidden'; reason: string }

/** Resolves a URL path below the mount to a servable file (directories serve their index.html). */
export function lookupCanvasFile(root: string, urlPath: string): CanvasLookup {
  const rel = decodePath(urlPath)
  if (rel === null) return { kind: 'not-found' }
  const found = confineCanvasPath(root, rel, 'read')
  if (!found.ok) return found.status === 403 ? { kind: 'forbidden', reason: found.reason } : { kind: 'not-found' }
  if (!found.exists) return { kind: 'not-found' }
  const stat = statSync(found.path)
  if (stat.isDirectory()) {
    if (found.rel !== '' && !urlPath.endsWith('/')) return { kind: 'directory-without-slash' }
    return lookupCanvasFile(root, `${found.rel}/index.html`)
  }
  if (!stat.isFile()) return { kind: 'not-found' }
  if (stat.size > MAX_CANVAS_FILE_BYTES) return { kind: 'forbidden', reason: 'file too large' }
  return { kind: 'file', path: found.path, size: stat.size }
}

/** Writes a file below the folder (URL path), creating parent folders only once the path is confined. */
export function writeCanvasFile(root: string, urlPath: string, data: Uint8Array): { ok: true; path: string } | { ok: false; status: 403 | 404; reason: string } {
  const rel = decodePath(urlPath)
  if (rel === null) return { ok: false, status: 404, reason: 'not a plain path' }
  const found = confineCanvasPath(root, rel, 'write')
  if (!found.ok) return found
  if (found.rel === '') return { ok: false, status: 404, reason: 'not a file path' }
  if (found.exists && !statSync(found.path).isFile()) return { ok: false, status: 403, reason: 'not a regular file' }
  writeConfined(found.path, data)
  return { ok: true, path: relative(realpathSync(root), found.path) }
}

/**
 * Writes a confined path (the HTTP upload and the agent's tool alike): its folders as any canvas folder,
 * the file readable as a web page, and atomically (platform/atomic-file.ts), so a hard link planted in the
 * folder is replaced, never written through.
 */
export function writeConfined(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileAtomic(path, data, { mode: 0o644 })
}

function decodePath(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath)
  } catch {
    return null
  }
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
