/**
 * What `config.set`, `config.patch` and `config.apply` (and `openclaw config set/unset` on a running
 * gateway) turn into: the new file text, checked against the hash the caller read, with secrets the
 * caller only saw redacted put back. Nothing here touches the disk; the reloader writes the result.
 * Error messages are the original's, so its Control UI and CLI show what they expect.
 */
import { GatewayError } from '../protocol/errors.ts'
import type { ConfigFileSnapshot } from './config-file.ts'
import { ConfigError, type ConfigIssue } from './load-config.ts'
import { applyMergePatch, changedPaths, destructiveArrayPaths } from './merge-patch.ts'
import { REDACTED, restoreRedacted } from './redact.ts'

export interface ConfigWriteRequest {
  kind: 'set' | 'patch' | 'apply'
  /** JSON5: the whole config (set, apply) or the part to merge (patch). */
  raw: string
  baseHash?: string
  replacePaths?: string[]
}

export type PlannedWrite =
  | { noop: true; config: Record<string, unknown> }
  | { noop: false; text: string; config: Record<string, unknown>; changedPaths: string[] }

const MAX_ISSUES_IN_MESSAGE = 3

export function checkBaseHash(file: ConfigFileSnapshot, baseHash: string | undefined): void {
  // A file that does not exist yet has nothing to lose; every other write must say what it was based on.
  if (!file.exists) return
  if (!baseHash) throw new GatewayError('INVALID_REQUEST', 'config base hash required; re-run config.get and retry', { code: 'CONFIG_BASE_HASH_REQUIRED' })
  if (baseHash !== file.hash) {
    throw new GatewayError('INVALID_REQUEST', 'config changed since last load; re-run config.get and retry', { code: 'CONFIG_HASH_MISMATCH', currentHash: file.hash })
  }
}

function parseObject(raw: string, what: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = raw.trim() === '' ? {} : Bun.JSON5.parse(raw)
  } catch (err) {
    throw new GatewayError('INVALID_REQUEST', `${what}: not valid JSON5: ${(err as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new GatewayError('INVALID_REQUEST', `${what} must be an object`)
  return parsed as Record<string, unknown>
}

function invalidConfigError(issues: ConfigIssue[]): GatewayError {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((i) => `${i.path}: ${i.message}`).join('; ')
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? ` (+${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : ''
  return new GatewayError('INVALID_REQUEST', `invalid config: ${shown}${more}`, { issues })
}

/** The new file text for a request; `validate` throws a ConfigError for a config the gateway would refuse. */
export async function planConfigWrite(
  file: ConfigFileSnapshot,
  req: ConfigWriteRequest,
  validate: (config: Record<string, unknown>) => Promise<void>,
): Promise<PlannedWrite> {
  const current = file.raw === null || file.raw.trim() === '' ? {} : parseObject(file.raw, 'the current config file')
  let next: Record<string, unknown>
  if (req.kind === 'patch') {
    const patch = parseObject(req.raw, 'config.patch raw')
    const replacePaths = new Set(req.replacePaths ?? [])
    next = applyMergePatch(current, patch, replacePaths) as Record<string, unknown>
    const destructive = destructiveArrayPaths(current, next, replacePaths)
    if (destructive.length > 0) {
      throw new GatewayError(
        'INVALID_REQUEST',
        `config.patch would remove entries from array path(s): ${destructive.join(', ')}. Pass replacePaths with the exact path(s) when this is intentional, or use config.apply for full-config replacement.`,
      )
    }
  } else {
    next = parseObject(req.raw, `config.${req.kind} raw`)
  }
  const restored = restoreRedacted(next, current)
  if (restored.problems.length > 0) throw invalidConfigError(restored.problems)
  next = restored.value
  const changed = changedPaths(current, next)
  if (changed.length === 0 && file.exists) return { noop: true, config: current }
  try {
    await validate(next)
  } catch (err) {
    if (err instanceof ConfigError) throw invalidConfigError(err.issues)
    throw err
  }
  return { noop: false, text: fileText(req, next, restored.restored), config: next, changedPaths: changed }
}

/**
 * `set`/`apply` keep the caller's text (comments and layout survive) unless it carried redacted
 * placeholders; then, and for every `patch`, the file is rewritten as formatted JSON.
 */
function fileText(req: ConfigWriteRequest, next: Record<string, unknown>, restored: number): string {
  if (req.kind !== 'patch' && restored === 0 && !req.raw.includes(REDACTED)) return req.raw.endsWith('\n') ? req.raw : `${req.raw}\n`
  return `${JSON.stringify(next, null, 2)}\n`
}
