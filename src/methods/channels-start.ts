import { defineMethod } from './define-method.ts'

export const channelsStart = defineMethod('channels.start', {
  access: 'operator.admin',
  handle({ channel, accountId }, ctx) {
    return { channel, accountIds: ctx.channels.start(channel, accountId), started: true }
  },
})
