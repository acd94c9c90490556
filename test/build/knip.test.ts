import { expect, test } from 'bun:test'
import { join } from 'node:path'

const root = join(import.meta.dir, '..', '..')

// knip also runs in .ci/run; here too, so an unused export or file fails `npm test` before it lands.
test('knip finds no unused files, exports or dependencies', () => {
  const knip = Bun.spawnSync(['node', join(root, 'node_modules', 'knip', 'bin', 'knip.js')], { cwd: root, stdout: 'pipe', stderr: 'pipe' })
  expect({ code: knip.exitCode, report: `${knip.stdout}${knip.stderr}` }).toEqual({ code: 0, report: '' })
}, 120_000)
