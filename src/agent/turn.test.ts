import { expect, test } from 'bun:test'
import type { EventBus } from '../core/event-bus.ts'
import type { StreamEvent } from '../providers/index.ts'
import { openDatabase } from '../store/db.ts'
import { createSessionStore, type SessionStore } from '../store/session-store.ts'
import type { ModelChain } from './model-chain.ts'
import { createRunEmitter } from './run-events.ts'
import type { RunOutcome } from './run-types.ts'
import { executeTurn } from './turn.ts'

test('a final answer whose commit fails to sync ends the run with the error and records its usage once', async () => {
  const db = openDatabase(':memory:')
  const store = createSessionStore(db)
  const { sessionId } = store.ensure('agent:main:main', { agentId: 'main', kind: 'main' })
  // The COMMIT succeeded (the rows are there), the sync after it failed.
  const sessions = Object.assign(Object.create(store) as SessionStore, { durableSince: () => Promise.reject(new Error('fdatasync failed')) })
  const provider = {
    label: 'fake/fake-1',
    fallbacks: [],
    async *stream(): AsyncIterable<StreamEvent[]> {
      yield [{ type: 'text', delta: 'hi' }]
      yield [{ type: 'done', stopReason: 'stop', usage: { input: 3, output: 2 } }]
    },
  } as unknown as ModelChain
  const events = { broadcast: () => {} } as unknown as EventBus
  const recorded: RunOutcome[] = []
  const outcome = await executeTurn({
    runId: 'r1', sessionKey: 'agent:main:main', agentId: 'main', sessionId, message: 'hello', attachments: [], system: '',
    provider, tools: [], sessions, emit: createRunEmitter({ events, runId: 'r1', sessionKey: 'agent:main:main', agentId: 'main' }),
    signal: new AbortController().signal, abortReason: () => undefined, toolContext: {} as never, record: (o) => recorded.push(o),
  })
  expect(outcome.status).toBe('error')
  expect(recorded).toHaveLength(1)
  expect(recorded[0]!.usage).toEqual({ input: 3, output: 2 })
  db.close()
})
