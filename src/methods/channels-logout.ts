import { defineMethod } from './define-method.ts'

export const channelsLogout = defineMethod('channels.logout', {
  access: 'operator.admin',
  async handle({ channel, accountId }, ctx) {
    return { channel, accounts: await ctx.channels.logout(channel, accountId) }
  },
})
