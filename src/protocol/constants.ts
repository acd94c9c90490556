/** Wire limits and timers. Values match what real clients expect (PROTOCOL.md §1.4). */
export const PROTOCOL_VERSION = 4
export const MIN_NODE_PROTOCOL_VERSION = 3
export const MIN_PROBE_PROTOCOL_VERSION = 3

export const MAX_PREAUTH_PAYLOAD_BYTES = 64 * 1024
export const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024
export const MAX_BUFFERED_BYTES = 50 * 1024 * 1024
export const TICK_INTERVAL_MS = 30_000
export const HEALTH_REFRESH_INTERVAL_MS = 60_000
export const HANDSHAKE_TIMEOUT_MS = 15_000
export const MAX_PENDING_HANDSHAKE_FRAMES = 15
export const MAX_PREAUTH_CONNECTIONS_PER_IP = 32
/** Unauthenticated sockets from all addresses together (ours; the original bounds only per address). */
export const MAX_PREAUTH_CONNECTIONS_TOTAL = 256
export const DEDUPE_TTL_MS = 5 * 60_000
export const DEDUPE_MAX = 1000
export const SIGNATURE_SKEW_MS = 120_000
export const CLOSE_REASON_MAX_BYTES = 120
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
export const ATTACHMENT_MAX_IMAGE_BYTES = 6 * 1024 * 1024
export const DEFAULT_PORT = 18789

/**
 * `hello-ok.features.capabilities`: contracts a client may check before relying on them. The original's
 * `openclaw models list` refuses a gateway without `published-model-catalog` (`models.list` accepts
 * `view`, `includeDetails`, `preparedOnly` / `refresh`; see methods/models.ts).
 */
export const SERVER_CAPABILITIES = ['published-model-catalog']
