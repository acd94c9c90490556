import { expect, test } from 'bun:test'
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
  const add = (text: string, chat = '1', media = false) => {
    const msg = { provider: 'telegram', accountId: 'default', messageId: text, chat: { id: chat, kind: 'group' }, sender: { id: 'ada', name: 'Ada', isBot: false, isSelf: false }, text, mentioned: true, attachments: [], ts: 0 } as InboundMessage
    queue.add('s', [{ msg, text, media, settle: (o) => void settled.set(text, o) }])
  }
  /** Ends the running turn and lets the queue start the next one. */
  const end = async (outcome: 'done' | 'later' = 'done') => {
    turns.at(-1)!.end(outcome)
    await Bun.sleep(0)
  }
  return { queue, turns, settled, aborted, add, end, texts: () => turns.map((t) => t.turn.text) }
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

test('clear (/stop, /new): what waits is settled done and the running turn takes no more', async () => {
  const h = harness({ mode: 'steer' })
  h.add('one')
  h.add('two', '2')
  h.queue.clear('s')
  expect(h.settled.get('two')).toBe('done')
  h.add('after the stop')
  expect(h.turns[0]!.turn.steer.waiting()).toBe(false)
  await h.end()
  expect(h.texts()).toEqual(['one', 'after the stop'])
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
