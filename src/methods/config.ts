/**
 * `config.*` (docs/gateway/protocol/rpc-talk-config-and-agents.md): read the file with its secrets
 * redacted and its `hash`; read the schema the gateway validates with; write with `baseHash`, validated
 * first, replaced atomically and applied at once (gateway/config-reloader.ts).
 */
import { configRevision, readConfigFile } from '../config/config-file.ts'
import { ConfigError, type ConfigIssue } from '../config/load-config.ts'
import { redactConfig, redactRaw } from '../config/redact.ts'
import { GatewayError } from '../protocol/index.ts'
import { VERSION } from '../version.ts'
import type { ConfigWriteOutcome, MethodContext } from './context.ts'
import { defineMethod } from './define-method.ts'

export const configGet = defineMethod('config.get', {
  access: 'operator.read',
  async handle(_params, ctx) {
    const file = readConfigFile(ctx.settings.configPath)
    const running = ctx.config.applied()
    let parsed: Record<string, unknown> = {}
    let issues: ConfigIssue[] = []
    let warnings: ConfigIssue[] = []
    try {
      parsed = file.raw === null || file.raw.trim() === '' ? {} : (Bun.JSON5.parse(file.raw) as Record<string, unknown>)
      const checked = await ctx.config.validate(parsed)
      warnings = checked.unsupportedKeys.map((path) => ({ path, message: 'not supported by this gateway; ignored' }))
    } catch (err) {
      if (err instanceof ConfigError) issues = err.issues
      else issues = [{ path: '', message: `not valid JSON5: ${(err as Error).message}` }]
    }
    const shown = redactConfig(parsed)
    const runtime = redactConfig(running.config)
    return {
      path: file.path,
      exists: file.exists,
      valid: issues.length === 0,
      raw: file.raw === null ? null : redactRaw(file.raw, issues.length && !Object.keys(parsed).length ? running.config : parsed),
      parsed: shown,
      sourceConfig: shown,
      resolved: shown,
      runtimeConfig: runtime,
      config: runtime,
      hash: file.hash,
      issues,
      warnings,
      legacyIssues: [],
      configRevisionHash: configRevision(parsed),
      appliedConfigHash: running.revision,
    }
  },
})

export const configSchema = defineMethod('config.schema', {
  access: 'operator.read',
  async handle() {
    const { configSchemaDocument } = await import('../config/schema-lookup.ts')
    const { schema, uiHints } = configSchemaDocument()
    return { schema, uiHints, version: VERSION, generatedAt: new Date().toISOString() }
  },
})

export const configSchemaLookup = defineMethod('config.schema.lookup', {
  access: 'operator.read',
  async handle({ path }) {
    const { lookupConfigSchema } = await import('../config/schema-lookup.ts')
    const found = lookupConfigSchema(path)
    if (!found) throw new GatewayError('INVALID_REQUEST', 'config schema path not found')
    return found
  },
})

function writeResult(outcome: ConfigWriteOutcome) {
  return {
    ok: true as const,
    path: outcome.path,
    hash: outcome.hash,
    ...(outcome.noop && { noop: true }),
    changedPaths: outcome.changedPaths,
    reloadKind: outcome.reloadKind,
    applied: outcome.applied,
    config: redactConfig(outcome.config),
  }
}

const write = (kind: 'set' | 'patch' | 'apply') => async (params: { raw: string; baseHash?: string; replacePaths?: string[] }, ctx: MethodContext) =>
  writeResult(await ctx.config.write({ kind, raw: params.raw, baseHash: params.baseHash, replacePaths: params.replacePaths }))

export const configSet = defineMethod('config.set', { access: 'operator.admin', handle: write('set') })
export const configPatch = defineMethod('config.patch', { access: 'operator.admin', handle: write('patch') })
export const configApply = defineMethod('config.apply', { access: 'operator.admin', handle: write('apply') })
