/** Per-session model choice and token totals (migration 008), keyed by session key. */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

export interface SessionState {
  /** `<provider>/<model>` picked with `/model`, or undefined for the agent's own. */
  model?: string
  inputTokens: number
  outputTokens: number
}

export function createSessionStateStore(db: Db) {
  const q = lazyStatements({
    get: () => db.query<{ model_override: string | null; input_tokens: number; output_tokens: number }, [string]>(
      'SELECT model_override, input_tokens, output_tokens FROM session_state WHERE session_key = ?',
    ),
    setModel: () => db.query(
      `INSERT INTO session_state (session_key, model_override, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT(session_key) DO UPDATE SET model_override = ?2, updated_at = ?3`,
    ),
    addUsage: () => db.query(
      `INSERT INTO session_state (session_key, input_tokens, output_tokens, updated_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT(session_key) DO UPDATE SET input_tokens = input_tokens + ?2, output_tokens = output_tokens + ?3, updated_at = ?4`,
    ),
    resetUsage: () => db.query('UPDATE session_state SET input_tokens = 0, output_tokens = 0, updated_at = ? WHERE session_key = ?'),
  })
  const commits = groupCommit(db)
  return {
    get(key: string): SessionState {
      const row = q.get.get(key)
      return { ...(row?.model_override && { model: row.model_override }), inputTokens: row?.input_tokens ?? 0, outputTokens: row?.output_tokens ?? 0 }
    },
    setModel: (key: string, model: string | undefined) => void commits.write(() => q.setModel.run(key, model ?? null, Date.now())),
    addUsage: (key: string, input: number, output: number) => void commits.write(() => q.addUsage.run(key, input, output, Date.now())),
    /** A fresh session starts counting again; its model choice stays. */
    resetUsage: (key: string) => void commits.write(() => q.resetUsage.run(Date.now(), key)),
  }
}

export type SessionStateStore = ReturnType<typeof createSessionStateStore>
