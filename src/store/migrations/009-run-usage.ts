import type { Migration } from './index.ts'

/**
 * The tokens each finished run used, as its model provider reported them (OpenAI's streamed `usage`,
 * Anthropic's message_start/message_delta `usage`), summed over the run's model calls: what
 * `sessions.usage`, `usage.status` and the cron run log report. Kept when a session is reset.
 */
export const runUsage009: Migration = {
  version: 9,
  name: 'run-usage',
  up(db) {
    db.exec(`
      CREATE TABLE run_usage (
        run_id TEXT PRIMARY KEY,
        session_key TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        channel TEXT,
        origin TEXT NOT NULL,
        status TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        model_calls INTEGER NOT NULL,
        tools TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL
      );
      CREATE INDEX run_usage_by_end ON run_usage(ended_at);
      CREATE INDEX run_usage_by_session ON run_usage(session_key, ended_at);
    `)
  },
}
