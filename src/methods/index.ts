/** The method registry: every handler the gateway serves. Adding a method = one file + one line here. */
import type { AnyMethod } from './define-method.ts'
import { devicePairApprove } from './device-pair-approve.ts'
import { devicePairList } from './device-pair-list.ts'
import { devicePairReject } from './device-pair-reject.ts'
import { devicePairRemove } from './device-pair-remove.ts'
import { devicePairRename } from './device-pair-rename.ts'
import { deviceTokenRevoke } from './device-token-revoke.ts'
import { deviceTokenRotate } from './device-token-rotate.ts'
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
  devicePairApprove,
  devicePairReject,
  devicePairRemove,
  devicePairRename,
  deviceTokenRotate,
  deviceTokenRevoke,
]

export type { AnyMethod, MethodAccess } from './define-method.ts'
export type * from './context.ts'
