/**
 * What a run leaves besides its transcript: when its input from a person was accepted (an operator's
 * `chat.send` or `agent`, a channel message; not a heartbeat or a cron job: `sessions.list` sortBy
 * `lastInteractionAt`), stamped as it starts, and as it ends its token usage (`sessions.usage`, the cron
 * run log) and its session's latest activity (any run, whoever started it: sortBy `activity`). Each is
 * written in the same tick as a message of the run, so it joins a commit the run makes anyway rather
 * than costing one of its own (a completed run's end records share the commit its final event waits
 * for). A write that fails (a full disk, a database closed at shutdown) is logged: it never fails the
 * run it belongs to.
 */
import { logger } from '../log.ts'
import type { SessionStateStore } from '../store/session-state-store.ts'
import type { SessionStore } from '../store/session-store.ts'
import type { UsageStore } from '../store/usage-store.ts'
import type { RunOutcome, RunRequest } from './run-types.ts'

const log = logger('sessions')

const FROM_A_PERSON = new Set<RunRequest['origin']>(['chat', 'agent', 'channel'])

export interface RunRecordStores {
  sessions: Pick<SessionStore, 'markActivity' | 'markInteraction'>
  sessionState: Pick<SessionStateStore, 'addUsage'>
  usage: Pick<UsageStore, 'record'>
}

function attempt(what: string, sessionKey: string, write: () => void): void {
  try {
    write()
  } catch (err) {
    log.warn(`the ${what} of ${sessionKey} could not be recorded: ${(err as Error).message}`)
  }
}

/** Stamped when the run starts, once its session's row exists; `acceptedAt` is when the input arrived. */
export function recordInteraction(sessions: RunRecordStores['sessions'], origin: RunRequest['origin'], sessionKey: string, acceptedAt: number): void {
  if (FROM_A_PERSON.has(origin)) attempt('last interaction', sessionKey, () => sessions.markInteraction(sessionKey, acceptedAt))
}

/** Written as the run ends (any outcome), before its end event. */
export function recordRunEnd(stores: RunRecordStores, req: RunRequest, o: RunOutcome): void {
  const { usage } = o
  if (usage) {
    attempt('token usage', o.sessionKey, () => {
      stores.sessionState.addUsage(o.sessionKey, usage.input ?? 0, usage.output ?? 0)
      // The model is the one that answered (`<provider>/<model>`).
      const slash = o.model.indexOf('/')
      stores.usage.record({
        runId: o.runId, sessionKey: o.sessionKey, agentId: o.agentId,
        provider: slash > 0 ? o.model.slice(0, slash) : o.model, model: slash > 0 ? o.model.slice(slash + 1) : o.model,
        channel: req.channel, origin: req.origin, status: o.status,
        input: usage.input ?? 0, output: usage.output ?? 0, cacheRead: usage.cacheRead ?? 0, cacheWrite: usage.cacheWrite ?? 0,
        modelCalls: o.modelCalls ?? 0, tools: o.tools ?? {}, startedAt: o.startedAt, endedAt: o.endedAt,
      })
    })
  }
  attempt('last activity', o.sessionKey, () => stores.sessions.markActivity(o.sessionKey, o.endedAt))
}
