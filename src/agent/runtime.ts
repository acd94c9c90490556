/**
 * Assembles the agent side of a gateway: session store, agent service, heartbeat runner, cron
 * scheduler and session maintenance, plus their health part. The gateway calls `start` once it listens and `stop` on shutdown.
 */
import { isDeepStrictEqual } from 'node:util'
import type { LiveSettings } from '../config/live-settings.ts'
import { createHeartbeatRunner } from '../cron/heartbeat.ts'
import { createCronService, type CronJob } from '../cron/service.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { HeartbeatState } from '../core/heartbeat-state.ts'
import type { HealthSnapshot } from '../protocol/index.ts'
import { createCronStore } from '../store/cron-store.ts'
import { databasePath, type Db } from '../store/db.ts'
import { createSessionStateStore } from '../store/session-state-store.ts'
import { createSessionRetention } from '../store/session-retention.ts'
import { createSessionStore } from '../store/session-store.ts'
import { createTableRetention } from '../store/table-retention.ts'
import { createUsageStore } from '../store/usage-store.ts'
import type { AgentPorts } from './ports.ts'
import { createAgentService } from './service.ts'
import { createSessionMaintenance } from './session-maintenance.ts'
import { logger } from '../log.ts'

const log = logger('agent')
import { mainSessionKey } from '../routing/session-keys.ts'

const RECENT_SESSIONS = 5

export function createAgentRuntime(deps: {
  /** Read at each turn, beat and arming: config edits apply without a restart. */
  live: LiveSettings
  db: Db
  events: EventBus
  heartbeats: HeartbeatState
  ports: AgentPorts
  /** Copies the WAL into the database file (store/checkpointer.ts): maintenance shrinks the file with it. */
  checkpoint: () => Promise<void>
}) {
  const storePath = databasePath(deps.live.current.stateDir)
  const agentSettings = () => deps.live.current.agent
  const sessions = createSessionStore(deps.db)
  const sessionState = createSessionStateStore(deps.db)
  const usage = createUsageStore(deps.db)
  const agent = createAgentService({ live: deps.live, sessions, sessionState, usage, events: deps.events, ports: deps.ports })
  // Maintenance yields to turns while they come: one running, or one ended within the last second.
  let lastRunEnded = -Infinity
  agent.onSettled(() => (lastRunEnded = performance.now()))
  const maintenance = createSessionMaintenance({
    retention: createSessionRetention(deps.db), tables: createTableRetention(deps.db), checkpoint: deps.checkpoint,
    settings: () => agentSettings().maintenance, isBusy: agent.sessionBusy,
    turnsRunning: () => performance.now() - lastRunEnded < 1000 || agent.lanes().length > 0,
  })
  // One heartbeat per agent, each in its own main session; a cron system event wakes its job's agent's.
  const heartbeatOf = (agentId: string) => agentSettings().agents.find((a) => a.id === agentId)?.heartbeat
  const heartbeats = agentSettings().agents.map((profile) => createHeartbeatRunner({
    agentId: profile.id,
    heartbeat: () => heartbeatOf(profile.id) ?? profile.heartbeat,
    agent, sessions, events: deps.events, state: deps.heartbeats, ports: deps.ports,
  }))
  const cron = createCronService({
    store: createCronStore<CronJob>(deps.db), agent, heartbeatRunner: (agentId) => heartbeats.find((h) => h.agentId === agentId), events: deps.events, settings: agentSettings, storePath,
    catchUpDelayMs: agentSettings().cron.catchUpDelayMs, outbound: deps.ports.outbound,
  })

  function health(): Partial<HealthSnapshot> {
    const now = Date.now()
    const { sessions: recent, total } = sessions.list({ limit: RECENT_SESSIONS, offset: 0 })
    const sessionPart = { path: storePath, count: total, recent: recent.map((s) => ({ key: s.key, updatedAt: s.updatedAt, age: now - s.updatedAt })) }
    const { agents, defaultAgentId } = agentSettings()
    return {
      agents: agents.map((a) => {
        const hb = a.heartbeat
        return {
          agentId: a.id,
          isDefault: a.id === defaultAgentId,
          model: agent.sessionModel(mainSessionKey(a.id)),
          heartbeat: { enabled: deps.heartbeats.enabled && hb.everyMs > 0, every: `${Math.round(hb.everyMs / 60_000)}m`, everyMs: hb.everyMs, prompt: hb.prompt, target: hb.target ?? 'none', ackMaxChars: 300 },
          sessions: sessionPart,
        }
      }),
      sessions: sessionPart,
    }
  }

  let stopListening: (() => void) | undefined
  return {
    agent,
    sessions,
    sessionState,
    usage,
    cron,
    maintenance,
    health,
    start() {
      // A new heartbeat cadence restarts that agent's timer; cron re-reads `cron.enabled`. Everything else is
      // read per turn. (An agent added by an edit gets its heartbeat at the next restart.)
      stopListening = deps.live.onChange((next, previous) => {
        for (const h of heartbeats) {
          const every = (s: typeof next) => s.agent.agents.find((a) => a.id === h.agentId)?.heartbeat.everyMs
          if (every(next) !== every(previous)) (h.stop(), h.start())
        }
        if (next.agent.cron.enabled !== previous.agent.cron.enabled) cron.rearm()
        // New limits apply now, not at the next periodic pass.
        if (!isDeepStrictEqual(next.agent.maintenance, previous.agent.maintenance)) maintenance.schedule()
      })
      const recovered = agent.recoverPending()
      if (recovered > 0) log.info(`resuming ${recovered} accepted run(s) that had not started before the last stop`)
      for (const h of heartbeats) h.start()
      cron.start()
      maintenance.start()
    },
    stop() {
      stopListening?.()
      maintenance.stop()
      cron.stop()
      for (const h of heartbeats) h.stop()
      agent.stop()
    },
  }
}
