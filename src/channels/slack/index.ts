/** Slack channel (@slack/bolt). Imported lazily by the registry, only when Slack is configured. */
export { createSlackAdapter as createSlackChannel } from './adapter.ts'
