/**
 * The health snapshot: small, cached, rebuilt every 60 s or on demand, each rebuild broadcast as a
 * `health` event with a new stateVersion. Subsystems (channels, agent) contribute their parts.
 */
import type { HealthSnapshot } from '../protocol/index.ts'
import type { HealthMonitor } from '../methods/context.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { StateVersions } from './state-versions.ts'

export type HealthContributor = () => Partial<HealthSnapshot>

export function createHealthMonitor(opts: {
  events: EventBus
  versions: StateVersions
  /** The default agent and its heartbeat, under the config in force. */
  agentDefaults: () => Pick<HealthSnapshot, 'heartbeatSeconds' | 'defaultAgentId'>
}): HealthMonitor & { addContributor(fn: HealthContributor): void; stop(): void } {
  const contributors: HealthContributor[] = []
  let stopped = false
  let cached = build()

  function build(): HealthSnapshot {
    const started = performance.now()
    const snapshot: HealthSnapshot = {
      ok: true,
      ts: Date.now(),
      channels: {},
      channelOrder: [],
      channelLabels: {},
      ...opts.agentDefaults(),
    }
    for (const contribute of contributors) Object.assign(snapshot, contribute())
    snapshot.durationMs = Math.round((performance.now() - started) * 1000) / 1000
    return snapshot
  }

  return {
    snapshot: () => cached,
    refresh() {
      // After shutdown the stores behind the contributors are closed; keep the last snapshot.
      if (stopped) return cached
      cached = build()
      opts.versions.health++
      opts.events.broadcast('health', cached, { stateVersion: true })
      return cached
    },
    stop() {
      stopped = true
    },
    addContributor(fn) {
      contributors.push(fn)
      cached = build()
    },
  }
}
