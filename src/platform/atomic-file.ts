/**
 * Crash-safe file replacement, the one way this gateway rewrites a file: the new content goes to a temp
 * file beside it (created 0600 unless told otherwise: most of these files hold secrets), is fsynced, then
 * renamed over the old one (atomic on POSIX), and the directory is fsynced so the rename itself survives a
 * power cut. A reader sees the old complete file or the new one, never a torn write; and a hard link to the
 * old file keeps the old bytes (a write replaces the name, it never writes through it).
 */
import { chmodSync, closeSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

const TEMP_SUFFIX = '.tmp'

/**
 * Replaces `path` with `content` (text is written as UTF-8). `keepBackup`: the previous version stays as
 * `<file>.bak`. `mode`: the new file's permissions (0600 by default).
 * @example writeFileAtomic(configPath, json, { keepBackup: true })
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, opts: { keepBackup?: boolean; mode?: number } = {}): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${crypto.randomUUID().slice(0, 8)}${TEMP_SUFFIX}`)
  const mode = opts.mode ?? 0o600
  try {
    const fd = openSync(tmp, 'wx', mode)
    try {
      fchmodSync(fd, mode)
      writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (opts.keepBackup) keepBackup(path)
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  syncDir(dir)
}

/** Removes temp files a crash left behind (they never hold the only copy of anything). */
export function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) if (name.endsWith(TEMP_SUFFIX)) rmSync(join(dir, name), { force: true })
}

/** `write` may take fewer bytes than offered (a size limit, a full disk): a short file must never be renamed in. */
function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) {
    const n = writeSync(fd, buf, off, buf.length - off)
    if (n <= 0) throw new Error(`short write (${off} of ${buf.length} bytes)`)
    off += n
  }
}

/** `<file>.bak` becomes the current file's inode: a hard link swapped in by rename, so the old bytes are never rewritten and `.bak` is never half-made. */
function keepBackup(path: string): void {
  const staged = `${path}.bak.${process.pid}${TEMP_SUFFIX}`
  rmSync(staged, { force: true })
  try {
    linkSync(path, staged)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  chmodSync(staged, 0o600)
  renameSync(staged, `${path}.bak`)
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
