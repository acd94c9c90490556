/**
 * How the event loop and the CPU fared since the last look, in the original's `eventLoop` shape
 * (health, status, channels.status): a timer's delay (p99 and max), how busy the loop was, the
 * process's and the main thread's share of a core, and the host's CPU use. Each `sample()` closes a
 * window and opens the next, as the original samples at each health snapshot.
 *
 * The delay is measured by a timer of its own every 50 ms (often enough for a p99 over windows of up
 * to a minute, 1,200 ticks, without waking an idle daemon more): Bun's `monitorEventLoopDelay` histogram is
 * one per process (two gateways in one process, as in tests, would enable, reset and disable each
 * other's). Bun's `performance.eventLoopUtilization()` returns zeros, so `utilization` is the main thread's CPU
 * time over the window's wall time: the share of the window the loop spent running JavaScript and
 * native work on its thread (time blocked in a synchronous system call is not counted).
 */
import { cpus } from 'node:os'
import type { EventLoopHealth } from '../protocol/index.ts'

/** The original's thresholds: a delay of a second, or a loop or core nearly always busy. */
const DELAY_WARN_MS = 1000
const UTILIZATION_WARN = 0.95
const CPU_CORE_RATIO_WARN = 0.9
/** Utilization and CPU count as degradation only over a window this long, with delays this large beside them. */
const SUSTAINED_WINDOW_MS = 1000
const SUSTAINED_DELAY_MS = 25

type EventLoopReason = EventLoopHealth['reasons'][number]

const round = (n: number) => Math.round(n * 1000) / 1000

function hostTimes(): { busy: number; total: number } {
  let busy = 0
  let total = 0
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq
    total += all
    busy += all - times.idle
  }
  return { busy, total }
}

function reasonsFor(m: Pick<EventLoopHealth, 'delayP99Ms' | 'delayMaxMs' | 'intervalMs' | 'utilization' | 'cpuCoreRatio'>): EventLoopReason[] {
  const reasons: EventLoopReason[] = []
  const worstDelay = Math.max(m.delayP99Ms, m.delayMaxMs)
  if (worstDelay >= DELAY_WARN_MS) reasons.push('event_loop_delay')
  if (m.intervalMs < SUSTAINED_WINDOW_MS || worstDelay < SUSTAINED_DELAY_MS) return reasons
  if (m.utilization >= UTILIZATION_WARN) reasons.push('event_loop_utilization')
  if (m.cpuCoreRatio >= CPU_CORE_RATIO_WARN) reasons.push('cpu')
  return reasons
}

/** How often the delay is observed (ms). */
const RESOLUTION_MS = 50
/** Delays kept per window: health snapshots come at least every minute (1,200 ticks); past this only the max counts. */
const MAX_OBSERVATIONS = 10_000

/** The 99th percentile of the observations (nearest rank). */
function percentile99(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = values.toSorted((a, b) => a - b)
  return sorted[Math.ceil(sorted.length * 0.99) - 1]!
}

/** Starts measuring; `sample()` reports the window since the previous sample (or since start). */
export function createEventLoopHealth(): { sample(): EventLoopHealth; stop(): void } {
  let lastTick = performance.now()
  let delays: number[] = []
  let maxDelay = 0
  const ticker = setInterval(() => {
    const t = performance.now()
    const delay = Math.max(0, t - lastTick - RESOLUTION_MS)
    lastTick = t
    maxDelay = Math.max(maxDelay, delay)
    if (delays.length < MAX_OBSERVATIONS) delays.push(delay)
  }, RESOLUTION_MS)
  ticker.unref()
  let at = performance.now()
  let processCpu = process.cpuUsage()
  let threadCpu = process.threadCpuUsage()
  let host = hostTimes()
  let degradedAt: number | null = null

  return {
    sample() {
      const now = performance.now()
      const intervalMs = now - at
      const nextProcess = process.cpuUsage()
      const nextThread = process.threadCpuUsage()
      const nextHost = hostTimes()
      const cpuMs = (u: NodeJS.CpuUsage, from: NodeJS.CpuUsage) => (u.user - from.user + u.system - from.system) / 1000
      const threadShare = intervalMs > 0 ? cpuMs(nextThread, threadCpu) / intervalMs : 0
      // A stall still going on (its tick not yet run) is an observation too.
      const pending = Math.max(0, now - lastTick - RESOLUTION_MS)
      const observed = pending > 0 ? [...delays, pending] : delays
      const hostTotal = nextHost.total - host.total
      const hostBusy = nextHost.busy - host.busy
      const metrics = {
        intervalMs: Math.round(intervalMs),
        delayP99Ms: round(percentile99(observed)),
        delayMaxMs: round(Math.max(maxDelay, pending)),
        utilization: round(Math.min(1, threadShare)),
        cpuCoreRatio: round(intervalMs > 0 ? cpuMs(nextProcess, processCpu) / intervalMs : 0),
      }
      const reasons = reasonsFor(metrics)
      degradedAt = reasons.length === 0 ? null : (degradedAt ?? now)
      delays = []
      maxDelay = 0
      at = now
      processCpu = nextProcess
      threadCpu = nextThread
      host = nextHost
      return {
        degraded: reasons.length > 0,
        degradedSinceMs: degradedAt === null ? null : Math.round(now - degradedAt),
        reasons,
        ...metrics,
        cpuBreakdown: {
          mainThreadCoreRatio: round(threadShare),
          ...(hostTotal > 0 && { hostUtilization: round(Math.min(1, hostBusy / hostTotal)) }),
          hostCpuCount: cpus().length,
        },
      }
    },
    stop: () => clearInterval(ticker),
  }
}
