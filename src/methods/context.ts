/**
 * What a method handler may use. The gateway builds this; handlers never reach for singletons.
 * Interfaces live here (not in gateway/) so that imports point one way: gateway → methods. What the agent,
 * cron and nodes share with the wire layer (the event bus, the caller, heartbeat state) lives below both, in core/.
 */
import type { GatewaySettings } from '../config/settings.ts'
import type { LiveSettings } from '../config/live-settings.ts'
import type { ConfigWriteRequest } from '../config/config-writes.ts'
import type { ConfigIssue } from '../config/load-config.ts'
import type { ReloadKind } from '../config/reload-kind.ts'
import type { HealthSnapshot, PresenceEntry } from '../protocol/index.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { HeartbeatState } from '../core/heartbeat-state.ts'
import type { PairingStore } from '../store/pairing-store.ts'
import type { SessionStore } from '../store/session-store.ts'
import type { SessionMaintenance } from '../agent/session-maintenance.ts'
import type { AgentService } from '../agent/service.ts'
import type { ChatCommands } from '../commands/chat-commands.ts'
import type { CronService } from '../cron/service.ts'
import type { ChannelManager } from '../channels/manager.ts'
import type { ChannelPairingStore } from '../store/channel-pairing-store.ts'
import type { NodeService } from '../nodes/service.ts'
import type { SessionSubscriptions } from './session-subscriptions.ts'
import type { LogRing } from '../logs/log-ring.ts'
import type { UsageStore } from '../store/usage-store.ts'

export interface PresenceRegistry {
  list(): PresenceEntry[]
  upsert(key: string, entry: Omit<PresenceEntry, 'ts'>): void
  /** Broadcasts `presence` with a fresh stateVersion. */
  publish(): void
}

export interface HealthMonitor {
  snapshot(): HealthSnapshot
  /** Rebuilds the snapshot now and broadcasts a `health` event. */
  refresh(): HealthSnapshot
}

export interface ConnectionDirectory {
  count(): number
  /** Closes every live socket of a device (e.g. removed or token revoked), or only those `match` picks. */
  closeDevice(deviceId: string, code: number, reason: string, match?: (session: ClientSession) => boolean): number
  connectedDeviceIds(): Set<string>
  /** Every authenticated session, for registries such as `node.list`. */
  sessions(): ClientSession[]
}

export interface ConfigReloadStatus {
  mode: 'hybrid' | 'off'
  path: string
  /** Hash of the file the running config came from. */
  appliedHash: string
  appliedAt: number
  /** `invalid` while the file on disk is refused; `issues` says why. */
  state: 'ok' | 'invalid'
  issues?: ConfigIssue[]
  /** A change that needs a restart, when no in-place restart is wired (tests). */
  pendingRestart?: string
}

export interface ConfigWriteOutcome {
  noop: boolean
  path: string
  hash: string
  config: Record<string, unknown>
  changedPaths: string[]
  reloadKind: ReloadKind
  /** False under `gateway.reload.mode: "off"`: written, applied at the next restart or SIGHUP. */
  applied: boolean
}

/** The config file behind the running gateway: writes (checked against `baseHash`) and reload state. */
export interface ConfigControl {
  write(req: ConfigWriteRequest): Promise<ConfigWriteOutcome>
  /** Re-reads the file now (SIGHUP), whatever the reload mode. */
  reload(source?: string): Promise<void>
  status(): ConfigReloadStatus
  /** The parsed file the running config came from, that file's hash, and the config's revision (`appliedConfigHash`). */
  applied(): { hash: string; config: Record<string, unknown>; revision: string }
  /** Validates a parsed config as a reload would (schema and settings); throws a ConfigError. */
  validate(config: unknown): Promise<{ unsupportedKeys: string[] }>
}

export interface GatewayServices {
  /** The settings in force now (`live.current`): a config edit replaces them while the gateway runs. */
  readonly settings: GatewaySettings
  /** The holder behind `settings`, for services that outlive a request and read it at each use. */
  readonly live: LiveSettings
  /** `config.*` writes and the live reload state (gateway/config-reloader.ts). */
  readonly config: ConfigControl
  readonly version: string
  readonly startedAt: number
  /** New on every start (`hello-ok`'s boot id, `system.info`'s processInstanceId). */
  readonly bootId: string
  /** The port the gateway is listening on (the configured one may be 0). */
  readonly port: number
  readonly pairing: PairingStore
  readonly events: EventBus
  readonly presence: PresenceRegistry
  readonly health: HealthMonitor
  readonly heartbeats: HeartbeatState
  readonly connections: ConnectionDirectory
  /** Agent runs (`agent`, `chat.*`) and the channel entry point `agent.runTurn`. */
  readonly agent: AgentService
  /** `/new`, `/stop`, `/status`, `/model`… for `chat.send` and `agent`, as in every channel. */
  readonly commands: ChatCommands
  readonly sessions: SessionStore
  /** `session.maintenance`: pruning, the transcript sweep and vacuum (`sessions.cleanup`). */
  readonly maintenance: SessionMaintenance
  /** Who asked for `sessions.changed` and `session.message` events. */
  readonly sessionSubscriptions: SessionSubscriptions
  readonly cron: CronService
  /** Chat channel accounts; `channels.send` is also the agent's outbound port. */
  readonly channels: ChannelManager
  readonly channelPairing: ChannelPairingStore
  readonly nodes: NodeService
  /** Tokens each run used (`sessions.usage`). */
  readonly usage: UsageStore
  /** The gateway's recent log lines (`logs.tail`). */
  readonly logs: LogRing
}

export interface MethodContext extends GatewayServices {
  readonly session: ClientSession
  /** Sends a first response now (two-phase methods such as `agent`); the handler's return is the final one. */
  respondEarly(payload: unknown): void
  /** Settles once this request's first answer is queued to the client: what the request starts (a run's events) goes out after it. */
  readonly answered: Promise<void>
}
