/** `cron.*`: thin glue over the cron service (cron/service.ts), which owns scheduling and the run log. */
import { defineMethod } from './define-method.ts'

export const cronList = defineMethod('cron.list', {
  access: 'operator.read',
  handle(p, ctx) {
    const query = p.query?.toLowerCase()
    const jobs = ctx.cron.list().filter((j) =>
      (p.includeDisabled || p.enabled === false || j.enabled) &&
      (p.enabled === undefined || j.enabled === p.enabled) &&
      (!p.agentId || (j.agentId ?? 'main') === p.agentId) &&
      (!query || j.name.toLowerCase().includes(query) || (j.description ?? '').toLowerCase().includes(query)))
    const limit = p.limit ?? 50
    const offset = p.offset ?? 0
    const page = jobs.slice(offset, offset + limit)
    const next = offset + page.length
    return { jobs: page, total: jobs.length, offset, limit, hasMore: next < jobs.length, nextOffset: next < jobs.length ? next : null }
  },
})

export const cronStatus = defineMethod('cron.status', { access: 'operator.read', handle: (_p, ctx) => ctx.cron.status() })

export const cronGet = defineMethod('cron.get', { access: 'operator.read', handle: (p, ctx) => ctx.cron.get(p.id ?? p.jobId) })

export const cronAdd = defineMethod('cron.add', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.add(p) })

export const cronUpdate = defineMethod('cron.update', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.update(p.id ?? p.jobId, p.patch) })

export const cronRemove = defineMethod('cron.remove', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.remove(p.id ?? p.jobId) })

export const cronRun = defineMethod('cron.run', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.run(p.id ?? p.jobId, p.mode) })

export const cronRuns = defineMethod('cron.runs', {
  access: 'operator.read',
  handle(p, ctx) {
    const limit = p.limit ?? 50
    const offset = p.offset ?? 0
    const { entries, total } = ctx.cron.runs({ jobId: p.id ?? p.jobId, runId: p.runId, status: p.status }, limit, offset)
    const next = offset + entries.length
    return { entries, total, offset, limit, hasMore: next < total, nextOffset: next < total ? next : null }
  },
})
