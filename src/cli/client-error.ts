/** A CLI-side failure talking to a gateway, typed so each command can pick its exit code. */
export class ClientError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'unauthorized' | 'failed' | 'closed',
    message: string,
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ClientError'
  }
}
