import { defineMethod } from './define-method.ts'

export const channelsStop = defineMethod('channels.stop', {
  access: 'operator.admin',
  async handle({ channel, accountId }, ctx) {
    return { channel, accountIds: await ctx.channels.stop(channel, accountId), stopped: true }
  },
})
