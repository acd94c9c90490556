/**
 * The inbound debounce and the session queue hold messages in memory, but each stays in the channel
 * inbox until the turn that answers it is done: kill -9 the gateway while a debounced batch's turn runs
 * and a message waits behind it, restart it, and every message is answered once, the cut turn's first
 * attempt dropped from the transcript.
 */
import { Database } from 'bun:sqlite'
import { afterEach, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { agentConfig, lastUserText, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { databasePath } from '../../src/store/db.ts'
import { until } from '../helpers/until.ts'

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

function writeConfig(model: FakeModelServer): void {
  const channels = { telegram: { botToken: '123:QDURABLE', apiRoot: tg!.url, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'off' } } }
  // A debounce window wide enough that a loaded machine still sees the quick messages as one batch.
  const messages = { inbound: { byChannel: { telegram: 1500 } }, queue: { mode: 'followup' } }
  writeFileSync(join(dir!, 'openclaw.json'), JSON.stringify(agentConfig(model, 'openai', { channels, messages } as never)))
}

function onDisk<T>(read: (db: Database) => T): T {
  const db = new Database(databasePath(dir!), { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

test('kill -9 during a debounced batch\'s turn, with a message queued behind it: each is answered once after the restart', async () => {
  tg = new FakeTelegram().start()
  dir = tempStateDir()
  const before = startFakeModelServer('openai')
  before.script({ kind: 'hang' })
  models.push(before)
  writeConfig(before)
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', 'qdurable'] })

  tg.pushText('one')
  tg.pushText('two')
  await until(() => before.requests.length === 1, 'the batch\'s model request', 20_000)
  expect(lastUserText(before.requests[0]!.body)).toBe('one\ntwo')
  // Past the batch: this one waits in the session queue behind the hanging turn.
  await tg.handled(tg.pushText('three'))
  gateway.proc.kill('SIGKILL')
  await gateway.proc.exited
  expect(tg.sent()).toEqual([])

  const after = startFakeModelServer('openai', { echo: true })
  models.push(after)
  writeConfig(after)
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', 'qdurable'] })
  await until(() => onDisk((db) => db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM channel_inbox WHERE answered_at IS NULL').get()!.n) === 0, 'every kept message answered', 20_000)
  // The kept messages go through the debounce again: the three arrive together and are one turn.
  expect(tg.sent()).toEqual(['echo: one\ntwo\nthree'])
  const userTexts = onDisk((db) => db.query<{ body: string }, []>("SELECT body FROM transcript_messages WHERE role = 'user'").all()
    .map((r) => (JSON.parse(r.body) as { content: { text: string }[] }).content[0]!.text))
  expect(userTexts).toEqual(['one\ntwo\nthree'])
}, 60_000)
