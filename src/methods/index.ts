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
import { agent } from './agent.ts'
import { agentWait } from './agent-wait.ts'
import { chatAbort } from './chat-abort.ts'
import { chatHistory } from './chat-history.ts'
import { chatInject } from './chat-inject.ts'
import { chatSend } from './chat-send.ts'
import { cronAdd, cronGet, cronList, cronRemove, cronRun, cronRuns, cronStatus, cronUpdate } from './cron.ts'
import { sessionsDelete } from './sessions-delete.ts'
import { sessionsList } from './sessions-list.ts'
import { sessionsReset } from './sessions-reset.ts'
import { send } from './send.ts'
import { channelsStatus } from './channels-status.ts'
import { channelsStart } from './channels-start.ts'
import { channelsStop } from './channels-stop.ts'
import { channelsLogout } from './channels-logout.ts'
import { channelsPairingList, pairingList } from './pairing-list.ts'
import { channelsPairingApprove, pairingApprove } from './pairing-approve.ts'

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
  agent,
  agentWait,
  chatSend,
  chatHistory,
  chatAbort,
  chatInject,
  sessionsList,
  sessionsReset,
  sessionsDelete,
  cronList,
  cronStatus,
  cronGet,
  cronAdd,
  cronUpdate,
  cronRemove,
  cronRun,
  cronRuns,
  send,
  channelsStatus,
  channelsStart,
  channelsStop,
  channelsLogout,
  pairingList,
  pairingApprove,
  channelsPairingList,
  channelsPairingApprove,
]

export type { AnyMethod, MethodAccess } from './define-method.ts'
export type * from './context.ts'
