/** Finding 8 of issue 12: one confinement rule for HTTP and the agent's canvas tool, decided before any change on disk. */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { canvasTool } from '../../src/agent/tools/canvas.ts'
import type { ToolContext } from '../../src/agent/tools/types.ts'

let gw: TestGateway
let outside: string
beforeEach(async () => {
  gw = await startTestGateway()
  outside = mkdtempSync(join(tmpdir(), 'openclaw-outside-'))
  symlinkSync(outside, join(gw.stateDir, 'canvas', 'planted'))
})
afterEach(async () => {
  await gw.stop()
  rmSync(outside, { recursive: true, force: true })
})

test('a PUT through a planted symlink is refused and creates no folder outside', async () => {
  const res = await fetch(`http://127.0.0.1:${gw.port}/__openclaw__/canvas/planted/new/deeper/f.txt`, {
    method: 'PUT', body: 'x', headers: { authorization: `Bearer ${gw.token}` },
  })
  expect(res.status).toBe(403)
  expect(existsSync(join(outside, 'new'))).toBe(false)
})

test("the agent's canvas tool applies the same rule", async () => {
  const ctx = { canvasDir: join(gw.stateDir, 'canvas') } as ToolContext
  await expect(canvasTool.run({ action: 'write', path: 'planted/new/f.txt', content: 'x' }, ctx)).rejects.toThrow('outside the folder')
  expect(existsSync(join(outside, 'new'))).toBe(false)
  mkdirSync(join(outside, 'victim'))
  await expect(canvasTool.run({ action: 'delete', path: 'planted/victim' }, ctx)).rejects.toThrow('unsafe path')
  expect(existsSync(join(outside, 'victim'))).toBe(true)
  expect(await canvasTool.run({ action: 'write', path: 'ok/f.txt', content: 'fine' }, ctx)).toBe('wrote ok/f.txt (4 bytes)')
})

test('a hard link planted in the folder is replaced by a write, never written through (HTTP and tool)', async () => {
  const ctx = { canvasDir: join(gw.stateDir, 'canvas') } as ToolContext
  for (const name of ['tool.html', 'put.html']) {
    writeFileSync(join(outside, name), 'precious')
    linkSync(join(outside, name), join(gw.stateDir, 'canvas', name))
  }
  expect(await canvasTool.run({ action: 'write', path: 'tool.html', content: 'page' }, ctx)).toBe('wrote tool.html (4 bytes)')
  const res = await fetch(`http://127.0.0.1:${gw.port}/__openclaw__/canvas/put.html`, { method: 'PUT', body: 'page', headers: { authorization: `Bearer ${gw.token}` } })
  expect(res.ok).toBe(true)
  for (const name of ['tool.html', 'put.html']) {
    expect(readFileSync(join(outside, name), 'utf8')).toBe('precious')
    expect(readFileSync(join(gw.stateDir, 'canvas', name), 'utf8')).toBe('page')
  }
})
