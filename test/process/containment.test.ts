/**
 * Containment in the real daemon process: a malformed upstream event, or any throw that escapes to
 * the process, is recorded and the gateway keeps serving.
 */
import { afterEach, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakeSlack, slackMessageEvent } from '../fakes/slack-api.ts'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done()
})

test('a Socket Mode envelope with a null event does not end the process; the next message is answered by the agent', async () => {
  const slack = new FakeSlack().start()
  const model: FakeModelServer = startFakeModelServer('openai')
  const dir = tempStateDir()
  cleanup.push(() => slack.stop(), () => model.stop(), () => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(model, 'openai', {
    channels: { slack: { botToken: 'xoxb-t', appToken: 'xapp-t', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'] } },
  } as never)))
  const gw: SpawnedGateway = await spawnGateway({ stateDir: dir, args: ['--token', 'tok'] })
  cleanup.push(() => gw.proc.kill('SIGKILL'))
  const client = await TestClient.connect(gw.url, { token: 'tok' })
  cleanup.push(() => client.close())
  await waitForAccount(client, 'slack', (a) => a.connected, 10_000)

  slack.sendRaw(JSON.stringify({ envelope_id: 'e-null', type: 'events_api', payload: { type: 'event_callback', event: null } }))
  slack.sendRaw(JSON.stringify({ envelope_id: 'e-none', type: 'events_api' }))
  slack.sendEnvelope(slackMessageEvent({ channel: 'D9', channel_type: 'im', user: 'U9', text: 'hello after the bad ones' }))
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage', 10_000)
  expect(slack.posted()).toEqual([expect.objectContaining({ channel: 'D9', text: 'pong' })])
  expect(gw.proc.exitCode).toBeNull()
  const account = await waitForAccount(client, 'slack', (a) => a.faults >= 2)
  expect(account).toMatchObject({ connected: true })
  expect((await client.call('health', {})).ok).toBe(true)
})

test('a throw or rejection that escapes to the process is recorded with its origin and the process keeps running', async () => {
  const guard = join(import.meta.dir, '..', '..', 'src', 'gateway', 'escape-guard.ts')
  const script = `
    const { installEscapeGuard, escapeHealth } = await import(${JSON.stringify(guard)})
    installEscapeGuard()
    setTimeout(function timerThatThrows() { throw new Error('thrown from a timer') }, 1)
    setTimeout(() => Promise.reject(new Error('rejected and never caught')), 5)
    // Reported once both escapes are recorded (or after 10 s, so a guard that misses one fails the count):
    // a fixed delay could fire in the same timer pass as the others on a stalled machine, before the
    // rejection is seen as unhandled.
    const started = Date.now()
    const report = () => escapeHealth().escapes.count >= 2 || Date.now() - started > 10_000 ? console.log('RESULT ' + JSON.stringify(escapeHealth())) : setTimeout(report, 10)
    setTimeout(report, 10)
  `
  const proc = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'pipe', env: { ...process.env, OPENCLAW_LOG_LEVEL: '3' } })
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  expect(code).toBe(0)
  const health = JSON.parse(stdout.match(/RESULT (.*)/)![1]!)
  expect(health.escapes.count).toBe(2)
  expect(health.escapes.last).toMatchObject({ kind: 'unhandledRejection', message: 'rejected and never caught' })
  expect(stderr).toContain('uncaughtException from timerThatThrows')
  expect(stderr).toContain('thrown from a timer')
})
