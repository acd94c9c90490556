import { defineMethod } from './define-method.ts'

export const channelsStatus = defineMethod('channels.status', {
  access: 'operator.read',
  handle(params, ctx) {
    // The event loop as of the last health snapshot, as the original adds it here.
    const eventLoop = ctx.health.snapshot().eventLoop
    const status = { ...ctx.channels.status(), ...(eventLoop && { eventLoop }) }
    const channel = params.channel
    if (!channel) return status
    // Own keys only: `__proto__` or `toString` names no channel.
    const only = <T>(rec: Record<string, T>) => (Object.hasOwn(rec, channel) ? { [channel]: rec[channel]! } : {})
    return {
      ...status,
      channelOrder: status.channelOrder.filter((c) => c === channel),
      channelLabels: only(status.channelLabels),
      channelDetailLabels: only(status.channelDetailLabels),
      channelMeta: status.channelMeta.filter((m) => m.id === channel),
      channels: only(status.channels),
      channelAccounts: only(status.channelAccounts),
      channelDefaultAccountId: only(status.channelDefaultAccountId),
    }
  },
})
