/**
 * Periodic heartbeat turns in the main session (agents.defaults.heartbeat.every, default 30m; "0m"
 * disables). The model answers NO_REPLY (or HEARTBEAT_OK) when nothing needs attention: such a
 * silent acknowledgement is dropped from the transcript. Anything else is delivered to
 * heartbeat.target/heartbeat.to when a channel can carry it. Each outcome is a `heartbeat` event and
 * the answer of `last-heartbeat`. Queued system events (cron `systemEvent` jobs) ride along.
 */
import type { AgentPorts } from '../agent/ports.ts'
import type { AgentService } from '../agent/service.ts'
import { MAIN_SESSION_KEY } from '../routing/session-keys.ts'
import type { AgentSettings } from '../config/agent-settings.ts'
import type { EventBus, HeartbeatState } from '../methods/context.ts'
import type { SessionStore } from '../store/session-store.ts'

const SILENT = /^\s*(NO_REPLY|HEARTBEAT_OK)\s*$/i
const MAX_PENDING_EVENTS = 20

type Status = 'sent' | 'ok-empty' | 'ok-token' | 'skipped' | 'failed'
const INDICATOR: Partial<Record<Status, 'ok' | 'alert' | 'error'>> = { 'ok-empty': 'ok', 'ok-token': 'ok', sent: 'alert', failed: 'error' }

export function createHeartbeatRunner(deps: {
  settings: AgentSettings
  agent: AgentService
  sessions: SessionStore
  events: EventBus
  state: HeartbeatState
  ports: AgentPorts
}) {
  const pending: string[] = []
  let timer: Timer | undefined

  function publish(status: Status, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const event = { ts: Date.now(), status, ...(INDICATOR[status] && { indicatorType: INDICATOR[status] }), ...extra }
    deps.state.last = event
    deps.events.broadcast('heartbeat', event, { dropIfSlow: true })
    return event
  }

  async function beat(reason: string): Promise<Record<string, unknown>> {
    const started = Date.now()
    if (deps.agent.modelLabel === 'offline') return publish('skipped', { reason: 'no-model' })
    if (deps.agent.sessionBusy(MAIN_SESSION_KEY)) return publish('skipped', { reason: 'busy' })
    const events = pending.splice(0)
    const message = events.length ? `${deps.settings.heartbeat.prompt}\n\nSystem events:\n${events.map((e) => `- ${e}`).join('\n')}` : deps.settings.heartbeat.prompt
    const run = deps.agent.start({ runId: `heartbeat:${started}`, sessionKey: MAIN_SESSION_KEY, message, origin: 'heartbeat' })
    const outcome = await run.done
    const durationMs = Date.now() - started
    if (outcome.status !== 'ok') return publish('failed', { reason, durationMs, message: outcome.error ?? outcome.summary })
    const text = outcome.text.trim()
    if (!text || SILENT.test(text)) {
      const session = deps.sessions.get(MAIN_SESSION_KEY)
      if (session) deps.sessions.dropRun(session.sessionId, run.runId)
      return publish(text ? 'ok-token' : 'ok-empty', { reason, durationMs, silent: true })
    }
    const preview = text.slice(0, 200)
    const { target, to } = deps.settings.heartbeat
    if (!target || target === 'none' || !to) return publish('skipped', { reason: 'no-route', preview, durationMs })
    try {
      const sent = await deps.ports.outbound.send({ channel: target, to, message: text })
      return publish('sent', { reason, to, channel: sent.channel, preview, durationMs })
    } catch (err) {
      return publish('failed', { reason: 'delivery', to, channel: target, preview, durationMs, message: (err as Error).message })
    }
  }

  return {
    start() {
      const every = deps.settings.heartbeat.everyMs
      if (every <= 0) return
      timer = setInterval(() => {
        if (deps.state.enabled) void beat('interval')
      }, every)
      timer.unref()
    },
    stop: () => clearInterval(timer),
    /** Runs one heartbeat now (a `wake` or a cron system event with wakeMode "now"). */
    runNow: (reason = 'wake') => beat(reason),
    /** Remembers a system event for the next heartbeat turn (oldest dropped beyond 20). */
    enqueueSystemEvent(text: string) {
      pending.push(text)
      if (pending.length > MAX_PENDING_EVENTS) pending.shift()
    },
  }
}

export type HeartbeatRunner = ReturnType<typeof createHeartbeatRunner>
