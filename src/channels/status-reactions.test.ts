import { expect, test } from 'bun:test'
import { createStatusReactions, type ReactionPort, type StatusOptions } from './status-reactions.ts'

/** A provider's reaction calls, in order (`+👀` added, `-👀` taken back); `fail` refuses adding those emoji. */
function recordingPort(replaces: boolean, fail: string[] = []) {
  const calls: string[] = []
  const waiters: (() => void)[] = []
  const note = (call: string) => {
    calls.push(call)
    for (const wake of waiters.splice(0)) wake()
  }
  const port: ReactionPort = {
    replaces,
    add: async (e) => {
      if (fail.includes(e)) throw new Error(`refused ${e}`)
      note(`+${e}`)
    },
    remove: async (e) => note(`-${e}`),
  }
  /** Resolves once `n` calls have been made. */
  async function calledTimes(n: number): Promise<string[]> {
    while (calls.length < n) await new Promise<void>((resolve) => waiters.push(resolve))
    return calls
  }
  return { port, calls, calledTimes }
}

const fast = { debounceMs: 5, stallSoftMs: 10_000, stallHardMs: 20_000, doneHoldMs: 5, errorHoldMs: 5 }
const options = (over: Partial<StatusOptions> = {}): StatusOptions => ({ initial: '👀', activity: true, flashErrors: true, failed: () => {}, timing: fast, ...over })

test('one slot: each phase replaces the last; a phase replaced within the debounce never shows; the end is held, then the acknowledgement is back', async () => {
  const { port, calls } = recordingPort(true)
  const s = createStatusReactions(port, options())
  await s.queued()
  s.thinking()
  s.tool('web_fetch')
  await s.done()
  await s.restore()
  expect(calls).toEqual(['+👀', '+✅', '+👀'])

  const slow = recordingPort(true)
  const t = createStatusReactions(slow.port, options())
  await t.queued()
  t.thinking()
  await slow.calledTimes(2)
  t.tool('exec')
  await slow.calledTimes(3)
  t.tool('lookup_weather')
  await slow.calledTimes(4)
  await t.error()
  await t.restore()
  expect(slow.calls).toEqual(['+👀', '+🧠', '+💻', '+🛠️', '+❌', '+👀'])
})

test('after the end, later phases are ignored', async () => {
  const { port, calls } = recordingPort(true)
  const s = createStatusReactions(port, options())
  await s.queued()
  await s.done()
  s.tool('exec')
  await s.restore()
  expect(calls).toEqual(['+👀', '+✅', '+👀'])
})

test('no change for a while shows ⏳, then ⚠️', async () => {
  const { port, calledTimes } = recordingPort(true)
  const s = createStatusReactions(port, options({ timing: { ...fast, stallSoftMs: 20, stallHardMs: 40 } }))
  await s.queued()
  s.thinking()
  expect(await calledTimes(4)).toEqual(['+👀', '+🧠', '+⏳', '+⚠️'])
  await s.done()
})

test('reactions that add up: the acknowledgement stays still, an error flashes ❌ and the old ones are taken back only at the end', async () => {
  const { port, calls } = recordingPort(false)
  const s = createStatusReactions(port, options({ activity: false }))
  await s.queued()
  s.thinking()
  s.tool('exec')
  await s.error()
  await s.restore()
  expect(calls).toEqual(['+👀', '+❌', '-👀', '+👀', '-❌'])

  const done = recordingPort(false)
  const d = createStatusReactions(done.port, options({ activity: false }))
  await d.queued()
  await d.done()
  await d.restore()
  await d.clear()
  expect(done.calls).toEqual(['+👀', '-👀'])
})

test('a plain acknowledgement never changes, errors included', async () => {
  const { port, calls } = recordingPort(true)
  const s = createStatusReactions(port, options({ activity: false, flashErrors: false }))
  await s.queued()
  await s.error()
  await s.restore()
  expect(calls).toEqual(['+👀'])
})

test('an acknowledgement already on the message is not set again, and is not announced again', async () => {
  const { port, calls } = recordingPort(true)
  let announced = 0
  const s = createStatusReactions(port, options({ alreadyShown: true, shown: () => announced++ }))
  await s.queued()
  await s.done()
  await s.restore()
  expect(calls).toEqual(['+✅', '+👀'])
  expect(announced).toBe(0)

  const fresh = recordingPort(true)
  const f = createStatusReactions(fresh.port, options({ shown: () => announced++ }))
  await f.queued()
  await f.done()
  await f.restore()
  expect(announced).toBe(1)
})

test('a refused reaction is reported and nothing rejects; the acknowledgement is still restored', async () => {
  const { port, calls } = recordingPort(true, ['✅'])
  const failed: string[] = []
  const s = createStatusReactions(port, options({ failed: (action, emoji) => failed.push(`${action} ${emoji}`) }))
  await s.queued()
  await s.done()
  await s.restore()
  expect(failed).toEqual(['add ✅'])
  expect(calls).toEqual(['+👀'])
})
