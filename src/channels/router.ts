/**
 * Inbound → agent → reply. Each message is checked (bot loop, DM access, group gating), waits out the
 * inbound debounce (`messages.inbound`), goes through its session's queue (`messages.queue`) to a
 * turn on its per-sender session key, and the reply goes back to the same chat and thread, split to
 * the provider's limit, with "typing…" shown while the agent works. One turn runs per session at a time.
 */
import { logger } from '../log.ts'
import type { ResolvedRoute, RouteFacts } from '../routing/resolve-route.ts'
import type { ChannelPairingStore } from '../store/channel-pairing-store.ts'
import { checkDmAccess, checkGroupAccess, groupEntry, isFromBot } from './access.ts'
import { acknowledge, type Acknowledgement, type AckSettings, type React, type TurnEnd } from './ack-reaction.ts'
import type { GroupHistory } from './chat-history.ts'
import { deliveryRunId } from './delivery.ts'
import { describeError } from './errors.ts'
import { createInboundDebounce } from './inbound-debounce.ts'
import { createInboundQueue, type QueuedItem, type QueuedTurn } from './inbound-queue.ts'
import { inboundDebounceMs, queueSettings } from './inbound-queue-settings.ts'
import { prepareInbound, type LocateMedia } from './inbound-media.ts'
import type { Heard } from './inbound-voice.ts'
import { mentionsByPattern } from './mention-patterns.ts'
import { preflightVoice, wantsPreflight } from './voice-preflight.ts'
import type { LivePreview } from './live-preview.ts'
import type { ReplyToMode } from '../config/channels-schema.ts'
import type { AudioSettings } from '../config/media-settings.ts'
import type { MessagesConfig } from '../config/schema.ts'
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
  /** Sets (`''`: clears) the provider's status line under a thread (adapters with `threadStatus`). */
  threadStatus?(chatId: string, threadId: string, status: string): Promise<void>
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
  /** `messages.*` in force (the queue and the inbound debounce), read at each message and each drain. */
  messages: () => MessagesConfig
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

/** An admitted message on its way to a turn (through the inbound debounce and the session queue). */
interface Admitted extends QueuedItem {
  target: RouteTarget
  sessionKey: string
  ack: Acknowledgement
  /** Its turn ended, or it was dropped without one (once; the last reactions). */
  finish(end: TurnEnd): void
  heard?: Heard
  /** Kept before a restart and answered now. */
  retry: boolean
}

export function createRouter(deps: RouterDeps) {
  const queue = createInboundQueue<Admitted>({
    settings: (msg) => queueSettings(deps.messages(), msg.provider),
    async run(turn) {
      let outcome: RouteOutcome
      let end: TurnEnd
      const { msg, target } = turn.items[turn.items.length - 1]!
      const status = showThreadStatus(target, msg, turn.queued)
      try {
        end = outcome = await runTurn(turn)
      } catch (err) {
        log.warn(`${msg.provider}/${msg.accountId}: turn for ${turn.sessionKey} failed: ${describeError(err)}`)
        ;[outcome, end] = ['done', 'error']
      } finally {
        void status?.stop()
      }
      // Superseded (`interrupt`): its reply was not sent.
      if (turn.interrupted() && end === 'done') end = 'dropped'
      // The last reactions (a ✅ held a moment) go on in the background: the session's next turn does not wait for them.
      for (const item of [...turn.items, ...turn.riders()]) item.finish(end)
      return outcome
    },
    abort: (turn) => deps.agent()?.abort(turn.sessionKey, deliveryRunId(turn.items[0]!.msg)),
    ready: () => deps.agent() !== undefined,
  })
  const debounce = createInboundDebounce<Admitted>({
    windowMs: (msg) => inboundDebounceMs(deps.messages(), msg.provider),
    flush: (batch) => queue.add(batch[batch.length - 1]!.sessionKey, batch),
  })

  /**
   * One turn for what the queue hands over: the reply goes where the newest message came from; the
   * run is named after the oldest, so a turn cut short by a restart drops its first attempt when that
   * message is answered again.
   */
  async function runTurn(turn: QueuedTurn<Admitted>): Promise<RouteOutcome> {
    const first = turn.items[0]!
    const { msg, target, heard } = turn.items[turn.items.length - 1]!
    // Queued behind a turn the gateway's stop cut short: the agent runtime is gone, so this one is
    // answered after the restart too (nothing is previewed or sent for it now).
    const agent = deps.agent()
    if (!agent) return 'later'
    // Read when the turn starts, not when it was queued: a mention waiting behind another in its chat
    // gets only what the earlier one's reply did not already pass on.
    const context = msg.chat.kind === 'direct' ? { message: turn.text, passedOn: () => {} } : deps.history.withContext(msg, turn.text, target.groupHistoryLimit)
    const typing = target.typing && startTyping(target, msg.chat.id, msg.threadId)
    const where = {
      threadId: msg.threadId,
      replyTo: replyReferences(replyModeOf(target, msg), msg.messageId, turn.queued),
      recipient: { userId: msg.sender.id, ...(msg.chat.teamId && { teamId: msg.chat.teamId }) },
    }
    const preview = await target.preview?.(msg.chat.id, where)
    for (const item of turn.items) item.ack.thinking()
    let reply: { text: string; stopped: boolean }
    let noticeSent = false
    try {
      const { message, attachments, notices } = await prepareInbound(context.message, turn.items.flatMap((i) => i.msg.attachments), target.mediaSource, deps.audio(), heard)
      for (const notice of notices) {
        await target.reply(msg.chat.id, notice, { threadId: msg.threadId }).then(() => void (noticeSent = true), (err) => log.warn(`${msg.provider}/${msg.accountId}: could not send a notice: ${describeError(err)}`))
      }
      // Superseded (`interrupt`) before its run began: nothing to answer.
      if (turn.interrupted()) return (await preview?.abandon(), 'done')
      reply = await agent.runTurn({
        sessionKey: turn.sessionKey, message, channel: msg.provider, accountId: msg.accountId, to: msg.chat.id, runId: deliveryRunId(first.msg), retry: turn.items.some((i) => i.retry),
        senderId: msg.sender.id, senderName: msg.sender.name, threadId: msg.threadId, steer: turn.steer,
        ...(msg.chat.kind === 'direct' && { historyTurns: target.dmHistoryTurns(msg.sender.id) }),
        ...(attachments.length > 0 && { attachments }),
        listener: {
          ...(preview && { onText: (_delta: string, full: string) => preview.text(full) }),
          onToolStart: (name, args) => {
            for (const item of [...turn.items, ...turn.riders()]) item.ack.tool(name)
            preview?.tool(name, args)
          },
        },
      })
    } catch (err) {
      await preview?.abandon()
      throw err
    } finally {
      typing?.stop()
    }
    // Aborted for a newer message (`interrupt`): its partial answer is not sent; the newer one is answered instead.
    if (turn.interrupted()) return (await preview?.abandon(), 'done')
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
    const answered = [...turn.items, ...turn.riders()]
    await Promise.all(answered.map((i) => i.ack.sent()))
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
      // `/stop`, `/new`: what the sender has waiting in the session's queue and the debounce is dropped too.
      if (command?.clearsQueue) {
        queue.clear(key, msg)
        for (const held of debounce.cancel(msg)) held.settle('done')
      }
      if (command && !command.then) return 'done'
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
      return new Promise<RouteOutcome>((resolve) => {
        let finished = false
        const item: Admitted = {
          msg, target, sessionKey: key, ack, heard, retry: opts.recovered === true,
          text: command?.then ?? msg.text, media: msg.attachments.length > 0 || heard !== undefined,
          finish: (end) => void (finished || ((finished = true), ack.finish(end))),
          // Without a turn (a turn's own items are finished by it first): left for a later start, the
          // acknowledgement alone again; dropped from the queue, no reaction at all.
          settle: (outcome) => (item.finish(outcome === 'later' ? 'later' : 'dropped'), resolve(outcome)),
        }
        // What follows a command goes on at once, as the command did.
        if (command) queue.add(key, [item])
        else debounce.add(item)
      })
    },
    /** The gateway is stopping: what waits (debounced or queued) is left in the inbox for the next start. */
    release(): void {
      for (const held of debounce.release()) held.settle('later')
      queue.release()
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
  if (!referenced(mode, queued)) return undefined
  let used = false
  return () => (mode === 'all' || !used ? ((used = true), messageId) : undefined)
}

const referenced = (mode: ReplyToMode, queued: boolean) => mode !== 'off' && (mode !== 'batched' || queued)

/**
 * The status line under the thread the reply goes into (Slack: the question's own thread, or the one
 * its reference opens) while the turn runs: "is typing...", cleared once the reply is out or the turn
 * has failed. Undefined when the reply does not go into a thread or the provider has no such line.
 */
function showThreadStatus(target: RouteTarget, msg: InboundMessage, queued: boolean) {
  const thread = msg.threadId ?? (target.replyStartsThread && referenced(replyModeOf(target, msg), queued) ? msg.messageId : undefined)
  if (!thread || !target.threadStatus) return undefined
  const set = (status: string) => target.threadStatus!(msg.chat.id, thread, status).catch((err) => log.debug(`thread status failed: ${describeError(err)}`))
  void set('is typing...')
  return { stop: () => set('') }
}

function startTyping(target: RouteTarget, chatId: string, threadId: string | undefined) {
  const send = () => void target.typing!(chatId, threadId).catch((err) => log.debug(`typing failed: ${describeError(err)}`))
  send()
  const timer = setInterval(send, TYPING_REFRESH_MS)
  return { stop: () => clearInterval(timer) }
}

