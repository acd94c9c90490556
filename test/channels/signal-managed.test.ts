import { afterEach, beforeAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { RemoteSignalDaemon, SIGNAL_BOT } from '../fakes/signal-daemon.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { createEchoAgent, type EchoAgent } from '../helpers/echo-agent.ts'
import { freePort, isAlive, putBunOnPath } from '../helpers/exec-path.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

const FAKE_SIGNAL_CLI = join(import.meta.dir, '..', 'fakes', 'fake-signal-cli.ts')
let gw: TestGateway | undefined
let client: TestClient | undefined
let agent: EchoAgent

beforeAll(putBunOnPath)
afterEach(async () => {
  client?.close()
  await gw?.stop()
  gw = client = undefined
})

async function boot(transport: Record<string, unknown>, account: string | null = SIGNAL_BOT) {
  agent = createEchoAgent()
  const signal = { ...(account && { account }), dmPolicy: 'open' as const, allowFrom: ['*'], transport: { kind: 'managed-native' as const, startupTimeoutMs: 10_000, ...transport } }
  gw = await startTestGateway({ settings: { channels: { signal } }, agent })
  client = await TestClient.connect(gw.url, { token: gw.token })
}

test('the gateway starts signal-cli, restarts it when it dies, and stops it on shutdown', async () => {
  const port = await freePort()
  await boot({ cliPath: FAKE_SIGNAL_CLI, httpPort: port })
  await waitForAccount(client!, 'signal', (a) => a.connected, 10_000)
  const daemon = new RemoteSignalDaemon(`http://127.0.0.1:${port}`)
  const first = await daemon.info()
  expect(first.argv).toEqual(['-a', SIGNAL_BOT, 'daemon', '--http', `127.0.0.1:${port}`])

  await daemon.push('hello managed')
  const answered = await daemon.waitFor((i) => i.calls.some((c) => c.method === 'send'))
  // A daemon started for one number needs no `account` in its calls.
  expect(answered.calls.find((c) => c.method === 'send')!.body).toEqual({ recipient: ['+15557654321'], message: 'echo: hello managed' })

  await daemon.exit(3)
  const down = await waitForAccount(client!, 'signal', (a) => !a.connected && /code 3/.test(a.lastError ?? ''), 10_000)
  expect(down).toMatchObject({ running: true, lastError: expect.stringMatching(/code 3/) })
  await waitForAccount(client!, 'signal', (a) => a.connected && a.lastError === null, 15_000)
  const second = await daemon.info()
  expect(second.pid).not.toBe(first.pid)
  expect(isAlive(first.pid)).toBe(false)

  await daemon.push('and again')
  await daemon.waitFor((i) => i.calls.some((c) => c.method === 'send' && c.body.message === 'echo: and again'))
  expect(agent.turns.map((t) => t.message)).toEqual(['hello managed', 'and again'])

  await gw!.stop()
  gw = undefined
  expect(isAlive(second.pid)).toBe(false)
})

test('a signal-cli that cannot be started is reported and retried; no number means not configured', async () => {
  await boot({ cliPath: '/nonexistent/signal-cli', httpPort: await freePort() })
  const failing = await waitForAccount(client!, 'signal', (a) => a.lastError !== null)
  expect(failing).toMatchObject({ configured: true, running: true, connected: false, lastError: expect.stringContaining('/nonexistent/signal-cli') })
  client!.close()
  await gw!.stop()

  await boot({ cliPath: FAKE_SIGNAL_CLI }, null)
  const unconfigured = await waitForAccount(client!, 'signal', () => true)
  expect(unconfigured).toMatchObject({ configured: false, running: false, lastError: expect.stringContaining('channels.signal.account') })
})
