/**
 * `sessions.cleanup` (run `session.maintenance` now, or preview it) and `sessions.compact` (cut one
 * transcript to its newest lines), with the original's params, less `fixMissing` and `fixDmScope`
 * (legacy transcript files and DM re-keying do not exist here). `dryRun` is ours: the original's CLI
 * previews offline, against the database file; here the preview comes from the gateway holding it.
 */
import { Type } from '@sinclair/typebox'

const NonEmpty = Type.String({ minLength: 1 })

/** `maxDiskBytes` over one agent's transcripts, with the original's field names (`removedEntries` is always 0 here: the budget removes no session). */
const DiskBudget = Type.Object(
  {
    totalBytesBefore: Type.Integer(),
    totalBytesAfter: Type.Integer(),
    removedEntries: Type.Integer(),
    freedBytes: Type.Integer(),
    maxBytes: Type.Integer(),
    highWaterBytes: Type.Integer(),
    overBudget: Type.Boolean(),
  },
  { additionalProperties: false },
)

const CleanupSummary = Type.Object(
  {
    agentId: Type.String(),
    storePath: Type.String(),
    mode: Type.Union([Type.Literal('enforce'), Type.Literal('warn')]),
    dryRun: Type.Boolean(),
    beforeCount: Type.Integer(),
    afterCount: Type.Integer(),
    pruned: Type.Integer(),
    capped: Type.Integer(),
    wouldMutate: Type.Boolean(),
    applied: Type.Optional(Type.Literal(true)),
    /** null: no budget (`maxDiskBytes: false`). */
    diskBudget: Type.Union([DiskBudget, Type.Null()]),
  },
  { additionalProperties: false },
)

export const SessionMaintenanceMethods = {
  'sessions.cleanup': {
    params: Type.Object(
      {
        agent: Type.Optional(NonEmpty),
        allAgents: Type.Optional(Type.Boolean()),
        enforce: Type.Optional(Type.Boolean()),
        activeKey: Type.Optional(NonEmpty),
        dryRun: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    /** One agent: its summary; `allAgents`: every agent's. */
    result: Type.Union([
      CleanupSummary,
      Type.Object(
        { allAgents: Type.Literal(true), mode: Type.Union([Type.Literal('enforce'), Type.Literal('warn')]), dryRun: Type.Boolean(), stores: Type.Array(CleanupSummary) },
        { additionalProperties: false },
      ),
    ]),
  },
  'sessions.compact': {
    params: Type.Object(
      { key: NonEmpty, agentId: Type.Optional(NonEmpty), maxLines: Type.Optional(Type.Integer({ minimum: 1 })) },
      { additionalProperties: false },
    ),
    result: Type.Object(
      { ok: Type.Literal(true), key: Type.String(), compacted: Type.Boolean(), kept: Type.Integer() },
      { additionalProperties: false },
    ),
  },
} as const
