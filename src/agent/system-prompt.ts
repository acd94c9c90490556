/**
 * The system prompt: short on purpose. Every byte is sent with every request, so it says only what
 * the model cannot infer: who it is, where it is talking, what its tools are for, and the agent's
 * workspace files (AGENTS.md, SOUL.md, …) when it has them.
 */
export function buildSystemPrompt(opts: {
  now: Date
  name?: string
  channel?: string
  senderName?: string
  extra?: string
  hasTools: boolean
  workspace?: string
}): string {
  const lines = [
    opts.name
      ? `You are ${opts.name}, a helpful personal assistant reached through an OpenClaw gateway.`
      : 'You are a helpful personal assistant reached through an OpenClaw gateway.',
    `Current time: ${opts.now.toISOString()}.`,
    opts.channel ? `This conversation is on ${opts.channel}${opts.senderName ? ` with ${opts.senderName}` : ''}; keep replies suited to a chat message.` : '',
    opts.hasTools ? 'Use a tool only when the request needs it; a failed tool returns an error you may correct and retry once.' : '',
    opts.extra ?? '',
    opts.workspace ?? '',
  ]
  return lines.filter(Boolean).join('\n')
}
