import { defineMethod } from './define-method.ts'

export const channelsStatus = defineMethod('channels.status', {
  access: 'operator.read',
  handle(params, ctx) {
    // The event loop as of the last health snapshot, as the original adds it here.
    const eventLoop = ctx.health.snapshot().eventLoop
    const status = { ...ctx.channels.status(), ...(eventLoop && { eventLoop }) }
    if (!params.channel) return status
    const only = <T>(rec: Record<string, T>) => (params.channel! in rec ? { [params.channel!]: rec[params.channel!]! } : {})
    return {
      ...status,
      channelOrder: status.channelOrder.filter((c) => c === params.channel),
      channelLabels: only(status.channelLabels),
      channelDetailLabels: only(status.channelDetailLabels),
      channelMeta: status.channelMeta.filter((m) => m.id === params.channel),
      channels: only(status.channels),
      channelAccounts: only(status.channelAccounts),
      channelDefaultAccountId: only(status.channelDefaultAccountId),
    }
  },
})
