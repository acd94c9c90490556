/** Scheduled jobs: `cron.*` (PROTOCOL.md §4.2 "Cron schema essentials"). */
import { Type, type TSchema } from '@sinclair/typebox'

const Str = Type.String()
const NonEmpty = Type.String({ minLength: 1 })
const Ms = Type.Integer({ minimum: 0 })

export const CronSchedule = Type.Union([
  Type.Object({ kind: Type.Literal('at'), at: NonEmpty }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('every'), everyMs: Type.Integer({ minimum: 1 }), anchorMs: Type.Optional(Ms) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('cron'), expr: NonEmpty, tz: Type.Optional(Str), staggerMs: Type.Optional(Ms) },
    { additionalProperties: false },
  ),
])

const CronPayload = Type.Union([
  Type.Object({ kind: Type.Literal('systemEvent'), text: NonEmpty }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('agentTurn'),
      message: NonEmpty,
      model: Type.Optional(Str),
      thinking: Type.Optional(Str),
      timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
])

const SessionTarget = Type.Union([Type.Literal('main'), Type.Literal('isolated'), Type.Literal('current'), Type.TemplateLiteral('session:${string}')])
const WakeMode = Type.Union([Type.Literal('next-heartbeat'), Type.Literal('now')])
const RunStatus = Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('skipped')])
const SortDir = Type.Union([Type.Literal('asc'), Type.Literal('desc')])
/**
 * A run's delivery outcome, as the original records it: `delivered`; `not-delivered` (no route, the
 * channel refused, or an empty reply not sent); `unknown` (the run failed, or the gateway stopped,
 * before its reply could go); `not-requested` (the job does not announce).
 */
const DeliveryStatus = Type.Union([Type.Literal('delivered'), Type.Literal('not-delivered'), Type.Literal('unknown'), Type.Literal('not-requested')])
/** Why a reply was deliberately not sent: here only an empty one. */
const DeliverySuppressionReason = Type.Literal('empty')

/**
 * Where an agentTurn job's reply goes besides its session: `none`, or `announce` to `channel` / `to`
 * (`accountId`, `threadId` as for `send`). With `channel: "last"` (what `openclaw cron add` sends unless
 * told otherwise) or no channel, a provider-prefixed `to` (`telegram:123`) picks the channel, else the
 * single configured channel does (cron/delivery-route.ts); with neither the run fails closed with
 * "no delivery route". Only agentTurn jobs announce. `bestEffort` lets a run whose delivery failed still
 * count as ok.
 */
/** Where an announced reply goes: the fields of `delivery.mode: "announce"`, and of a patch to it. */
const announceFields = {
  channel: Type.Optional(NonEmpty),
  to: Type.Optional(NonEmpty),
  accountId: Type.Optional(NonEmpty),
  threadId: Type.Optional(Type.Union([Str, Type.Number()])),
  bestEffort: Type.Optional(Type.Boolean()),
}

const CronDelivery = Type.Union([
  Type.Object(
    { mode: Type.Literal('none'), bestEffort: Type.Optional(Type.Boolean()), threadId: Type.Optional(Type.Union([Str, Type.Number()])) },
    { additionalProperties: false },
  ),
  Type.Object({ mode: Type.Literal('announce'), ...announceFields }, { additionalProperties: false }),
])

/** Where a job's reply goes, in words: `label` (e.g. "announce -> telegram:123") and `detail` (e.g. "explicit"). */
const DeliveryPreview = Type.Object({ label: Str, detail: Str }, { additionalProperties: false })

/** `cron.update`'s delivery merges over the job's (`openclaw cron edit --channel … --to …` sends no mode). */
const CronDeliveryPatch = Type.Object(
  { mode: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('announce')])), ...announceFields },
  { additionalProperties: false },
)

const CronJobState = Type.Object(
  {
    nextRunAtMs: Type.Optional(Ms),
    runningAtMs: Type.Optional(Ms),
    lastRunAtMs: Type.Optional(Ms),
    lastRunStatus: Type.Optional(RunStatus),
    lastError: Type.Optional(Str),
    lastDurationMs: Type.Optional(Ms),
    lastDelivered: Type.Optional(Type.Boolean()),
    lastDeliveryStatus: Type.Optional(DeliveryStatus),
    lastDeliveryError: Type.Optional(Str),
  },
  { additionalProperties: false },
)

export const CronJob = Type.Object(
  {
    id: NonEmpty,
    name: NonEmpty,
    description: Type.Optional(Str),
    enabled: Type.Boolean(),
    deleteAfterRun: Type.Optional(Type.Boolean()),
    createdAtMs: Ms,
    updatedAtMs: Ms,
    schedule: CronSchedule,
    sessionTarget: SessionTarget,
    wakeMode: WakeMode,
    payload: CronPayload,
    agentId: Type.Optional(Str),
    sessionKey: Type.Optional(Str),
    /** Only when it announces; a job without it keeps its reply in its session. */
    delivery: Type.Optional(CronDelivery),
    /** Changes with the job's definition (not its run state); `cron.update` can require it unchanged. */
    configRevision: Type.Optional(Str),
    state: CronJobState,
    nextRunAtMs: Type.Optional(Ms),
    lastRunAtMs: Type.Optional(Ms),
    lastRunStatus: Type.Optional(RunStatus),
    lastRunError: Type.Optional(Str),
  },
  { additionalProperties: false },
)

/** One finished run in the run log, as the original reports it (plus our `trigger` and start/end times). */
/** A `compact` cron.list row: what the Automations table shows, with `null` for never. */
export const CronJobRow = Type.Object(
  {
    id: NonEmpty,
    name: NonEmpty,
    description: Type.Optional(Str),
    agentId: Type.Optional(Str),
    effectiveAgentId: Str,
    enabled: Type.Boolean(),
    updatedAtMs: Ms,
    scheduleKind: Str,
    schedule: CronSchedule,
    nextRunAt: Type.Union([Str, Type.Null()]),
    nextRunAtMs: Type.Union([Ms, Type.Null()]),
    lastRunAt: Type.Union([Str, Type.Null()]),
    lastRunAtMs: Type.Union([Ms, Type.Null()]),
    lastRunStatus: Type.Union([RunStatus, Type.Null()]),
    lastRunError: Type.Union([Str, Type.Null()]),
    runningAtMs: Type.Optional(Ms),
  },
  { additionalProperties: false },
)

export const CronRunEntry = Type.Object(
  {
    ts: Ms,
    jobId: NonEmpty,
    jobName: Type.Optional(Str),
    action: Type.Literal('finished'),
    runId: NonEmpty,
    trigger: Type.Union([Type.Literal('schedule'), Type.Literal('manual'), Type.Literal('catch-up')]),
    status: RunStatus,
    error: Type.Optional(Str),
    summary: Type.Optional(Str),
    runAtMs: Ms,
    startedAtMs: Ms,
    endedAtMs: Ms,
    durationMs: Ms,
    sessionKey: Type.Optional(NonEmpty),
    model: Type.Optional(Str),
    provider: Type.Optional(Str),
    /** Set when delivery was decided: `true` delivered, `false` not. */
    delivered: Type.Optional(Type.Boolean()),
    deliveryStatus: DeliveryStatus,
    deliveryError: Type.Optional(Str),
    /** Whether the run did all it was to do, its delivery included (cron/delivery-outcome.ts); `cron run --wait` exits on it. */
    completionStatus: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('unknown')]),
    deliverySuppressionReason: Type.Optional(DeliverySuppressionReason),
    /** What the model provider reported for the run's turns. */
    usage: Type.Optional(
      Type.Object(
        { input_tokens: Type.Number(), output_tokens: Type.Number(), total_tokens: Type.Number(), cache_read_tokens: Type.Number(), cache_write_tokens: Type.Number() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

const JobRef = { id: Type.Optional(NonEmpty), jobId: Type.Optional(NonEmpty) }

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const CronAddParams = Type.Object(
  {
    name: NonEmpty,
    schedule: CronSchedule,
    sessionTarget: Type.Optional(SessionTarget),
    wakeMode: Type.Optional(WakeMode),
    payload: CronPayload,
    /** `null` (the editor's "no agent") is the same as leaving it out. */
    agentId: Type.Optional(Nullable(NonEmpty)),
    sessionKey: Type.Optional(Nullable(NonEmpty)),
    description: Type.Optional(Str),
    enabled: Type.Optional(Type.Boolean()),
    deleteAfterRun: Type.Optional(Type.Boolean()),
    delivery: Type.Optional(CronDelivery),
    /** There are no failure alerts here: only "none" is accepted. */
    failureAlert: Type.Optional(Nullable(Type.Literal(false))),
  },
  { additionalProperties: false },
)

/** An agentTurn payload in a patch: `null` clears an optional field. */
const CronPayloadPatch = Type.Union([
  Type.Object({ kind: Type.Literal('systemEvent'), text: NonEmpty }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('agentTurn'),
      message: Type.Optional(NonEmpty),
      model: Type.Optional(Nullable(Str)),
      thinking: Type.Optional(Nullable(Str)),
      timeoutSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    },
    { additionalProperties: false },
  ),
])

export const CronPatch = Type.Object(
  {
    name: Type.Optional(NonEmpty),
    description: Type.Optional(Str),
    schedule: Type.Optional(CronSchedule),
    sessionTarget: Type.Optional(SessionTarget),
    wakeMode: Type.Optional(WakeMode),
    payload: Type.Optional(CronPayloadPatch),
    agentId: Type.Optional(Nullable(NonEmpty)),
    sessionKey: Type.Optional(Nullable(NonEmpty)),
    enabled: Type.Optional(Type.Boolean()),
    deleteAfterRun: Type.Optional(Type.Boolean()),
    delivery: Type.Optional(CronDeliveryPatch),
    failureAlert: Type.Optional(Nullable(Type.Literal(false))),
  },
  { additionalProperties: false },
)

const Page = {
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  hasMore: Type.Boolean(),
  nextOffset: Type.Union([Type.Integer(), Type.Null()]),
}

export const CronMethods = {
  'cron.list': {
    params: Type.Object(
      {
        sessionKey: Type.Optional(NonEmpty),
        sessionAgentId: Type.Optional(NonEmpty),
        includeDisabled: Type.Optional(Type.Boolean()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        query: Type.Optional(Str),
        enabled: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('enabled'), Type.Literal('disabled')])),
        scheduleKind: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('at'), Type.Literal('every'), Type.Literal('cron'), Type.Literal('on-exit'), Type.Literal('stream')])),
        lastRunStatus: Type.Optional(Type.Union([Type.Literal('all'), RunStatus, Type.Literal('unknown')])),
        trigger: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('conditional'), Type.Literal('unconditional')])),
        sortBy: Type.Optional(Type.Union([Type.Literal('nextRunAtMs'), Type.Literal('updatedAtMs'), Type.Literal('name')])),
        sortDir: Type.Optional(SortDir),
        agentId: Type.Optional(NonEmpty),
        /** Rows with only what a table shows (no payload). */
        compact: Type.Optional(Type.Boolean()),
        /** `false` leaves `deliveryPreviews` out of the answer (so do compact rows), as the original does. */
        includeDeliveryPreviews: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        jobs: Type.Array(Type.Union([Type.Composite([CronJob, Type.Object({ effectiveAgentId: Str })]), CronJobRow])),
        /** By job id, where each listed job's reply goes (the original CLI's Delivery column). */
        deliveryPreviews: Type.Optional(Type.Record(Str, DeliveryPreview)),
        /** Changes whenever a job definition changes: a pager restarts when it moves. */
        snapshotRevision: NonEmpty,
        ...Page,
      },
      { additionalProperties: false },
    ),
  },
  'cron.status': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object(
      { enabled: Type.Boolean(), triggersEnabled: Type.Boolean(), storePath: Str, sqlitePath: Str, storage: Str, jobs: Type.Integer(), nextWakeAtMs: Type.Union([Ms, Type.Null()]) },
      { additionalProperties: false },
    ),
  },
  'cron.get': { params: Type.Object(JobRef, { additionalProperties: false }), result: CronJob },
  'cron.add': { params: CronAddParams, result: CronJob },
  'cron.update': {
    params: Type.Object(
      {
        ...JobRef,
        patch: CronPatch,
        /** The job's `configRevision` when the caller read it: a job changed since is refused (CRON_JOB_CHANGED). */
        expectedConfigRevision: Type.Optional(NonEmpty),
      },
      { additionalProperties: false },
    ),
    result: CronJob,
  },
  'cron.remove': {
    params: Type.Object(JobRef, { additionalProperties: false }),
    result: Type.Object({ removed: Type.Literal(true), id: Str }, { additionalProperties: false }),
  },
  'cron.run': {
    params: Type.Object(
      { ...JobRef, mode: Type.Optional(Type.Union([Type.Literal('due'), Type.Literal('force'), Type.Literal('if-enabled')])) },
      { additionalProperties: false },
    ),
    result: Type.Union([
      Type.Object({ ok: Type.Literal(true), enqueued: Type.Literal(true), runId: Str }, { additionalProperties: false }),
      Type.Object({ ok: Type.Literal(true), ran: Type.Literal(false), reason: Str }, { additionalProperties: false }),
    ]),
  },
  'cron.runs': {
    params: Type.Object(
      {
        ...JobRef,
        agentId: Type.Optional(NonEmpty),
        scope: Type.Optional(Type.Union([Type.Literal('job'), Type.Literal('all')])),
        runId: Type.Optional(NonEmpty),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        statuses: Type.Optional(Type.Array(RunStatus, { minItems: 1, maxItems: 3 })),
        status: Type.Optional(Type.Union([Type.Literal('all'), RunStatus])),
        deliveryStatuses: Type.Optional(Type.Array(DeliveryStatus, { minItems: 1, maxItems: 4 })),
        deliveryStatus: Type.Optional(DeliveryStatus),
        query: Type.Optional(Str),
        sortDir: Type.Optional(SortDir),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ entries: Type.Array(CronRunEntry), ...Page }, { additionalProperties: false }),
  },
} as const
