/**
 * A full disk (SQLite's page cap standing in for it) is a typed, retryable UNAVAILABLE: the gateway
 * keeps answering what needs no write, a channel turn that cannot be stored fails quietly, and
 * everything works again once space returns. The real-filesystem version is in test/process/storage-faults.test.ts.
 */
import { afterEach, expect, test } from 'bun:test'
import type { ChannelAdapter, ChannelSink } from '../../src/channels/types.ts'
import { inboundText } from '../helpers/inbound.ts'
import { chatEnded, runEvents } from '../helpers/agent.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'
import { waitForAccount } from '../helpers/channel-status.ts'

let env: ChannelAgentGateway | undefined
afterEach(async () => env?.stop())

/** Caps the database at its current size and fills the free room left in its pages, so every write that adds a row fails. */
function diskFull(on: boolean) {
  const db = env!.gw.database
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (x TEXT)')
  if (!on) {
    db.exec('PRAGMA max_page_count = 1073741823')
    db.exec('DELETE FROM test_filler')
    return
  }
  const { page_count } = db.query<{ page_count: number }, []>('PRAGMA page_count').get()!
  db.exec(`PRAGMA max_page_count = ${page_count}`)
  for (let size = 4096; size >= 1; ) {
    try {
      db.query('INSERT INTO test_filler VALUES (?)').run('f'.repeat(size))
    } catch {
      size = Math.floor(size / 2)
    }
  }
}

test('disk full: chat.send is UNAVAILABLE "database or disk is full", reads still answer, and it recovers when space returns', async () => {
  const sent: string[] = []
  let sink: ChannelSink | undefined
  const adapter: ChannelAdapter = {
    provider: 'telegram', accountId: 'default', textLimit: 4096, perChatIntervalMs: 0,
    async start(s, signal) {
      sink = s
      s.connected()
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    },
    async send(out) {
      sent.push(out.text)
      return { id: String(sent.length), chatId: out.to }
    },
    async stop() {},
  }
  env = await startChannelAgentGateway({ telegram: { botToken: '1:T', dmPolicy: 'open', allowFrom: ['*'] } } as never, { channelFactories: { telegram: () => adapter } })
  await waitForAccount(env.client, 'telegram', (a) => a.connected)
  const c = env.client
  const big = 'x'.repeat(64 * 1024)

  diskFull(true)
  const refused = await c.request('chat.send', { sessionKey: 'main', message: big, idempotencyKey: 'full-1' })
  expect(refused.ok).toBe(false)
  expect(refused.error).toEqual({ code: 'UNAVAILABLE', message: 'database or disk is full', details: { code: 'STORAGE_FULL' }, retryable: true })
  // What needs no write still answers.
  expect((await c.call('health', {})).ok).toBe(true)
  expect((await c.call('sessions.list', {})).sessions).toBeArray()
  // A channel message that cannot be kept is not confirmed to its provider (which delivers it again): no turn, no reply, no crash.
  expect(await sink!.message(inboundText(big))).toBe(false)
  expect(sent).toEqual([])

  diskFull(false)
  const ack = await c.call('chat.send', { sessionKey: 'main', message: 'space is back', idempotencyKey: 'full-2' })
  expect(ack.status).toBe('started')
  const final = (await runEvents(c, 'full-2', chatEnded)).at(-1)!
  expect(final.payload.state).toBe('final')
  sink!.message(inboundText('and on the channel?'))
  for (let i = 0; i < 200 && sent.length === 0; i++) await Bun.sleep(20)
  expect(sent).toEqual(['pong'])
})

test('disk full: a duplicate chat.send never hears "in_flight" or "started" about a run whose row was lost, and a retry later runs it', async () => {
  env = await startChannelAgentGateway({})
  const c = env.client
  const big = 'y'.repeat(64 * 1024)
  diskFull(true)
  // Sent together: the duplicate arrives while the first one's commit is in flight.
  const answers = await Promise.all([1, 2, 3].map(() => c.request('chat.send', { sessionKey: 'main', message: big, idempotencyKey: 'dup-1' })))
  for (const a of answers) expect(a).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { code: 'STORAGE_FULL' } } })
  diskFull(false)
  const retry = await c.call('chat.send', { sessionKey: 'main', message: 'space is back', idempotencyKey: 'dup-1' })
  expect(retry.status).toBe('started')
  expect((await runEvents(c, 'dup-1', chatEnded)).at(-1)!.payload.state).toBe('final')
})
