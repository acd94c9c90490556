import { expect, test } from 'bun:test'
import { createSessionSubscriptions } from './session-subscriptions.ts'
import type { EventBus } from '../core/event-bus.ts'

/** Records who each `session.message` was addressed to. */
function recordingBus() {
  const sent: { event: string; to: string[] }[] = []
  const bus: EventBus = {
    broadcast: (event, _payload, opts) => void sent.push({ event, to: [...(opts?.to ?? [])] }),
    sendToConnection: () => true,
  }
  return { bus, sent }
}

test('closing one connection drops only its subscriptions: another following the same session still hears it', () => {
  const { bus, sent } = recordingBus()
  const subs = createSessionSubscriptions(bus)
  subs.subscribeMessages('a', 'agent:main:main')
  subs.subscribeMessages('a', 'agent:main:only-a')
  subs.subscribeMessages('b', 'agent:main:main')
  subs.subscribeChanges('a')
  subs.subscribeChanges('b')

  subs.drop('a')
  expect(subs.followersOf('agent:main:main')?.has('a')).toBe(false)
  expect(subs.followersOf('agent:main:main')?.has('b')).toBe(true)
  expect(subs.wantsMessages('agent:main:only-a')).toBe(false)
  subs.publishMessage('agent:main:main', {})
  subs.publishMessage('agent:main:only-a', {})
  subs.publishChange({ sessionKey: 'agent:main:main' })
  expect(sent).toEqual([{ event: 'session.message', to: ['b'] }, { event: 'sessions.changed', to: ['b'] }])

  // A connection that unsubscribed by hand and then closed leaves nothing behind either.
  subs.unsubscribeMessages('b', 'agent:main:main')
  subs.drop('b')
  expect(subs.wantsMessages('agent:main:main')).toBe(false)
  expect(subs.wantsChanges()).toBe(false)
})
