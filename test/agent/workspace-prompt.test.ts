import { afterEach, expect, test } from 'bun:test'
import { mkdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
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

test('a workspace file that is a link to a file not there yet is in the turn after its target appears, the folder unchanged', async () => {
  fake = startFakeModelServer('openai')
  dir = tempStateDir()
  gw = await startAgentGateway({ fake, stateDir: dir })
  c = await operator(gw)
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const elsewhere = join(dir, 'elsewhere')
  mkdirSync(elsewhere)
  symlinkSync(join(elsewhere, 'AGENTS.md'), join(workspace, 'AGENTS.md'))
  let n = 0
  const systemOfTurn = async (): Promise<string> => {
    const runId = `l${++n}`
    await c!.call('chat.send', { sessionKey: 'main', message: 'hi', idempotencyKey: runId })
    await runEvents(c!, runId, chatEnded)
    return systemPromptOf(fake!.requests.at(-1)!)
  }
  // Still for longer than a clock tick's doubt: files missing now would be remembered as missing.
  await Bun.sleep(1100)
  expect(await systemOfTurn()).not.toContain('# Project Context')
  expect(await systemOfTurn()).not.toContain('# Project Context')
  const { mtimeMs } = statSync(workspace)
  writeFileSync(join(elsewhere, 'AGENTS.md'), 'Linked rules.')
  expect(statSync(workspace).mtimeMs).toBe(mtimeMs)
  expect(await systemOfTurn()).toContain('## AGENTS.md\nLinked rules.')
})

test('a workspace folder that cannot be looked at (a link loop) leaves its files out and the turn goes on; once fixed, its files are back', async () => {
  fake = startFakeModelServer('openai')
  dir = tempStateDir()
  gw = await startAgentGateway({ fake, stateDir: dir })
  c = await operator(gw)
  const workspace = join(dir, 'workspace')
  rmSync(workspace, { recursive: true, force: true })
  // Its own target: every stat of it fails with ELOOP (as root too, unlike a folder without permission).
  symlinkSync(workspace, workspace)
  let n = 0
  const turn = async (): Promise<{ state: string; system: string }> => {
    const runId = `e${++n}`
    await c!.call('chat.send', { sessionKey: 'main', message: 'hi', idempotencyKey: runId })
    const events = await runEvents(c!, runId, chatEnded)
    return { state: events.at(-1)!.payload.state, system: systemPromptOf(fake!.requests.at(-1)!) }
  }
  for (let i = 0; i < 2; i++) {
    const looped = await turn()
    expect(looped.state).toBe('final')
    expect(looped.system).not.toContain('# Project Context')
  }
  rmSync(workspace)
  mkdirSync(workspace)
  writeFileSync(join(workspace, 'SOUL.md'), 'Be brief.')
  const fixed = await turn()
  expect(fixed.state).toBe('final')
  expect(fixed.system).toContain('## SOUL.md\nBe brief.')
})
