/**
 * The node host's own settings (`<stateDir>/node-host.json`, JSON5). `system.run` is refused unless
 * the executable is on `systemRun.allow`: a bare name (resolved on PATH) or an absolute path.
 *
 * @example { systemRun: { allow: ["ls", "/usr/bin/uptime"], timeoutMs: 10000, maxOutputBytes: 65536 } }
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { compileValidator } from '../protocol/compile-validator.ts'

const NodeHostConfig = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    systemRun: Type.Optional(
      Type.Object(
        {
          allow: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
          timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
          maxOutputBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 16 * 1024 * 1024 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

export interface NodeHostSettings {
  displayName?: string
  systemRun: { allow: string[]; timeoutMs: number; maxOutputBytes: number }
}

const validator = compileValidator(NodeHostConfig)

function nodeHostConfigPath(stateDir: string): string {
  return join(stateDir, 'node-host.json')
}

export function loadNodeHostConfig(stateDir: string): NodeHostSettings {
  const path = nodeHostConfigPath(stateDir)
  let parsed: Static<typeof NodeHostConfig> = {}
  if (existsSync(path)) {
    const value: unknown = Bun.JSON5.parse(readFileSync(path, 'utf8'))
    if (!validator.check(value)) throw new Error(`invalid ${path}: ${validator.explain(value)}`)
    parsed = value
  }
  const run = parsed.systemRun ?? {}
  return {
    displayName: parsed.displayName,
    systemRun: { allow: run.allow ?? [], timeoutMs: run.timeoutMs ?? 30_000, maxOutputBytes: run.maxOutputBytes ?? 64 * 1024 },
  }
}
