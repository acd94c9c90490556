/**
 * Inbound → agent → reply. Each message is checked (bot loop, DM access, group gating), becomes a turn
 * on its per-sender session key, and the reply goes back to the same chat and thread, split to the
 * provider's limit, with "typing…" shown while the agent works. Turns of one session run in order.
 */
import { logger } from '../log.ts'
import type { ResolvedRoute, RouteFacts } from '../routing/resolve-route.ts'
import type { ChannelPairingStore } from '../store/channel-pairing-store.ts'
import { checkDmAccess, checkGroupAccess, groupEntry, isFromBot } from './access.ts'
import { acknowledge, type Acknowledgement, type AckSettings, type React } from './ack-reaction.ts'
import type { GroupHistory } from './chat-history.ts'
import { deliveryRunId } from './delivery.ts'
import { describeError } from './errors.ts'
import { prepareInbound, type LocateMedia } from './inbound-media.ts'
import type { Heard } from './inbound-voice.ts'
import { mentionsByPattern } from './mention-patterns.ts'
import { preflightVoice, wantsPreflight } from './voice-preflight.ts'
import type { LivePreview } from './live-preview.ts'
import type { ReplyToMode } from '../config/channels-schema.ts'
import type { AudioSettings } from '../config/media-settings.ts'
import type { AccountPolicy, AgentPort, InboundMessage, ReplyToModes } from './types.ts'

const log = logger('channels')

/** Telegram's typing action lasts 5 s and Discord's 10 s; refresh a little before the shorter ends. */
const TYPING_REFRESH_MS = 4000

export interface RouteTarget {
  policy: AccountPolicy
  /** The account a binding without `accountId` means. */
  defaultAccountId: string
  /** Sends `text` to the chat, split and paced, through the account's current connection. */
  reply(chatId: string, text: string, where?: ReplyPlace): Promise<void>
  /** The account is connected now (a reply due while it is not waits for it to come back). */
  connected(): boolean
  typing?(chatId: string, threadId?: string): Promise<void>
  /** A read receipt for an admitted message. */
  read?(msg: InboundMessage): Promise<void>
  /** A live preview for one reply in this chat, when the account streams (`streaming.mode`) and the provider can edit. */
  preview?(chatId: string, where: ReplyPlace): Promise<LivePreview | undefined>
  /** The account's `replyToMode`, and `replyToModeByChatType` where it sets one. */
  replyToMode: ReplyToModes
  /** A reply reference opens a thread on this provider (Slack). */
  replyStartsThread: boolean
  /** Locates an attachment's bytes (adapters with `mediaSource`). */
  mediaSource?: LocateMedia
  /** How many unanswered group messages the next mention carries as context (0 = none). */
  groupHistoryLimit: number
  /** How many earlier user turns of a DM session the model sees (`dmHistoryLimit`), or undefined for all. */
  dmHistoryTurns(senderId: string): number | undefined
  /** What counts as a mention in a group whose turn goes to `agentId`, besides the provider's own. */
  mentionPatterns(agentId: string): RegExp[]
  /** The acknowledgement reaction for a turn of `agentId`, or undefined for none. */
  ack(agentId: string): AckSettings | undefined
  /** Adds or takes back a reaction (adapters with `react`). */
  react?: React
  /** A new reaction replaces the account's last one on a message (the adapter's `reactionReplaces`). */
  reactionReplaces: boolean
}

/** Where a reply goes in its chat: the thread, and for each message sent the message it references (or none). */
interface ReplyPlace {
  threadId?: string
  replyTo?: () => string | undefined
  /** Who the reply answers (Slack's native stream names its recipient outside DMs). */
  recipient?: { userId: string; teamId?: string }
}

export interface RouterDeps {
  pairing: ChannelPairingStore
  agent: () => AgentPort | undefined
  /** Bindings and session scope: which agent answers and in which session. */
  route: (facts: RouteFacts) => ResolvedRoute
  /** Unanswered group messages, kept for the chat's next mention. */
  history: GroupHistory
  /** Keeps an admitted message on disk until it is answered; `keep` is false for one kept before (a redelivery, not answered twice). */
  inbox: { keep(msg: InboundMessage): boolean; durable(): Promise<void>; acknowledged(msg: InboundMessage): void }
  /** How voice notes are transcribed; read at each message, so a config edit acts at the next one. */
  audio: () => AudioSettings
}

export interface RouteOptions {
  /** Told once the message may be confirmed to its provider: it is on disk, or it needs no answer. */
  accepted?: () => void
  /** The message was kept before a restart and is answered now. */
  recovered?: boolean
  /** An earlier attempt at its turn put the acknowledgement on (a recovered message): it is not set again. */
  acknowledged?: boolean
}

function pairingMessage(msg: InboundMessage, code: string): string {
  return [
    'OpenClaw: access not configured.',
    `Your ${msg.provider} user id: ${msg.sender.id}`,
    `Pairing code: ${code}`,
    `Ask the bot owner to approve with:\nopenclaw pairing approve ${msg.provider} ${code}`,
  ].join('\n\n')
}

/** Appended to a reply cut short by `/stop`, so the chat shows it is partial. */
export const STOPPED_MARK = '[stopped]'

/**
 * `done`: nothing is left to do for the message (answered, refused, or its turn failed for good).
 * `later`: it stays in the channel inbox and is answered once the agent and the account are up again:
 * the agent was not ready, the gateway stopped during its turn (or before it began), or the account
 * was down when its reply was due.
 */
export type RouteOutcome = 'done' | 'later'

export function createRouter(deps: RouterDeps) {
  const sessions = new Map<string, Promise<unknown>>()

  async function runTurn(msg: InboundMessage, target: RouteTarget, sessionKey: string, agent: AgentPort, text: string, turn: { queued: boolean; retry: boolean; heard?: Heard }, ack: Acknowledgement): Promise<RouteOutcome> {
    // Queued behind a turn the gateway's stop cut short: the agent runtime is gone, so this one is
    // answered after the restart too (nothing is previewed or sent for it now).
    if (!deps.agent()) return 'later'
    // Read when the turn starts, not when it was queued: a mention waiting behind another in its chat
    // gets only what the earlier one's reply did not already pass on.
    const context = msg.chat.kind === 'direct' ? { message: text, passedOn: () => {} } : deps.history.withContext(msg, text, target.groupHistoryLimit)
    const typing = target.typing && startTyping(target, msg.chat.id, msg.threadId)
    const where = {
      threadId: msg.threadId,
      replyTo: replyReferences(replyModeOf(target, msg), msg.messageId, turn.queued),
      recipient: { userId: msg.sender.id, ...(msg.chat.teamId && { teamId: msg.chat.teamId }) },
    }
    const preview = await target.preview?.(msg.chat.id, where)
    ack.thinking()
    let reply: { text: string; stopped: boolean }
    let noticeSent = false
    try {
      const { message, attachments, notices } = await prepareInbound(context.message, msg.attachments, target.mediaSource, deps.audio(), turn.heard)
      for (const notice of notices) {
        await target.reply(msg.chat.id, notice, { threadId: msg.threadId }).then(() => void (noticeSent = true), (err) => log.warn(`${msg.provider}/${msg.accountId}: could not send a notice: ${describeError(err)}`))
      }
      reply = await agent.runTurn({
        sessionKey, message, channel: msg.provider, accountId: msg.accountId, to: msg.chat.id, runId: deliveryRunId(msg), retry: turn.retry,
        senderId: msg.sender.id, senderName: msg.sender.name, threadId: msg.threadId,
        ...(msg.chat.kind === 'direct' && { historyTurns: target.dmHistoryTurns(msg.sender.id) }),
        ...(attachments.length > 0 && { attachments }),
        listener: {
          ...(preview && { onText: (_delta: string, full: string) => preview.text(full) }),
          onToolStart: (name, args) => (ack.tool(name), preview?.tool(name, args)),
        },
      })
    } catch (err) {
      await preview?.abandon()
      throw err
    } finally {
      typing?.stop()
    }
    // Stopped by the gateway going down, not by the sender's `/stop`: answered in full after the restart.
    // And an account that is down (restarting for a config edit, reconnecting) gets it once it is back.
    // A send that fails once begun is not tried again: it may have arrived, and a reply twice is worse.
    // So once part of the reply is out (a notice, a block reply, a closed preview message), the turn is
    // not run again: the rest goes now (a stopped one with its mark), or, with the account down, not at all.
    const partSent = noticeSent || preview?.sentForGood() === true
    if ((reply.stopped && !deps.agent()) || !target.connected()) {
      if (!partSent) return (await preview?.abandon(), 'later')
      if (!target.connected()) {
        await preview?.abandon()
        log.warn(`${msg.provider}/${msg.accountId}: the account is down and part of the reply to ${msg.messageId} already went out; the rest is not sent`)
        return 'done'
      }
    }
    const answer = reply.stopped && reply.text.trim() ? `${reply.text.trimEnd()} ${STOPPED_MARK}` : reply.text
    const deliver = (part: string) => target.reply(msg.chat.id, part, where)
    await ack.sent()
    if (preview) await preview.finish(answer, deliver)
    else if (answer.trim()) await deliver(answer)
    context.passedOn()
    return 'done'
  }

  return {
    /** Handles one inbound message; resolves when its reply (if any) has been sent, or it waits for a later try. Throws only when a store fails (a full disk). */
    async route(msg: InboundMessage, target: RouteTarget, opts: RouteOptions = {}): Promise<RouteOutcome> {
      const { policy } = target
      const where = `${msg.provider}/${msg.accountId}`
      if (isFromBot(policy, msg)) return 'done'
      const { sessionKey: key, agentId } = deps.route(routeFacts(msg, target))
      let mentioned = msg.mentioned
      /** A group voice note that lacks the mention its group wants: heard before it is judged (voice-preflight.ts). */
      let hearFirst: RegExp[] | undefined
      if (msg.chat.kind === 'direct') {
        const decision = checkDmAccess(policy, deps.pairing, msg)
        if (!decision.allow) {
          if (decision.pairingCode) await target.reply(msg.chat.id, pairingMessage(msg, decision.pairingCode)).catch((err) =>
            log.warn(`${where}: could not send the pairing code: ${describeError(err)}`))
          return 'done'
        }
      } else {
        const patterns = target.mentionPatterns(agentId)
        mentioned ||= mentionsByPattern(msg.text, patterns)
        const decision = checkGroupAccess(policy, msg, mentioned)
        if (decision === 'deny') return 'done'
        if (decision === 'observe') {
          if (groupEntry(policy, msg)?.disableAudioPreflight || !wantsPreflight(msg, deps.audio())) return (deps.history.record(msg, target.groupHistoryLimit), 'done')
          hearFirst = patterns
        }
      }
      if (!msg.text.trim() && msg.attachments.length === 0) return 'done'
      if (!opts.recovered) {
        if (!deps.inbox.keep(msg)) return 'done'
        // Neither the provider (offset, ack) nor the sender (read receipt) hears of it before it is on disk.
        await deps.inbox.durable()
      }
      opts.accepted?.()
      // Kept on disk: told to the provider, answered once the agent is up (gateway start-up, or stopping).
      const agent = deps.agent()
      if (!agent) return (log.info(`${where}: a message arrived while the agent is not ready; it is kept and answered once it is`), 'later')
      let heard: Heard | undefined
      if (hearFirst) {
        const preflight = await preflightVoice(msg, target.mediaSource, deps.audio(), hearFirst)
        if (!preflight.mentioned) return (deps.history.record(msg, target.groupHistoryLimit, preflight.heard.transcript), 'done')
        heard = preflight.heard
        mentioned = true
      }
      void target.read?.(msg).catch((err) => log.debug(`read receipt failed: ${describeError(err)}`))
      // Commands skip the queue (a `/stop` must not wait for the turn it stops) and never reach the model.
      const command = agent.command(msg.text, {
        sessionKey: key, channel: msg.provider, accountId: msg.accountId,
        sender: { id: msg.sender.id, ...(msg.sender.name && { name: msg.sender.name }), ...(msg.sender.username && { username: msg.sender.username }) },
      })
      if (command?.reply) {
        await target.reply(msg.chat.id, command.reply, { threadId: msg.threadId }).catch((err) =>
          log.warn(`${where}: could not answer a command: ${describeError(err)}`))
      }
      if (command && !command.then) return 'done'
      const text = command?.then ?? msg.text
      const ack = acknowledge(target.react, msg, mentioned, target.ack(agentId), {
        replaces: target.reactionReplaces,
        already: opts.acknowledged,
        shown: () => {
          try {
            deps.inbox.acknowledged(msg)
          } catch (err) {
            log.warn(`${where}: could not record the acknowledgement of ${msg.messageId}: ${describeError(err)}`)
          }
        },
      })
      const waiting = sessions.get(key)
      const retry = opts.recovered === true
      const turn = (waiting ?? Promise.resolve()).then(() => runTurn(msg, target, key, agent, text, { queued: waiting !== undefined, retry, heard }, ack)).then((outcome) => {
        // The last reactions (a ✅ held a moment) go on in the background: the session's next turn does not wait for them.
        void ack.finish(outcome)
        return outcome
      }, (err): RouteOutcome => {
        void ack.finish('error')
        log.warn(`${where}: turn for ${key} failed: ${describeError(err)}`)
        return 'done'
      })
      sessions.set(key, turn)
      const outcome = await turn
      if (sessions.get(key) === turn) sessions.delete(key)
      return outcome
    },
  }
}

function routeFacts(msg: InboundMessage, target: RouteTarget): RouteFacts {
  // A group message whose answer opens a thread (Slack with replyToMode first or all) starts that
  // thread's session now, so the question and the thread's later messages share one session. Under
  // `batched` only a queued question is answered in a thread, which is not known yet: it keeps the chat's session.
  const mode = replyModeOf(target, msg)
  const opensThread = !msg.threadId && msg.chat.kind !== 'direct' && target.replyStartsThread && (mode === 'first' || mode === 'all')
  return {
    channel: msg.provider, accountId: msg.accountId, defaultAccountId: target.defaultAccountId, peerKind: msg.chat.kind,
    peerId: msg.chat.kind === 'direct' ? msg.sender.id : msg.chat.id,
    threadId: opensThread ? msg.messageId : msg.threadId, guildId: msg.chat.guildId, teamId: msg.chat.teamId,
  }
}

/** A channel's own `replyToMode` (Slack `channels.<id>`), else the chat kind's, else the account's. */
function replyModeOf(target: RouteTarget, msg: InboundMessage): ReplyToMode {
  const channel = msg.chat.kind === 'direct' ? undefined : target.policy.groups[msg.chat.id]?.replyToMode
  return channel ?? target.replyToMode[msg.chat.kind] ?? target.replyToMode.default
}

/**
 * `first`: only the reply's first message references the question; `all`: every one; `off`: none;
 * `batched`: like `first` for a question that waited behind an earlier turn of its session (its answer
 * comes after other messages, so it says what it answers), none for one answered at once.
 */
function replyReferences(mode: ReplyToMode, messageId: string, queued: boolean): (() => string | undefined) | undefined {
  if (mode === 'off' || (mode === 'batched' && !queued)) return undefined
  let used = false
  return () => (mode === 'all' || !used ? ((used = true), messageId) : undefined)
}

function startTyping(target: RouteTarget, chatId: string, threadId: string | undefined) {
  const send = () => void target.typing!(chatId, threadId).catch((err) => log.debug(`typing failed: ${describeError(err)}`))
  send()
  const timer = setInterval(send, TYPING_REFRESH_MS)
  return { stop: () => clearInterval(timer) }
}

