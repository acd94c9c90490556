/**
 * The compiled binary's verbs against a running gateway (also the compiled binary), whose token
 * starts with "-": status, gateway call, agent (streamed, and a failed turn), sessions (list, cleanup, compact), logs,
 * message send, nodes with a real node host, devices list; and `npm start` stopped through npm.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { compiledBinary, runBinary } from '../helpers/binary.ts'
import { TestClient } from '../helpers/client.ts'
import { exitWithin, spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const TOKEN = '-kGG8-starts-with-a-dash'
let binary: string
let fake: FakeModelServer
let gw: SpawnedGateway
const dir = tempStateDir()
const cli = (...args: string[]) => runBinary(binary, [...args, '--url', gw.url, '--token', TOKEN], { OPENCLAW_STATE_DIR: join(dir, 'client') })

beforeAll(async () => {
  binary = await compiledBinary()
  fake = startFakeModelServer('openai')
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(fake)))
  gw = await spawnGateway({ binary, stateDir: dir, args: ['--token', TOKEN] })
}, 180_000)
afterAll(async () => {
  gw?.proc.kill('SIGKILL')
  await fake?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a token starting with "-"', () => {
  test('is read as the value of --token and --token=, and exit codes say what went wrong', async () => {
    const [status, call, wrong, unknown] = await Promise.all([
      cli('status'),
      runBinary(binary, ['gateway', 'call', 'health', '--url', gw.url, `--token=${TOKEN}`]),
      runBinary(binary, ['status', '--url', gw.url, '--token', '-wrong']),
      cli('gateway', 'call', 'no.such.method'),
    ])
    expect(status.code).toBe(0)
    expect(status.stdout).toContain(`pid ${gw.proc.pid}`)
    expect(call.code).toBe(0)
    expect(JSON.parse(call.stdout).ok).toBe(true)
    expect(wrong.code).toBe(4)
    expect(wrong.stderr).toContain('AUTH_TOKEN_MISMATCH')
    expect(wrong.stderr).not.toContain('    at ')
    expect(unknown.code).toBe(1)
    const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('x') })
    probe.stop(true)
    const unreachable = await runBinary(binary, ['status', '--url', `ws://127.0.0.1:${probe.port}`, '--token', TOKEN])
    expect(unreachable.code).toBe(3)
    expect(unreachable.stderr).toContain('is it running?')
  }, 30_000)
})

describe('agent, sessions and logs', () => {
  test('openclaw agent streams the reply to stdout; sessions list shows the session', async () => {
    fake.script({ kind: 'text', chunks: ['Hel', 'lo ', 'there'] })
    const r = await cli('agent', '-m', 'hi', '--session-key', 'cli-test')
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'Hello there\n', stderr: '' })
    const sessions = await cli('sessions', 'list')
    expect(sessions.code).toBe(0)
    expect(sessions.stdout).toMatch(/^agent:main:cli-test +direct|^agent:main:cli-test +\w+/m)
    const json = JSON.parse((await cli('sessions', '--json')).stdout)
    expect(json.sessions.map((s: { key: string }) => s.key)).toContain('agent:main:cli-test')
    // The session is fresh: nothing for session.maintenance to remove; its two lines cut to one.
    const preview = JSON.parse((await cli('sessions', 'cleanup', '--dry-run', '--json')).stdout)
    expect(preview).toMatchObject({ agentId: 'main', dryRun: true, pruned: 0, capped: 0, wouldMutate: false })
    const compact = await cli('sessions', 'compact', 'agent:main:cli-test', '--max-lines', '1')
    expect({ code: compact.code, stdout: compact.stdout }).toEqual({ code: 0, stdout: 'agent:main:cli-test: kept the newest 1 lines\n' })
  }, 30_000)

  test('a failed model turn exits 1 (agent and gateway call agent), and the gateway logs it; logs --follow shows it live', async () => {
    const follow = Bun.spawn([binary, 'logs', '--follow', '--interval', '100', '--url', gw.url, '--token', TOKEN], { stdout: 'pipe', stderr: 'pipe' })
    const reader = (follow.stdout as ReadableStream<Uint8Array>).getReader()
    let seen = ''
    const decoder = new TextDecoder()
    const waitFor = async (text: string) => {
      while (!seen.includes(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`logs --follow ended before "${text}": ${seen}`)
        seen += decoder.decode(value)
      }
    }
    await waitFor('listening on') // the history first

    fake.script({ kind: 'status', status: 400, body: { error: { message: 'model says no' } } })
    const failed = await cli('agent', '--message', 'hi')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('the agent turn failed')
    expect(failed.stderr).toContain('model says no')

    fake.script({ kind: 'status', status: 400, body: { error: { message: 'still no' } } })
    const call = await cli('gateway', 'call', 'agent', '--params', JSON.stringify({ message: 'hi', idempotencyKey: 'cli-failed-call' }))
    expect(call.code).toBe(1)
    expect(JSON.parse(call.stdout)).toMatchObject({ runId: 'cli-failed-call', status: 'error' })

    await waitFor('run cli-failed-call (agent:main:main, model fake/fake-1) failed')
    expect(seen).toMatch(/WARN \[agent\] run .* failed: .*model says no/)
    follow.kill()
    await follow.exited
    expect(gw.output()).toContain('run cli-failed-call (agent:main:main, model fake/fake-1) failed')

    const tail = await cli('logs', '--json', '--limit', '5')
    const records = tail.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(records[0]).toMatchObject({ type: 'meta', cursor: expect.any(Number) })
    expect(records.slice(1).every((r) => r.type === 'log' && typeof r.message === 'string')).toBe(true)
  }, 30_000)
})

test('logs --follow reconnects when the gateway restarts and reads the new one from its start', async () => {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('x') })
  const port = probe.port
  probe.stop(true)
  const state = mkdtempSync(join(tmpdir(), 'openclaw-cli-restart-'))
  const env = { ...process.env, OPENCLAW_STATE_DIR: state, OPENCLAW_CONFIG_PATH: join(state, 'openclaw.json') }
  const start = () => spawnGateway({ binary, stateDir: state, args: ['--token', TOKEN], port })
  let first = await start()
  const follow = Bun.spawn([binary, 'logs', '--follow', '--interval', '100', '--url', `ws://127.0.0.1:${port}`, '--token', TOKEN], { env, stdout: 'pipe', stderr: 'pipe' })
  try {
    const out = collect(follow.stdout as ReadableStream<Uint8Array>)
    const err = collect(follow.stderr as ReadableStream<Uint8Array>)
    await out.until((text) => text.includes('listening on'))
    first.proc.kill('SIGTERM')
    await exitWithin(first.proc, 5000)
    await err.until((text) => text.includes('reconnecting in'))
    first = await start()
    await err.until((text) => text.includes('[logs] gateway reconnected'))
    await out.until((text) => text.split('listening on').length === 3) // the new gateway's history too
    expect(follow.exitCode).toBeNull()
  } finally {
    follow.kill()
    first.proc.kill('SIGKILL')
    rmSync(state, { recursive: true, force: true })
  }
}, 60_000)

/** Accumulates a stream's text; `until` resolves once the text so far satisfies `done`. */
function collect(stream: ReadableStream<Uint8Array>) {
  let text = ''
  const waiters: (() => void)[] = []
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of stream) {
      text += decoder.decode(chunk)
      for (const wake of waiters.splice(0)) wake()
    }
  })()
  return {
    async until(done: (text: string) => boolean): Promise<void> {
      while (!done(text)) await new Promise<void>((resolve) => waiters.push(resolve))
    },
  }
}

test('message send: a dry run prints the request; without a channel the gateway refuses (exit 1)', async () => {
  const dry = await cli('message', 'send', '--channel', 'telegram', '-t', '@someone', '-m', 'hello', '--dry-run')
  expect(dry.code).toBe(0)
  expect(JSON.parse(dry.stdout)).toMatchObject({ method: 'send', params: { to: '@someone', message: 'hello', channel: 'telegram' } })
  const refused = await cli('message', 'send', '-t', '123', '-m', 'hello')
  expect(refused.code).toBe(1)
  expect(refused.stderr).toContain('no channel is configured')
}, 30_000)

test('nodes: a node host pairs, shows in nodes pending and devices list, is approved, renamed and invoked', async () => {
  const nodeState = mkdtempSync(join(tmpdir(), 'openclaw-cli-node-'))
  const admin = await TestClient.connect(gw.url, { token: TOKEN })
  const node = Bun.spawn([binary, 'node', 'run', '--host', '127.0.0.1', '--port', String(gw.port), '--token', TOKEN], {
    env: { ...process.env, OPENCLAW_STATE_DIR: nodeState },
    stdout: 'ignore',
    stderr: 'ignore',
  })
  try {
    const { requestId, nodeId } = (await admin.event('node.pair.requested', 15_000)).payload
    const pending = await cli('nodes', 'pending')
    expect(pending.code).toBe(0)
    expect(pending.stdout).toContain(requestId)
    const devices = await cli('devices', 'list')
    expect(devices.stdout).toContain('Pending node requests (1); approve with: openclaw nodes approve <requestId>')
    expect(devices.stdout).toContain(requestId)

    const approved = await cli('nodes', 'approve', requestId)
    expect(approved.code).toBe(0)
    expect(approved.stdout).toContain(`Approved node`)
    expect((await cli('nodes', 'rename', '--node', nodeId, '--name', 'Kitchen')).stdout).toContain(`Node ${nodeId} is now "Kitchen"`)
    const list = await cli('nodes', 'list')
    expect(list.stdout).toMatch(new RegExp(`${nodeId} +Kitchen .*connected`))
    expect((await cli('nodes', 'status', '--connected')).stdout).toMatch(new RegExp(`${nodeId} +Kitchen .* approved +connected`))
    const described = await cli('nodes', 'describe', '--node', nodeId.slice(0, 8))
    expect(described.stdout).toMatch(/^Name +Kitchen$/m)
    expect(described.stdout).toMatch(/^Commands +.*system\.which/m)
    const invoked = await cli('nodes', 'invoke', '--node', 'Kitchen', '--command', 'system.which', '--params', '{"bins":["sh"]}')
    expect(invoked.code).toBe(0)
    expect(Object.keys(JSON.parse(invoked.stdout).bins)).toEqual(['sh'])
    const nobody = await cli('nodes', 'invoke', '--node', 'nobody-here', '--command', 'system.which')
    expect(nobody.code).toBe(1)
    expect(nobody.stderr).toContain('no node matches "nobody-here"')
    expect((await cli('nodes', 'reject', requestId)).code).toBe(1) // already approved: the gateway says so
  } finally {
    admin.close()
    node.kill('SIGTERM')
    await node.exited
    rmSync(nodeState, { recursive: true, force: true })
  }
}, 60_000)

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('npm start runs the gateway in the foreground and stops with npm', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to npm's pid stops the gateway`, async () => {
      const state = mkdtempSync(join(tmpdir(), 'openclaw-npm-start-'))
      const npm = Bun.spawn(['npm', 'start', '--', '--port', '0', '--token', TOKEN], {
        cwd: join(import.meta.dir, '..', '..'),
        env: { ...process.env, OPENCLAW_STATE_DIR: state, OPENCLAW_CONFIG_PATH: join(state, 'openclaw.json') },
        stdout: 'pipe',
        stderr: 'pipe',
      })
      let gatewayPid: number | undefined
      try {
        let out = ''
        const decoder = new TextDecoder()
        let url: string | undefined
        for await (const chunk of npm.stdout as ReadableStream<Uint8Array>) {
          out += decoder.decode(chunk)
          url = /listening on (ws:\/\/\S+)/.exec(out)?.[1]
          if (url) break
        }
        expect(url).toBeDefined()
        const status = await runBinary(binary, ['status', '--json', '--url', url!, '--token', TOKEN])
        gatewayPid = JSON.parse(status.stdout).pid as number
        expect(gatewayPid).not.toBe(npm.pid)
        npm.kill(signal)
        await exitWithin(npm, 5000)
        // npm is gone; the gateway must be too (it got the signal, not just its parent shell).
        const deadline = Date.now() + 3000
        while (alive(gatewayPid) && Date.now() < deadline) await Bun.sleep(25)
        expect(alive(gatewayPid)).toBe(false)
      } finally {
        npm.kill('SIGKILL')
        // Only after a failure is it still there to kill.
        if (gatewayPid && alive(gatewayPid)) process.kill(gatewayPid, 'SIGKILL')
        rmSync(state, { recursive: true, force: true })
      }
    }, 60_000)
  }
})
