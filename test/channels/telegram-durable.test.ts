/**
 * An inbound Telegram message is on disk before its getUpdates offset is confirmed: kill -9 the gateway
 * under concurrent inbound load, once Telegram has been told about many updates, restart it, and every
 * update is answered exactly once. Confirmed ones come back from the gateway's own inbox, unconfirmed
 * ones from Telegram again; those delivered twice (a poll that failed before confirming its batch) are
 * answered once, and those answered before the kill are not answered again.
 */
import { Database } from 'bun:sqlite'
import { afterEach, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { databasePath } from '../../src/store/db.ts'
import { until } from '../helpers/until.ts'

const TOKEN = 'durable-inbound-token'
let tg: FakeTelegram | undefined
let models: FakeModelServer[] = []
let gateway: SpawnedGateway | undefined
let dir: string | undefined
afterEach(async () => {
  gateway?.proc.kill('SIGKILL')
  tg?.stop()
  for (const m of models) await m.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  tg = gateway = dir = undefined
  models = []
})

/** The gateway's config with the model server of this phase (a restart may point at another one). */
function writeConfig(model: FakeModelServer): void {
  const channels = { telegram: { botToken: '123:DURABLE', apiRoot: tg!.url, dmPolicy: 'open', allowFrom: ['*'] } }
  // Each update is its own turn here: Telegram's default inbound debounce would batch a chat's quick
  // updates into one, and the queue's default cap (20) would drop most of the load the chats' DMs, one
  // shared main session, queue up.
  const messages = { inbound: { debounceMs: 0 }, queue: { cap: 1000 } }
  writeFileSync(join(dir!, 'openclaw.json'), JSON.stringify(agentConfig(model, 'openai', { channels, messages } as never)))
}

/** Reads the gateway's database file (committed rows only). */
function onDisk<T>(read: (db: Database) => T): T {
  const db = new Database(databasePath(dir!), { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

const answeredOnDisk = () => onDisk((db) => db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM channel_inbox WHERE answered_at IS NOT NULL').get()!.n)

/** Every user message in the transcripts, by text. */
const userTextsOnDisk = () => onDisk((db) => db.query<{ body: string }, []>("SELECT body FROM transcript_messages WHERE role = 'user'").all()
  .map((r) => (JSON.parse(r.body) as { content: { text: string }[] }).content[0]!.text))

test('kill -9 under concurrent inbound load: every Telegram update is answered exactly once, none lost, none twice', async () => {
  tg = new FakeTelegram().start()
  dir = tempStateDir()
  // Before the kill: the first messages are answered; then the model holds every turn, so the rest are
  // kept, confirmed and queued (one running, the others waiting, per chat) when the kill lands.
  const before = startFakeModelServer('openai', { echo: true })
  models.push(before)
  writeConfig(before)
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })

  const CHATS = 60
  const text = new Map<number, { chat: number; text: string }>()
  const push = (chat: number, body: string) => text.set(tg!.pushText(body, { fromId: 5000 + chat }), { chat: 5000 + chat, text: body })
  // The getUpdates that would confirm the early batch fails: the poll starts again from Telegram's last
  // confirmed offset and gets that batch a second time, already kept.
  tg.failNext('getUpdates', { status: 502, description: 'Bad Gateway', when: (body) => body.offset > 1 })
  for (let c = 0; c < 10; c++) push(c, `early ${c}`)
  await until(() => tg!.sent().length === 10, 'the early replies', 20_000)
  await until(() => answeredOnDisk() === 10, 'the early messages marked answered on disk', 20_000)

  before.script(...Array.from({ length: 1000 }, () => ({ kind: 'hang' as const })))
  const LOAD = 300
  const firstLoadId = Math.max(...text.keys()) + 1
  for (let i = 0; i < LOAD; i++) push(i % CHATS, `load ${i}`)
  // Telegram has been told about a third of the load (or more): those exist only in the gateway now.
  await until(() => tg!.confirmed >= firstLoadId + LOAD / 3, 'offsets confirmed for a third of the load', 20_000)
  gateway.proc.kill('SIGKILL')
  await gateway.proc.exited
  const confirmedAtKill = tg.confirmed
  expect(tg.sent().length).toBe(10)
  expect(tg.recorder.of('getUpdates:failed')).toHaveLength(1)

  const after = startFakeModelServer('openai', { echo: true })
  models.push(after)
  writeConfig(after)
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  await until(() => tg!.sent().length >= 10 + LOAD, 'a reply to every update', 45_000)
  // A last message in every chat: turns of one chat run in order, so a second answer to anything
  // before it would be sent before this one's.
  for (let c = 0; c < CHATS; c++) push(c, `last ${c}`)
  await until(() => Array.from({ length: CHATS }, (_, c) => `echo: last ${c}`).every((t) => tg!.sent().includes(t)), 'the last replies', 30_000)

  const replies = tg.recorder.of('sendMessage').map((call) => `${call.body.chat_id}: ${call.body.text}`)
  const counts = new Map<string, number>()
  for (const r of replies) counts.set(r, (counts.get(r) ?? 0) + 1)
  const wrong = [...text.entries()].map(([id, m]) => ({ id, confirmed: id <= confirmedAtKill, reply: `${m.chat}: echo: ${m.text}` }))
    .map((u) => ({ ...u, replies: counts.get(u.reply) ?? 0 })).filter((u) => u.replies !== 1)
  expect(confirmedAtKill).toBeGreaterThanOrEqual(firstLoadId + LOAD / 3)
  expect(wrong).toEqual([])
  expect(replies.length).toBe(text.size)
  // A turn cut off by the kill was answered again from the start: its first attempt left no trace.
  const userTexts = userTextsOnDisk()
  expect(userTexts.filter((t, i) => userTexts.indexOf(t) !== i)).toEqual([])
  expect(new Set(userTexts)).toEqual(new Set([...text.values()].map((m) => m.text)))
}, 120_000)
