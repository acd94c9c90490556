/**
 * Failures of the disk under the state dir, told apart from bugs: a full disk or an I/O error is the
 * machine's condition, not the request's, so the client gets a typed, retryable `UNAVAILABLE` and the
 * gateway keeps serving what does not need to write. SQLite recovers by itself once space returns.
 */
import { GatewayError } from '../protocol/index.ts'

/** The typed error for a storage failure, or undefined when `err` is something else. */
export function storageFailure(err: unknown): GatewayError | undefined {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new GatewayError('UNAVAILABLE', 'database or disk is full', { code: 'STORAGE_FULL' }, { cause: err, retryable: true })
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new GatewayError('UNAVAILABLE', 'the database is corrupt', { code: 'STORAGE_CORRUPT' }, { cause: err, retryable: false })
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new GatewayError('UNAVAILABLE', 'disk I/O error', { code: 'STORAGE_IO' }, { cause: err, retryable: true })
  }
  return undefined
}
