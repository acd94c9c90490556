/**
 * Files of the agent-editable canvas folder, addressed by URL path. Every lookup stays inside the
 * folder: `..` segments, NUL bytes and encoded separators are refused, and a symlink that resolves
 * outside the folder is forbidden rather than followed.
 */
import { lstatSync, mkdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** Files above this size are not served (a canvas is pages and assets, not a file share). */
const MAX_CANVAS_FILE_BYTES = 20 * 1024 * 1024
/** Uploads through the gateway are smaller still. */
export const MAX_CANVAS_UPLOAD_BYTES = 5 * 1024 * 1024

export type CanvasLookup =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'directory-without-slash' }
  | { kind: 'not-found' }
  | { kind: 'forbidden'; reason: string }

/** The folder-relative path for a URL path below the mount, or null when it is not a plain path. */
function relativeCanvasPath(urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.some((s) => s === '..')) return null
  return segments.join('/')
}

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep)

/** Resolves a URL path to a servable file (directories serve their index.html). */
export function lookupCanvasFile(root: string, urlPath: string): CanvasLookup {
  const rel = relativeCanvasPath(urlPath)
  if (rel === null) return { kind: 'not-found' }
  let real: string
  let realRoot: string
  try {
    realRoot = realpathSync(root)
    real = realpathSync(resolve(root, rel))
  } catch {
    return { kind: 'not-found' }
  }
  if (!inside(realRoot, real)) return { kind: 'forbidden', reason: 'outside the canvas folder' }
  const stat = statSync(real)
  if (stat.isDirectory()) {
    if (rel !== '' && !urlPath.endsWith('/')) return { kind: 'directory-without-slash' }
    return lookupCanvasFile(root, `${rel}/index.html`)
  }
  if (!stat.isFile()) return { kind: 'not-found' }
  if (stat.size > MAX_CANVAS_FILE_BYTES) return { kind: 'forbidden', reason: 'file too large' }
  return { kind: 'file', path: real, size: stat.size }
}

/**
 * Writes a file below the folder, creating parent folders. Refuses to write through a symlink, so a
 * link planted in the folder can never redirect a write elsewhere. The write is atomic (temp + rename).
 */
export function writeCanvasFile(root: string, urlPath: string, data: Uint8Array): { ok: true; path: string } | { ok: false; status: 403 | 404; reason: string } {
  const rel = relativeCanvasPath(urlPath)
  if (rel === null || rel === '') return { ok: false, status: 404, reason: 'not a file path' }
  const realRoot = realpathSync(root)
  const target = join(realRoot, rel)
  mkdirSync(dirname(target), { recursive: true })
  if (!inside(realRoot, realpathSync(dirname(target)))) return { ok: false, status: 403, reason: 'outside the canvas folder' }
  const existing = lstatOrNull(target)
  if (existing && !existing.isFile()) return { ok: false, status: 403, reason: 'not a regular file' }
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(temp, data, { mode: 0o644 })
  renameSync(temp, target)
  return { ok: true, path: relative(realRoot, target) }
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}
