/** `cron.*`: thin glue over the cron service (cron/service.ts), which owns scheduling and the run log. */
import { compactRow, deliveryPreview, jobQuery, page, runEntry, runQuery } from '../cron/list-views.ts'
import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'

export const cronList = defineMethod('cron.list', {
  access: 'operator.read',
  handle(p, ctx) {
    const query = jobQuery(p, ctx.settings.agent.defaultAgentId)
    const { jobs, total } = ctx.cron.jobPage(query)
    const rows = p.compact ? jobs.map((j) => compactRow(j, ctx.settings.agent.defaultAgentId)) : jobs.map((j) => ({ ...j, effectiveAgentId: j.agentId ?? ctx.settings.agent.defaultAgentId }))
    const listed = { jobs: rows, snapshotRevision: ctx.cron.revision(), ...page(total, query.offset, query.limit, rows.length) }
    // As the original: compact rows and `includeDeliveryPreviews: false` come without previews.
    if (p.compact || p.includeDeliveryPreviews === false) return listed
    const channelOf = (channel: string | undefined) => ctx.channels.resolve(channel, undefined).account.provider
    return { ...listed, deliveryPreviews: Object.fromEntries(jobs.map((j) => [j.id, deliveryPreview(j, channelOf)])) }
  },
})

export const cronStatus = defineMethod('cron.status', { access: 'operator.read', handle: (_p, ctx) => ctx.cron.status() })

export const cronGet = defineMethod('cron.get', { access: 'operator.read', handle: (p, ctx) => ctx.cron.get(p.id ?? p.jobId) })

export const cronAdd = defineMethod('cron.add', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.add(p) })

export const cronUpdate = defineMethod('cron.update', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.update(p.id ?? p.jobId, p.patch, p.expectedConfigRevision) })

export const cronRemove = defineMethod('cron.remove', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.remove(p.id ?? p.jobId) })

export const cronRun = defineMethod('cron.run', { access: 'operator.admin', handle: (p, ctx) => ctx.cron.run(p.id ?? p.jobId, p.mode) })

export const cronRuns = defineMethod('cron.runs', {
  access: 'operator.read',
  handle(p, ctx) {
    if (p.scope === 'job' && !(p.id ?? p.jobId)) throw new GatewayError('INVALID_REQUEST', 'cron.runs with scope "job" needs id or jobId')
    const query = runQuery(p, ctx.settings.agent.defaultAgentId)
    const { rows, total } = ctx.cron.runPage(query)
    return { entries: rows.map(runEntry), ...page(total, query.offset, query.limit, rows.length) }
  },
})
