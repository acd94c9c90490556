/**
 * The last line of containment: a throw or rejection that nothing else caught. Inside a channel
 * account's scope it is that account's fault (the account restarts with backoff). Anywhere else it is
 * recorded with where it came from (the top frame of its stack), logged once with the stack, counted
 * in `health.escapes`, and the gateway keeps serving: the callback that threw has already unwound, and
 * exiting would drop every client and every channel for one bad callback.
 */
import { currentAccountScope } from '../channels/account-scope.ts'
import { logger } from '../log.ts'

const log = logger('gateway')

export interface EscapeRecord {
  at: number
  kind: 'uncaughtException' | 'unhandledRejection'
  /** `channel <provider:account>` when an account's scope was active, else the stack's top frame. */
  origin: string
  message: string
}

const escapes = { count: 0, last: null as EscapeRecord | null }

function topFrame(err: unknown): string {
  const frame = err instanceof Error ? err.stack?.split('\n').find((line) => line.trimStart().startsWith('at ')) : undefined
  return frame?.trim().replace(/^at /, '') ?? 'unknown (no stack)'
}

/** Records one escaped error and routes it to its account when it has one. */
export function recordEscape(err: unknown, kind: EscapeRecord['kind']): EscapeRecord {
  const scope = currentAccountScope()
  const record: EscapeRecord = {
    at: Date.now(),
    kind,
    origin: scope ? `channel ${scope.key}` : topFrame(err),
    message: err instanceof Error ? err.message : String(err),
  }
  escapes.count++
  escapes.last = record
  if (scope) scope.fault(err, kind)
  else log.error(`${kind} from ${record.origin}: ${record.message}; the gateway keeps running`, err instanceof Error && err.stack ? `\n${err.stack}` : '')
  return record
}

/** For `health`: how many errors escaped to the process since it started, and the last one. */
export function escapeHealth(): { escapes: { count: number; last: EscapeRecord | null } } {
  return { escapes: { ...escapes } }
}

/** Installs the process-wide handlers (the gateway daemon only; tests and CLI verbs keep the runtime's default). */
export function installEscapeGuard(): void {
  process.on('uncaughtException', (err) => guarded(err, 'uncaughtException'))
  process.on('unhandledRejection', (reason) => guarded(reason, 'unhandledRejection'))
}

/** A throw inside the handler itself would end the process (the runtime exits on it): it is swallowed. */
function guarded(err: unknown, kind: EscapeRecord['kind']): void {
  try {
    recordEscape(err, kind)
  } catch {
    escapes.count++
  }
}
