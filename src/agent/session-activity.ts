/**
 * What `sessions.list` sortBy `activity` and `lastInteractionAt` read: when a session's last run ended
 * (any run, whoever started it) and when its last input from a person was accepted (an operator's
 * `chat.send` or `agent`, a channel message; not a heartbeat or a cron job). A write that fails (a full
 * disk, a database closed at shutdown) is logged: it never fails the run it belongs to.
 */
import { logger } from '../log.ts'
import type { SessionStore } from '../store/session-store.ts'
import type { AgentService } from './service.ts'

const log = logger('sessions')

function stamp(what: string, sessionKey: string, write: () => void): void {
  try {
    write()
  } catch (err) {
    log.warn(`the ${what} of ${sessionKey} could not be recorded: ${(err as Error).message}`)
  }
}

/** Every run that ends becomes its session's latest activity. */
export function recordRunActivity(agent: Pick<AgentService, 'onSettled'>, sessions: Pick<SessionStore, 'markActivity'>): void {
  agent.onSettled((o) => stamp('last activity', o.sessionKey, () => sessions.markActivity(o.sessionKey, o.endedAt)))
}

/** Stamped when the input's run starts, once its session's row exists; `acceptedAt` is when the input arrived. */
export function recordInteraction(sessions: Pick<SessionStore, 'markInteraction'>, sessionKey: string, acceptedAt: number): void {
  stamp('last interaction', sessionKey, () => sessions.markInteraction(sessionKey, acceptedAt))
}
