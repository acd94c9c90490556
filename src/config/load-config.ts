/** Reads and validates `openclaw.json`. An invalid file is a ConfigError listing every problem. */
import { existsSync, readFileSync } from 'node:fs'
import type { GatewayFileConfig } from './schema.ts'
import { CONFIG_KEYS, checkConfig } from './generated/config-validator.ts'
import { findJson5ErrorPosition } from './json5-error-position.ts'

export class ConfigError extends Error {
  /** `fileExists: false`: the problems come from flags and environment, so the file is not blamed. */
  constructor(readonly path: string, readonly problems: string[], fileExists = true) {
    const subject = fileExists ? `invalid config ${path}` : `invalid settings (flags and environment; no config file at ${path})`
    super(`${subject}:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export interface LoadedConfig {
  path: string
  exists: boolean
  config: GatewayFileConfig
  /** Keys present in the file that this gateway does not support (reported once, not fatal). */
  unsupportedKeys: string[]
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  if (!existsSync(path)) return { path, exists: false, config: {}, unsupportedKeys: [] }
  let parsed: unknown
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError(path, [`cannot read it: ${(err as Error).message}`])
  }
  try {
    parsed = text.trim() === '' ? {} : Bun.JSON5.parse(text)
  } catch (err) {
    const at = findJson5ErrorPosition(text)
    const where = at ? `line ${at.line}, column ${at.column}: unexpected ${at.found}` : (err as Error).message
    throw new ConfigError(path, [`not valid JSON5: ${where}`])
  }
  return validateConfig(path, parsed)
}

async function validateConfig(path: string, parsed: unknown): Promise<LoadedConfig> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(path, ['the top level must be an object'])
  }
  if (!checkConfig(parsed)) {
    // Only a broken file pays for loading TypeBox to say what is wrong with it.
    const [{ listErrors }, { ConfigSchema }] = await Promise.all([import('../protocol/explain-error.ts'), import('./schema.ts')])
    throw new ConfigError(path, listErrors(ConfigSchema, parsed))
  }
  return { path, exists: true, config: parsed as GatewayFileConfig, unsupportedKeys: findUnsupportedKeys(CONFIG_KEYS, parsed) }
}

/** Walks the value beside the known-key tree and lists keys the gateway does not understand. */
function findUnsupportedKeys(known: unknown, value: unknown, prefix = ''): string[] {
  if (known === true || typeof value !== 'object' || value === null || Array.isArray(value)) return []
  const found: string[] = []
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    const knownChild = (known as Record<string, unknown>)[key]
    if (knownChild === undefined) found.push(path)
    else found.push(...findUnsupportedKeys(knownChild, child, path))
  }
  return found
}
