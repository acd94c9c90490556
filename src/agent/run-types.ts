/** The shapes shared by the agent service, its methods and its in-process callers. */
import type { Usage } from '../providers/index.ts'
import type { RunAttachment } from './attachments.ts'
import type { FallbackRecord } from './model-chain.ts'
import type { RunListener } from './run-events.ts'

type RunOrigin = 'agent' | 'chat' | 'channel' | 'heartbeat' | 'cron'

export interface RunRequest {
  /** The idempotency key: every event of the run carries it. */
  runId: string
  sessionKey: string
  message: string
  /** Files sent with the message; images within the limits carry their bytes. */
  attachments?: RunAttachment[]
  origin: RunOrigin
  /** The connection that started the run, if any (tool events go there when it asked for them). */
  connId?: string
  toolEvents?: boolean
  extraSystemPrompt?: string
  timeoutMs?: number
  /** Per-run model override: a configured provider id and a model name. */
  provider?: string
  model?: string
  channel?: string
  to?: string
  accountId?: string
  senderName?: string
  /** Earlier user turns the model sees (a channel's `dmHistoryLimit`); the agent's main session is never cut. */
  historyTurns?: number
  listener?: RunListener
  /** Messages the run takes in at its next model call (a channel's `messages.queue.mode: "steer"`); never persisted with the request. */
  steer?: SteerSource
  /**
   * Settles once the answer to the request that started the run is queued to its client (a WebSocket
   * `chat.send` or `agent`): the run's events never overtake it.
   */
  answered?: Promise<void>
  /**
   * A second attempt at this run id after a stop (a channel message answered again, an accepted run resumed
   * from the inbox): its first attempt's transcript entries go first, and its input is not a new interaction.
   */
  retry?: boolean
}

/** Messages that arrive for a session while its run is active, offered to that run. */
export interface SteerSource {
  /** Something waits: a tool call not yet started is skipped so the model sees it first. */
  waiting(): boolean
  /** Takes what waits, one user message each, in arrival order. */
  take(): string[]
}

export interface RunOutcome {
  runId: string
  sessionKey: string
  agentId: string
  /** The wire's terminal status: `timeout` also covers an abort (with summary `aborted`). */
  status: 'ok' | 'error' | 'timeout'
  summary: 'completed' | 'failed' | 'aborted' | 'timeout'
  text: string
  stopReason: string
  error?: string
  errorKind?: 'rate_limit' | 'timeout' | 'unknown'
  /** `details.code` of the failure, e.g. PROVIDER_AUTH. */
  errorCode?: string
  model: string
  /** Models that failed during the run and were replaced by the next fallback, with the reason. */
  fallbacks?: FallbackRecord[]
  /** Tokens summed over the run's model calls, as the providers reported them. */
  usage?: Usage
  /** Model requests made (one per tool round), and the tools the model called, by name. */
  modelCalls?: number
  tools?: Record<string, number>
  startedAt: number
  endedAt: number
}

export interface RunHandle {
  runId: string
  sessionKey: string
  agentId: string
  acceptedAt: number
  done: Promise<RunOutcome>
}
