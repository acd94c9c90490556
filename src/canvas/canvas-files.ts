/**
 * Files of the agent-editable canvas folder. Every path goes through `confinePath` (platform/
 * confine-path.ts), the HTTP routes and the agent's `canvas` tool alike, before anything on disk changes.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { writeFileAtomic } from '../platform/atomic-file.ts'
import { confinePath } from '../platform/confine-path.ts'

/** Files above this size are not served (a canvas is pages and assets, not a file share). */
const MAX_CANVAS_FILE_BYTES = 20 * 1024 * 1024
/** Uploads through the gateway are smaller still. */
export const MAX_CANVAS_UPLOAD_BYTES = 5 * 1024 * 1024

export type CanvasLookup =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'directory-without-slash' }
  | { kind: 'not-found' }
  | { kind: 'forbidden'; reason: string }

/** Resolves a URL path below the mount to a servable file (directories serve their index.html). */
export function lookupCanvasFile(root: string, urlPath: string): CanvasLookup {
  const rel = decodePath(urlPath)
  if (rel === null) return { kind: 'not-found' }
  const found = confinePath(root, rel, 'read')
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
  const found = confinePath(root, rel, 'write')
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
