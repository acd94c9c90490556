/** `send_message`: deliver a message on a chat channel through the gateway's outbound path. */
import { ToolError, stringArg, type AgentTool } from './types.ts'

export const sendMessageTool: AgentTool = {
  alias: 'message',
  spec: {
    name: 'send_message',
    description: 'Send a message to someone on a connected chat channel (telegram, whatsapp, slack, discord, signal, ...).',
    parameters: {
      type: 'object',
      properties: {
        channel: { type: 'string', description: 'Channel id, e.g. "telegram". Optional when only one channel is connected.' },
        to: { type: 'string', description: 'Recipient on that channel (chat id, phone number, user or channel id).' },
        message: { type: 'string', description: 'The text to send.' },
      },
      required: ['to', 'message'],
    },
  },
  async run(args, ctx) {
    const to = stringArg(args, 'to')!
    const message = stringArg(args, 'message')!
    const channel = stringArg(args, 'channel', { optional: true })
    try {
      const sent = await ctx.ports.outbound.send({ channel, to, message })
      return `sent on ${sent.channel} (message id ${sent.messageId})`
    } catch (err) {
      throw new ToolError(`sending failed: ${(err as Error).message}`)
    }
  },
}
