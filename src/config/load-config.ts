/** Reads and validates `openclaw.json`. An invalid file is a ConfigError listing every problem. */
import { existsSync, readFileSync } from 'node:fs'
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { ConfigSchema, type GatewayFileConfig } from './schema.ts'

export class ConfigError extends Error {
  constructor(readonly path: string, readonly problems: string[]) {
    super(`invalid config ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
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

const checker = TypeCompiler.Compile(ConfigSchema)

export function loadConfig(path: string): LoadedConfig {
  if (!existsSync(path)) return { path, exists: false, config: {}, unsupportedKeys: [] }
  let parsed: unknown
  try {
    const text = readFileSync(path, 'utf8')
    parsed = text.trim() === '' ? {} : Bun.JSON5.parse(text)
  } catch (err) {
    throw new ConfigError(path, [`not valid JSON5: ${(err as Error).message}`])
  }
  return validateConfig(path, parsed)
}

export function validateConfig(path: string, parsed: unknown): LoadedConfig {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(path, ['the top level must be an object'])
  }
  const problems = [...checker.Errors(parsed)].map((e) => `${dotted(e.path)}: ${e.message}`)
  if (problems.length > 0) throw new ConfigError(path, dedupe(problems))
  return { path, exists: true, config: parsed as GatewayFileConfig, unsupportedKeys: findUnsupportedKeys(ConfigSchema, parsed) }
}

/** Walks the value beside the schema and lists keys the schema does not describe. */
export function findUnsupportedKeys(schema: TSchema, value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  const properties = schema.properties as Record<string, TSchema> | undefined
  if (!properties) return [] // a record or an opaque value: every key is allowed
  const found: string[] = []
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    const childSchema = properties[key]
    if (!childSchema) found.push(path)
    else found.push(...findUnsupportedKeys(childSchema, child, path))
  }
  return found
}

const dotted = (pointer: string) => pointer.slice(1).replaceAll('/', '.') || '(root)'
const dedupe = (items: string[]) => [...new Set(items)]
