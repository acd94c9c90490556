/** The final `agent` response for a finished run (PROTOCOL.md §4.3). */
import type { RunOutcome } from './run-types.ts'

export function runFinalPayload(o: RunOutcome) {
  return {
    runId: o.runId,
    status: o.status,
    summary: o.summary,
    stopReason: o.stopReason,
    ...(o.error && { error: o.error }),
    result: {
      payloads: o.text ? [{ text: o.text }] : [],
      meta: { durationMs: o.endedAt - o.startedAt, model: o.model, stopReason: o.stopReason, ...(o.fallbacks && { fallbacks: o.fallbacks }), ...(o.usage && { usage: o.usage }), ...(o.errorCode && { errorCode: o.errorCode }) },
    },
  }
}
