/**
 * The iMessage cursor (`since_rowid`) moves past a row only once its message was kept, and a store
 * that fails under it is a fault of the account, not an unhandled rejection. Driven through the
 * adapter with a scripted sink and the fake `imsg rpc` child.
 */
import { afterEach, beforeAll, beforeEach, expect, test } from 'bun:test'
import { join } from 'node:path'
import { createIMessageAdapter } from '../../src/channels/imessage/adapter.ts'
import type { IMessageSettings } from '../../src/channels/imessage/accounts.ts'
import { resolveAllAccounts } from '../../src/channels/registry.ts'
import type { ChannelSink, InboundMessage, ResolvedAccount } from '../../src/channels/types.ts'
import { FakeImsg, IMSG_ENV } from '../fakes/imsg.ts'
import { putBunOnPath } from '../helpers/exec-path.ts'
import { until } from '../helpers/until.ts'

const FAKE_IMSG = join(import.meta.dir, '..', 'fakes', 'fake-imsg.ts')
let imsg: FakeImsg
const runs: AbortController[] = []

beforeAll(putBunOnPath)
beforeEach(() => {
  imsg = new FakeImsg().start()
  process.env[IMSG_ENV] = imsg.controlUrl
})
afterEach(() => {
  for (const run of runs.splice(0)) run.abort()
  delete process.env[IMSG_ENV]
  imsg.stop()
})

function adapter() {
  const account = resolveAllAccounts({ imessage: { cliPath: FAKE_IMSG, dmPolicy: 'open', allowFrom: ['*'] } }, {})[0] as ResolvedAccount<IMessageSettings>
  return createIMessageAdapter(account)
}

/** A sink that keeps what `keep` says and records what it was handed, the cursor and the faults. */
function scriptedSink(keep: (msg: InboundMessage) => boolean, save: (value: string) => void = () => {}) {
  const state = { got: [] as string[], cursor: undefined as string | undefined, faults: [] as string[] }
  const sink: ChannelSink = {
    message: async (msg) => (state.got.push(msg.text), keep(msg)),
    connected: () => {},
    disconnected: () => {},
    fault: (err, where) => void state.faults.push(`${where}: ${err instanceof Error ? err.message : String(err)}`),
    dropped: () => {},
    cursor: { read: () => state.cursor, save: (value) => (save(value), (state.cursor = value)) },
  }
  return { sink, state }
}

function run(a: ReturnType<typeof adapter>, sink: ChannelSink) {
  const controller = new AbortController()
  runs.push(controller)
  return { done: a.start(sink, controller.signal), stop: () => controller.abort() }
}

test('a message the gateway could not keep is handed in again by the next run, and the cursor stays before it until then', async () => {
  const a = adapter()
  let refuse = true
  const { sink, state } = scriptedSink((msg) => !(msg.text === 'the disk is full' && refuse))
  const first = run(a, sink)
  await imsg.waitForSubscribed(1)
  const kept = imsg.pushMessage({ text: 'kept' })
  await until(() => state.cursor === String(kept), 'the cursor past the kept row')
  imsg.pushMessage({ text: 'the disk is full' })
  imsg.pushMessage({ text: 'after it' })
  await until(() => state.got.length === 3, 'both rows handed in')
  first.stop()
  await first.done
  expect(state.cursor).toBe(String(kept))

  refuse = false
  const second = run(a, sink)
  await imsg.waitForSubscribed(2)
  expect(imsg.recorder.of('watch.subscribe')[1]!.body).toEqual({ attachments: false, since_rowid: kept })
  const last = imsg.pushMessage({ text: 'new' })
  await until(() => state.cursor === String(last), 'the cursor past every row')
  // The refused row comes again; the one after it was already kept and seen, so it is not handed in twice.
  expect(state.got).toEqual(['kept', 'the disk is full', 'after it', 'the disk is full', 'new'])
  second.stop()
  await second.done
})

test('a cursor the store cannot save is a fault of the account, not an unhandled rejection', async () => {
  const { sink, state } = scriptedSink(() => true, () => {
    throw new Error('database or disk is full')
  })
  const running = run(adapter(), sink)
  await imsg.waitForSubscribed(1)
  imsg.pushMessage({ text: 'one' })
  imsg.pushMessage({ text: 'two' })
  await until(() => state.faults.length > 0, 'the fault')
  await until(() => state.got.length === 2, 'both rows handed in')
  expect(state.faults).toEqual(['the iMessage cursor: database or disk is full'])
  expect(state.cursor).toBeUndefined()
  running.stop()
  await running.done
})
