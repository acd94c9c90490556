/**
 * `tasks.list`: the task ledger, background work outside a conversation. Here that is cron job runs
 * (the only detached work this gateway does: chat and heartbeat turns are not tasks, as in the
 * original; there are no subagents or ACP runs). A run is a task while it runs and for as long as
 * the run log keeps it (seven days). `tasks.get`/`cancel`/`history` and `task` events are not served.
 */
import { Type } from '@sinclair/typebox'

const Status = Type.Union([
  Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed'), Type.Literal('cancelled'), Type.Literal('timed_out'),
])

const TaskSummary = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    kind: Type.Literal('cron'),
    runtime: Type.Literal('cron'),
    status: Status,
    /** The job's name. */
    title: Type.Optional(Type.String()),
    agentId: Type.String(),
    /** The session the run's turn ran in. */
    childSessionKey: Type.Optional(Type.String()),
    runId: Type.String(),
    /** The cron job. */
    sourceId: Type.String(),
    createdAt: Type.Integer({ minimum: 0 }),
    startedAt: Type.Integer({ minimum: 0 }),
    updatedAt: Type.Integer({ minimum: 0 }),
    endedAt: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The start of the reply (at most 500 characters), or what a systemEvent job did. */
    terminalSummary: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
  },
  { $id: 'TaskSummary', additionalProperties: false },
)

export const TasksMethods = {
  'tasks.list': {
    params: Type.Object(
      {
        status: Type.Optional(Type.Union([Status, Type.Array(Status)])),
        agentId: Type.Optional(Type.String({ minLength: 1 })),
        /** The requesting session: cron runs have none, so a session's list is empty. */
        sessionKey: Type.Optional(Type.String({ minLength: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        /** Opaque: the `nextCursor` of the previous page. */
        cursor: Type.Optional(Type.String({ maxLength: 512 })),
        sortBy: Type.Optional(Type.Union([Type.Literal('updatedAt'), Type.Literal('endedAt')])),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      { tasks: Type.Array(TaskSummary), nextCursor: Type.Optional(Type.String({ maxLength: 512 })) },
      { additionalProperties: false },
    ),
  },
} as const
