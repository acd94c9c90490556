/**
 * A person's input (an operator's `chat.send` or `agent`, a channel message), unlike a heartbeat's or a
 * cron job's: the session's last interaction (`sessions.list` sortBy `lastInteractionAt` and `activity`)
 * becomes the time it was accepted. Stamped once its run has ended, because the run creates a new session's row.
 */
import { logger } from '../log.ts'
import type { SessionStore } from '../store/session-store.ts'

const log = logger('sessions')

export function recordInteraction(sessions: Pick<SessionStore, 'markInteraction'>, sessionKey: string, acceptedAt: number, run: Promise<unknown>): void {
  void run
    .catch(() => undefined)
    .then(() => sessions.markInteraction(sessionKey, acceptedAt))
    .catch((err) => log.warn(`the last interaction of ${sessionKey} could not be recorded: ${(err as Error).message}`))
}
