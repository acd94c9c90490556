/** `system.info` (the host the gateway runs on) and `diagnostics.lanes` (its run queues): the Debug and Systems pages. */
import { Type } from '@sinclair/typebox'

const Int = Type.Integer({ minimum: 0 })
const Empty = Type.Object({}, { additionalProperties: false })

export const SystemInfoMethods = {
  'system.info': {
    params: Empty,
    result: Type.Object(
      {
        machineName: Type.String(),
        hostname: Type.String(),
        platform: Type.String(),
        release: Type.String(),
        arch: Type.String(),
        osLabel: Type.String(),
        port: Type.Integer(),
        /** The Node.js version Bun implements (this gateway runs on Bun; see `bunVersion`). */
        nodeVersion: Type.String(),
        bunVersion: Type.String(),
        pid: Type.Integer(),
        /** New on every start: work that cannot survive a restart compares it. */
        processInstanceId: Type.String({ minLength: 1 }),
        uptimeMs: Int,
        cpuCount: Int,
        cpuModel: Type.Optional(Type.String()),
        loadAverage: Type.Tuple([Type.Number(), Type.Number(), Type.Number()]),
        memoryTotalBytes: Int,
        memoryFreeBytes: Int,
        processMemory: Type.Object(
          { rssBytes: Int, heapUsedBytes: Int, heapTotalBytes: Int, externalBytes: Int, arrayBuffersBytes: Int },
          { additionalProperties: false },
        ),
        /** The disk holding the state directory. */
        diskPath: Type.String(),
        diskTotalBytes: Type.Optional(Int),
        diskAvailableBytes: Type.Optional(Int),
        disks: Type.Array(Type.Object({ path: Type.String({ minLength: 1 }), totalBytes: Type.Integer({ minimum: 1 }), availableBytes: Int }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  'diagnostics.lanes': {
    params: Empty,
    result: Type.Object(
      {
        ts: Type.Integer(),
        /** One lane per session with runs: they run one at a time, in order. */
        lanes: Type.Array(
          Type.Object(
            { lane: Type.String(), activeCount: Int, queuedCount: Int, maxConcurrent: Type.Integer({ minimum: 1 }), draining: Type.Boolean(), blockedBy: Type.Null() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
} as const
