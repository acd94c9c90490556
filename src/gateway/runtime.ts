/** Everything one running gateway holds, passed down explicitly (no module-level singletons). */
import type { AuthRateLimiter } from '../auth/rate-limiter.ts'
import type { CanvasHost } from '../canvas/canvas-host.ts'
import type { ControlUiHost } from '../control-ui/host.ts'
import type { GatewayServices } from '../methods/context.ts'
import type { AnyMethod } from '../methods/index.ts'
import type { Validator } from '../protocol/index.ts'
import type { ConnectionSet } from './connection-set.ts'
import type { IdempotencyCache } from './idempotency.ts'
import type { StateVersions } from './state-versions.ts'
import type { PreauthBudget } from './preauth-budget.ts'
import type { GroupCommit } from '../store/group-commit.ts'

export interface CompiledMethod {
  def: AnyMethod
  params: Validator<Record<string, unknown>>
}

export interface GatewayLimits {
  maxPayloadBytes: number
  maxBufferedBytes: number
  handshakeTimeoutMs: number
  maxPreauthPerIp: number
  /** Unauthenticated sockets from all addresses together. */
  maxPreauthTotal: number
  /** Live-reload (SSE) streams open at once, and how long one lives before the page reconnects. */
  maxLiveReloadStreams: number
  liveReloadMaxAgeMs: number
  tickIntervalMs: number
  /** Seconds of silence before a socket is pinged and then dropped (uWS idle timeout). */
  idleTimeoutSec: number
}

export interface GatewayRuntime {
  services: GatewayServices
  bootId: string
  limits: GatewayLimits
  registry: Map<string, CompiledMethod>
  advertisedMethods: string[]
  advertisedEvents: string[]
  idempotency: IdempotencyCache
  rateLimiter: AuthRateLimiter
  connections: ConnectionSet
  versions: StateVersions
  preauth: PreauthBudget
  /** The database's group commit: answers wait for the writes they acknowledge. */
  commits: GroupCommit
  /** Set while shutting down: new connects are refused. */
  stopping: boolean
  /** The port serves TLS (wss:// and https://). */
  secure: boolean
  /** The `/__openclaw__/canvas/` folder and its live reload. */
  canvas: CanvasHost
  /** The Control UI build served on this port (`gateway.controlUi`), if any. */
  controlUi?: ControlUiHost
}
