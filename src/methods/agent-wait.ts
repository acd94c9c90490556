import { defineMethod } from './define-method.ts'

/** Waits for a run to end (default 30 s); `timeout` when it has not ended by then. */
export const agentWait = defineMethod('agent.wait', {
  access: 'operator.write',
  async handle({ runId, timeoutMs }, ctx) {
    const o = await ctx.agent.wait(runId, timeoutMs ?? 30_000)
    if (!o) return { runId, status: 'timeout' as const }
    return {
      runId, status: o.status, startedAt: o.startedAt, endedAt: o.endedAt, stopReason: o.stopReason, ...(o.error && { error: o.error }),
    }
  },
})
