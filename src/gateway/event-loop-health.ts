/**
 * How the event loop and the CPU fared since the last look, in the original's `eventLoop` shape
 * (health, status, channels.status): the timer delay's p99 and max, how busy the loop was, the
 * process's and the main thread's share of a core, and the host's CPU use. Each `sample()` closes a
 * window and opens the next, as the original samples at each health snapshot.
 *
 * Bun's `performance.eventLoopUtilization()` returns zeros, so `utilization` is the main thread's CPU
 * time over the window's wall time: the share of the window the loop spent running JavaScript and
 * native work on its thread (time blocked in a synchronous system call is not counted).
 */
import { cpus } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** The original's thresholds: a delay of a second, or a loop or core nearly always busy. */
const DELAY_WARN_MS = 1000
const UTILIZATION_WARN = 0.95
const CPU_CORE_RATIO_WARN = 0.9
/** Utilization and CPU count as degradation only over a window this long, with delays this large beside them. */
const SUSTAINED_WINDOW_MS = 1000
const SUSTAINED_DELAY_MS = 200

type EventLoopReason = 'event_loop_delay' | 'event_loop_utilization' | 'cpu'

export interface EventLoopHealth {
  degraded: boolean
  /** How long it has been degraded (ms), null when it is not. */
  degradedSinceMs: number | null
  reasons: EventLoopReason[]
  intervalMs: number
  delayP99Ms: number
  delayMaxMs: number
  utilization: number
  cpuCoreRatio: number
  cpuBreakdown: { mainThreadCoreRatio: number; hostUtilization?: number; hostCpuCount: number }
}

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

/** Starts measuring; `sample()` reports the window since the previous sample (or since start). */
export function createEventLoopHealth(): { sample(): EventLoopHealth; stop(): void } {
  const delays = monitorEventLoopDelay({ resolution: 20 })
  delays.enable()
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
      // The histogram holds nanoseconds; with no tick in the window (a sample right after the last) it is empty.
      const measured = delays.count > 0
      const hostTotal = nextHost.total - host.total
      const hostBusy = nextHost.busy - host.busy
      const metrics = {
        intervalMs: Math.round(intervalMs),
        delayP99Ms: measured ? round(delays.percentile(99) / 1e6) : 0,
        delayMaxMs: measured ? round(delays.max / 1e6) : 0,
        utilization: round(Math.min(1, threadShare)),
        cpuCoreRatio: round(intervalMs > 0 ? cpuMs(nextProcess, processCpu) / intervalMs : 0),
      }
      const reasons = reasonsFor(metrics)
      degradedAt = reasons.length === 0 ? null : (degradedAt ?? now)
      delays.reset()
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
    stop: () => delays.disable(),
  }
}
