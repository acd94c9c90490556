/** `sessions.list` orders a page by reading an index, not by sorting every session (store/session-store.ts). */
import { expect, test } from 'bun:test'
import { openDatabase } from './db.ts'
import { SESSION_ACTIVITY_AT } from './migrations/013-session-activity.ts'

const plan = (sql: string) => openDatabase(':memory:').query<{ detail: string }, [number]>(`EXPLAIN QUERY PLAN ${sql}`).all(0).map((r) => r.detail).join('; ')

test('sorting by activity or by last input walks an index, activeMinutes included', () => {
  const byActivity = plan(`SELECT * FROM sessions WHERE ${SESSION_ACTIVITY_AT} >= ? ORDER BY ${SESSION_ACTIVITY_AT} DESC, key LIMIT 100`)
  expect(byActivity).toContain('sessions_by_activity')
  expect(byActivity).not.toContain('TEMP B-TREE')
  const byInput = plan('SELECT * FROM sessions WHERE updated_at >= ? ORDER BY last_interaction_at DESC, key LIMIT 100')
  expect(byInput).toContain('sessions_by_interaction')
  expect(byInput).not.toContain('TEMP B-TREE')
})
