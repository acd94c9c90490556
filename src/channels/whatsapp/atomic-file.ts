/**
 * Crash-safe file replacement: the new content goes to a temp file in the same directory, is fsynced,
 * then renamed over the old one (atomic on POSIX), and the directory is fsynced so the rename itself
 * survives a power cut. A reader sees either the old complete file or the new one, never a torn write.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'

const TEMP_SUFFIX = '.tmp'

export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}${TEMP_SUFFIX}`
  try {
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeAll(fd, Buffer.from(data))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  syncDir(dirname(path))
}

/** `write` may take fewer bytes than offered (a size limit, a full disk): a short file must never be renamed in. */
function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) {
    const n = writeSync(fd, buf, off, buf.length - off)
    if (n <= 0) throw new Error(`short write (${off} of ${buf.length} bytes)`)
    off += n
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Removes temp files a crash left behind (they never hold the only copy of anything). */
export function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) if (name.endsWith(TEMP_SUFFIX)) rmSync(join(dir, name), { force: true })
}
