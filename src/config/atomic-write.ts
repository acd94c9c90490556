/**
 * Replaces a file so that a crash at any instant leaves either the old or the new content, never a
 * mix: write a temp file beside it, fsync it, keep the old version as `<file>.bak` (a hard link to
 * the old inode, so the old bytes are never rewritten), rename the temp over the file, fsync the
 * directory so the rename itself is durable. The file is created 0600: it holds secrets.
 */
import { chmodSync, closeSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`)
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    fchmodSync(fd, 0o600)
    const bytes = Buffer.from(text, 'utf8')
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off)
    fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw err
  }
  closeSync(fd)
  try {
    keepBackup(path)
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  syncDir(dir)
}

/** `<file>.bak` becomes the current file's inode (swapped in by rename, so `.bak` is never half-made). */
function keepBackup(path: string): void {
  const staged = `${path}.bak.${process.pid}.tmp`
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
