/** The method registry: every handler the gateway serves. Adding a method = one file + one line here. */
import type { AnyMethod } from './define-method.ts'
import { devicePairList } from './device-pair-list.ts'
import { health } from './health.ts'
import { lastHeartbeat } from './last-heartbeat.ts'
import { nodeList } from './node-list.ts'
import { nodePairList } from './node-pair-list.ts'
import { setHeartbeats } from './set-heartbeats.ts'
import { status } from './status.ts'
import { systemEvent } from './system-event.ts'
import { systemPresence } from './system-presence.ts'

export const METHODS: readonly AnyMethod[] = [
  health,
  status,
  systemPresence,
  systemEvent,
  lastHeartbeat,
  setHeartbeats,
  devicePairList,
  nodeList,
  nodePairList,
]

export type { AnyMethod, MethodAccess } from './define-method.ts'
export type * from './context.ts'
