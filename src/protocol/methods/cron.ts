/** Scheduled jobs: `cron.*` (PROTOCOL.md §4.2 "Cron schema essentials"). */
import { Type } from '@sinclair/typebox'

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

const CronJobState = Type.Object(
  {
    nextRunAtMs: Type.Optional(Ms),
    runningAtMs: Type.Optional(Ms),
    lastRunAtMs: Type.Optional(Ms),
    lastRunStatus: Type.Optional(RunStatus),
    lastError: Type.Optional(Str),
    lastDurationMs: Type.Optional(Ms),
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
    state: CronJobState,
    nextRunAtMs: Type.Optional(Ms),
    lastRunAtMs: Type.Optional(Ms),
    lastRunStatus: Type.Optional(RunStatus),
    lastRunError: Type.Optional(Str),
  },
  { additionalProperties: false },
)

const CronRunEntry = Type.Object(
  {
    runId: NonEmpty,
    jobId: NonEmpty,
    trigger: Type.Union([Type.Literal('schedule'), Type.Literal('manual'), Type.Literal('catch-up')]),
    startedAtMs: Ms,
    endedAtMs: Type.Optional(Ms),
    status: Type.Union([Type.Literal('running'), RunStatus]),
    error: Type.Optional(Str),
    summary: Type.Optional(Str),
    durationMs: Type.Optional(Ms),
  },
  { additionalProperties: false },
)

const JobRef = { id: Type.Optional(NonEmpty), jobId: Type.Optional(NonEmpty) }

export const CronAddParams = Type.Object(
  {
    name: NonEmpty,
    schedule: CronSchedule,
    sessionTarget: Type.Optional(SessionTarget),
    wakeMode: Type.Optional(WakeMode),
    payload: CronPayload,
    agentId: Type.Optional(NonEmpty),
    sessionKey: Type.Optional(NonEmpty),
    description: Type.Optional(Str),
    enabled: Type.Optional(Type.Boolean()),
    deleteAfterRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const CronPatch = Type.Partial(
  Type.Omit(CronAddParams, ['agentId']),
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
        includeDisabled: Type.Optional(Type.Boolean()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        query: Type.Optional(Str),
        enabled: Type.Optional(Type.Boolean()),
        agentId: Type.Optional(Str),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ jobs: Type.Array(CronJob), ...Page }, { additionalProperties: false }),
  },
  'cron.status': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object(
      { enabled: Type.Boolean(), storePath: Str, storage: Str, jobs: Type.Integer(), nextWakeAtMs: Type.Union([Ms, Type.Null()]) },
      { additionalProperties: false },
    ),
  },
  'cron.get': { params: Type.Object(JobRef, { additionalProperties: false }), result: CronJob },
  'cron.add': { params: CronAddParams, result: CronJob },
  'cron.update': { params: Type.Object({ ...JobRef, patch: CronPatch }, { additionalProperties: false }), result: CronJob },
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
        runId: Type.Optional(NonEmpty),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        status: Type.Optional(Str),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ entries: Type.Array(CronRunEntry), ...Page }, { additionalProperties: false }),
  },
} as const
