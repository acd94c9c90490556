/**
 * Chat commands as the gateway reads them (docs/tools/slash-commands.md): a message that is a
 * command (after any leading @mention of the bot) is handled here and never reaches the model. A
 * `/word` we do not handle is ordinary text for the agent. `/status@MyBot` (Telegram's group form)
 * and an optional `:` after the name (`/model: openai/gpt-4.1`) are accepted.
 */
type CommandName = 'new' | 'reset' | 'stop' | 'status' | 'model' | 'help' | 'whoami'

const ALIASES: Record<string, CommandName> = {
  new: 'new', reset: 'reset', stop: 'stop', status: 'status', model: 'model', models: 'model', help: 'help', commands: 'help', whoami: 'whoami', id: 'whoami',
}

/** Leading mentions: `@name` (Telegram, WhatsApp), `<@U123>` / `<@!123>` (Slack, Discord). */
const LEADING_MENTIONS = /^(?:\s*(?:<@!?[\w.-]+>|@[\w.-]+)[,:]?)+\s*/

export interface ParsedCommand {
  name: CommandName
  /** The rest of the message after the command, trimmed ('' when none). */
  args: string
}

export function parseCommand(text: string): ParsedCommand | undefined {
  const body = text.replace(LEADING_MENTIONS, '').trim()
  const m = /^\/([a-z]+)(?:@[\w.-]+)?(?::|(?=\s)|$)\s*([\s\S]*)$/i.exec(body)
  if (!m) return undefined
  const name = ALIASES[m[1]!.toLowerCase()]
  return name ? { name, args: m[2]!.trim() } : undefined
}
