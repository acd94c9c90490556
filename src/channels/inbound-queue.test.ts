import { describe, expect, test } from 'bun:test'
import { until } from '../../test/helpers/until.ts'
import { createInboundQueue, type QueuedItem, type QueuedTurn } from './inbound-queue.ts'
import type { QueueSettings } from './inbound-queue-settings.ts'
import type { InboundMessage } from './types.ts'

/** A queue whose turns end when the test says so; drains wait for nothing (`debounceMs: 0`). */
function harness(settings: Partial<QueueSettings>) {
  const turns: { turn: QueuedTurn<QueuedItem>; end: (o: 'done' | 'later') => void }[] = []
  const settled = new Map<string, string>()
  const aborted: string[] = []
  const queue = createInboundQueue<QueuedItem>({
    settings: () => ({ mode: 'followup', debounceMs: 0, cap: 20, drop: 'summarize', ...settings }),
    run: (turn) => new Promise((end) => turns.push({ turn, end })),
    abort: (turn) => aborted.push(turn.text),
    ready: () => true,
  })
  const message = (text: string, chat = '1', sender = 'ada') =>
    ({ provider: 'telegram', accountId: 'default', messageId: text, chat: { id: chat, kind: 'group' }, sender: { id: sender, name: sender === 'ada' ? 'Ada' : 'Bob', isBot: false, isSelf: false }, text, mentioned: true, attachments: [], ts: 0 }) as InboundMessage
  const add = (text: string, chat = '1', media = false, sender = 'ada') => {
    queue.add('s', [{ msg: message(text, chat, sender), text, media, settle: (o) => void settled.set(text, o) }])
  }
  /** Ends the running turn and lets the queue start the next one. */
  const end = async (outcome: 'done' | 'later' = 'done') => {
    turns.at(-1)!.end(outcome)
    await Bun.sleep(0)
  }
  return { queue, turns, settled, aborted, add, message, end, texts: () => turns.map((t) => t.turn.text) }
}

test('followup: one turn after another, in arrival order; each message is settled by its own turn', async () => {
  const h = harness({ mode: 'followup' })
  h.add('one')
  h.add('two')
  h.add('three')
  expect(h.texts()).toEqual(['one'])
  await h.end()
  expect(h.settled.get('one')).toBe('done')
  expect(h.settled.has('two')).toBe(false)
  await h.end('later')
  expect(h.settled.get('two')).toBe('later')
  expect(h.texts()).toEqual(['one', 'two', 'three'])
})

test('collect: what waits for the same chat is one turn; another chat of the session waits for its own', async () => {
  const h = harness({ mode: 'collect' })
  h.add('one')
  h.add('two')
  h.add('elsewhere', '2')
  h.add('three')
  await h.end()
  expect(h.texts()[1]).toBe('[Queued messages while agent was busy]\n\n---\nQueued #1 (from Ada)\ntwo\n\n---\nQueued #2 (from Ada)\nthree')
  await h.end()
  expect(h.texts()[2]).toBe('elsewhere')
  expect([...h.settled.keys()].sort()).toEqual(['one', 'three', 'two'])
})

test('steer: offered to the running turn, taken at its next model call and settled with it; what it did not take becomes a followup', async () => {
  const h = harness({ mode: 'steer' })
  h.add('one')
  h.add('two')
  const { steer } = h.turns[0]!.turn
  expect(steer.waiting()).toBe(true)
  expect(steer.take()).toEqual(['two'])
  h.add('three')
  h.add('media', '1', true)
  h.add('other chat', '2')
  await h.end()
  expect(h.settled.get('two')).toBe('done')
  expect(h.texts()).toEqual(['one', 'three'])
  await h.end()
  await h.end()
  expect(h.texts()).toEqual(['one', 'three', 'media', 'other chat'])
})

test('interrupt: the running turn is aborted, what waited is dropped, the newest runs once the aborted one ends', async () => {
  const h = harness({ mode: 'interrupt' })
  h.add('one')
  h.add('two')
  h.add('three')
  expect(h.aborted).toEqual(['one'])
  expect(h.turns[0]!.turn.interrupted()).toBe(true)
  expect(h.settled.get('two')).toBe('done')
  await h.end()
  expect(h.texts()).toEqual(['one', 'three'])
})

test('steer: in a group, what another member steers in reaches the model under their name', () => {
  const h = harness({ mode: 'steer' })
  h.add('one')
  h.add('mine too')
  h.add('and mine', '1', false, 'bob')
  expect(h.turns[0]!.turn.steer.take()).toEqual(['mine too', 'Bob: and mine'])
})

describe('steer: what a one-call turn did not take is capped like any followup', () => {
  /** Ten messages arrive during a turn that makes one model call and takes none of them. */
  async function untaken(drop: 'old' | 'new' | 'summarize') {
    const h = harness({ mode: 'steer', cap: 2, drop })
    h.add('one')
    for (let i = 2; i <= 11; i++) h.add(`m${i}`)
    await h.end()
    await h.end()
    await h.end()
    return h
  }

  test('old: the eight oldest are dropped, settled done', async () => {
    const h = await untaken('old')
    expect(h.texts()).toEqual(['one', 'm10', 'm11'])
    expect(h.settled.get('m2')).toBe('done')
    expect(h.turns).toHaveLength(3)
  })

  test('new: the eight newest are refused', async () => {
    const h = await untaken('new')
    expect(h.texts()).toEqual(['one', 'm2', 'm3'])
    expect(h.settled.get('m11')).toBe('done')
  })

  test('summarize: the next turn carries a summary of the eight dropped', async () => {
    const h = await untaken('summarize')
    expect(h.texts()[1]).toBe(`[Queue overflow] Dropped 8 messages due to cap.\nSummary:\n${[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `- m${i}`).join('\n')}\n\nm10`)
    expect(h.texts()).toHaveLength(3)
  })
})

test('clear (/stop, /new): what the sender has waiting is settled done and the running turn takes no more', async () => {
  const h = harness({ mode: 'steer' })
  h.add('one')
  h.add('two', '2')
  h.add('steered')
  h.queue.clear('s', h.message('/stop', '2'))
  expect(h.settled.get('two')).toBe('done')
  // Sent from the chat the stop did not come from: not the stopping sender's, so it stays.
  expect(h.settled.has('steered')).toBe(false)
  h.add('after the stop')
  expect(h.turns[0]!.turn.steer.waiting()).toBe(false)
  expect(h.turns[0]!.turn.steer.take()).toEqual([])
  await h.end()
  await h.end()
  expect(h.texts()).toEqual(['one', 'steered', 'after the stop'])
})

test('clear in a shared session: another sender\'s waiting and offered messages stay and run after the stopped turn', async () => {
  const h = harness({ mode: 'steer' })
  h.add('one')
  h.add('bob offered', '1', false, 'bob')
  h.add('bob media', '1', true, 'bob')
  h.add('ada offered')
  h.add('ada media', '1', true)
  h.queue.clear('s', h.message('/stop'))
  expect(h.settled.get('ada offered')).toBe('done')
  expect(h.settled.get('ada media')).toBe('done')
  expect(h.settled.has('bob offered')).toBe(false)
  await h.end()
  await h.end()
  expect(h.texts()).toEqual(['one', 'bob offered', 'bob media'])
})

test('clear with no turn running: what others have waiting still drains', async () => {
  const h = harness({ mode: 'followup', debounceMs: 200 })
  h.add('one')
  h.add('bob waits', '1', false, 'bob')
  h.add('ada waits')
  await h.end()
  // The drain waits out its debounce: no turn runs, both wait.
  expect(h.turns).toHaveLength(1)
  h.queue.clear('s', h.message('/stop'))
  expect(h.settled.get('ada waits')).toBe('done')
  await until(() => h.turns.length === 2, 'bob\'s turn')
  expect(h.texts()).toEqual(['one', 'bob waits'])
})

test('interrupt in a shared session: only the interrupting sender\'s waiting messages are dropped', async () => {
  const h = harness({ mode: 'interrupt' })
  h.add('one')
  h.add('ada first')
  h.add('bob asks', '1', false, 'bob')
  h.add('ada again')
  expect(h.settled.get('ada first')).toBe('done')
  expect(h.settled.has('bob asks')).toBe(false)
  await h.end()
  await h.end()
  expect(h.texts()).toEqual(['one', 'bob asks', 'ada again'])
})

test('release (gateway stop): what waits is settled later, to be answered after the restart', () => {
  const h = harness({ mode: 'followup' })
  h.add('one')
  h.add('two')
  h.queue.release()
  expect(h.settled.get('two')).toBe('later')
})

test('summarize: the dropped messages ride on the turn that carries their summary', async () => {
  const h = harness({ mode: 'followup', cap: 1, drop: 'summarize' })
  h.add('one')
  h.add('two')
  h.add('three   with\n  spaces')
  h.add('four')
  await h.end()
  expect(h.texts()[1]).toBe('[Queue overflow] Dropped 2 messages due to cap.\nSummary:\n- two\n- three with spaces\n\nfour')
  expect(h.settled.has('two')).toBe(false)
  await h.end()
  expect(h.settled.get('two')).toBe('done')
})
