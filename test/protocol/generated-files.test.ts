import { expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generatedFiles } from '../../scripts/emit-schemas.ts'

test('generated schemas, Swift models and validators match src/protocol (run `bun run protocol:gen`)', () => {
  for (const [rel, text] of Object.entries(generatedFiles())) {
    expect({ file: rel, upToDate: readFileSync(join(import.meta.dir, '..', '..', rel), 'utf8') === text }).toEqual({ file: rel, upToDate: true })
  }
})
