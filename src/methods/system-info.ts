/** `system.info`: the gateway's host and process, for the Control UI's Systems and Devices pages. */
import { statfsSync } from 'node:fs'
import { arch, cpus, freemem, hostname, loadavg, platform, release, totalmem } from 'node:os'
import { defineMethod } from './define-method.ts'

const OS_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', freebsd: 'FreeBSD' }

function disk(path: string): { path: string; totalBytes: number; availableBytes: number } | undefined {
  try {
    const s = statfsSync(path)
    return { path, totalBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize }
  } catch {
    return undefined // a state dir on a filesystem statfs cannot read: report no disk rather than fail
  }
}

export const systemInfo = defineMethod('system.info', {
  access: 'operator.read',
  handle(_p, ctx) {
    const mem = process.memoryUsage()
    const cpu = cpus()
    const stateDisk = disk(ctx.settings.stateDir)
    const [l1 = 0, l5 = 0, l15 = 0] = loadavg()
    return {
      machineName: hostname(),
      hostname: hostname(),
      platform: platform(),
      release: release(),
      arch: arch(),
      osLabel: `${OS_NAMES[platform()] ?? platform()} ${release()}`,
      port: ctx.port,
      nodeVersion: process.version,
      bunVersion: Bun.version,
      pid: process.pid,
      processInstanceId: ctx.bootId,
      uptimeMs: Date.now() - ctx.startedAt,
      cpuCount: cpu.length,
      ...(cpu[0]?.model && { cpuModel: cpu[0].model }),
      loadAverage: [l1, l5, l15] as [number, number, number],
      memoryTotalBytes: totalmem(),
      memoryFreeBytes: freemem(),
      processMemory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal, externalBytes: mem.external, arrayBuffersBytes: mem.arrayBuffers },
      diskPath: ctx.settings.stateDir,
      ...(stateDisk && { diskTotalBytes: stateDisk.totalBytes, diskAvailableBytes: stateDisk.availableBytes }),
      disks: stateDisk && stateDisk.totalBytes > 0 ? [stateDisk] : [],
    }
  },
})

export const diagnosticsLanes = defineMethod('diagnostics.lanes', {
  access: 'operator.read',
  handle: (_p, ctx) => ({
    ts: Date.now(),
    lanes: ctx.agent.lanes().map((l) => ({ lane: l.sessionKey, activeCount: l.active, queuedCount: l.queued, maxConcurrent: 1, draining: false, blockedBy: null })),
  }),
})
