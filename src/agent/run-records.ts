/**
 * What a run leaves besides its transcript, written as it ends: its token usage (`sessions.usage`, the
 * cron run log), its session's latest activity (any run, whoever started it: `sessions.list` sortBy
 * `activity`) and, for input from a person (an operator's `chat.send` or `agent`, a channel message;
 * not a heartbeat or a cron job), when that input was accepted (`lastInteractionAt`). A completed run
 * writes them in the same tick as its last message, so they join the commit its final event waits for
 * rather than costing a commit of their own. A write that fails (a full disk, a database closed at
 * shutdown) is logged: it never fails the run it follows.
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

/** `acceptedAt`: when the run was accepted (its input's time). */
export function recordRunEnd(stores: RunRecordStores, req: RunRequest, acceptedAt: number, o: RunOutcome): void {
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
  if (FROM_A_PERSON.has(req.origin)) attempt('last interaction', o.sessionKey, () => stores.sessions.markInteraction(o.sessionKey, acceptedAt))
}
