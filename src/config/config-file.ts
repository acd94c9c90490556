/**
 * The config file as bytes on disk: its text and the `hash` that `config.get` hands out and every
 * write must quote back as `baseHash` (optimistic concurrency). The hash covers the file's bytes
 * exactly, so any edit (even a comment) changes it.
 */
import { readFileSync } from 'node:fs'

export interface ConfigFileSnapshot {
  path: string
  exists: boolean
  /** The file's text; null when there is no file. */
  raw: string | null
  /** `sha256:<hex>` of the bytes; a missing file hashes as empty. */
  hash: string
}

/** The hash of file text (or bytes), as `readConfigFile` would report it for a file holding them. */
export function hashConfigText(text: string | Uint8Array): string {
  return `sha256:${new Bun.CryptoHasher('sha256').update(text).digest('hex')}`
}

/** A hash of the config's meaning (key order and formatting aside): equal revisions mean equal configs. */
export function configRevision(config: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical)
      : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v
  return hashConfigText(JSON.stringify(canonical(config)))
}

export function readConfigFile(path: string): ConfigFileSnapshot {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path, exists: false, raw: null, hash: hashConfigText('') }
    throw err
  }
  return { path, exists: true, raw: bytes.toString('utf8'), hash: hashConfigText(bytes) }
}
