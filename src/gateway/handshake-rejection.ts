import type { GatewayError } from '../protocol/index.ts'

/** A refused `connect`: the error response to send, then the close code and reason. */
export class HandshakeRejection extends Error {
  readonly closeReason: string
  constructor(readonly error: GatewayError, readonly closeCode = 1008, closeReason?: string) {
    super(error.message)
    this.closeReason = closeReason ?? error.message
  }
}
