/**
 * Bolt acks an Events API envelope before its listeners run, and Slack forgets an acked envelope. Our
 * message listener settles once the message is on disk, so the ack is held until the listeners have
 * settled, and is never sent when they fail (a message that could not be kept): Slack delivers it again.
 */
import type { BoltLike } from './events-receiver.ts'

export function ackWhenKept(app: BoltLike): BoltLike {
  return {
    async processEvent(event) {
      let acked: { response?: unknown } | undefined
      await app.processEvent({ ...event, ack: async (response) => void (acked = { response }) })
      if (acked) await event.ack(acked.response)
    },
  }
}
