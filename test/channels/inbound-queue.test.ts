/**
 * `messages.inbound` (debounce) and `messages.queue` (steer, followup, collect, interrupt, cap/drop)
 * end to end: grammY against the fake Bot API, the real agent runtime, the fake model server. A turn is
 * held at the model (a scripted reply that waits) until the next message is confirmed to Telegram,
 * which the gateway does only once it has kept and queued it.
 */
import { Database } from 'bun:sqlite'
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import type { MessagesConfig } from '../../src/config/schema.ts'
import { databasePath } from '../../src/store/db.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { agentConfig, lastUserText, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'
import { until } from '../helpers/until.ts'

let tg: FakeTelegram
let gw: ChannelGateway | undefined

beforeEach(() => {
  tg = new FakeTelegram().start()
})
afterEach(async () => {
  await gw?.stop()
  gw = undefined
  tg.stop()
})

/** Streaming is off: a tool round's progress draft would be one more message in the chat. */
async function boot(messages: MessagesConfig, replyToMode: 'off' | 'first' = 'off', persistent = false): Promise<ChannelGateway> {
  gw = await startChannelGateway({ telegram: telegram(replyToMode) }, { config: { messages }, persistent })
  return gw
}

const telegram = (replyToMode: 'off' | 'first' = 'off') =>
  ({ botToken: '123:QUEUE', apiRoot: tg.url, dmPolicy: 'open' as const, allowFrom: ['*'], replyToMode, streaming: { mode: 'off' as const } })

/** A reply the fake model sends only once `release()` is called. */
function held() {
  let release!: () => void
  const after = new Promise<void>((resolve) => (release = resolve))
  return { after, release }
}

const userTexts = (gw: ChannelGateway) => gw.fake.requests.map((r) => lastUserText(r.body))

/** Pushes `text` and resolves once the gateway has confirmed it to Telegram (kept, and queued or running). */
async function sendAndQueue(text: string, opts: { fromId?: number } = {}): Promise<void> {
  await tg.handled(tg.pushText(text, opts))
}

/** Whether each message kept in the channel inbox is answered, in arrival order. */
function inboxAnswered(gw: ChannelGateway): boolean[] {
  const db = new Database(databasePath(gw.stateDir), { readonly: true })
  try {
    return db.query<{ answered: number }, []>('SELECT answered_at IS NOT NULL AS answered FROM channel_inbox ORDER BY rowid').all().map((r) => r.answered === 1)
  } finally {
    db.close()
  }
}

/** Resolves once Telegram has been told to take back every reaction on message `messageId`. */
const reactionCleared = (messageId: number) =>
  tg.recorder.waitFor((c) => c.method === 'setMessageReaction' && c.body.message_id === messageId && c.body.reaction.length === 0, 10_000)

/** The reactions Telegram was last told message `messageId` has (none when it was never told). */
const reactionsOn = (messageId: number): string[] =>
  (tg.recorder.of('setMessageReaction').filter((c) => c.body.message_id === messageId).at(-1)?.body.reaction ?? []).map((r: { emoji: string }) => r.emoji)

describe('inbound debounce (messages.inbound)', () => {
  test('three quick Telegram messages from one sender become one turn: the model request holds all three', async () => {
    // A window wide enough that a loaded machine still sees the three as quick; the 300 ms default is unit-tested.
    await boot({ inbound: { byChannel: { telegram: 2000 } } }, 'first')
    tg.pushText('first part')
    tg.pushText('second part')
    tg.pushText('third part')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
    expect(userTexts(gw!)).toEqual(['first part\nsecond part\nthird part'])
    expect(tg.sent()).toEqual(['echo: first part\nsecond part\nthird part'])
    // The reply references the newest message of the batch.
    expect(tg.recorder.of('sendMessage')[0]!.body.reply_parameters).toMatchObject({ message_id: 3 })
  })

  test('a command bypasses the debounce, and /stop drops the text held for its sender', async () => {
    await boot({ inbound: { debounceMs: 1000 } }, 'off', true)
    tg.pushText('held back')
    tg.pushText('/stop')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(tg.sent()).toEqual(['Nothing is running.'])
    // Its window ends after the dropped one's would have: had that gone on, it would have reached the
    // model first, or in this one's batch.
    tg.pushText('after the stop')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: after the stop')
    expect(userTexts(gw!)).toEqual(['after the stop'])
    // The dropped text's inbox row (the first kept) is answered: it is not taken up again after a restart.
    await until(() => inboxAnswered(gw!)[0] === true, 'the dropped text settled')
  })

  test('`/new` with text: the text after it goes on at once, like the command', async () => {
    await boot({ inbound: { debounceMs: 60_000 } })
    tg.pushText('/new after the reset')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: after the reset')
    expect(userTexts(gw!)).toEqual(['after the reset'])
  })

  test('with the window off, each message is its own turn', async () => {
    await boot({ inbound: { debounceMs: 0 }, queue: { mode: 'followup' } })
    tg.pushText('one')
    tg.pushText('two')
    await until(() => tg.sent().length === 2, 'two replies')
    expect(userTexts(gw!)).toEqual(['one', 'two'])
  })
})

describe('session queue (messages.queue)', () => {
  test('followup: a message that arrives during a turn runs as a turn of its own after it', async () => {
    await boot({ inbound: { debounceMs: 0 }, queue: { mode: 'followup' } })
    const hold = held()
    gw!.fake.script({ kind: 'text', chunks: ['answer one'], after: hold.after })
    tg.pushText('one')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    await sendAndQueue('two')
    hold.release()
    await until(() => tg.sent().length === 2, 'two replies')
    expect(tg.sent()).toEqual(['answer one', 'echo: two'])
    expect(userTexts(gw!)).toEqual(['one', 'two'])
  })

  test('steer: a message that arrives during a tool round reaches the running turn at its next model call', async () => {
    await boot({ inbound: { debounceMs: 0 } })
    const hold = held()
    gw!.fake.script({ kind: 'tool', name: 'canvas', args: { action: 'snapshot' }, after: hold.after })
    tg.pushText('start something')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    await sendAndQueue('actually, stop and say hi')
    hold.release()
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(gw!.fake.requests).toHaveLength(2)
    // The second request: the tool call, skipped for the steering message, then that message.
    const second = gw!.fake.requests[1]!.body.messages as { role: string; content: unknown }[]
    expect(second.slice(-3).map((m) => m.role)).toEqual(['assistant', 'tool', 'user'])
    expect(second.at(-2)!.content).toContain('Skipped to process an incoming message.')
    expect(lastUserText(gw!.fake.requests[1]!.body)).toBe('actually, stop and say hi')
    // One reply answers both; a later message shows nothing else was queued for them.
    await sendAndQueue('later')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: later')
    expect(tg.sent()).toEqual(['echo: actually, stop and say hi', 'echo: later'])
  })

  test('steer: a message the running turn has no model call left for becomes a followup', async () => {
    await boot({ inbound: { debounceMs: 0 } })
    const hold = held()
    gw!.fake.script({ kind: 'text', chunks: ['answer one'], after: hold.after })
    tg.pushText('one')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    await sendAndQueue('two')
    hold.release()
    await until(() => tg.sent().length === 2, 'two replies')
    expect(tg.sent()).toEqual(['answer one', 'echo: two'])
  })

  test('collect: what waited during a turn runs as one turn, each message numbered', async () => {
    await boot({ inbound: { debounceMs: 0 }, queue: { mode: 'collect' } })
    const hold = held()
    gw!.fake.script({ kind: 'text', chunks: ['answer one'], after: hold.after })
    tg.pushText('one')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    await sendAndQueue('two')
    await sendAndQueue('three')
    hold.release()
    await until(() => tg.sent().length === 2, 'two replies')
    expect(userTexts(gw!)).toEqual(['one', '[Queued messages while agent was busy]\n\n---\nQueued #1 (from Ada)\ntwo\n\n---\nQueued #2 (from Ada)\nthree'])
  })

  test('interrupt: the running turn is aborted, its reply is not sent, and the newest message is answered', async () => {
    await boot({ inbound: { debounceMs: 0 }, queue: { mode: 'interrupt' }, ackReactionScope: 'all' })
    gw!.fake.script({ kind: 'hang' })
    tg.pushText('a long question')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    tg.pushText('never mind, this instead')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    // Turns of a session run one at a time: anything the aborted one sent would have come first.
    expect(tg.sent()).toEqual(['echo: never mind, this instead'])
    expect(userTexts(gw!)).toEqual(['a long question', 'never mind, this instead'])
    // The superseded question goes unanswered: its 👀 is taken back.
    await reactionCleared(1)
  })

  test('a shared DM session: one sender\'s /stop leaves another sender\'s waiting message, which is answered after the stopped turn', async () => {
    // DMs share the agent's main session by default (dmScope "main").
    await boot({ inbound: { debounceMs: 0 } })
    gw!.fake.script({ kind: 'hang' })
    tg.pushText('a long question')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    await sendAndQueue('a question from Bob', { fromId: 777 })
    tg.pushText('/stop')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '777', 15_000)
    expect(tg.recorder.of('sendMessage').find((c) => String(c.body.chat_id) === '777')!.body.text).toBe('echo: a question from Bob')
    expect(tg.sent()).toContain('Stopped.')
    expect(userTexts(gw!)).toEqual(['a long question', 'a question from Bob'])
  })

  describe('cap and drop', () => {
    async function overflow(drop: 'old' | 'new' | 'summarize', mode: 'followup' | 'steer' = 'followup'): Promise<string[]> {
      await boot({ inbound: { debounceMs: 0 }, queue: { mode, cap: 2, drop } })
      const hold = held()
      gw!.fake.script({ kind: 'text', chunks: ['answer one'], after: hold.after })
      tg.pushText('one')
      await until(() => gw!.fake.requests.length === 1, 'the first model request')
      for (const text of ['two', 'three', 'four']) await sendAndQueue(text)
      hold.release()
      await until(() => tg.sent().length === 3, 'three replies', 15_000)
      // A last message: had anything else stayed queued, its turn would come before this one.
      await sendAndQueue('five')
      await until(() => tg.sent().length === 4, 'the last reply', 15_000)
      return userTexts(gw!)
    }

    test('old: the oldest waiting message is dropped', async () => {
      expect(await overflow('old')).toEqual(['one', 'three', 'four', 'five'])
    })

    test('new: the newest message is refused', async () => {
      expect(await overflow('new')).toEqual(['one', 'two', 'three', 'five'])
    })

    test('summarize (default): the oldest is dropped, and the next turn carries a summary of it', async () => {
      expect(await overflow('summarize')).toEqual(['one', '[Queue overflow] Dropped 1 message due to cap.\nSummary:\n- two\n\nthree', 'four', 'five'])
    })

    test('steer: what a turn with one model call could not take is capped like any followup', async () => {
      expect(await overflow('old', 'steer')).toEqual(['one', 'three', 'four', 'five'])
    })

    test('a refused message is left without a reaction', async () => {
      await boot({ inbound: { debounceMs: 0 }, queue: { mode: 'followup', cap: 1, drop: 'new' }, ackReactionScope: 'all' }, 'off', true)
      const hold = held()
      gw!.fake.script({ kind: 'text', chunks: ['answer one'], after: hold.after })
      tg.pushText('one')
      await until(() => gw!.fake.requests.length === 1, 'the first model request')
      await sendAndQueue('two')
      await sendAndQueue('three')
      await until(() => inboxAnswered(gw!)[2] === true, 'the refused message settled')
      hold.release()
      await until(() => tg.sent().length === 2, 'two replies')
      expect(userTexts(gw!)).toEqual(['one', 'two'])
      // Refused as it came: its acknowledgement never stays. The answered ones keep theirs (as the original does).
      expect(reactionsOn(3)).toEqual([])
      expect([reactionsOn(1), reactionsOn(2)]).toEqual([['👀'], ['👀']])
    })
  })

  test('a config edit applies to the next message without reconnecting: followup, then interrupt', async () => {
    await boot({ inbound: { debounceMs: 0 }, queue: { mode: 'followup' } })
    const client = await TestClient.connect(gw!.url, { token: gw!.token })
    try {
      const messages = { inbound: { debounceMs: 0 }, queue: { mode: 'interrupt' as const } }
      const raw = JSON.stringify(agentConfig(gw!.fake, 'openai', { channels: { telegram: telegram() }, messages }))
      const { hash } = await client.call('config.get')
      await client.call('config.set', { raw, baseHash: hash })
    } finally {
      client.close()
    }
    gw!.fake.script({ kind: 'hang' })
    tg.pushText('a long question')
    await until(() => gw!.fake.requests.length === 1, 'the first model request')
    tg.pushText('never mind, this instead')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(tg.sent()).toEqual(['echo: never mind, this instead'])
    // The account kept its connection: one getMe, at start.
    expect(tg.recorder.of('getMe')).toHaveLength(1)
  })
})
