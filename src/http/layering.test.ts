/**
 * The pages served on the gateway's port (canvas, WebChat, the Control UI) and the HTTP pieces they share
 * sit below gateway/: the gateway hands them its runtime, they never import it (STYLE.md §2, imports point one way).
 */
import { expect, test } from 'bun:test'
import { Glob } from 'bun'
import { join } from 'node:path'

const SRC = join(import.meta.dir, '..')
const BELOW_GATEWAY = ['http', 'canvas', 'webchat', 'control-ui']
const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s*['"]([^'"]+)['"]/g

test('http/, canvas/, webchat/ and control-ui/ do not import gateway/', async () => {
  const offenders: string[] = []
  let seen = 0
  for (const folder of BELOW_GATEWAY) {
    for await (const path of new Glob('**/*.ts').scan(join(SRC, folder))) {
      const text = await Bun.file(join(SRC, folder, path)).text()
      for (const [, spec] of text.matchAll(IMPORT)) {
        seen++
        if (/(^|\/)gateway\//.test(spec!)) offenders.push(`${folder}/${path} imports ${spec}`)
      }
    }
  }
  expect(seen).toBeGreaterThan(20)
  expect(offenders).toEqual([])
})
