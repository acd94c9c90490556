/**
 * `config.*`: read the config file (secrets redacted), its schema, and write it with optimistic
 * concurrency (`baseHash` from `config.get`), as docs/gateway/protocol/rpc-talk-config-and-agents.md names them.
 */
import { Type } from '@sinclair/typebox'

const Open = Type.Object({}, { additionalProperties: true })
const Issue = Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: true })

/** What every write takes: the new text (JSON5) and the hash it was based on; the rest is accepted as the original's clients send it. */
const WriteParams = {
  raw: Type.String(),
  baseHash: Type.Optional(Type.String()),
  sessionKey: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  restartDelayMs: Type.Optional(Type.Integer({ minimum: 0 })),
}

const WriteResult = Type.Object(
  {
    ok: Type.Literal(true),
    path: Type.String(),
    hash: Type.Optional(Type.String()),
    noop: Type.Optional(Type.Boolean()),
    changedPaths: Type.Optional(Type.Array(Type.String())),
    /** `restart` when the change needs a new listener (port, bind, TLS); the gateway restarts itself under `hybrid`. */
    reloadKind: Type.Optional(Type.Union([Type.Literal('hot'), Type.Literal('restart'), Type.Literal('none')])),
    /** False under `gateway.reload.mode: "off"`: written, applied at the next restart (or SIGHUP). */
    applied: Type.Optional(Type.Boolean()),
    config: Open,
  },
  { additionalProperties: true },
)

const ReloadKind = Type.Union([Type.Literal('restart'), Type.Literal('hot'), Type.Literal('none')])

const LookupChild = Type.Object(
  {
    key: Type.String(),
    path: Type.String(),
    type: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    required: Type.Boolean(),
    hasChildren: Type.Boolean(),
    reloadKind: Type.Optional(ReloadKind),
    hint: Type.Optional(Open),
    hintPath: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const ConfigMethods = {
  'config.get': {
    params: Type.Object({}, { additionalProperties: true }),
    result: Type.Object(
      {
        path: Type.String(),
        exists: Type.Boolean(),
        valid: Type.Boolean(),
        raw: Type.Union([Type.String(), Type.Null()]),
        parsed: Open,
        sourceConfig: Open,
        resolved: Open,
        runtimeConfig: Open,
        config: Open,
        hash: Type.String(),
        issues: Type.Array(Issue),
        warnings: Type.Array(Issue),
        legacyIssues: Type.Array(Issue),
        configRevisionHash: Type.String(),
        appliedConfigHash: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: true },
    ),
  },
  'config.schema': {
    params: Type.Object({}, { additionalProperties: true }),
    result: Type.Object(
      { schema: Open, uiHints: Type.Record(Type.String(), Open), version: Type.String(), generatedAt: Type.String() },
      { additionalProperties: true },
    ),
  },
  'config.schema.lookup': {
    params: Type.Object({ path: Type.String() }, { additionalProperties: true }),
    result: Type.Object(
      {
        path: Type.String(),
        schema: Open,
        reloadKind: Type.Optional(ReloadKind),
        hint: Type.Optional(Open),
        hintPath: Type.Optional(Type.String()),
        children: Type.Array(LookupChild),
      },
      { additionalProperties: false },
    ),
  },
  'config.set': { params: Type.Object(WriteParams, { additionalProperties: true }), result: WriteResult },
  'config.patch': {
    params: Type.Object({ ...WriteParams, replacePaths: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: true }),
    result: WriteResult,
  },
  'config.apply': { params: Type.Object(WriteParams, { additionalProperties: true }), result: WriteResult },
} as const
