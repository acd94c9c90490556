/**
 * Periodic heartbeat turns in one agent's main session (its `heartbeat`, else
 * agents.defaults.heartbeat; every 30m by default; "0m" disables). The model answers NO_REPLY (or HEARTBEAT_OK) when nothing needs attention: such a
 * silent acknowledgement is dropped from the transcript. Anything else is delivered to
 * heartbeat.target/heartbeat.to when a channel can carry it. Each outcome is a `heartbeat` event and
 * the answer of `last-heartbeat`. Queued system events (cron `systemEvent` jobs) ride along.
 */
import type { AgentPorts } from '../agent/ports.ts'
import type { AgentService } from '../agent/service.ts'
import type { HeartbeatSettings } from '../config/agent-roster.ts'
import { mainSessionKey } from '../routing/session-keys.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { HeartbeatState } from '../core/heartbeat-state.ts'
import type { SessionStore } from '../store/session-store.ts'

const SILENT = /^\s*(NO_REPLY|HEARTBEAT_OK)\s*$/i
const MAX_PENDING_EVENTS = 20

type Status = 'sent' | 'ok-empty' | 'ok-token' | 'skipped' | 'failed'
const INDICATOR: Partial<Record<Status, 'ok' | 'alert' | 'error'>> = { 'ok-empty': 'ok', 'ok-token': 'ok', sent: 'alert', failed: 'error' }

export function createHeartbeatRunner(deps: {
  agentId: string
  /** Read at each beat (the settings may change while the gateway runs). */
  heartbeat: () => HeartbeatSettings
  agent: AgentService
  sessions: SessionStore
  events: EventBus
  state: HeartbeatState
  ports: AgentPorts
}) {
  const pending: string[] = []
  const sessionKey = mainSessionKey(deps.agentId)
  let timer: Timer | undefined

  function publish(status: Status, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const event = { ts: Date.now(), status, ...(INDICATOR[status] && { indicatorType: INDICATOR[status] }), ...extra }
    deps.state.last = event
    deps.events.broadcast('heartbeat', event, { dropIfSlow: true })
    return event
  }

  async function beat(reason: string): Promise<Record<string, unknown>> {
    const started = Date.now()
    if (deps.agent.sessionModel(sessionKey) === 'offline') return publish('skipped', { reason: 'no-model' })
    if (deps.agent.sessionBusy(sessionKey)) return publish('skipped', { reason: 'busy' })
    const events = pending.splice(0)
    const hb = deps.heartbeat()
    const message = events.length ? `${hb.prompt}\n\nSystem events:\n${events.map((e) => `- ${e}`).join('\n')}` : hb.prompt
    const run = deps.agent.start({ runId: `heartbeat:${deps.agentId}:${started}`, sessionKey, message, origin: 'heartbeat' })
    const outcome = await run.done
    const durationMs = Date.now() - started
    if (outcome.status !== 'ok') return publish('failed', { reason, durationMs, message: outcome.error ?? outcome.summary })
    const text = outcome.text.trim()
    if (!text || SILENT.test(text)) {
      const session = deps.sessions.get(sessionKey)
      if (session) deps.sessions.dropRun(session.sessionId, run.runId)
      return publish(text ? 'ok-token' : 'ok-empty', { reason, durationMs, silent: true })
    }
    const preview = text.slice(0, 200)
    const { target, to } = hb
    if (!target || target === 'none' || !to) return publish('skipped', { reason: 'no-route', preview, durationMs })
    try {
      const sent = await deps.ports.outbound.send({ channel: target, to, message: text })
      return publish('sent', { reason, to, channel: sent.channel, preview, durationMs })
    } catch (err) {
      return publish('failed', { reason: 'delivery', to, channel: target, preview, durationMs, message: (err as Error).message })
    }
  }

  return {
    agentId: deps.agentId,
    start() {
      const every = deps.heartbeat().everyMs
      if (every <= 0) return
      // A tick while heartbeats are switched off (`set-heartbeats`) is an outcome too: the event says so.
      timer = setInterval(() => {
        if (deps.state.enabled) void beat('interval')
        else publish('skipped', { reason: 'disabled' })
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
