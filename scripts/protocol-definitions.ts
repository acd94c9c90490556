/** Every named protocol schema, in a stable order: the input of both generators. */
import type { TSchema } from '@sinclair/typebox'
import * as Connect from '../src/protocol/connect.ts'
import { PROTOCOL_VERSION } from '../src/protocol/constants.ts'
import * as Events from '../src/protocol/events.ts'
import * as Frame from '../src/protocol/frame.ts'
import { Methods } from '../src/protocol/methods/index.ts'

const P = { ...Frame, ...Connect, ...Events, Methods, PROTOCOL_VERSION }

const pascal = (name: string) =>
  name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')

export function protocolDefinitions(): Record<string, TSchema> {
  const defs: Record<string, TSchema> = {
    RequestFrame: P.RequestFrame,
    ResponseFrame: P.ResponseFrame,
    EventFrame: P.EventFrame,
    ErrorShape: P.ErrorShape,
    ConnectChallenge: P.ConnectChallenge,
    ConnectParams: P.ConnectParams,
    HelloOk: P.HelloOk,
    Snapshot: P.Snapshot,
    PresenceEntry: P.PresenceEntry,
    HealthSnapshot: P.HealthSnapshot,
    TickEvent: P.TickEvent,
    ShutdownEvent: P.ShutdownEvent,
    ConfigChangedEvent: P.ConfigChangedEvent,
  }
  const methods = P.Methods as Record<string, { params: TSchema; result: TSchema }>
  for (const name of Object.keys(methods).sort()) {
    defs[`${pascal(name)}Params`] = methods[name]!.params
    defs[`${pascal(name)}Result`] = methods[name]!.result
  }
  return defs
}

/** JSON Schema text: TypeBox's symbol-keyed metadata drops out; `$id`s inside are kept as names. */
export function toJsonSchema(defs: Record<string, TSchema>): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://openclaw.ai/schemas/gateway-protocol.json',
    title: 'OpenClaw gateway protocol',
    description: `Protocol ${P.PROTOCOL_VERSION}. Generated from src/protocol by scripts/emit-schemas.ts; do not edit.`,
    $defs: JSON.parse(JSON.stringify(defs)),
  }
}
