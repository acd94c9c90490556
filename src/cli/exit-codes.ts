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
  /**
   * The gateway cannot run as configured and a restart will not fix it (sysexits EX_CONFIG; the
   * systemd unit does not restart on it): an invalid config, a full disk, a corrupt or unreadable database.
   */
  config: 78,
} as const
