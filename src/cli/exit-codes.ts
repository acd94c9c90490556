/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** The gateway answered with an error. */
  failed: 1,
  /** Bad arguments. */
  usage: 2,
  /** Nothing listening / connection refused / timed out. */
  unreachable: 3,
  /** The gateway refused our credentials. */
  unauthorized: 4,
  /** Invalid or missing configuration (sysexits EX_CONFIG; systemd will not spin on it). */
  config: 78,
} as const
