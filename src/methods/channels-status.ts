import { defineMethod } from './define-method.ts'

export const channelsStatus = defineMethod('channels.status', {
  access: 'operator.read',
  handle(params, ctx) {
    const status = ctx.channels.status()
    if (!params.channel) return status
    const only = <T>(rec: Record<string, T>) => (params.channel! in rec ? { [params.channel!]: rec[params.channel!]! } : {})
    return {
      ...status,
      channelOrder: status.channelOrder.filter((c) => c === params.channel),
      channelLabels: only(status.channelLabels),
      channels: only(status.channels),
      channelAccounts: only(status.channelAccounts),
      channelDefaultAccountId: only(status.channelDefaultAccountId),
    }
  },
})
