/** Chat channels: outbound `send`, `channels.*` lifecycle and status, DM pairing (PROTOCOL.md §4.2). */
import { Type } from '@sinclair/typebox'
import { EventLoopHealth } from '../connect.ts'

const NonEmpty = Type.String({ minLength: 1 })
const Open = Type.Object({}, { additionalProperties: true })
const ChannelAccount = { channel: NonEmpty, accountId: Type.Optional(NonEmpty) }

const PairingAccount = Type.Object({
  channel: NonEmpty, channelLabel: NonEmpty, accountId: NonEmpty, accountLabel: Type.Optional(NonEmpty), notifySupported: Type.Boolean(),
}, { additionalProperties: false })

const PairingRequestFields = {
  requestId: NonEmpty,
  channel: NonEmpty,
  channelLabel: NonEmpty,
  accountId: NonEmpty,
  accountLabel: Type.Optional(NonEmpty),
  senderId: NonEmpty,
  senderLabel: NonEmpty,
  metadata: Type.Optional(Type.Record(NonEmpty, Type.String())),
  createdAt: NonEmpty,
  lastSeenAt: NonEmpty,
  expiresAt: NonEmpty,
  notifySupported: Type.Boolean(),
}

const pairingListResult = (request: ReturnType<typeof Type.Object>) => Type.Object({
  accounts: Type.Array(PairingAccount),
  requests: Type.Array(request),
  commandOwnerConfigured: Type.Boolean(),
  limits: Type.Object({ pendingPerAccount: Type.Integer({ minimum: 0 }), ttlMs: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
}, { additionalProperties: false })

const PairingApproveResult = Type.Object({
  requestId: NonEmpty,
  senderId: NonEmpty,
  channel: Type.Optional(NonEmpty),
  accountId: Type.Optional(NonEmpty),
  notification: Type.Union([Type.Literal('not-requested'), Type.Literal('sent'), Type.Literal('unsupported'), Type.Literal('failed')]),
  commandOwnerBootstrap: Type.Union([
    Type.Literal('not-requested'), Type.Literal('configured'), Type.Literal('already-configured'), Type.Literal('unavailable'),
  ]),
}, { additionalProperties: false })

const PairingListParams = Type.Object({ channel: Type.Optional(NonEmpty), accountId: Type.Optional(NonEmpty) }, { additionalProperties: false })

export const ChannelMethods = {
  send: {
    params: Type.Object({
      to: NonEmpty,
      message: Type.Optional(Type.String()),
      mediaUrl: Type.Optional(Type.String()),
      mediaUrls: Type.Optional(Type.Array(Type.String())),
      channel: Type.Optional(NonEmpty),
      accountId: Type.Optional(NonEmpty),
      agentId: Type.Optional(Type.String()),
      replyToId: Type.Optional(Type.String()),
      threadId: Type.Optional(Type.Union([Type.String(), Type.Number()])),
      silent: Type.Optional(Type.Boolean()),
      sessionKey: Type.Optional(Type.String()),
      idempotencyKey: NonEmpty,
    }, { additionalProperties: false }),
    result: Type.Object({
      runId: Type.String(), messageId: Type.String(), channel: Type.String(), chatId: Type.Optional(Type.String()),
      channelId: Type.Optional(Type.String()), conversationId: Type.Optional(Type.String()),
    }, { additionalProperties: false }),
  },
  /**
   * What the original CLI's `openclaw message send` calls: an action on a channel, its arguments in
   * `params` (`target` or a channel-prefixed `to`, `message`, `media`, `replyTo`, `threadId`,
   * `accountId`, `silent`; flags that would change what is sent but are not built here (`presentation`,
   * `pin`, ...) are refused; the CLI's own flags ride along and are ignored). `send` is the one action
   * here. `reply` names the message replied to; the requester/session/tool-context fields only inform
   * the original's routing and policy and are accepted and ignored.
   */
  'message.action': {
    params: Type.Object({
      channel: NonEmpty,
      action: NonEmpty,
      params: Type.Record(Type.String(), Type.Unknown()),
      reply: Type.Optional(Type.Union([
        Type.Object({ replyToId: NonEmpty, source: Type.Literal('explicit') }, { additionalProperties: false }),
        Type.Object({ replyToId: NonEmpty, source: Type.Literal('implicit'), mode: Type.Union([Type.Literal('first'), Type.Literal('all')]) }, { additionalProperties: false }),
      ])),
      accountId: Type.Optional(Type.String()),
      requesterAccountId: Type.Optional(Type.String()),
      requesterSenderId: Type.Optional(Type.String()),
      agentId: Type.Optional(Type.String()),
      sessionKey: Type.Optional(Type.String()),
      sessionId: Type.Optional(Type.String()),
      inboundTurnKind: Type.Optional(Type.Union([Type.Literal('user_request'), Type.Literal('room_event')])),
      toolContext: Type.Optional(Type.Object({
        currentChannelId: Type.Optional(Type.String()),
        currentMessagingTarget: Type.Optional(Type.String()),
        currentGraphChannelId: Type.Optional(Type.String()),
        currentChannelProvider: Type.Optional(Type.String()),
        currentThreadTs: Type.Optional(Type.String()),
        currentMessageId: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        replyToMode: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('first'), Type.Literal('all'), Type.Literal('batched')])),
        hasRepliedRef: Type.Optional(Type.Object({ value: Type.Boolean() }, { additionalProperties: false })),
        sameChannelThreadRequired: Type.Optional(Type.Boolean()),
        skipCrossContextDecoration: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false })),
      /** The CLI's marks of a direct operator request: every caller of this method here is one. */
      senderIsOwner: Type.Optional(Type.Boolean()),
      conversationReadOrigin: Type.Optional(Type.Literal('direct-operator')),
      idempotencyKey: NonEmpty,
    }, { additionalProperties: false }),
    result: Type.Object({
      channel: Type.String(),
      to: Type.String(),
      via: Type.Literal('direct'),
      deliveryStatus: Type.Literal('sent'),
      result: Type.Object({ channel: Type.String(), messageId: Type.String(), chatId: Type.Optional(Type.String()) }, { additionalProperties: false }),
    }, { additionalProperties: false }),
  },
  'channels.status': {
    params: Type.Object({ probe: Type.Optional(Type.Boolean()), timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })), channel: Type.Optional(NonEmpty) }, { additionalProperties: false }),
    result: Type.Object({
      ts: Type.Integer(),
      channelOrder: Type.Array(Type.String()),
      channelLabels: Type.Record(Type.String(), Type.String()),
      channelDetailLabels: Type.Record(Type.String(), Type.String()),
      channelMeta: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), detailLabel: Type.String() }, { additionalProperties: false })),
      channels: Type.Record(Type.String(), Open),
      channelAccounts: Type.Record(Type.String(), Type.Array(Type.Object({ accountId: Type.String() }, { additionalProperties: true }))),
      channelDefaultAccountId: Type.Record(Type.String(), Type.String()),
      eventLoop: Type.Optional(EventLoopHealth),
    }, { additionalProperties: true }),
  },
  'channels.start': {
    params: Type.Object(ChannelAccount, { additionalProperties: false }),
    result: Type.Object({ channel: Type.String(), accountIds: Type.Array(Type.String()), started: Type.Boolean() }, { additionalProperties: false }),
  },
  'channels.stop': {
    params: Type.Object(ChannelAccount, { additionalProperties: false }),
    result: Type.Object({ channel: Type.String(), accountIds: Type.Array(Type.String()), stopped: Type.Boolean() }, { additionalProperties: false }),
  },
  'channels.logout': {
    params: Type.Object(ChannelAccount, { additionalProperties: false }),
    result: Type.Object({
      channel: Type.String(),
      accounts: Type.Array(Type.Object({ accountId: Type.String(), loggedOut: Type.Boolean() }, { additionalProperties: false })),
    }, { additionalProperties: false }),
  },
  /** The name openclaw-node uses; like `channels.pairing.list` plus each request's `code`. */
  'pairing.list': {
    params: PairingListParams,
    result: pairingListResult(Type.Object({ ...PairingRequestFields, code: NonEmpty }, { additionalProperties: false })),
  },
  'channels.pairing.list': {
    params: PairingListParams,
    result: pairingListResult(Type.Object(PairingRequestFields, { additionalProperties: false })),
  },
  /** Approve by the code the sender was given (CLI, openclaw-node). */
  'pairing.approve': {
    params: Type.Object({ channel: NonEmpty, code: NonEmpty, accountId: Type.Optional(NonEmpty), notify: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    result: PairingApproveResult,
  },
  /** Approve by request id (Control UI, v4 name). */
  'channels.pairing.approve': {
    params: Type.Object({
      channel: NonEmpty, accountId: NonEmpty, requestId: NonEmpty, notify: Type.Optional(Type.Boolean()), bootstrapCommandOwner: Type.Optional(Type.Boolean()),
    }, { additionalProperties: false }),
    result: PairingApproveResult,
  },
} as const
