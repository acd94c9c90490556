/**
 * Assembles the agent side of a gateway: session store, agent service, heartbeat runner and cron
 * scheduler, plus their health part. The gateway calls `start` once it listens and `stop` on shutdown.
 */
import { join } from 'node:path'
import type { GatewaySettings } from '../config/settings.ts'
import { createHeartbeatRunner } from '../cron/heartbeat.ts'
import { createCronService, type CronJob } from '../cron/service.ts'
import type { EventBus, HeartbeatState } from '../methods/context.ts'
import type { HealthSnapshot } from '../protocol/index.ts'
import { createCronStore } from '../store/cron-store.ts'
import type { Db } from '../store/db.ts'
import { createSessionStore } from '../store/session-store.ts'
import type { AgentPorts } from './ports.ts'
import { createAgentService } from './service.ts'
import { logger } from '../log.ts'

const log = logger('agent')
import { DEFAULT_AGENT_ID } from './session-keys.ts'

const RECENT_SESSIONS = 5

export function createAgentRuntime(deps: {
  settings: GatewaySettings
  db: Db
  events: EventBus
  heartbeats: HeartbeatState
  ports: AgentPorts
}) {
  const storePath = join(deps.settings.stateDir, 'state', 'openclaw.sqlite')
  const sessions = createSessionStore(deps.db)
  const agent = createAgentService({ settings: deps.settings, sessions, events: deps.events, ports: deps.ports })
  const heartbeat = createHeartbeatRunner({
    settings: deps.settings.agent, agent, sessions, events: deps.events, state: deps.heartbeats, ports: deps.ports,
  })
  const cron = createCronService({
    store: createCronStore<CronJob>(deps.db), agent, heartbeat, events: deps.events, settings: deps.settings.agent, storePath,
    catchUpDelayMs: deps.settings.agent.cron.catchUpDelayMs,
  })

  function health(): Partial<HealthSnapshot> {
    const now = Date.now()
    const { sessions: recent, total } = sessions.list({ limit: RECENT_SESSIONS, offset: 0 })
    const sessionPart = { path: storePath, count: total, recent: recent.map((s) => ({ key: s.key, updatedAt: s.updatedAt, age: now - s.updatedAt })) }
    const hb = deps.settings.agent.heartbeat
    return {
      heartbeatSeconds: Math.round(hb.everyMs / 1000),
      defaultAgentId: DEFAULT_AGENT_ID,
      agents: [{
        agentId: DEFAULT_AGENT_ID,
        isDefault: true,
        model: agent.modelLabel,
        heartbeat: { enabled: deps.heartbeats.enabled && hb.everyMs > 0, every: `${Math.round(hb.everyMs / 60_000)}m`, everyMs: hb.everyMs, prompt: hb.prompt, target: hb.target ?? 'none', ackMaxChars: 300 },
        sessions: sessionPart,
      }],
      sessions: sessionPart,
    }
  }

  return {
    agent,
    sessions,
    cron,
    heartbeat,
    health,
    start() {
      const recovered = agent.recoverPending()
      if (recovered > 0) log.info(`resuming ${recovered} accepted run(s) that had not started before the last stop`)
      heartbeat.start()
      cron.start()
    },
    stop() {
      cron.stop()
      heartbeat.stop()
      agent.stop()
    },
  }
}
