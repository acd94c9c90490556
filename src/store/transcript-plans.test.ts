/**
 * Every transcript read and delete (store/session-store.ts, store/session-retention.ts) walks
 * `transcript_by_position` or the rowid: the one index a message append updates besides its id's.
 */
import { expect, test } from 'bun:test'
import { openDatabase } from './db.ts'

const db = openDatabase(':memory:')
const plan = (sql: string) => db.query<{ detail: string }, []>(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => r.detail).join('; ')
const COLUMNS = 'id, pos, session_id, run_id, role, body, ts'

// The statements' shapes, as the stores write them (parameters as literals: a plan needs no values).
const STATEMENTS = {
  range: `SELECT ${COLUMNS} FROM transcript_messages WHERE session_id = 's' AND pos > 1 AND pos <= 9 ORDER BY pos`,
  after: `SELECT ${COLUMNS} FROM transcript_messages WHERE session_id = 's' AND pos > 1 ORDER BY pos LIMIT 9`,
  at: `SELECT ${COLUMNS} FROM transcript_messages WHERE session_id = 's' AND pos = 1`,
  lastText: "SELECT body FROM transcript_messages WHERE session_id = 's' AND pos > 1 AND role IN ('user', 'assistant') ORDER BY pos DESC LIMIT 1",
  recount: "UPDATE sessions SET message_count = MAX(trimmed, COALESCE((SELECT MAX(pos) FROM transcript_messages WHERE session_id = 's'), 0)) WHERE session_id = 's'",
  dropRun: "DELETE FROM transcript_messages WHERE session_id = 's' AND run_id = 'r' RETURNING length(CAST(body AS BLOB)) AS bytes",
  sweep: "DELETE FROM transcript_messages WHERE seq IN (SELECT seq FROM transcript_messages WHERE session_id = 's' AND pos <= 9 ORDER BY pos LIMIT 9)",
}

test('a message append updates the table, its id index and transcript_by_position only', () => {
  const indexes = db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transcript_messages' ORDER BY name").all()
  expect(indexes.map((i) => i.name)).toEqual(['sqlite_autoindex_transcript_messages_1', 'transcript_by_position'])
})

test('every transcript read and delete searches by position or rowid, never scans or sorts', () => {
  for (const [name, sql] of Object.entries(STATEMENTS)) {
    const detail = plan(sql)
    const uses = detail.split('; ').filter((step) => step.includes('transcript_messages'))
    expect({ name, uses: uses.every((step) => /USING (COVERING )?INDEX transcript_by_position|USING INTEGER PRIMARY KEY/.test(step)) }).toEqual({ name, uses: true })
    expect({ name, sorts: detail.includes('TEMP B-TREE') }).toEqual({ name, sorts: false })
  }
})
