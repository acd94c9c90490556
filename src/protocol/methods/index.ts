/** Every method's params and result schema, keyed by method name. Data only. */
import type { TSchema } from '@sinclair/typebox'
import { DeviceMethods } from './devices.ts'
import { NodeMethods } from './nodes.ts'
import { ChannelMethods } from './channels.ts'
import { SystemMethods } from './system.ts'
import { AgentMethods } from './agent.ts'
import { AgentsMethods } from './agents.ts'
import { ChatMethods } from './chat.ts'
import { CronMethods } from './cron.ts'
import { SessionsMethods } from './sessions.ts'
import { SessionMaintenanceMethods } from './session-maintenance.ts'
import { WebLoginMethods } from './web-login.ts'
import { ConfigMethods } from './config.ts'
import { LogsMethods } from './logs.ts'
import { ModelsMethods } from './models.ts'
import { SystemInfoMethods } from './system-info.ts'
import { UsageMethods } from './usage.ts'
import { ExecApprovalsMethods } from './exec-approvals.ts'
import { ThemesMethods } from './themes.ts'
import { TasksMethods } from './tasks.ts'
import { PluginsMethods } from './plugins.ts'
import { ApprovalsMethods } from './approvals.ts'
import { EnvironmentsMethods } from './environments.ts'

export const Methods = {
  ...SystemMethods,
  ...DeviceMethods,
  ...NodeMethods,
  ...AgentMethods,
  ...AgentsMethods,
  ...ChatMethods,
  ...SessionsMethods,
  ...SessionMaintenanceMethods,
  ...CronMethods,
  ...ChannelMethods,
  ...WebLoginMethods,
  ...ConfigMethods,
  ...LogsMethods,
  ...ModelsMethods,
  ...SystemInfoMethods,
  ...UsageMethods,
  ...ExecApprovalsMethods,
  ...ThemesMethods,
  ...TasksMethods,
  ...PluginsMethods,
  ...ApprovalsMethods,
  ...EnvironmentsMethods,
} as const

export type MethodName = keyof typeof Methods
export type MethodSchemas = Record<string, { params: TSchema; result: TSchema }>
