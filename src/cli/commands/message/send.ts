import { defineCommand } from 'citty'
import { randomUUID } from 'node:crypto'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { UsageError } from '../../usage-error.ts'

export default defineCommand({
  meta: { name: 'send', description: 'Send a message (and media) to a target on a channel' },
  args: {
    channel: { type: 'string', valueHint: 'channel', description: 'Channel, e.g. telegram (default: the only one configured)' },
    target: { type: 'string', alias: 't', required: true, valueHint: 'dest', description: 'Recipient: chat id, @username, E.164 number, channel:<id>, …' },
    message: { type: 'string', alias: 'm', valueHint: 'text', description: 'Message body (required unless --media)' },
    media: { type: 'string', repeatable: true, valueHint: 'url', description: 'Attach media by URL; repeat for several' },
    account: { type: 'string', valueHint: 'id', description: 'Channel account id' },
    'reply-to': { type: 'string', valueHint: 'id', description: 'Reply to this message id' },
    'thread-id': { type: 'string', valueHint: 'id', description: 'Thread id (Telegram forum topic, Slack thread)' },
    silent: { type: 'boolean', description: 'Send without a notification (Telegram, Discord)' },
    'dry-run': { type: 'boolean', description: 'Print the request and send nothing' },
    ...connectionArgs,
  },
  async run({ args }) {
    const media = (args.media as unknown as string[] | undefined) ?? []
    if (!args.message && media.length === 0) throw new UsageError('give --message or --media')
    const params = {
      to: args.target,
      ...(args.message && { message: args.message }),
      ...(media.length > 0 && { mediaUrls: media }),
      ...(args.channel && { channel: args.channel }),
      ...(args.account && { accountId: args.account }),
      ...(args['reply-to'] && { replyToId: args['reply-to'] }),
      ...(args['thread-id'] && { threadId: args['thread-id'] }),
      ...(args.silent && { silent: true }),
      idempotencyKey: randomUUID(),
    }
    if (args['dry-run']) return printJson({ method: 'send', params })
    const result = (await withGateway(args, (c) => c.request('send', params))) as Record<string, string>
    if (args.json) return printJson(result)
    console.log(`Sent on ${result.channel} (message id ${result.messageId})`)
  },
})
