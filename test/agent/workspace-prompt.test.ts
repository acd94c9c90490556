import { afterEach, expect, test } from 'bun:test'
import { mkdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestClient } from '../helpers/client.ts'
import { tempStateDir, type TestGateway } from '../helpers/gateway.ts'
import { chatEnded, operator, runEvents, startAgentGateway, startFakeModelServer, systemPromptOf, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
let dir: string | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  gw = fake = c = dir = undefined
})

test('an edited workspace file is in the very next turn: rewritten at once at the same size, its time put back, replaced by a rename, removed', async () => {
  fake = startFakeModelServer('openai')
  dir = tempStateDir()
  gw = await startAgentGateway({ fake, stateDir: dir })
  c = await operator(gw)
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const agents = join(workspace, 'AGENTS.md')
  let n = 0
  const systemOfTurn = async (): Promise<string> => {
    const runId = `w${++n}`
    await c!.call('chat.send', { sessionKey: 'main', message: 'hi', idempotencyKey: runId })
    await runEvents(c!, runId, chatEnded)
    return systemPromptOf(fake!.requests.at(-1)!)
  }

  expect(await systemOfTurn()).not.toContain('# Project Context')
  // A whole second: a time that can be put back exactly.
  const then = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000)
  writeFileSync(agents, 'Rule: version A.')
  utimesSync(agents, then, then)
  expect(await systemOfTurn()).toContain('## AGENTS.md\nRule: version A.')
  // The same size, and the modification time put back to the one the previous turn saw.
  writeFileSync(agents, 'Rule: version B.')
  utimesSync(agents, then, then)
  expect(statSync(agents).mtimeMs).toBe(then.getTime())
  expect(await systemOfTurn()).toContain('Rule: version B.')
  // Editors save by writing a new file and renaming it over the old one.
  writeFileSync(`${agents}.tmp`, 'Rule: version C, longer.')
  renameSync(`${agents}.tmp`, agents)
  expect(await systemOfTurn()).toContain('Rule: version C, longer.')
  writeFileSync(join(workspace, 'MEMORY.md'), 'Private memory.')
  expect(await systemOfTurn()).toContain('## MEMORY.md\nPrivate memory.')
  rmSync(agents)
  const last = await systemOfTurn()
  expect(last).not.toContain('Rule:')
  expect(last).toContain('Private memory.')
})

test('a file added to a workspace folder whose missing files were remembered is in the very next turn, even with the folder time put back', async () => {
  fake = startFakeModelServer('openai')
  dir = tempStateDir()
  gw = await startAgentGateway({ fake, stateDir: dir })
  c = await operator(gw)
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  let n = 0
  const systemOfTurn = async (): Promise<string> => {
    const runId = `f${++n}`
    await c!.call('chat.send', { sessionKey: 'main', message: 'hi', idempotencyKey: runId })
    await runEvents(c!, runId, chatEnded)
    return systemPromptOf(fake!.requests.at(-1)!)
  }
  // Still for longer than a clock tick's doubt: the files missing now are remembered as missing.
  await Bun.sleep(1100)
  expect(await systemOfTurn()).not.toContain('# Project Context')
  expect(await systemOfTurn()).not.toContain('# Project Context')
  const { atime, mtime } = statSync(workspace)
  writeFileSync(join(workspace, 'SOUL.md'), 'Be brief.')
  utimesSync(workspace, atime, mtime)
  expect(statSync(workspace).mtimeMs).toBe(mtime.getTime())
  expect(await systemOfTurn()).toContain('## SOUL.md\nBe brief.')
})
