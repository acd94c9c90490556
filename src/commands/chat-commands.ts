/**
 * The chat commands every channel and WebChat share, answered by the gateway without a model turn:
 * `/new` and `/reset` (a fresh session; text after the command becomes its first message), `/stop`
 * (abort the session's running turn), `/status`, `/model` (list, or pick this session's model among
 * the configured ones; kept in sqlite), `/help`, `/whoami`. Callers have already decided the sender
 * may talk to the agent.
 */
import type { AgentService } from '../agent/service.ts'
import { assistantIdentity } from '../agent/identity.ts'
import { chooseModel, modelRef } from '../config/agent-settings.ts'
import { configuredModels } from '../config/configured-models.ts'
import type { LiveSettings } from '../config/live-settings.ts'
import { agentIdOf } from '../routing/session-keys.ts'
import type { SessionStateStore } from '../store/session-state-store.ts'
import type { SessionStore } from '../store/session-store.ts'
import { parseCommand, type ParsedCommand } from './parse-command.ts'

export interface CommandContext {
  sessionKey: string
  /** `webchat` for operator clients. */
  channel: string
  accountId?: string
  sender: { id: string; name?: string; username?: string }
}

export interface CommandResult {
  /** What to answer in the chat (absent: nothing, e.g. `/new` followed by a message). */
  reply?: string
  /** Text that goes on to the agent as an ordinary message (what followed `/new` or `/reset`). */
  then?: string
  /** The session's messages still waiting for a turn are dropped (`/stop`, `/new`, `/reset`). */
  clearsQueue?: true
}

const HELP = [
  'Commands:',
  '/new or /reset [message]: start a fresh session (the message becomes its first)',
  '/stop: stop the reply in progress',
  '/status: agent, model, session, tokens and uptime',
  '/model [list | <provider/model> | default]: show or pick this session\'s model',
  '/whoami: your sender id on this channel',
  '/help: this list',
].join('\n')

function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000)
  const d = Math.floor(s / 86_400)
  const h = Math.floor((s % 86_400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s % 60}s` : `${s}s`
}

export function createChatCommands(deps: {
  live: LiveSettings
  agent: AgentService
  sessions: SessionStore
  sessionState: SessionStateStore
  startedAt: number
  version: string
}) {
  function fresh(cmd: ParsedCommand, ctx: CommandContext): CommandResult {
    deps.agent.abort(ctx.sessionKey)
    deps.sessions.reset(ctx.sessionKey)
    deps.sessionState.resetUsage(ctx.sessionKey)
    return cmd.args ? { then: cmd.args, clearsQueue: true } : { reply: 'New session started.', clearsQueue: true }
  }

  function status(ctx: CommandContext): string {
    const settings = deps.live.current.agent
    const profile = settings.agents.find((a) => a.id === agentIdOf(ctx.sessionKey))
    const who = profile ? assistantIdentity(profile) : undefined
    const session = deps.sessions.get(ctx.sessionKey)
    const state = deps.sessionState.get(ctx.sessionKey)
    const messages = session ? deps.sessions.countMessages(session.sessionId) : 0
    return [
      `OpenClaw gateway ${deps.version}`,
      `Agent: ${who ? `${who.emoji ? `${who.emoji} ` : ''}${who.name} (${who.agentId})` : agentIdOf(ctx.sessionKey)}`,
      `Model: ${deps.agent.sessionModel(ctx.sessionKey)}${state.model ? ' (picked with /model)' : ''}`,
      `Session: ${ctx.sessionKey} (${messages} message${messages === 1 ? '' : 's'})`,
      `Tokens: ${state.inputTokens} in, ${state.outputTokens} out`,
      `Uptime: ${formatUptime(Date.now() - deps.startedAt)}`,
    ].join('\n')
  }

  function model(args: string, ctx: CommandContext): string {
    const settings = deps.live.current.agent
    const known = configuredModels(settings, agentIdOf(ctx.sessionKey)).map(modelRef)
    const current = deps.agent.sessionModel(ctx.sessionKey)
    if (!args || args === 'list' || args === 'status') {
      const lines = known.map((m) => `${m === current ? '* ' : '  '}${m}`)
      return [`Model: ${current}`, ...(known.length ? ['Configured:', ...lines, 'Pick one with /model <provider/model>.'] : ['No models are configured.'])].join('\n')
    }
    if (args === 'default') {
      deps.sessionState.setModel(ctx.sessionKey, undefined)
      return `Model: ${deps.agent.sessionModel(ctx.sessionKey)} (the agent's own).`
    }
    const { primary } = chooseModel(args, settings.providers)
    const picked = primary && modelRef(primary)
    if (!picked || !known.includes(picked)) return `Unknown model "${args}". Configured: ${known.join(', ') || 'none'}.`
    deps.sessionState.setModel(ctx.sessionKey, picked)
    return `Model set to ${picked} for this session.`
  }

  function whoami(ctx: CommandContext): string {
    return [
      `Channel: ${ctx.channel}${ctx.accountId ? ` (account ${ctx.accountId})` : ''}`,
      `Your id: ${ctx.sender.id}`,
      ...(ctx.sender.username ? [`Username: @${ctx.sender.username.replace(/^@/, '')}`] : []),
      ...(ctx.sender.name ? [`Name: ${ctx.sender.name}`] : []),
    ].join('\n')
  }

  return {
    /** The command's result, or undefined when `text` is not a command (it goes to the agent as is). */
    handle(text: string, ctx: CommandContext): CommandResult | undefined {
      const cmd = parseCommand(text)
      if (!cmd) return undefined
      switch (cmd.name) {
        case 'new':
        case 'reset':
          return fresh(cmd, ctx)
        case 'stop':
          return { reply: deps.agent.abort(ctx.sessionKey).length > 0 ? 'Stopped.' : 'Nothing is running.', clearsQueue: true }
        case 'status':
          return { reply: status(ctx) }
        case 'model':
          return { reply: model(cmd.args, ctx) }
        case 'help':
          return { reply: HELP }
        case 'whoami':
          return { reply: whoami(ctx) }
      }
    },
  }
}

export type ChatCommands = ReturnType<typeof createChatCommands>
