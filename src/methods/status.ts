import { defineMethod } from './define-method.ts'

/** What `status` reads of a health snapshot's agent entry (agent/runtime.ts builds it). */
type HealthAgent = { agentId: string; heartbeat: { enabled: boolean; every: string; everyMs: number } }

export const status = defineMethod('status', {
  access: 'operator.read',
  handle(_params, ctx) {
    const mem = process.memoryUsage()
    const isAdmin = ctx.session.scopes.includes('operator.admin')
    const health = ctx.health.snapshot()
    return {
      runtimeVersion: ctx.version,
      pid: process.pid,
      uptimeMs: Date.now() - ctx.startedAt,
      gateway: {
        bind: ctx.settings.bindMode,
        // The bound port: `--port 0` asks the system for a free one.
        port: ctx.port,
        authMode: ctx.settings.auth.mode,
        connections: ctx.connections.count(),
        ...(isAdmin && { stateDir: ctx.settings.stateDir, configPath: ctx.settings.configPath }),
      },
      // `agents` is what the original CLI's `openclaw status` prints (it failed on a status without it).
      heartbeat: {
        enabled: ctx.heartbeats.enabled,
        defaultAgentId: ctx.settings.agent.defaultAgentId,
        agents: ((health.agents ?? []) as HealthAgent[]).map(({ agentId, heartbeat: { enabled, every, everyMs } }) => ({ agentId, enabled, every, everyMs })),
      },
      presence: { count: ctx.presence.list().length },
      channelSummary: Object.entries(health.channels ?? {}).map(([id, state]) => ({ id, ...(state as object) })),
      sessions: (health.sessions as object | undefined) ?? { count: 0, recent: [] },
      processMemory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal, externalBytes: mem.external, arrayBuffersBytes: mem.arrayBuffers },
      ...(health.eventLoop && { eventLoop: health.eventLoop }),
      // An edit of the config file that was refused shows here until the file is fixed.
      configReload: ctx.config.status(),
    }
  },
})
