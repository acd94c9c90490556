// Generated from schemas/protocol.schema.json by scripts/emit-schemas.ts. Do not edit.
import Foundation

/// Any JSON value, for the open parts of the protocol.
public enum JSONValue: Codable, Sendable, Equatable {
    case string(String), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .null: try c.encodeNil()
        }
    }
}

public struct RequestFrame: Codable, Sendable {
    public let `type`: String
    public let id: String
    public let method: String
    public let params: JSONValue?
    public let traceparent: String?
    public let expectedProfileId: String?
}

public struct ErrorShape: Codable, Sendable {
    public let code: String
    public let message: String
    public let details: JSONValue?
    public let retryable: Bool?
    public let retryAfterMs: Int?
}

public struct ResponseFrame: Codable, Sendable {
    public let `type`: String
    public let id: String
    public let ok: Bool
    public let payload: JSONValue?
    public let error: ErrorShape?
}

public struct StateVersion: Codable, Sendable {
    public let presence: Int
    public let health: Int
}

public struct EventFrame: Codable, Sendable {
    public let `type`: String
    public let event: String
    public let payload: JSONValue?
    public let seq: Int?
    public let stateVersion: StateVersion?
    public let recipientProfileId: String?
}

public struct ConnectChallenge: Codable, Sendable {
    public let nonce: String
    public let ts: Int
    public let capabilities: [String]?
}

public enum ClientId: String, Codable, Sendable, CaseIterable {
    case webchatUi = "webchat-ui"
    case openclawControlUi = "openclaw-control-ui"
    case openclawBrowserCopilot = "openclaw-browser-copilot"
    case openclawTui = "openclaw-tui"
    case webchat = "webchat"
    case cli = "cli"
    case gatewayClient = "gateway-client"
    case openclawMacos = "openclaw-macos"
    case openclawLinux = "openclaw-linux"
    case openclawIos = "openclaw-ios"
    case openclawWatchos = "openclaw-watchos"
    case openclawAndroid = "openclaw-android"
    case nodeHost = "node-host"
    case openclawWorker = "openclaw-worker"
    case test = "test"
    case fingerprint = "fingerprint"
    case openclawProbe = "openclaw-probe"
}

public enum ClientMode: String, Codable, Sendable, CaseIterable {
    case webchat = "webchat"
    case cli = "cli"
    case ui = "ui"
    case backend = "backend"
    case node = "node"
    case worker = "worker"
    case probe = "probe"
    case test = "test"
}

public struct ConnectClient: Codable, Sendable {
    public let id: ClientId
    public let displayName: String?
    public let version: String
    public let buildId: String?
    public let platform: String
    public let deviceFamily: String?
    public let modelIdentifier: String?
    public let timeZone: String?
    public let mode: ClientMode
    public let instanceId: String?
}

public struct ConnectDevice: Codable, Sendable {
    public let id: String
    public let publicKey: String
    public let signature: String
    public let signedAt: Int
    public let nonce: String
}

public struct ConnectAuth: Codable, Sendable {
    public let token: String?
    public let bootstrapToken: String?
    public let deviceToken: String?
    public let password: String?
    public let approvalRuntimeToken: String?
    public let agentRuntimeIdentityToken: String?
}

public struct ConnectParams: Codable, Sendable {
    public let minProtocol: Int
    public let maxProtocol: Int
    public let client: ConnectClient
    public let caps: [String]?
    public let commands: [String]?
    public let computerUse: JSONValue?
    public let workerRuns: [String: JSONValue]?
    public let permissions: [String: Bool]?
    public let pathEnv: String?
    public let role: String?
    public let scopes: [String]?
    public let modelCatalog: [String: JSONValue]?
    public let device: ConnectDevice?
    public let auth: ConnectAuth?
    public let locale: String?
    public let userAgent: String?
}

public struct HelloOkServer: Codable, Sendable {
    public let version: String
    public let buildId: String?
    public let bootId: String?
    public let connId: String
}

public struct HelloOkFeatures: Codable, Sendable {
    public let methods: [String]
    public let events: [String]
    public let capabilities: [String]?
}

public struct PresenceEntry: Codable, Sendable {
    public let host: String?
    public let clientId: String?
    public let ip: String?
    public let version: String?
    public let platform: String?
    public let deviceFamily: String?
    public let modelIdentifier: String?
    public let timeZone: String?
    public let mode: String?
    public let lastInputSeconds: Double?
    public let reason: String?
    public let tags: [String]?
    public let text: String?
    public let ts: Int
    public let onlineSince: Int?
    public let lastActivityAt: Int?
    public let deviceId: String?
    public let roles: [String]?
    public let scopes: [String]?
    public let instanceId: String?
}

public enum EventLoopHealthReasonsItem: String, Codable, Sendable, CaseIterable {
    case eventLoopDelay = "event_loop_delay"
    case eventLoopUtilization = "event_loop_utilization"
    case cpu = "cpu"
}

public struct EventLoopHealthCpuBreakdown: Codable, Sendable {
    public let mainThreadCoreRatio: Double
    public let hostUtilization: Double?
    public let hostCpuCount: Int
}

public struct EventLoopHealth: Codable, Sendable {
    public let degraded: Bool
    public let degradedSinceMs: Int
    public let reasons: [EventLoopHealthReasonsItem]
    public let intervalMs: Int
    public let delayP99Ms: Double
    public let delayMaxMs: Double
    public let utilization: Double
    public let cpuCoreRatio: Double
    public let cpuBreakdown: EventLoopHealthCpuBreakdown
}

public struct HealthSnapshotPlugins: Codable, Sendable {
    public let loaded: [String]
    public let errors: [JSONValue]
    public let unavailable: [JSONValue]
}

public struct HealthSnapshot: Codable, Sendable {
    public let ok: Bool?
    public let ts: Int?
    public let durationMs: Double?
    public let channels: [String: JSONValue]?
    public let channelOrder: [String]?
    public let channelLabels: [String: String]?
    public let heartbeatSeconds: Double?
    public let defaultAgentId: String?
    public let agents: [JSONValue]?
    public let sessions: JSONValue?
    public let eventLoop: EventLoopHealth?
    public let plugins: HealthSnapshotPlugins?
    public let configReload: JSONValue?
    public let escapes: JSONValue?
}

public struct SnapshotStateVersion: Codable, Sendable {
    public let presence: Int
    public let health: Int
}

public struct SessionDefaults: Codable, Sendable {
    public let defaultAgentId: String
    public let mainKey: String
    public let mainSessionKey: String
    public let scope: String?
    public let modelConfigured: Bool?
}

public struct Snapshot: Codable, Sendable {
    public let presence: [PresenceEntry]
    public let health: HealthSnapshot
    public let stateVersion: SnapshotStateVersion
    public let uptimeMs: Int
    public let sessionDefaults: SessionDefaults?
    public let appliedConfigHash: String?
    public let configPath: String?
    public let stateDir: String?
    public let authMode: String?
}

public enum AuthMethod: String, Codable, Sendable, CaseIterable {
    case none = "none"
    case token = "token"
    case password = "password"
    case tailscale = "tailscale"
    case deviceToken = "device-token"
    case bootstrapToken = "bootstrap-token"
    case trustedProxy = "trusted-proxy"
}

public struct HelloOkAuth: Codable, Sendable {
    public let method: AuthMethod?
    public let deviceToken: String?
    public let role: String
    public let scopes: [String]
    public let issuedAtMs: Int?
}

public struct HelloOkPolicyAttachments: Codable, Sendable {
    public let maxBytes: Int
    public let maxImageBytes: Int
}

public struct HelloOkPolicy: Codable, Sendable {
    public let maxPayload: Int
    public let maxBufferedBytes: Int
    public let tickIntervalMs: Int
    public let attachments: HelloOkPolicyAttachments?
}

public struct HelloOk: Codable, Sendable {
    public let `type`: String
    public let `protocol`: Int
    public let server: HelloOkServer
    public let features: HelloOkFeatures
    public let snapshot: Snapshot
    public let pluginSurfaceUrls: [String: String]?
    public let canvasHostUrl: String?
    public let auth: HelloOkAuth
    public let policy: HelloOkPolicy
}

public struct TickEvent: Codable, Sendable {
    public let ts: Int
}

public struct ShutdownEvent: Codable, Sendable {
    public let reason: String
    public let restartExpectedMs: Int?
}

public struct ConfigChangedEvent: Codable, Sendable {
    public let path: String
    public let hash: String
    public let ts: Int
}

public struct AgentParamsAttachmentsItem: Codable, Sendable {
    public let `type`: String?
    public let mimeType: String?
    public let fileName: String?
    public let content: JSONValue?
}

public struct AgentParams: Codable, Sendable {
    public let message: String
    public let idempotencyKey: String
    public let agentId: String?
    public let provider: String?
    public let model: String?
    public let to: String?
    public let replyTo: String?
    public let sessionId: String?
    public let sessionKey: String?
    public let thinking: String?
    public let deliver: Bool?
    public let attachments: [AgentParamsAttachmentsItem]?
    public let channel: String?
    public let replyChannel: String?
    public let accountId: String?
    public let replyAccountId: String?
    public let threadId: String?
    public let groupId: String?
    public let timeout: Double?
    public let bestEffortDeliver: Bool?
    public let lane: String?
    public let extraSystemPrompt: String?
    public let label: String?
}

public enum AgentResultStatus: String, Codable, Sendable, CaseIterable {
    case accepted = "accepted"
    case inFlight = "in_flight"
    case ok = "ok"
    case error = "error"
    case timeout = "timeout"
}

public struct AgentResult: Codable, Sendable {
    public let runId: String
    public let status: AgentResultStatus
    public let sessionKey: String?
    public let agentId: String?
    public let acceptedAt: Int?
    public let summary: String?
    public let result: [String: JSONValue]?
    public let stopReason: String?
    public let error: String?
}

public struct AgentIdentityGetParams: Codable, Sendable {
    public let agentId: String?
    public let sessionKey: String?
}

public enum AgentIdentityGetResultNameSource: String, Codable, Sendable, CaseIterable {
    case config = "config"
    case agent = "agent"
    case workspace = "workspace"
    case `default` = "default"
}

public struct AgentIdentityGetResult: Codable, Sendable {
    public let agentId: String
    public let name: String?
    public let nameSource: AgentIdentityGetResultNameSource?
    public let avatar: String?
    public let emoji: String?
}

public struct AgentWaitParams: Codable, Sendable {
    public let runId: String
    public let timeoutMs: Int?
}

public enum AgentWaitResultStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case timeout = "timeout"
    case pending = "pending"
}

public struct AgentWaitResult: Codable, Sendable {
    public let runId: String
    public let status: AgentWaitResultStatus
    public let startedAt: Int?
    public let endedAt: Int?
    public let error: String?
    public let stopReason: String?
}

public typealias AgentsListParams = [String: JSONValue]

public enum AgentsListResultScope: String, Codable, Sendable, CaseIterable {
    case perSender = "per-sender"
    case global = "global"
}

public struct AgentsListResultAgentsItemIdentity: Codable, Sendable {
    public let name: String?
    public let theme: String?
    public let emoji: String?
    public let avatar: String?
}

public struct AgentsListResultAgentsItemModel: Codable, Sendable {
    public let primary: String?
    public let fallbacks: [String]?
}

public struct AgentsListResultAgentsItem: Codable, Sendable {
    public let id: String
    public let name: String?
    public let identity: AgentsListResultAgentsItemIdentity?
    public let workspace: String?
    public let workspaceGit: Bool?
    public let model: AgentsListResultAgentsItemModel?
}

public struct AgentsListResult: Codable, Sendable {
    public let defaultId: String
    public let ownership: String?
    public let selectionRequired: Bool?
    public let mainKey: String
    public let scope: AgentsListResultScope
    public let agents: [AgentsListResultAgentsItem]
}

public enum ApprovalHistoryParamsKind: String, Codable, Sendable, CaseIterable {
    case exec = "exec"
    case plugin = "plugin"
    case systemAgent = "system-agent"
}

public struct ApprovalHistoryParams: Codable, Sendable {
    public let cursor: String?
    public let limit: Int?
    public let kind: ApprovalHistoryParamsKind?
}

public struct ApprovalHistoryResult: Codable, Sendable {
    public let items: [JSONValue]
}

public struct ChannelsLogoutParams: Codable, Sendable {
    public let channel: String
    public let accountId: String?
}

public struct ChannelsLogoutResultAccountsItem: Codable, Sendable {
    public let accountId: String
    public let loggedOut: Bool
}

public struct ChannelsLogoutResult: Codable, Sendable {
    public let channel: String
    public let accounts: [ChannelsLogoutResultAccountsItem]
}

public struct ChannelsPairingApproveParams: Codable, Sendable {
    public let channel: String
    public let accountId: String
    public let requestId: String
    public let notify: Bool?
    public let bootstrapCommandOwner: Bool?
}

public enum ChannelsPairingApproveResultNotification: String, Codable, Sendable, CaseIterable {
    case notRequested = "not-requested"
    case sent = "sent"
    case unsupported = "unsupported"
    case failed = "failed"
}

public enum ChannelsPairingApproveResultCommandOwnerBootstrap: String, Codable, Sendable, CaseIterable {
    case notRequested = "not-requested"
    case configured = "configured"
    case alreadyConfigured = "already-configured"
    case unavailable = "unavailable"
}

public struct ChannelsPairingApproveResult: Codable, Sendable {
    public let requestId: String
    public let senderId: String
    public let channel: String?
    public let accountId: String?
    public let notification: ChannelsPairingApproveResultNotification
    public let commandOwnerBootstrap: ChannelsPairingApproveResultCommandOwnerBootstrap
}

public struct ChannelsPairingListParams: Codable, Sendable {
    public let channel: String?
    public let accountId: String?
}

public struct ChannelsPairingListResultAccountsItem: Codable, Sendable {
    public let channel: String
    public let channelLabel: String
    public let accountId: String
    public let accountLabel: String?
    public let notifySupported: Bool
}

public struct ChannelsPairingListResultRequestsItem: Codable, Sendable {
    public let requestId: String
    public let channel: String
    public let channelLabel: String
    public let accountId: String
    public let accountLabel: String?
    public let senderId: String
    public let senderLabel: String
    public let metadata: [String: String]?
    public let createdAt: String
    public let lastSeenAt: String
    public let expiresAt: String
    public let notifySupported: Bool
}

public struct ChannelsPairingListResultLimits: Codable, Sendable {
    public let pendingPerAccount: Int
    public let ttlMs: Int
}

public struct ChannelsPairingListResult: Codable, Sendable {
    public let accounts: [ChannelsPairingListResultAccountsItem]
    public let requests: [ChannelsPairingListResultRequestsItem]
    public let commandOwnerConfigured: Bool
    public let limits: ChannelsPairingListResultLimits
}

public struct ChannelsStartParams: Codable, Sendable {
    public let channel: String
    public let accountId: String?
}

public struct ChannelsStartResult: Codable, Sendable {
    public let channel: String
    public let accountIds: [String]
    public let started: Bool
}

public struct ChannelsStatusParams: Codable, Sendable {
    public let probe: Bool?
    public let timeoutMs: Int?
    public let channel: String?
}

public struct ChannelsStatusResultChannelMetaItem: Codable, Sendable {
    public let id: String
    public let label: String
    public let detailLabel: String
}

public struct ChannelsStatusResultChannelAccountsValueItem: Codable, Sendable {
    public let accountId: String
}

public struct ChannelsStatusResult: Codable, Sendable {
    public let ts: Int
    public let channelOrder: [String]
    public let channelLabels: [String: String]
    public let channelDetailLabels: [String: String]
    public let channelMeta: [ChannelsStatusResultChannelMetaItem]
    public let channels: [String: [String: JSONValue]]
    public let channelAccounts: [String: [ChannelsStatusResultChannelAccountsValueItem]]
    public let channelDefaultAccountId: [String: String]
    public let eventLoop: EventLoopHealth?
}

public struct ChannelsStopParams: Codable, Sendable {
    public let channel: String
    public let accountId: String?
}

public struct ChannelsStopResult: Codable, Sendable {
    public let channel: String
    public let accountIds: [String]
    public let stopped: Bool
}

public struct ChatAbortParams: Codable, Sendable {
    public let sessionKey: String
    public let agentId: String?
    public let runId: String?
    public let preserveSideRuns: Bool?
}

public struct ChatAbortResult: Codable, Sendable {
    public let ok: Bool
    public let aborted: Bool
    public let runIds: [String]
}

public struct ChatHistoryParams: Codable, Sendable {
    public let sessionKey: String
    public let agentId: String?
    public let cursor: String?
    public let limit: Int?
    public let maxBytes: Int?
    public let inputRunIds: [String]?
    public let offset: Int?
    public let messageId: String?
    public let sessionId: String?
    public let maxChars: Int?
}

public typealias ChatHistoryResult = JSONValue

public struct ChatInjectParams: Codable, Sendable {
    public let sessionKey: String
    public let agentId: String?
    public let message: String
    public let label: String?
}

public struct ChatInjectResult: Codable, Sendable {
    public let ok: Bool
    public let messageId: String
}

public struct ChatMetadataParams: Codable, Sendable {
    public let agentId: String?
    public let sessionKey: String?
}

public struct ChatMetadataResultModelsItem: Codable, Sendable {
    public let id: String
    public let name: String
    public let provider: String
    public let available: Bool
    public let reasoning: Bool
    public let tags: [String]
}

public struct ChatMetadataResult: Codable, Sendable {
    public let models: [ChatMetadataResultModelsItem]
    public let commands: [JSONValue]
}

public struct ChatSendParamsAttachmentsItem: Codable, Sendable {
    public let `type`: String?
    public let mimeType: String?
    public let fileName: String?
    public let content: JSONValue?
}

public enum ChatSendParamsQueueMode: String, Codable, Sendable, CaseIterable {
    case steer = "steer"
    case followup = "followup"
    case collect = "collect"
    case interrupt = "interrupt"
}

public struct ChatSendParams: Codable, Sendable {
    public let sessionKey: String
    public let message: String
    public let idempotencyKey: String?
    public let agentId: String?
    public let sessionId: String?
    public let thinking: String?
    public let deliver: Bool?
    public let attachments: [ChatSendParamsAttachmentsItem]?
    public let timeoutMs: Int?
    public let originatingChannel: String?
    public let originatingTo: String?
    public let originatingAccountId: String?
    public let originatingThreadId: String?
    public let replyToId: String?
    public let queueMode: ChatSendParamsQueueMode?
    public let expectedLeafEntryId: String?
}

public enum ChatSendResultStatus: String, Codable, Sendable, CaseIterable {
    case started = "started"
    case inFlight = "in_flight"
    case ok = "ok"
}

public struct ChatSendResult: Codable, Sendable {
    public let runId: String
    public let status: ChatSendResultStatus
    public let interruptedActiveRun: Bool?
}

public struct ChatStartupParams: Codable, Sendable {
    public let sessionKey: String
    public let agentId: String?
    public let cursor: String?
    public let limit: Int?
    public let maxBytes: Int?
    public let inputRunIds: [String]?
}

public typealias ChatStartupResult = JSONValue

public struct ConfigApplyParams: Codable, Sendable {
    public let raw: String
    public let baseHash: String?
    public let sessionKey: String?
    public let note: String?
    public let restartDelayMs: Int?
}

public enum ConfigApplyResultReloadKind: String, Codable, Sendable, CaseIterable {
    case hot = "hot"
    case restart = "restart"
    case none = "none"
}

public struct ConfigApplyResult: Codable, Sendable {
    public let ok: Bool
    public let path: String
    public let hash: String?
    public let noop: Bool?
    public let changedPaths: [String]?
    public let reloadKind: ConfigApplyResultReloadKind?
    public let applied: Bool?
    public let config: [String: JSONValue]
}

public typealias ConfigGetParams = [String: JSONValue]

public struct ConfigGetResultIssuesItem: Codable, Sendable {
    public let path: String
    public let message: String
}

public struct ConfigGetResultWarningsItem: Codable, Sendable {
    public let path: String
    public let message: String
}

public struct ConfigGetResultLegacyIssuesItem: Codable, Sendable {
    public let path: String
    public let message: String
}

public struct ConfigGetResult: Codable, Sendable {
    public let path: String
    public let exists: Bool
    public let valid: Bool
    public let raw: String
    public let parsed: [String: JSONValue]
    public let sourceConfig: [String: JSONValue]
    public let resolved: [String: JSONValue]
    public let runtimeConfig: [String: JSONValue]
    public let config: [String: JSONValue]
    public let hash: String
    public let issues: [ConfigGetResultIssuesItem]
    public let warnings: [ConfigGetResultWarningsItem]
    public let legacyIssues: [ConfigGetResultLegacyIssuesItem]
    public let configRevisionHash: String
    public let appliedConfigHash: String
}

public struct ConfigPatchParams: Codable, Sendable {
    public let raw: String
    public let baseHash: String?
    public let sessionKey: String?
    public let note: String?
    public let restartDelayMs: Int?
    public let replacePaths: [String]?
}

public enum ConfigPatchResultReloadKind: String, Codable, Sendable, CaseIterable {
    case hot = "hot"
    case restart = "restart"
    case none = "none"
}

public struct ConfigPatchResult: Codable, Sendable {
    public let ok: Bool
    public let path: String
    public let hash: String?
    public let noop: Bool?
    public let changedPaths: [String]?
    public let reloadKind: ConfigPatchResultReloadKind?
    public let applied: Bool?
    public let config: [String: JSONValue]
}

public typealias ConfigSchemaParams = [String: JSONValue]

public struct ConfigSchemaResult: Codable, Sendable {
    public let schema: [String: JSONValue]
    public let uiHints: [String: [String: JSONValue]]
    public let version: String
    public let generatedAt: String
}

public struct ConfigSchemaLookupParams: Codable, Sendable {
    public let path: String
}

public enum ConfigSchemaLookupResultReloadKind: String, Codable, Sendable, CaseIterable {
    case restart = "restart"
    case hot = "hot"
    case none = "none"
}

public enum ConfigSchemaLookupResultChildrenItemReloadKind: String, Codable, Sendable, CaseIterable {
    case restart = "restart"
    case hot = "hot"
    case none = "none"
}

public struct ConfigSchemaLookupResultChildrenItem: Codable, Sendable {
    public let key: String
    public let path: String
    public let `type`: JSONValue?
    public let required: Bool
    public let hasChildren: Bool
    public let reloadKind: ConfigSchemaLookupResultChildrenItemReloadKind?
    public let hint: [String: JSONValue]?
    public let hintPath: String?
}

public struct ConfigSchemaLookupResult: Codable, Sendable {
    public let path: String
    public let schema: [String: JSONValue]
    public let reloadKind: ConfigSchemaLookupResultReloadKind?
    public let hint: [String: JSONValue]?
    public let hintPath: String?
    public let children: [ConfigSchemaLookupResultChildrenItem]
}

public struct ConfigSetParams: Codable, Sendable {
    public let raw: String
    public let baseHash: String?
    public let sessionKey: String?
    public let note: String?
    public let restartDelayMs: Int?
}

public enum ConfigSetResultReloadKind: String, Codable, Sendable, CaseIterable {
    case hot = "hot"
    case restart = "restart"
    case none = "none"
}

public struct ConfigSetResult: Codable, Sendable {
    public let ok: Bool
    public let path: String
    public let hash: String?
    public let noop: Bool?
    public let changedPaths: [String]?
    public let reloadKind: ConfigSetResultReloadKind?
    public let applied: Bool?
    public let config: [String: JSONValue]
}

public enum CronAddParamsWakeMode: String, Codable, Sendable, CaseIterable {
    case nextHeartbeat = "next-heartbeat"
    case now = "now"
}

public struct CronAddParams: Codable, Sendable {
    public let name: String
    public let schedule: JSONValue
    public let sessionTarget: JSONValue?
    public let wakeMode: CronAddParamsWakeMode?
    public let payload: JSONValue
    public let agentId: String?
    public let sessionKey: String?
    public let description: String?
    public let enabled: Bool?
    public let deleteAfterRun: Bool?
    public let delivery: JSONValue?
    public let failureAlert: Bool?
}

public enum CronAddResultWakeMode: String, Codable, Sendable, CaseIterable {
    case nextHeartbeat = "next-heartbeat"
    case now = "now"
}

public enum CronAddResultStateLastRunStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public enum CronAddResultStateLastDeliveryStatus: String, Codable, Sendable, CaseIterable {
    case delivered = "delivered"
    case notDelivered = "not-delivered"
    case unknown = "unknown"
    case notRequested = "not-requested"
}

public struct CronAddResultState: Codable, Sendable {
    public let nextRunAtMs: Int?
    public let runningAtMs: Int?
    public let lastRunAtMs: Int?
    public let lastRunStatus: CronAddResultStateLastRunStatus?
    public let lastError: String?
    public let lastDurationMs: Int?
    public let lastDelivered: Bool?
    public let lastDeliveryStatus: CronAddResultStateLastDeliveryStatus?
    public let lastDeliveryError: String?
}

public enum CronAddResultLastRunStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public struct CronAddResult: Codable, Sendable {
    public let id: String
    public let name: String
    public let description: String?
    public let enabled: Bool
    public let deleteAfterRun: Bool?
    public let createdAtMs: Int
    public let updatedAtMs: Int
    public let schedule: JSONValue
    public let sessionTarget: JSONValue
    public let wakeMode: CronAddResultWakeMode
    public let payload: JSONValue
    public let agentId: String?
    public let sessionKey: String?
    public let delivery: JSONValue?
    public let configRevision: String?
    public let state: CronAddResultState
    public let nextRunAtMs: Int?
    public let lastRunAtMs: Int?
    public let lastRunStatus: CronAddResultLastRunStatus?
    public let lastRunError: String?
}

public struct CronGetParams: Codable, Sendable {
    public let id: String?
    public let jobId: String?
}

public enum CronGetResultWakeMode: String, Codable, Sendable, CaseIterable {
    case nextHeartbeat = "next-heartbeat"
    case now = "now"
}

public enum CronGetResultStateLastRunStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public enum CronGetResultStateLastDeliveryStatus: String, Codable, Sendable, CaseIterable {
    case delivered = "delivered"
    case notDelivered = "not-delivered"
    case unknown = "unknown"
    case notRequested = "not-requested"
}

public struct CronGetResultState: Codable, Sendable {
    public let nextRunAtMs: Int?
    public let runningAtMs: Int?
    public let lastRunAtMs: Int?
    public let lastRunStatus: CronGetResultStateLastRunStatus?
    public let lastError: String?
    public let lastDurationMs: Int?
    public let lastDelivered: Bool?
    public let lastDeliveryStatus: CronGetResultStateLastDeliveryStatus?
    public let lastDeliveryError: String?
}

public enum CronGetResultLastRunStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public struct CronGetResult: Codable, Sendable {
    public let id: String
    public let name: String
    public let description: String?
    public let enabled: Bool
    public let deleteAfterRun: Bool?
    public let createdAtMs: Int
    public let updatedAtMs: Int
    public let schedule: JSONValue
    public let sessionTarget: JSONValue
    public let wakeMode: CronGetResultWakeMode
    public let payload: JSONValue
    public let agentId: String?
    public let sessionKey: String?
    public let delivery: JSONValue?
    public let configRevision: String?
    public let state: CronGetResultState
    public let nextRunAtMs: Int?
    public let lastRunAtMs: Int?
    public let lastRunStatus: CronGetResultLastRunStatus?
    public let lastRunError: String?
}

public enum CronListParamsEnabled: String, Codable, Sendable, CaseIterable {
    case all = "all"
    case enabled = "enabled"
    case disabled = "disabled"
}

public enum CronListParamsScheduleKind: String, Codable, Sendable, CaseIterable {
    case all = "all"
    case at = "at"
    case every = "every"
    case cron = "cron"
    case onExit = "on-exit"
    case stream = "stream"
}

public enum CronListParamsTrigger: String, Codable, Sendable, CaseIterable {
    case all = "all"
    case conditional = "conditional"
    case unconditional = "unconditional"
}

public enum CronListParamsSortBy: String, Codable, Sendable, CaseIterable {
    case nextRunAtMs = "nextRunAtMs"
    case updatedAtMs = "updatedAtMs"
    case name = "name"
}

public enum CronListParamsSortDir: String, Codable, Sendable, CaseIterable {
    case asc = "asc"
    case desc = "desc"
}

public struct CronListParams: Codable, Sendable {
    public let sessionKey: String?
    public let sessionAgentId: String?
    public let includeDisabled: Bool?
    public let limit: Int?
    public let offset: Int?
    public let query: String?
    public let enabled: CronListParamsEnabled?
    public let scheduleKind: CronListParamsScheduleKind?
    public let lastRunStatus: JSONValue?
    public let trigger: CronListParamsTrigger?
    public let sortBy: CronListParamsSortBy?
    public let sortDir: CronListParamsSortDir?
    public let agentId: String?
    public let compact: Bool?
    public let includeDeliveryPreviews: Bool?
}

public struct CronListResultDeliveryPreviewsValue: Codable, Sendable {
    public let label: String
    public let detail: String
}

public struct CronListResult: Codable, Sendable {
    public let jobs: [JSONValue]
    public let deliveryPreviews: [String: CronListResultDeliveryPreviewsValue]?
    public let snapshotRevision: String
    public let total: Int
    public let offset: Int
    public let limit: Int
    public let hasMore: Bool
    public let nextOffset: Int
}

public struct CronRemoveParams: Codable, Sendable {
    public let id: String?
    public let jobId: String?
}

public struct CronRemoveResult: Codable, Sendable {
    public let removed: Bool
    public let id: String
}

public enum CronRunParamsMode: String, Codable, Sendable, CaseIterable {
    case due = "due"
    case force = "force"
    case ifEnabled = "if-enabled"
}

public struct CronRunParams: Codable, Sendable {
    public let id: String?
    public let jobId: String?
    public let mode: CronRunParamsMode?
}

public typealias CronRunResult = JSONValue

public enum CronRunsParamsScope: String, Codable, Sendable, CaseIterable {
    case job = "job"
    case all = "all"
}

public enum CronRunsParamsStatusesItem: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public enum CronRunsParamsDeliveryStatusesItem: String, Codable, Sendable, CaseIterable {
    case delivered = "delivered"
    case notDelivered = "not-delivered"
    case unknown = "unknown"
    case notRequested = "not-requested"
}

public enum CronRunsParamsDeliveryStatus: String, Codable, Sendable, CaseIterable {
    case delivered = "delivered"
    case notDelivered = "not-delivered"
    case unknown = "unknown"
    case notRequested = "not-requested"
}

public enum CronRunsParamsSortDir: String, Codable, Sendable, CaseIterable {
    case asc = "asc"
    case desc = "desc"
}

public struct CronRunsParams: Codable, Sendable {
    public let id: String?
    public let jobId: String?
    public let agentId: String?
    public let scope: CronRunsParamsScope?
    public let runId: String?
    public let limit: Int?
    public let offset: Int?
    public let statuses: [CronRunsParamsStatusesItem]?
    public let status: JSONValue?
    public let deliveryStatuses: [CronRunsParamsDeliveryStatusesItem]?
    public let deliveryStatus: CronRunsParamsDeliveryStatus?
    public let query: String?
    public let sortDir: CronRunsParamsSortDir?
}

public enum CronRunsResultEntriesItemTrigger: String, Codable, Sendable, CaseIterable {
    case schedule = "schedule"
    case manual = "manual"
    case catchUp = "catch-up"
}

public enum CronRunsResultEntriesItemStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public enum CronRunsResultEntriesItemDeliveryStatus: String, Codable, Sendable, CaseIterable {
    case delivered = "delivered"
    case notDelivered = "not-delivered"
    case unknown = "unknown"
    case notRequested = "not-requested"
}

public enum CronRunsResultEntriesItemCompletionStatus: String, Codable, Sendable, CaseIterable {
    case succeeded = "succeeded"
    case failed = "failed"
    case unknown = "unknown"
}

public struct CronRunsResultEntriesItemUsage: Codable, Sendable {
    public let input_tokens: Double
    public let output_tokens: Double
    public let total_tokens: Double
    public let cache_read_tokens: Double
    public let cache_write_tokens: Double
}

public struct CronRunsResultEntriesItem: Codable, Sendable {
    public let ts: Int
    public let jobId: String
    public let jobName: String?
    public let action: String
    public let runId: String
    public let trigger: CronRunsResultEntriesItemTrigger
    public let status: CronRunsResultEntriesItemStatus
    public let error: String?
    public let summary: String?
    public let runAtMs: Int
    public let startedAtMs: Int
    public let endedAtMs: Int
    public let durationMs: Int
    public let sessionKey: String?
    public let model: String?
    public let provider: String?
    public let delivered: Bool?
    public let deliveryStatus: CronRunsResultEntriesItemDeliveryStatus
    public let deliveryError: String?
    public let completionStatus: CronRunsResultEntriesItemCompletionStatus
    public let deliverySuppressionReason: String?
    public let usage: CronRunsResultEntriesItemUsage?
}

public struct CronRunsResult: Codable, Sendable {
    public let entries: [CronRunsResultEntriesItem]
    public let total: Int
    public let offset: Int
    public let limit: Int
    public let hasMore: Bool
    public let nextOffset: Int
}

public typealias CronStatusParams = [String: JSONValue]

public struct CronStatusResult: Codable, Sendable {
    public let enabled: Bool
    public let triggersEnabled: Bool
    public let storePath: String
    public let sqlitePath: String
    public let storage: String
    public let jobs: Int
    public let nextWakeAtMs: Int
}

public enum CronUpdateParamsPatchWakeMode: String, Codable, Sendable, CaseIterable {
    case nextHeartbeat = "next-heartbeat"
    case now = "now"
}

public enum CronUpdateParamsPatchDeliveryMode: String, Codable, Sendable, CaseIterable {
    case none = "none"
    case announce = "announce"
}

public struct CronUpdateParamsPatchDelivery: Codable, Sendable {
    public let mode: CronUpdateParamsPatchDeliveryMode?
    public let channel: String?
    public let to: String?
    public let accountId: String?
    public let threadId: JSONValue?
    public let bestEffort: Bool?
}

public struct CronUpdateParamsPatch: Codable, Sendable {
    public let name: String?
    public let description: String?
    public let schedule: JSONValue?
    public let sessionTarget: JSONValue?
    public let wakeMode: CronUpdateParamsPatchWakeMode?
    public let payload: JSONValue?
    public let agentId: String?
    public let sessionKey: String?
    public let enabled: Bool?
    public let deleteAfterRun: Bool?
    public let delivery: CronUpdateParamsPatchDelivery?
    public let failureAlert: Bool?
}

public struct CronUpdateParams: Codable, Sendable {
    public let id: String?
    public let jobId: String?
    public let patch: CronUpdateParamsPatch
    public let expectedConfigRevision: String?
}

public enum CronUpdateResultWakeMode: String, Codable, Sendable, CaseIterable {
    case nextHeartbeat = "next-heartbeat"
    case now = "now"
}

public enum CronUpdateResultStateLastRunStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public enum CronUpdateResultStateLastDeliveryStatus: String, Codable, Sendable, CaseIterable {
    case delivered = "delivered"
    case notDelivered = "not-delivered"
    case unknown = "unknown"
    case notRequested = "not-requested"
}

public struct CronUpdateResultState: Codable, Sendable {
    public let nextRunAtMs: Int?
    public let runningAtMs: Int?
    public let lastRunAtMs: Int?
    public let lastRunStatus: CronUpdateResultStateLastRunStatus?
    public let lastError: String?
    public let lastDurationMs: Int?
    public let lastDelivered: Bool?
    public let lastDeliveryStatus: CronUpdateResultStateLastDeliveryStatus?
    public let lastDeliveryError: String?
}

public enum CronUpdateResultLastRunStatus: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case error = "error"
    case skipped = "skipped"
}

public struct CronUpdateResult: Codable, Sendable {
    public let id: String
    public let name: String
    public let description: String?
    public let enabled: Bool
    public let deleteAfterRun: Bool?
    public let createdAtMs: Int
    public let updatedAtMs: Int
    public let schedule: JSONValue
    public let sessionTarget: JSONValue
    public let wakeMode: CronUpdateResultWakeMode
    public let payload: JSONValue
    public let agentId: String?
    public let sessionKey: String?
    public let delivery: JSONValue?
    public let configRevision: String?
    public let state: CronUpdateResultState
    public let nextRunAtMs: Int?
    public let lastRunAtMs: Int?
    public let lastRunStatus: CronUpdateResultLastRunStatus?
    public let lastRunError: String?
}

public struct DevicePairApproveParams: Codable, Sendable {
    public let requestId: String
}

public struct DeviceTokenSummary: Codable, Sendable {
    public let role: String
    public let scopes: [String]
    public let createdAtMs: Int
    public let rotatedAtMs: Int?
    public let revokedAtMs: Int?
    public let lastUsedAtMs: Int?
}

public struct PairedDeviceView: Codable, Sendable {
    public let deviceId: String
    public let publicKey: String
    public let displayName: String?
    public let operatorLabel: String?
    public let platform: String?
    public let deviceFamily: String?
    public let clientId: String?
    public let clientMode: String?
    public let browserOrigin: String?
    public let roles: [String]
    public let scopes: [String]
    public let remoteIp: String?
    public let approvedVia: String?
    public let tokens: [DeviceTokenSummary]
    public let createdAtMs: Int
    public let approvedAtMs: Int
    public let lastSeenAtMs: Int?
    public let lastSeenReason: String?
    public let connected: Bool
}

public struct DevicePairApproveResult: Codable, Sendable {
    public let requestId: String
    public let device: PairedDeviceView
}

public typealias DevicePairListParams = [String: JSONValue]

public struct PendingDeviceRequest: Codable, Sendable {
    public let requestId: String
    public let deviceId: String
    public let publicKey: String
    public let displayName: String?
    public let platform: String?
    public let deviceFamily: String?
    public let clientId: String?
    public let clientMode: String?
    public let browserOrigin: String?
    public let role: String?
    public let roles: [String]?
    public let scopes: [String]?
    public let remoteIp: String?
    public let reason: String?
    public let silent: Bool?
    public let isRepair: Bool?
    public let ts: Int
}

public struct DevicePairListResult: Codable, Sendable {
    public let pending: [PendingDeviceRequest]
    public let paired: [PairedDeviceView]
}

public struct DevicePairRejectParams: Codable, Sendable {
    public let requestId: String
}

public struct DevicePairRejectResult: Codable, Sendable {
    public let requestId: String
    public let deviceId: String
}

public struct DevicePairRemoveParams: Codable, Sendable {
    public let deviceId: String
}

public struct DevicePairRemoveResult: Codable, Sendable {
    public let deviceId: String
}

public struct DevicePairRenameParams: Codable, Sendable {
    public let deviceId: String
    public let label: String
}

public struct DevicePairRenameResult: Codable, Sendable {
    public let deviceId: String
    public let label: String
}

public struct DeviceTokenRevokeParams: Codable, Sendable {
    public let deviceId: String
    public let role: String
}

public struct DeviceTokenRevokeResult: Codable, Sendable {
    public let deviceId: String
    public let role: String
    public let revokedAtMs: Int
}

public struct DeviceTokenRotateParams: Codable, Sendable {
    public let deviceId: String
    public let role: String
    public let scopes: [String]?
}

public enum DeviceTokenRotateResultTokenDelivery: String, Codable, Sendable, CaseIterable {
    case inBand = "in-band"
    case withheldCrossDevice = "withheld-cross-device"
}

public struct DeviceTokenRotateResult: Codable, Sendable {
    public let deviceId: String
    public let role: String
    public let token: String?
    public let scopes: [String]
    public let rotatedAtMs: Int
    public let tokenDelivery: DeviceTokenRotateResultTokenDelivery?
}

public typealias DiagnosticsLanesParams = [String: JSONValue]

public struct DiagnosticsLanesResultLanesItem: Codable, Sendable {
    public let lane: String
    public let activeCount: Int
    public let queuedCount: Int
    public let maxConcurrent: Int
    public let draining: Bool
    public let blockedBy: JSONValue
}

public struct DiagnosticsLanesResult: Codable, Sendable {
    public let ts: Int
    public let lanes: [DiagnosticsLanesResultLanesItem]
}

public struct EnvironmentsListParams: Codable, Sendable {
    public let runtimeId: String?
    public let projection: String?
    public let includeDesktopSetup: Bool?
}

public struct EnvironmentSummary: Codable, Sendable {
    public let id: String
    public let `type`: String
    public let label: String
    public let status: String
    public let platform: String
    public let sessionHost: Bool
    public let trust: String
    public let capabilities: [String]
}

public struct EnvironmentsListResult: Codable, Sendable {
    public let environments: [EnvironmentSummary]
}

public typealias ExecApprovalsGetParams = [String: JSONValue]

public struct ExecApprovalsGetResult: Codable, Sendable {
    public let enabled: Bool
    public let hash: String
    public let defaultAction: String
    public let rules: [JSONValue]
}

public struct HealthParams: Codable, Sendable {
    public let probe: Bool?
}

public struct HealthResultPlugins: Codable, Sendable {
    public let loaded: [String]
    public let errors: [JSONValue]
    public let unavailable: [JSONValue]
}

public struct HealthResult: Codable, Sendable {
    public let ok: Bool?
    public let ts: Int?
    public let durationMs: Double?
    public let channels: [String: JSONValue]?
    public let channelOrder: [String]?
    public let channelLabels: [String: String]?
    public let heartbeatSeconds: Double?
    public let defaultAgentId: String?
    public let agents: [JSONValue]?
    public let sessions: JSONValue?
    public let eventLoop: EventLoopHealth?
    public let plugins: HealthResultPlugins?
    public let configReload: JSONValue?
    public let escapes: JSONValue?
}

public typealias LastHeartbeatParams = [String: JSONValue]

public enum HeartbeatEventStatus: String, Codable, Sendable, CaseIterable {
    case sent = "sent"
    case okEmpty = "ok-empty"
    case okToken = "ok-token"
    case skipped = "skipped"
    case failed = "failed"
}

public enum HeartbeatEventIndicatorType: String, Codable, Sendable, CaseIterable {
    case ok = "ok"
    case alert = "alert"
    case error = "error"
}

public struct HeartbeatEvent: Codable, Sendable {
    public let ts: Int
    public let status: HeartbeatEventStatus
    public let reason: String?
    public let to: String?
    public let preview: String?
    public let hasMedia: Bool?
    public let channel: String?
    public let accountId: String?
    public let silent: Bool?
    public let indicatorType: HeartbeatEventIndicatorType?
    public let durationMs: Double?
    public let message: String?
}

public typealias LastHeartbeatResult = HeartbeatEvent

public struct LogsTailParams: Codable, Sendable {
    public let cursor: Int?
    public let limit: Int?
    public let maxBytes: Int?
}

public struct LogsTailResult: Codable, Sendable {
    public let file: String
    public let cursor: Int
    public let size: Int
    public let lines: [String]
    public let truncated: Bool
    public let reset: Bool
    public let skippedBytes: Int
}

public enum MessageActionParamsInboundTurnKind: String, Codable, Sendable, CaseIterable {
    case userRequest = "user_request"
    case roomEvent = "room_event"
}

public enum MessageActionParamsToolContextReplyToMode: String, Codable, Sendable, CaseIterable {
    case off = "off"
    case first = "first"
    case all = "all"
    case batched = "batched"
}

public struct MessageActionParamsToolContextHasRepliedRef: Codable, Sendable {
    public let value: Bool
}

public struct MessageActionParamsToolContext: Codable, Sendable {
    public let currentChannelId: String?
    public let currentMessagingTarget: String?
    public let currentGraphChannelId: String?
    public let currentChannelProvider: String?
    public let currentThreadTs: String?
    public let currentMessageId: JSONValue?
    public let replyToMode: MessageActionParamsToolContextReplyToMode?
    public let hasRepliedRef: MessageActionParamsToolContextHasRepliedRef?
    public let sameChannelThreadRequired: Bool?
    public let skipCrossContextDecoration: Bool?
}

public struct MessageActionParams: Codable, Sendable {
    public let channel: String
    public let action: String
    public let params: [String: JSONValue]
    public let reply: JSONValue?
    public let accountId: String?
    public let requesterAccountId: String?
    public let requesterSenderId: String?
    public let agentId: String?
    public let sessionKey: String?
    public let sessionId: String?
    public let inboundTurnKind: MessageActionParamsInboundTurnKind?
    public let toolContext: MessageActionParamsToolContext?
    public let senderIsOwner: Bool?
    public let conversationReadOrigin: String?
    public let idempotencyKey: String
}

public struct MessageActionResultResult: Codable, Sendable {
    public let channel: String
    public let messageId: String
    public let chatId: String?
}

public struct MessageActionResult: Codable, Sendable {
    public let channel: String
    public let to: String
    public let via: String
    public let deliveryStatus: String
    public let result: MessageActionResultResult
}

public struct ModelsAuthStatusParams: Codable, Sendable {
    public let refresh: Bool?
    public let agentId: String?
}

public enum ModelsAuthStatusResultProvidersItemStatus: String, Codable, Sendable, CaseIterable {
    case `static` = "static"
    case ok = "ok"
    case missing = "missing"
}

public struct ModelsAuthStatusResultProvidersItemProfilesItem: Codable, Sendable {
    public let id: String
    public let `type`: String
}

public struct ModelsAuthStatusResultProvidersItem: Codable, Sendable {
    public let provider: String
    public let status: ModelsAuthStatusResultProvidersItemStatus
    public let profiles: [ModelsAuthStatusResultProvidersItemProfilesItem]
}

public struct ModelsAuthStatusResult: Codable, Sendable {
    public let ts: Int
    public let providers: [ModelsAuthStatusResultProvidersItem]
}

public enum ModelsListParamsView: String, Codable, Sendable, CaseIterable {
    case `default` = "default"
    case configured = "configured"
    case providerConfig = "provider-config"
    case all = "all"
}

public struct ModelsListParams: Codable, Sendable {
    public let agentId: String?
    public let sessionKey: String?
    public let provider: String?
    public let includeDetails: Bool?
    public let includeProviderCapabilities: Bool?
    public let includeDefaultModels: Bool?
    public let preparedOnly: Bool?
    public let refresh: Bool?
    public let view: ModelsListParamsView?
}

public struct ModelsListResultModelsItem: Codable, Sendable {
    public let id: String
    public let name: String
    public let provider: String
    public let available: Bool
    public let manualSelectionAllowed: Bool?
    public let local: Bool?
    public let contextWindow: Int?
}

public struct ModelsListResult: Codable, Sendable {
    public let models: [ModelsListResultModelsItem]
}

public struct NodeDescribeParams: Codable, Sendable {
    public let nodeId: String
}

public enum NodeDescribeResultApprovalState: String, Codable, Sendable, CaseIterable {
    case approved = "approved"
    case pendingApproval = "pending-approval"
    case pendingReapproval = "pending-reapproval"
    case unapproved = "unapproved"
}

public struct NodeHostStats: Codable, Sendable {
    public let cpuCount: Int
    public let loadAverage: [Double]?
    public let memoryTotalBytes: Int?
    public let memoryFreeBytes: Int?
    public let diskTotalBytes: Int?
    public let diskAvailableBytes: Int?
    public let updatedAtMs: Int?
}

public struct NodeDescribeResult: Codable, Sendable {
    public let ts: Int
    public let nodeId: String
    public let clientId: String?
    public let clientMode: String?
    public let displayName: String?
    public let platform: String?
    public let version: String?
    public let deviceFamily: String?
    public let modelIdentifier: String?
    public let remoteIp: String?
    public let caps: [String]
    public let commands: [String]
    public let nodePluginTools: [JSONValue]?
    public let pathEnv: String?
    public let permissions: [String: Bool]?
    public let approvalState: NodeDescribeResultApprovalState
    public let pendingRequestId: String?
    public let pendingDeclaredCaps: [String]?
    public let pendingDeclaredCommands: [String]?
    public let connectedAtMs: Int?
    public let lastConnectedAtMs: Int?
    public let lastDisconnectedAtMs: Int?
    public let lastSeenAtMs: Int?
    public let lastSeenReason: String?
    public let approvedAtMs: Int?
    public let paired: Bool
    public let connected: Bool
    public let hostStats: NodeHostStats?
}

public struct NodeEventParams: Codable, Sendable {
    public let event: String
    public let payload: JSONValue?
    public let payloadJSON: String?
}

public struct NodeEventResult: Codable, Sendable {
    public let ok: Bool
    public let event: String?
    public let handled: Bool?
    public let reason: String?
}

public struct NodeInvokeParams: Codable, Sendable {
    public let nodeId: String
    public let command: String
    public let params: JSONValue?
    public let timeoutMs: Int?
    public let idempotencyKey: String
    public let sessionKey: String?
}

public struct NodeInvokeResult: Codable, Sendable {
    public let ok: Bool
    public let nodeId: String
    public let command: String
    public let payload: JSONValue
    public let payloadJSON: String
}

public struct NodeInvokeResultParamsError: Codable, Sendable {
    public let code: String?
    public let message: String?
}

public struct NodeInvokeResultParams: Codable, Sendable {
    public let id: String
    public let nodeId: String
    public let ok: Bool
    public let payload: JSONValue?
    public let payloadJSON: String?
    public let error: NodeInvokeResultParamsError?
}

public struct NodeInvokeResultResult: Codable, Sendable {
    public let ok: Bool
    public let ignored: Bool?
}

public typealias NodeListParams = [String: JSONValue]

public enum KnownNodeApprovalState: String, Codable, Sendable, CaseIterable {
    case approved = "approved"
    case pendingApproval = "pending-approval"
    case pendingReapproval = "pending-reapproval"
    case unapproved = "unapproved"
}

public struct KnownNode: Codable, Sendable {
    public let nodeId: String
    public let clientId: String?
    public let clientMode: String?
    public let displayName: String?
    public let platform: String?
    public let version: String?
    public let deviceFamily: String?
    public let modelIdentifier: String?
    public let remoteIp: String?
    public let caps: [String]
    public let commands: [String]
    public let nodePluginTools: [JSONValue]?
    public let pathEnv: String?
    public let permissions: [String: Bool]?
    public let approvalState: KnownNodeApprovalState
    public let pendingRequestId: String?
    public let pendingDeclaredCaps: [String]?
    public let pendingDeclaredCommands: [String]?
    public let connectedAtMs: Int?
    public let lastConnectedAtMs: Int?
    public let lastDisconnectedAtMs: Int?
    public let lastSeenAtMs: Int?
    public let lastSeenReason: String?
    public let approvedAtMs: Int?
    public let paired: Bool
    public let connected: Bool
    public let hostStats: NodeHostStats?
}

public struct NodeListResult: Codable, Sendable {
    public let ts: Int
    public let nodes: [KnownNode]
}

public struct NodePairApproveParams: Codable, Sendable {
    public let requestId: String
}

public struct PairedNode: Codable, Sendable {
    public let nodeId: String
    public let clientId: String?
    public let clientMode: String?
    public let displayName: String?
    public let platform: String?
    public let version: String?
    public let deviceFamily: String?
    public let caps: [String]
    public let commands: [String]
    public let permissions: [String: Bool]?
    public let createdAtMs: Int
    public let approvedAtMs: Int
    public let lastSeenAtMs: Int?
    public let lastSeenReason: String?
}

public struct NodePairApproveResult: Codable, Sendable {
    public let requestId: String
    public let node: PairedNode
}

public typealias NodePairListParams = [String: JSONValue]

public struct PendingNodeRequest: Codable, Sendable {
    public let requestId: String
    public let nodeId: String
    public let clientId: String?
    public let clientMode: String?
    public let displayName: String?
    public let platform: String?
    public let version: String?
    public let deviceFamily: String?
    public let modelIdentifier: String?
    public let caps: [String]
    public let commands: [String]
    public let permissions: [String: Bool]?
    public let requiredApproveScopes: [String]
    public let remoteIp: String?
    public let silent: Bool?
    public let ts: Int
}

public struct NodePairListResult: Codable, Sendable {
    public let pending: [PendingNodeRequest]
    public let paired: [PairedNode]
}

public struct NodePairRejectParams: Codable, Sendable {
    public let requestId: String
}

public struct NodePairRejectResult: Codable, Sendable {
    public let requestId: String
    public let nodeId: String
}

public struct NodePairRemoveParams: Codable, Sendable {
    public let nodeId: String
}

public struct NodePairRemoveResult: Codable, Sendable {
    public let nodeId: String
}

public struct NodePluginToolsUpdateParams: Codable, Sendable {
    public let tools: [JSONValue]
}

public struct NodePluginToolsUpdateResult: Codable, Sendable {
    public let nodeId: String
    public let tools: [JSONValue]
}

public struct NodeRenameParams: Codable, Sendable {
    public let nodeId: String
    public let displayName: String
}

public struct NodeRenameResult: Codable, Sendable {
    public let nodeId: String
    public let displayName: String
}

public typealias NodeRunnerInventoryUpdateParams = [String: JSONValue]

public struct NodeRunnerInventoryUpdateResult: Codable, Sendable {
    public let nodeId: String
}

public struct NodeSkillsUpdateParams: Codable, Sendable {
    public let skills: [JSONValue]
}

public struct NodeSkillsUpdateResult: Codable, Sendable {
    public let nodeId: String
    public let skills: [JSONValue]
}

public struct PairingApproveParams: Codable, Sendable {
    public let channel: String
    public let code: String
    public let accountId: String?
    public let notify: Bool?
}

public enum PairingApproveResultNotification: String, Codable, Sendable, CaseIterable {
    case notRequested = "not-requested"
    case sent = "sent"
    case unsupported = "unsupported"
    case failed = "failed"
}

public enum PairingApproveResultCommandOwnerBootstrap: String, Codable, Sendable, CaseIterable {
    case notRequested = "not-requested"
    case configured = "configured"
    case alreadyConfigured = "already-configured"
    case unavailable = "unavailable"
}

public struct PairingApproveResult: Codable, Sendable {
    public let requestId: String
    public let senderId: String
    public let channel: String?
    public let accountId: String?
    public let notification: PairingApproveResultNotification
    public let commandOwnerBootstrap: PairingApproveResultCommandOwnerBootstrap
}

public struct PairingListParams: Codable, Sendable {
    public let channel: String?
    public let accountId: String?
}

public struct PairingListResultAccountsItem: Codable, Sendable {
    public let channel: String
    public let channelLabel: String
    public let accountId: String
    public let accountLabel: String?
    public let notifySupported: Bool
}

public struct PairingListResultRequestsItem: Codable, Sendable {
    public let requestId: String
    public let channel: String
    public let channelLabel: String
    public let accountId: String
    public let accountLabel: String?
    public let senderId: String
    public let senderLabel: String
    public let metadata: [String: String]?
    public let createdAt: String
    public let lastSeenAt: String
    public let expiresAt: String
    public let notifySupported: Bool
    public let code: String
}

public struct PairingListResultLimits: Codable, Sendable {
    public let pendingPerAccount: Int
    public let ttlMs: Int
}

public struct PairingListResult: Codable, Sendable {
    public let accounts: [PairingListResultAccountsItem]
    public let requests: [PairingListResultRequestsItem]
    public let commandOwnerConfigured: Bool
    public let limits: PairingListResultLimits
}

public struct PluginsCatalogBrowseParams: Codable, Sendable {
    public let query: String?
    public let searchSource: String?
    public let intent: String?
    public let category: String?
    public let cursor: String?
    public let pageSize: Int?
}

public struct PluginsCatalogBrowseResult: Codable, Sendable {
    public let items: [JSONValue]
    public let remoteError: String
}

public typealias PluginsListParams = [String: JSONValue]

public struct PluginsListResult: Codable, Sendable {
    public let generation: Int
    public let plugins: [JSONValue]
    public let diagnostics: [JSONValue]
    public let mutationAllowed: Bool
}

public struct SendParams: Codable, Sendable {
    public let to: String
    public let message: String?
    public let mediaUrl: String?
    public let mediaUrls: [String]?
    public let channel: String?
    public let accountId: String?
    public let agentId: String?
    public let replyToId: String?
    public let threadId: JSONValue?
    public let silent: Bool?
    public let sessionKey: String?
    public let idempotencyKey: String
}

public struct SendResult: Codable, Sendable {
    public let runId: String
    public let messageId: String
    public let channel: String
    public let chatId: String?
    public let channelId: String?
    public let conversationId: String?
}

public struct SessionsBranchesListParams: Codable, Sendable {
    public let sessionKey: String
    public let agentId: String?
}

public struct SessionsBranchesListResultBranchesItem: Codable, Sendable {
    public let leafEntryId: String
    public let headline: String
    public let messageCount: Int
    public let updatedAt: String
    public let active: Bool
}

public struct SessionsBranchesListResult: Codable, Sendable {
    public let branches: [SessionsBranchesListResultBranchesItem]
}

public struct SessionsCleanupParams: Codable, Sendable {
    public let agent: String?
    public let allAgents: Bool?
    public let enforce: Bool?
    public let activeKey: String?
    public let dryRun: Bool?
}

public typealias SessionsCleanupResult = JSONValue

public struct SessionsCompactParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
    public let maxLines: Int?
}

public struct SessionsCompactResult: Codable, Sendable {
    public let ok: Bool
    public let key: String
    public let compacted: Bool
    public let kept: Int
}

public struct SessionsDeleteParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
    public let deleteTranscript: Bool?
    public let expectedSessionId: String?
}

public struct SessionsDeleteResult: Codable, Sendable {
    public let ok: Bool
    public let key: String
    public let deleted: Bool
}

public struct SessionsDescribeParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
}

public enum SessionsDescribeResultSessionKind: String, Codable, Sendable, CaseIterable {
    case main = "main"
    case direct = "direct"
    case group = "group"
    case cron = "cron"
    case other = "other"
}

public struct SessionsDescribeResultSession: Codable, Sendable {
    public let key: String
    public let sessionId: String
    public let agentId: String
    public let kind: SessionsDescribeResultSessionKind
    public let createdAt: Int
    public let updatedAt: Int
    public let messageCount: Int
    public let label: String?
    public let displayName: String?
    public let derivedTitle: String?
    public let channel: String?
    public let lastMessagePreview: String?
    public let isMain: Bool
    public let hasActiveRun: Bool
    public let activeRunIds: [String]
    public let modelProvider: String?
    public let model: String?
    public let snapshotAt: Int
}

public struct SessionsDescribeResult: Codable, Sendable {
    public let session: SessionsDescribeResultSession
}

public enum SessionsListParamsSortBy: String, Codable, Sendable, CaseIterable {
    case updatedAt = "updatedAt"
    case activity = "activity"
    case lastInteractionAt = "lastInteractionAt"
}

public struct SessionsListParams: Codable, Sendable {
    public let limit: Int?
    public let offset: Int?
    public let activeMinutes: Int?
    public let includeGlobal: Bool?
    public let includeUnknown: Bool?
    public let includeDerivedTitles: Bool?
    public let includeLastMessage: Bool?
    public let label: String?
    public let agentId: String?
    public let search: String?
    public let sortBy: SessionsListParamsSortBy?
    public let configuredAgentsOnly: Bool?
    public let ownerFirst: Bool?
    public let spawnedBy: String?
    public let archived: JSONValue?
    public let hasBoard: Bool?
    public let includePeople: Bool?
    public let excludeSubagents: Bool?
    public let includeActivitySummary: Bool?
    public let activeOnly: Bool?
}

public struct SessionsListResultDefaults: Codable, Sendable {
    public let modelProvider: String
    public let model: String
    public let contextTokens: JSONValue
}

public enum SessionsListResultSessionsItemKind: String, Codable, Sendable, CaseIterable {
    case main = "main"
    case direct = "direct"
    case group = "group"
    case cron = "cron"
    case other = "other"
}

public struct SessionsListResultSessionsItem: Codable, Sendable {
    public let key: String
    public let sessionId: String
    public let agentId: String
    public let kind: SessionsListResultSessionsItemKind
    public let createdAt: Int
    public let updatedAt: Int
    public let messageCount: Int
    public let label: String?
    public let displayName: String?
    public let derivedTitle: String?
    public let channel: String?
    public let lastMessagePreview: String?
    public let isMain: Bool
    public let hasActiveRun: Bool
    public let activeRunIds: [String]
    public let modelProvider: String?
    public let model: String?
    public let snapshotAt: Int
}

public struct SessionsListResult: Codable, Sendable {
    public let ts: Int
    public let path: String
    public let count: Int
    public let totalCount: Int
    public let limitApplied: Int
    public let offset: Int
    public let nextOffset: Int
    public let hasMore: Bool
    public let defaults: SessionsListResultDefaults
    public let sessions: [SessionsListResultSessionsItem]
}

public struct SessionsMessagesSubscribeParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
    public let includeApprovals: Bool?
}

public struct SessionsMessagesSubscribeResult: Codable, Sendable {
    public let subscribed: Bool
    public let key: String
}

public struct SessionsMessagesUnsubscribeParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
}

public struct SessionsMessagesUnsubscribeResult: Codable, Sendable {
    public let subscribed: Bool
    public let key: String
}

public struct SessionsPatchParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
    public let label: String?
}

public enum SessionsPatchResultEntryKind: String, Codable, Sendable, CaseIterable {
    case main = "main"
    case direct = "direct"
    case group = "group"
    case cron = "cron"
    case other = "other"
}

public struct SessionsPatchResultEntry: Codable, Sendable {
    public let key: String
    public let sessionId: String
    public let agentId: String
    public let kind: SessionsPatchResultEntryKind
    public let createdAt: Int
    public let updatedAt: Int
    public let messageCount: Int
    public let label: String?
    public let displayName: String?
    public let derivedTitle: String?
    public let channel: String?
    public let lastMessagePreview: String?
    public let isMain: Bool
    public let hasActiveRun: Bool
    public let activeRunIds: [String]
    public let modelProvider: String?
    public let model: String?
    public let snapshotAt: Int
}

public struct SessionsPatchResult: Codable, Sendable {
    public let ok: Bool
    public let key: String
    public let entry: SessionsPatchResultEntry
}

public enum SessionsResetParamsReason: String, Codable, Sendable, CaseIterable {
    case new = "new"
    case reset = "reset"
}

public struct SessionsResetParams: Codable, Sendable {
    public let key: String
    public let agentId: String?
    public let reason: SessionsResetParamsReason?
    public let expectedSessionId: String?
}

public enum SessionsResetResultEntryKind: String, Codable, Sendable, CaseIterable {
    case main = "main"
    case direct = "direct"
    case group = "group"
    case cron = "cron"
    case other = "other"
}

public struct SessionsResetResultEntry: Codable, Sendable {
    public let key: String
    public let sessionId: String
    public let agentId: String
    public let kind: SessionsResetResultEntryKind
    public let createdAt: Int
    public let updatedAt: Int
    public let messageCount: Int
    public let label: String?
    public let displayName: String?
    public let derivedTitle: String?
    public let channel: String?
    public let lastMessagePreview: String?
    public let isMain: Bool
    public let hasActiveRun: Bool
    public let activeRunIds: [String]
    public let modelProvider: String?
    public let model: String?
    public let snapshotAt: Int
}

public struct SessionsResetResult: Codable, Sendable {
    public let ok: Bool
    public let key: String
    public let entry: SessionsResetResultEntry
}

public enum SessionsSubscribeParamsSortBy: String, Codable, Sendable, CaseIterable {
    case updatedAt = "updatedAt"
    case activity = "activity"
    case lastInteractionAt = "lastInteractionAt"
}

public struct SessionsSubscribeParams: Codable, Sendable {
    public let limit: Int?
    public let offset: Int?
    public let activeMinutes: Int?
    public let includeGlobal: Bool?
    public let includeUnknown: Bool?
    public let includeDerivedTitles: Bool?
    public let includeLastMessage: Bool?
    public let label: String?
    public let agentId: String?
    public let search: String?
    public let sortBy: SessionsSubscribeParamsSortBy?
    public let configuredAgentsOnly: Bool?
    public let ownerFirst: Bool?
    public let spawnedBy: String?
    public let archived: JSONValue?
    public let hasBoard: Bool?
    public let includePeople: Bool?
    public let excludeSubagents: Bool?
    public let includeActivitySummary: Bool?
    public let activeOnly: Bool?
}

public struct SessionsSubscribeResultListDefaults: Codable, Sendable {
    public let modelProvider: String
    public let model: String
    public let contextTokens: JSONValue
}

public enum SessionsSubscribeResultListSessionsItemKind: String, Codable, Sendable, CaseIterable {
    case main = "main"
    case direct = "direct"
    case group = "group"
    case cron = "cron"
    case other = "other"
}

public struct SessionsSubscribeResultListSessionsItem: Codable, Sendable {
    public let key: String
    public let sessionId: String
    public let agentId: String
    public let kind: SessionsSubscribeResultListSessionsItemKind
    public let createdAt: Int
    public let updatedAt: Int
    public let messageCount: Int
    public let label: String?
    public let displayName: String?
    public let derivedTitle: String?
    public let channel: String?
    public let lastMessagePreview: String?
    public let isMain: Bool
    public let hasActiveRun: Bool
    public let activeRunIds: [String]
    public let modelProvider: String?
    public let model: String?
    public let snapshotAt: Int
}

public struct SessionsSubscribeResultList: Codable, Sendable {
    public let ts: Int
    public let path: String
    public let count: Int
    public let totalCount: Int
    public let limitApplied: Int
    public let offset: Int
    public let nextOffset: Int
    public let hasMore: Bool
    public let defaults: SessionsSubscribeResultListDefaults
    public let sessions: [SessionsSubscribeResultListSessionsItem]
}

public struct SessionsSubscribeResult: Codable, Sendable {
    public let subscribed: Bool
    public let list: SessionsSubscribeResultList?
}

public typealias SessionsUnsubscribeParams = [String: JSONValue]

public struct SessionsUnsubscribeResult: Codable, Sendable {
    public let subscribed: Bool
}

public enum SessionsUsageParamsMode: String, Codable, Sendable, CaseIterable {
    case utc = "utc"
    case gateway = "gateway"
    case specific = "specific"
}

public enum SessionsUsageParamsRange: String, Codable, Sendable, CaseIterable {
    case 7d = "7d"
    case 30d = "30d"
    case 90d = "90d"
    case 1y = "1y"
    case all = "all"
}

public enum SessionsUsageParamsGroupBy: String, Codable, Sendable, CaseIterable {
    case instance = "instance"
    case family = "family"
}

public struct SessionsUsageParams: Codable, Sendable {
    public let key: String?
    public let agentId: String?
    public let agentScope: String?
    public let creatorKey: String?
    public let startDate: String?
    public let endDate: String?
    public let mode: SessionsUsageParamsMode?
    public let range: SessionsUsageParamsRange?
    public let groupBy: SessionsUsageParamsGroupBy?
    public let includeHistorical: Bool?
    public let utcOffset: String?
    public let timeZone: String?
    public let limit: Int?
    public let includeContextWeight: Bool?
}

public struct SessionsUsageResultSessionsItemUsageMessageCounts: Codable, Sendable {
    public let total: Int
    public let user: Int
    public let assistant: Int
    public let toolCalls: Int
    public let toolResults: Int
    public let errors: Int
}

public struct SessionsUsageResultSessionsItemUsageToolUsageToolsItem: Codable, Sendable {
    public let name: String
    public let count: Int
}

public struct SessionsUsageResultSessionsItemUsageToolUsage: Codable, Sendable {
    public let totalCalls: Int
    public let uniqueTools: Int
    public let tools: [SessionsUsageResultSessionsItemUsageToolUsageToolsItem]
}

public struct SessionsUsageResultSessionsItemUsageModelUsageItemTotals: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultSessionsItemUsageModelUsageItem: Codable, Sendable {
    public let provider: String
    public let model: String
    public let count: Int
    public let totals: SessionsUsageResultSessionsItemUsageModelUsageItemTotals
}

public struct SessionsUsageResultSessionsItemUsageDailyBreakdownItem: Codable, Sendable {
    public let date: String
    public let tokens: Double
    public let cost: Double
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultSessionsItemUsageDailyMessageCountsItem: Codable, Sendable {
    public let date: String
    public let total: Int
    public let user: Int
    public let assistant: Int
    public let toolCalls: Int
    public let toolResults: Int
    public let errors: Int
}

public struct SessionsUsageResultSessionsItemUsageDailyModelUsageItem: Codable, Sendable {
    public let date: String
    public let provider: String
    public let model: String
    public let tokens: Double
    public let cost: Double
    public let count: Int
}

public struct SessionsUsageResultSessionsItemUsage: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
    public let firstActivity: Int
    public let lastActivity: Int
    public let durationMs: Int
    public let messageCounts: SessionsUsageResultSessionsItemUsageMessageCounts
    public let toolUsage: SessionsUsageResultSessionsItemUsageToolUsage
    public let modelUsage: [SessionsUsageResultSessionsItemUsageModelUsageItem]
    public let activityDates: [String]
    public let dailyBreakdown: [SessionsUsageResultSessionsItemUsageDailyBreakdownItem]
    public let dailyMessageCounts: [SessionsUsageResultSessionsItemUsageDailyMessageCountsItem]
    public let dailyModelUsage: [SessionsUsageResultSessionsItemUsageDailyModelUsageItem]
}

public struct SessionsUsageResultSessionsItem: Codable, Sendable {
    public let key: String
    public let sessionId: String?
    public let label: String?
    public let updatedAt: Int
    public let agentId: String
    public let channel: String?
    public let modelProvider: String
    public let model: String
    public let usage: SessionsUsageResultSessionsItemUsage
}

public struct SessionsUsageResultTotals: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultAggregatesMessages: Codable, Sendable {
    public let total: Int
    public let user: Int
    public let assistant: Int
    public let toolCalls: Int
    public let toolResults: Int
    public let errors: Int
}

public struct SessionsUsageResultAggregatesToolsToolsItem: Codable, Sendable {
    public let name: String
    public let count: Int
}

public struct SessionsUsageResultAggregatesTools: Codable, Sendable {
    public let totalCalls: Int
    public let uniqueTools: Int
    public let tools: [SessionsUsageResultAggregatesToolsToolsItem]
}

public struct SessionsUsageResultAggregatesByModelItemTotals: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultAggregatesByModelItem: Codable, Sendable {
    public let provider: String
    public let model: String
    public let count: Int
    public let totals: SessionsUsageResultAggregatesByModelItemTotals
}

public struct SessionsUsageResultAggregatesByProviderItemTotals: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultAggregatesByProviderItem: Codable, Sendable {
    public let provider: String
    public let count: Int
    public let totals: SessionsUsageResultAggregatesByProviderItemTotals
}

public struct SessionsUsageResultAggregatesByAgentItemTotals: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultAggregatesByAgentItem: Codable, Sendable {
    public let agentId: String
    public let totals: SessionsUsageResultAggregatesByAgentItemTotals
}

public struct SessionsUsageResultAggregatesByChannelItemTotals: Codable, Sendable {
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultAggregatesByChannelItem: Codable, Sendable {
    public let channel: String
    public let totals: SessionsUsageResultAggregatesByChannelItemTotals
}

public struct SessionsUsageResultAggregatesCostDailyItem: Codable, Sendable {
    public let date: String
    public let input: Double
    public let output: Double
    public let cacheRead: Double
    public let cacheWrite: Double
    public let totalTokens: Double
    public let totalCost: Double
    public let inputCost: Double
    public let outputCost: Double
    public let cacheReadCost: Double
    public let cacheWriteCost: Double
    public let missingCostEntries: Int
}

public struct SessionsUsageResultAggregatesModelDailyItem: Codable, Sendable {
    public let date: String
    public let provider: String
    public let model: String
    public let tokens: Double
    public let cost: Double
    public let count: Int
}

public struct SessionsUsageResultAggregatesDailyItem: Codable, Sendable {
    public let date: String
    public let tokens: Double
    public let cost: Double
    public let messages: Int
    public let toolCalls: Int
    public let errors: Int
}

public struct SessionsUsageResultAggregates: Codable, Sendable {
    public let sessionCount: Int
    public let messages: SessionsUsageResultAggregatesMessages
    public let tools: SessionsUsageResultAggregatesTools
    public let byModel: [SessionsUsageResultAggregatesByModelItem]
    public let byProvider: [SessionsUsageResultAggregatesByProviderItem]
    public let byAgent: [SessionsUsageResultAggregatesByAgentItem]
    public let byChannel: [SessionsUsageResultAggregatesByChannelItem]
    public let byCreator: [JSONValue]
    public let costDaily: [SessionsUsageResultAggregatesCostDailyItem]
    public let dailyLatency: [JSONValue]
    public let modelDaily: [SessionsUsageResultAggregatesModelDailyItem]
    public let daily: [SessionsUsageResultAggregatesDailyItem]
}

public struct SessionsUsageResult: Codable, Sendable {
    public let updatedAt: Int
    public let startDate: String
    public let endDate: String
    public let sessions: [SessionsUsageResultSessionsItem]
    public let totals: SessionsUsageResultTotals
    public let aggregates: SessionsUsageResultAggregates
    public let creatorOptions: [JSONValue]
}

public struct SetHeartbeatsParams: Codable, Sendable {
    public let enabled: Bool
}

public struct SetHeartbeatsResult: Codable, Sendable {
    public let ok: Bool
    public let enabled: Bool
}

public struct StatusParams: Codable, Sendable {
    public let includeChannelSummary: Bool?
    public let includeCliProjection: Bool?
}

public struct StatusResultPresence: Codable, Sendable {
    public let count: Int
}

public struct StatusResult: Codable, Sendable {
    public let runtimeVersion: String
    public let pid: Int
    public let uptimeMs: Int
    public let gateway: [String: JSONValue]
    public let heartbeat: [String: JSONValue]
    public let presence: StatusResultPresence
    public let channelSummary: [JSONValue]
    public let sessions: [String: JSONValue]
    public let processMemory: [String: JSONValue]
}

public struct SystemEventParams: Codable, Sendable {
    public let text: String
    public let idempotencyKey: String?
    public let sessionKey: String?
    public let wake: Bool?
    public let deviceId: String?
    public let instanceId: String?
    public let host: String?
    public let ip: String?
    public let mode: String?
    public let version: String?
    public let platform: String?
    public let deviceFamily: String?
    public let modelIdentifier: String?
    public let lastInputSeconds: Double?
    public let reason: String?
    public let roles: [String]?
    public let scopes: [String]?
    public let tags: [String]?
}

public struct SystemEventResult: Codable, Sendable {
    public let ok: Bool
}

public typealias SystemPresenceParams = [String: JSONValue]

public typealias SystemPresenceResult = [PresenceEntry]

public typealias SystemInfoParams = [String: JSONValue]

public struct SystemInfoResultProcessMemory: Codable, Sendable {
    public let rssBytes: Int
    public let heapUsedBytes: Int
    public let heapTotalBytes: Int
    public let externalBytes: Int
    public let arrayBuffersBytes: Int
}

public struct SystemInfoResultDisksItem: Codable, Sendable {
    public let path: String
    public let totalBytes: Int
    public let availableBytes: Int
}

public struct SystemInfoResult: Codable, Sendable {
    public let machineName: String
    public let hostname: String
    public let platform: String
    public let release: String
    public let arch: String
    public let osLabel: String
    public let port: Int
    public let nodeVersion: String
    public let bunVersion: String
    public let pid: Int
    public let processInstanceId: String
    public let uptimeMs: Int
    public let cpuCount: Int
    public let cpuModel: String?
    public let loadAverage: [JSONValue]
    public let memoryTotalBytes: Int
    public let memoryFreeBytes: Int
    public let processMemory: SystemInfoResultProcessMemory
    public let diskPath: String
    public let diskTotalBytes: Int?
    public let diskAvailableBytes: Int?
    public let disks: [SystemInfoResultDisksItem]
}

public enum TasksListParamsSortBy: String, Codable, Sendable, CaseIterable {
    case updatedAt = "updatedAt"
    case endedAt = "endedAt"
}

public struct TasksListParams: Codable, Sendable {
    public let status: JSONValue?
    public let agentId: String?
    public let sessionKey: String?
    public let limit: Int?
    public let cursor: String?
    public let sortBy: TasksListParamsSortBy?
}

public enum TaskSummaryStatus: String, Codable, Sendable, CaseIterable {
    case queued = "queued"
    case running = "running"
    case completed = "completed"
    case failed = "failed"
    case cancelled = "cancelled"
    case timedOut = "timed_out"
}

public struct TaskSummary: Codable, Sendable {
    public let id: String
    public let kind: String
    public let runtime: String
    public let status: TaskSummaryStatus
    public let title: String?
    public let agentId: String
    public let childSessionKey: String?
    public let runId: String
    public let sourceId: String
    public let createdAt: Int
    public let startedAt: Int
    public let updatedAt: Int
    public let endedAt: Int?
    public let terminalSummary: String?
    public let error: String?
}

public struct TasksListResult: Codable, Sendable {
    public let tasks: [TaskSummary]
    public let nextCursor: String?
}

public typealias ThemesListParams = [String: JSONValue]

public enum ThemesListResultCurrentEffectiveMode: String, Codable, Sendable, CaseIterable {
    case light = "light"
    case dark = "dark"
}

public struct ThemesListResultCurrent: Codable, Sendable {
    public let id: String
    public let mode: JSONValue
    public let effectiveMode: ThemesListResultCurrentEffectiveMode?
    public let scope: String
    public let overrides: [String: JSONValue]
    public let requestedId: String?
}

public enum ThemeDescriptorModesItem: String, Codable, Sendable, CaseIterable {
    case light = "light"
    case dark = "dark"
}

public struct ThemeDescriptor: Codable, Sendable {
    public let id: String
    public let name: String
    public let description: String
    public let source: String
    public let modes: [ThemeDescriptorModesItem]
}

public struct ThemesListResult: Codable, Sendable {
    public let current: ThemesListResultCurrent
    public let theme: ThemeDescriptor
    public let themes: [ThemeDescriptor]
}

public typealias UsageStatusParams = [String: JSONValue]

public struct UsageStatusResult: Codable, Sendable {
    public let updatedAt: Int
    public let providers: [JSONValue]
}

public struct WebLoginStartParams: Codable, Sendable {
    public let channel: String?
    public let force: Bool?
    public let timeoutMs: Int?
    public let verbose: Bool?
    public let accountId: String?
}

public struct WebLoginStartResult: Codable, Sendable {
    public let connected: Bool
    public let message: String
    public let qrDataUrl: String?
    public let qr: String?
    public let error: String?
    public let sessionKey: String?
}

public struct WebLoginWaitParams: Codable, Sendable {
    public let channel: String?
    public let sessionKey: String?
    public let timeoutMs: Int?
    public let accountId: String?
    public let currentQrDataUrl: String?
}

public struct WebLoginWaitResult: Codable, Sendable {
    public let connected: Bool
    public let message: String
    public let qrDataUrl: String?
    public let qr: String?
    public let error: String?
    public let sessionKey: String?
}
