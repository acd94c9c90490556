/** Every method's params and result schema, keyed by method name. Data only. */
import type { TSchema } from '@sinclair/typebox'
import { DeviceMethods } from './devices.ts'
import { NodeMethods } from './nodes.ts'
import { ChannelMethods } from './channels.ts'
import { SystemMethods } from './system.ts'

export const Methods = {
  ...SystemMethods,
  ...DeviceMethods,
  ...NodeMethods,
  ...ChannelMethods,
} as const

export type MethodName = keyof typeof Methods
export type MethodSchemas = Record<string, { params: TSchema; result: TSchema }>
