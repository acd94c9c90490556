/** `tasks.list`: cron runs in the task ledger's shape (protocol/methods/tasks.ts says why only those). */
import type { Static } from '@sinclair/typebox'
import { GatewayError } from '../protocol/index.ts'
import type { TasksMethods } from '../protocol/methods/tasks.ts'
import type { CronRunStatus } from '../store/cron-store.ts'
import type { TaskRunRow } from '../store/cron-task-page.ts'
import { defineMethod } from './define-method.ts'

type TaskStatus = Task['status']
type Task = Static<(typeof TasksMethods)['tasks.list']['result']>['tasks'][number]

/** Which run-log statuses each ledger status covers; a cron run is never queued, cancelled or timed out here. */
const RUN_STATUSES: Record<TaskStatus, CronRunStatus[]> = {
  queued: [], running: ['running'], completed: ['ok', 'skipped'], failed: ['error'], cancelled: [], timed_out: [],
}
const TASK_STATUS: Record<CronRunStatus, TaskStatus> = { running: 'running', ok: 'completed', skipped: 'completed', error: 'failed' }
const DEFAULT_LIMIT = 100

function toTask(r: TaskRunRow): Task {
  return {
    id: r.run_id, kind: 'cron', runtime: 'cron', status: TASK_STATUS[r.status],
    ...(r.job_name !== null && { title: r.job_name }),
    agentId: r.agent_id,
    ...(r.session_key && { childSessionKey: r.session_key }),
    runId: r.run_id, sourceId: r.job_id,
    createdAt: r.started_at, startedAt: r.started_at, updatedAt: r.ended_at ?? r.started_at,
    ...(r.ended_at !== null && { endedAt: r.ended_at }),
    ...(r.summary && { terminalSummary: r.summary }),
    ...(r.error && { error: r.error }),
  }
}

export const tasksList = defineMethod('tasks.list', {
  access: 'operator.read',
  handle(p, ctx) {
    // Tasks a session requested: no cron run is requested by a session.
    if (p.sessionKey) return { tasks: [] }
    const offset = p.cursor === undefined ? 0 : Number(p.cursor)
    if (!Number.isSafeInteger(offset) || offset < 0) throw new GatewayError('INVALID_REQUEST', 'invalid tasks.list cursor: request the first page again')
    const wanted = p.status === undefined ? undefined : (Array.isArray(p.status) ? p.status : [p.status]).flatMap((s) => RUN_STATUSES[s])
    if (wanted?.length === 0) return { tasks: [] }
    const limit = p.limit ?? DEFAULT_LIMIT
    const { rows, more } = ctx.cron.taskPage({
      statuses: wanted, agentId: p.agentId, defaultAgentId: ctx.settings.agent.defaultAgentId, sortBy: p.sortBy ?? 'updatedAt', limit, offset,
    })
    return { tasks: rows.map(toTask), ...(more && { nextCursor: String(offset + rows.length) }) }
  },
})
