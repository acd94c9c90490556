import { defineMethod } from './define-method.ts'

/** Stops the session's running (and queued) runs, or just `runId`; each ends with a `chat` aborted event. */
export const chatAbort = defineMethod('chat.abort', {
  access: 'operator.write',
  handle({ sessionKey, runId }, ctx) {
    const runIds = ctx.agent.abort(sessionKey, runId)
    return { ok: true as const, aborted: runIds.length > 0, runIds }
  },
})
