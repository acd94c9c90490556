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
import { nodeDescribe } from './node-describe.ts'
import { nodeRename } from './node-rename.ts'
import { nodePairApprove } from './node-pair-approve.ts'
import { nodePairReject } from './node-pair-reject.ts'
import { nodePairRemove } from './node-pair-remove.ts'
import { nodeInvoke } from './node-invoke.ts'
import { nodeInvokeResult } from './node-invoke-result.ts'
import { nodeEvent } from './node-event.ts'
import { nodeRunnerInventoryUpdate } from './node-runner-inventory-update.ts'
import { nodeSkillsUpdate } from './node-skills-update.ts'
import { nodePluginToolsUpdate } from './node-plugin-tools-update.ts'
import { setHeartbeats } from './set-heartbeats.ts'
import { status } from './status.ts'
import { systemEvent } from './system-event.ts'
import { systemPresence } from './system-presence.ts'
import { agent } from './agent.ts'
import { agentWait } from './agent-wait.ts'
import { agentIdentityGet } from './agent-identity-get.ts'
import { agentsList } from './agents-list.ts'
import { chatAbort } from './chat-abort.ts'
import { chatHistory } from './chat-history.ts'
import { chatInject } from './chat-inject.ts'
import { chatSend } from './chat-send.ts'
import { cronAdd, cronGet, cronList, cronRemove, cronRun, cronRuns, cronStatus, cronUpdate } from './cron.ts'
import { sessionsDelete } from './sessions-delete.ts'
import { sessionsCleanup } from './sessions-cleanup.ts'
import { sessionsCompact } from './sessions-compact.ts'
import { sessionsList } from './sessions-list.ts'
import { sessionsReset } from './sessions-reset.ts'
import { sessionsDescribe } from './sessions-describe.ts'
import { sessionsPatch } from './sessions-patch.ts'
import { sessionsBranchesList } from './sessions-branches-list.ts'
import { sessionsSubscribe, sessionsUnsubscribe } from './sessions-subscribe.ts'
import { sessionsMessagesSubscribe, sessionsMessagesUnsubscribe } from './sessions-messages-subscribe.ts'
import { chatStartup } from './chat-startup.ts'
import { chatMetadata } from './chat-metadata.ts'
import { send } from './send.ts'
import { messageAction } from './message-action.ts'
import { channelsStatus } from './channels-status.ts'
import { channelsStart } from './channels-start.ts'
import { channelsStop } from './channels-stop.ts'
import { channelsLogout } from './channels-logout.ts'
import { channelsPairingList, pairingList } from './pairing-list.ts'
import { channelsPairingApprove, pairingApprove } from './pairing-approve.ts'
import { webLoginStart, webLoginWait } from './web-login.ts'
import { configApply, configGet, configPatch, configSchema, configSchemaLookup, configSet } from './config.ts'
import { logsTail } from './logs-tail.ts'
import { modelsAuthStatus, modelsList } from './models.ts'
import { diagnosticsLanes, systemInfo } from './system-info.ts'
import { sessionsUsage, usageStatus } from './usage.ts'
import { execApprovalsGet } from './exec-approvals.ts'
import { themesList } from './themes-list.ts'
import { tasksList } from './tasks-list.ts'
import { approvalHistory, environmentsList, pluginsCatalogBrowse, pluginsList } from './control-ui-inventories.ts'

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
  agentsList,
  agentIdentityGet,
  chatSend,
  chatHistory,
  chatAbort,
  chatInject,
  chatStartup,
  chatMetadata,
  sessionsList,
  sessionsDescribe,
  sessionsPatch,
  sessionsBranchesList,
  sessionsSubscribe,
  sessionsUnsubscribe,
  sessionsMessagesSubscribe,
  sessionsMessagesUnsubscribe,
  sessionsReset,
  sessionsDelete,
  sessionsCleanup,
  sessionsCompact,
  cronList,
  cronStatus,
  cronGet,
  cronAdd,
  cronUpdate,
  cronRemove,
  cronRun,
  cronRuns,
  send,
  messageAction,
  channelsStatus,
  channelsStart,
  channelsStop,
  channelsLogout,
  pairingList,
  pairingApprove,
  channelsPairingList,
  channelsPairingApprove,
  nodeDescribe,
  nodeRename,
  nodePairApprove,
  nodePairReject,
  nodePairRemove,
  nodeInvoke,
  nodeInvokeResult,
  nodeEvent,
  nodeRunnerInventoryUpdate,
  nodeSkillsUpdate,
  nodePluginToolsUpdate,
  devicePairApprove,
  devicePairReject,
  devicePairRemove,
  devicePairRename,
  deviceTokenRotate,
  deviceTokenRevoke,
  webLoginStart,
  webLoginWait,
  configGet,
  configSchema,
  configSchemaLookup,
  configSet,
  configPatch,
  configApply,
  logsTail,
  modelsList,
  modelsAuthStatus,
  systemInfo,
  diagnosticsLanes,
  sessionsUsage,
  usageStatus,
  execApprovalsGet,
  themesList,
  tasksList,
  pluginsList,
  pluginsCatalogBrowse,
  approvalHistory,
  environmentsList,
]

export type { AnyMethod, MethodAccess } from './define-method.ts'
export type * from './context.ts'
