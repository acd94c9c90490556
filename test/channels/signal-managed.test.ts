import { afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { FakeSignalDaemon, RemoteSignalDaemon, SIGNAL_BOT } from '../fakes/signal-daemon.ts'
import { waitForAccount, waitForAccountId } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { messagesSeen, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { freePort, isAlive, putBunOnPath } from '../helpers/exec-path.ts'

const FAKE_SIGNAL_CLI = join(import.meta.dir, '..', 'fakes', 'fake-signal-cli.ts')
let gw: ChannelGateway | undefined
let client: TestClient | undefined

beforeAll(putBunOnPath)
afterEach(async () => {
  client?.close()
  await gw?.stop()
  gw = client = undefined
})

async function boot(transport: Record<string, unknown>, account: string | null = SIGNAL_BOT) {
  const signal = { ...(account && { account }), dmPolicy: 'open' as const, allowFrom: ['*'], transport: { kind: 'managed-native' as const, startupTimeoutMs: 10_000, ...transport } }
  gw = await startChannelGateway({ signal })
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
  // Every call names the account, even to a daemon started for that one number. The answer quotes the
  // question (Signal's default `replyToMode: "all"`).
  expect(answered.calls.find((c) => c.method === 'send')!.body).toEqual({ recipient: ['+15557654321'], message: 'echo: hello managed', account: SIGNAL_BOT, quoteTimestamp: expect.any(Number), quoteAuthor: '+15557654321' })

  await daemon.exit(3)
  const down = await waitForAccount(client!, 'signal', (a) => !a.connected && /code 3/.test(a.lastError ?? ''), 10_000)
  expect(down).toMatchObject({ running: true, lastError: expect.stringMatching(/code 3/) })
  await waitForAccount(client!, 'signal', (a) => a.connected && a.lastError === null, 15_000)
  const second = await daemon.info()
  expect(second.pid).not.toBe(first.pid)
  expect(isAlive(first.pid)).toBe(false)

  await daemon.push('and again')
  await daemon.waitFor((i) => i.calls.some((c) => c.method === 'send' && c.body.message === 'echo: and again'))
  expect(messagesSeen(gw!)).toEqual(['hello managed', 'and again'])

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

/** Two loopback ports in a row that were free a moment ago (for accounts that share a starting port). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort()
    try {
      Bun.serve({ hostname: '127.0.0.1', port: port + 1, fetch: () => new Response(null, { status: 503 }) }).stop(true)
      return port
    } catch {
      // Taken; try another.
    }
  }
}

test('two named managed accounts each get a daemon of their own and reply from their own number', async () => {
  const base = await freePortPair()
  const numbers = { work: '+15550000001', home: '+15550000002' }
  // The flat keys both inherit name one port; the second account's daemon takes the next free one.
  const signal = { dmPolicy: 'open' as const, allowFrom: ['*'], cliPath: FAKE_SIGNAL_CLI, httpPort: base, startupTimeoutMs: 10_000, accounts: { work: { account: numbers.work }, home: { account: numbers.home } } }
  gw = await startChannelGateway({ signal })
  client = await TestClient.connect(gw.url, { token: gw.token })
  for (const id of ['work', 'home']) await waitForAccountId(client, 'signal', id, (a) => a.connected, 15_000)

  const daemons = { work: new RemoteSignalDaemon(`http://127.0.0.1:${base}`), home: new RemoteSignalDaemon(`http://127.0.0.1:${base + 1}`) }
  for (const [id, daemon] of Object.entries(daemons)) {
    expect((await daemon.info()).argv).toEqual(['-a', numbers[id as keyof typeof numbers], 'daemon', '--http', `127.0.0.1:${daemon.url.split(':').at(-1)}`])
    await daemon.push(`hello ${id}`)
  }
  for (const [id, daemon] of Object.entries(daemons)) {
    const info = await daemon.waitFor((i) => i.calls.some((c) => c.method === 'send'))
    expect(info.calls.filter((c) => c.method === 'send').map((c) => c.body)).toEqual([{ recipient: ['+15557654321'], message: `echo: hello ${id}`, account: numbers[id as keyof typeof numbers], quoteTimestamp: expect.any(Number), quoteAuthor: '+15557654321' }])
  }
  expect(messagesSeen(gw!).sort()).toEqual(['hello home', 'hello work'])
}, 30_000)

test('two managed accounts naming one daemon address: the later is refused at load and says why', async () => {
  const port = await freePort()
  const transport = { kind: 'managed-native' as const, cliPath: FAKE_SIGNAL_CLI, httpPort: port, startupTimeoutMs: 10_000 }
  const signal = { dmPolicy: 'open' as const, allowFrom: ['*'], accounts: { work: { account: '+15550000001', transport }, home: { account: '+15550000002', transport } } }
  gw = await startChannelGateway({ signal })
  client = await TestClient.connect(gw.url, { token: gw.token })
  expect(await waitForAccountId(client, 'signal', 'home', () => true)).toMatchObject({ configured: false, running: false, lastError: expect.stringContaining('account "work"\'s too') })
  await waitForAccountId(client, 'signal', 'work', (a) => a.connected, 15_000)
}, 30_000)

describe('something already answering on the daemon address', () => {
  let squatter: FakeSignalDaemon | undefined
  afterEach(() => squatter?.stop())

  async function bootNextTo(serves: string[] | undefined) {
    squatter = new FakeSignalDaemon().start(await freePort())
    squatter.serves = serves
    await boot({ cliPath: FAKE_SIGNAL_CLI, httpPort: squatter.port })
  }

  test('a daemon started for one number (it cannot say which) is not adopted', async () => {
    await bootNextTo(undefined)
    const refused = await waitForAccount(client!, 'signal', (a) => a.lastError !== null, 10_000)
    expect(refused).toMatchObject({ connected: false, lastError: expect.stringContaining('is taken by something that does not say it serves this number') })
    expect(squatter!.recorder.of('listAccounts')).toHaveLength(1)
    expect(squatter!.connects).toHaveLength(0)
  }, 30_000)

  test('a multi-account daemon for other numbers is not adopted', async () => {
    await bootNextTo(['+15559999999'])
    const refused = await waitForAccount(client!, 'signal', (a) => a.lastError !== null, 10_000)
    expect(refused.lastError).toContain('is taken by a signal-cli daemon for +15559999999; not using it for +15550000000')
    expect(squatter!.connects).toHaveLength(0)
  }, 30_000)

  test('a multi-account daemon that serves this number is used, and told which number acts', async () => {
    await bootNextTo(['+15559999999', SIGNAL_BOT])
    await waitForAccount(client!, 'signal', (a) => a.connected, 10_000)
    squatter!.pushText('hello adopted')
    const send = await squatter!.recorder.waitFor((c) => c.method === 'send')
    expect(send.body).toEqual({ recipient: ['+15557654321'], message: 'echo: hello adopted', account: SIGNAL_BOT, quoteTimestamp: expect.any(Number), quoteAuthor: '+15557654321' })
  }, 30_000)
})

test('an endless stdout line from signal-cli is cut at its bound: the daemon is stopped, restarted, and the account recovers', async () => {
  const port = await freePort()
  await boot({ cliPath: FAKE_SIGNAL_CLI, httpPort: port })
  await waitForAccount(client!, 'signal', (a) => a.connected, 10_000)
  const daemon = new RemoteSignalDaemon(`http://127.0.0.1:${port}`)
  const first = await daemon.info()
  await daemon.floodStdout()
  const cut = await waitForAccount(client!, 'signal', (a) => /signal-cli wrote \d+ characters without ending a line/.test(a.lastError ?? ''), 15_000)
  expect(cut).toMatchObject({ running: true, connected: false })
  await waitForAccount(client!, 'signal', (a) => a.connected && a.lastError === null, 15_000)
  expect((await daemon.info()).pid).not.toBe(first.pid)
  expect(isAlive(first.pid)).toBe(false)
  await daemon.push('after the flood')
  await daemon.waitFor((i) => i.calls.some((c) => c.method === 'send' && c.body.message === 'echo: after the flood'))
}, 30_000)
