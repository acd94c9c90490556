/**
 * Where `openclaw config` reads and writes: the running gateway when one answers (`config.get`, then
 * `config.apply` with the hash it read, so a concurrent edit is refused rather than overwritten and the
 * change applies at once), else the file itself, checked against the schema and replaced atomically.
 */
import { writeFileAtomic } from '../../../platform/atomic-file.ts'
import { readConfigFile } from '../../../config/config-file.ts'
import { ConfigError, validateConfig } from '../../../config/load-config.ts'
import { resolveConfigPath } from '../../../config/paths.ts'
import { redactConfig } from '../../../config/redact.ts'
import { withGatewayIfRunning, type ConnectionFlags } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'

type Obj = Record<string, unknown>

export interface ConfigSnapshot {
  path: string
  /** Secrets redacted. */
  config: Obj
  via: 'gateway' | 'file'
}

function readFileConfig(): { path: string; config: Obj } {
  const file = readConfigFile(resolveConfigPath(undefined))
  try {
    return { path: file.path, config: file.raw && file.raw.trim() ? (Bun.JSON5.parse(file.raw) as Obj) : {} }
  } catch (err) {
    return fail(`${file.path}: not valid JSON5: ${(err as Error).message}`, EXIT.config)
  }
}

export async function readConfig(flags: ConnectionFlags): Promise<ConfigSnapshot> {
  const remote = await withGatewayIfRunning(flags, (client) => client.request('config.get') as Promise<{ path: string; parsed: Obj }>)
  if (remote) return { path: remote.path, config: remote.parsed, via: 'gateway' }
  const local = readFileConfig()
  return { ...local, config: redactConfig(local.config), via: 'file' }
}

/** Applies `edit` to the whole config and writes it; secrets the gateway redacted are kept by it. */
export async function editConfig(flags: ConnectionFlags, edit: (config: Obj) => Obj): Promise<{ path: string; via: 'gateway' | 'file' }> {
  const remote = await withGatewayIfRunning(flags, async (client) => {
    const current = (await client.request('config.get')) as { path: string; parsed: Obj; hash: string }
    const next = edit(current.parsed)
    await client.request('config.apply', { raw: `${JSON.stringify(next, null, 2)}\n`, baseHash: current.hash })
    return { path: current.path }
  })
  if (remote) return { ...remote, via: 'gateway' }
  const { path, config } = readFileConfig()
  const next = edit(config)
  await checkConfig(path, next)
  writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, { keepBackup: true })
  return { path, via: 'file' }
}

/** The schema check (the running gateway also checks settings; offline, flags are unknown); every problem with its path. */
async function checkConfig(path: string, config: unknown): Promise<string[]> {
  try {
    return (await validateConfig(path, config)).unsupportedKeys
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message, EXIT.config)
    throw err
  }
}
