/** Reads and validates `openclaw.json`. An invalid file is a ConfigError listing every problem with its path. */
import type { GatewayFileConfig } from './schema.ts'
import { CONFIG_KEYS, checkConfig } from './generated/config-validator.ts'
import { readConfigFile } from './config-file.ts'
import { findJson5ErrorPosition } from './json5-error-position.ts'
import { findUnsupportedKeys } from './unsupported-keys.ts'

export interface ConfigIssue {
  path: string
  message: string
}

export class ConfigError extends Error {
  /** `fileExists: false`: the problems come from flags and environment, so the file is not blamed. */
  constructor(readonly path: string, readonly problems: string[], fileExists = true) {
    const subject = fileExists ? `invalid config ${path}` : `invalid settings (flags and environment; no config file at ${path})`
    super(`${subject}:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }

  /** The problems as `{path, message}` (each problem reads "path: message"). */
  get issues(): ConfigIssue[] {
    return this.problems.map((p) => {
      const cut = p.indexOf(': ')
      return cut > 0 ? { path: p.slice(0, cut), message: p.slice(cut + 2) } : { path: '', message: p }
    })
  }
}

export interface LoadedConfig {
  path: string
  exists: boolean
  config: GatewayFileConfig
  /** Keys present in the file that this gateway does not support (reported once, not fatal). */
  unsupportedKeys: string[]
  /** The file hash this config was read from (config-file.ts). */
  hash: string
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  const file = readConfigFile(path)
  if (!file.exists) return { path, exists: false, config: {}, unsupportedKeys: [], hash: file.hash }
  return parseConfigText(path, file.raw!, file.hash)
}

/** Parses and validates config text (the file's, or a write's before it reaches the file). */
export async function parseConfigText(path: string, text: string, hash: string): Promise<LoadedConfig> {
  let parsed: unknown
  try {
    parsed = text.trim() === '' ? {} : Bun.JSON5.parse(text)
  } catch (err) {
    const at = findJson5ErrorPosition(text)
    const where = at ? `line ${at.line}, column ${at.column}: unexpected ${at.found}` : (err as Error).message
    throw new ConfigError(path, [`(root): not valid JSON5: ${where}`])
  }
  return { ...(await validateConfig(path, parsed)), hash }
}

/** Checks a parsed config against the schema. */
export async function validateConfig(path: string, parsed: unknown): Promise<Omit<LoadedConfig, 'hash'>> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(path, ['(root): the top level must be an object'])
  }
  if (!checkConfig(parsed)) {
    // Only a broken file pays for loading TypeBox to say what is wrong with it.
    const [{ listErrors }, { ConfigSchema }] = await Promise.all([import('../protocol/explain-error.ts'), import('./schema.ts')])
    throw new ConfigError(path, listErrors(ConfigSchema, parsed))
  }
  return { path, exists: true, config: parsed as GatewayFileConfig, unsupportedKeys: findUnsupportedKeys(CONFIG_KEYS, parsed) }
}
