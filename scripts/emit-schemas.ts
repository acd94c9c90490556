/**
 * `bun run protocol:gen` writes schemas/protocol.schema.json, schemas/swift/GatewayModels.swift and the
 * build-time validators (src/protocol/generated, src/config/generated) from the TypeBox schemas. `--check` (protocol:check) writes nothing and exits 1 when the committed files are stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { protocolDefinitions, toJsonSchema } from './protocol-definitions.ts'
import { swiftModels } from './swift-models.ts'
import { configValidatorModule, protocolValidatorModule } from './validator-code.ts'
import { ConnectParams } from '../src/protocol/connect.ts'
import { RequestFrame } from '../src/protocol/frame.ts'
import { Methods } from '../src/protocol/methods/index.ts'
import { NodeHostStats } from '../src/protocol/methods/nodes.ts'
import { ConfigSchema } from '../src/config/schema.ts'

const root = join(import.meta.dir, '..')

export function generatedFiles(): Record<string, string> {
  const jsonSchema = toJsonSchema(protocolDefinitions())
  return {
    'schemas/protocol.schema.json': `${JSON.stringify(jsonSchema, null, 2)}\n`,
    'schemas/swift/GatewayModels.swift': swiftModels(jsonSchema.$defs as Record<string, Record<string, unknown>>),
    'src/protocol/generated/validators.ts': protocolValidatorModule({ frames: { RequestFrame, ConnectParams, NodeHostStats }, methods: Methods }),
    'src/config/generated/config-validator.ts': configValidatorModule(ConfigSchema),
  }
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

if (import.meta.main) {
  const check = process.argv.includes('--check')
  const stale: string[] = []
  for (const [rel, text] of Object.entries(generatedFiles())) {
    const path = join(root, rel)
    if (read(path) === text) continue
    if (check) stale.push(rel)
    else {
      mkdirSync(join(path, '..'), { recursive: true })
      writeFileSync(path, text)
      console.log(`wrote ${rel}`)
    }
  }
  if (stale.length > 0) {
    console.error(`stale generated files (run \`bun run protocol:gen\`): ${stale.join(', ')}`)
    process.exit(1)
  }
  if (check) console.log('schemas are up to date')
}
