/** The authenticated caller of a connection: what the wire layer, node registry and pairing checks know of it. */
import type { ClientId, ClientMode } from '../protocol/index.ts'

export interface ClientSession {
  readonly connId: string
  readonly role: 'operator' | 'node'
  readonly scopes: readonly string[]
  readonly client: {
    id: ClientId; mode: ClientMode; version: string; platform: string; displayName?: string; instanceId?: string
    deviceFamily?: string; modelIdentifier?: string
  }
  readonly deviceId?: string
  readonly authMethod: string
  readonly ip: string
  readonly caps: readonly string[]
  readonly commands: readonly string[]
  /** Node claims from `connect` (OS permissions granted, the host's PATH). */
  readonly permissions?: Readonly<Record<string, boolean>>
  readonly pathEnv?: string
}
