/** DM pairing requests awaiting approval: `pairing.list` (with codes) and its v4 name `channels.pairing.list`. */
import { DM_PAIRING_MAX_PENDING, DM_PAIRING_TTL_MS, type DmPairingRequest } from '../store/channel-pairing-store.ts'
import type { MethodContext } from './context.ts'
import { defineMethod } from './define-method.ts'

const iso = (ms: number) => new Date(ms).toISOString()

function listPairing(params: { channel?: string; accountId?: string }, ctx: MethodContext) {
  const accounts = ctx.channels.pairingAccounts()
    .filter((a) => (!params.channel || a.channel === params.channel) && (!params.accountId || a.accountId === params.accountId))
    .map(({ accountLabel, ...a }) => ({ ...a, ...(accountLabel && { accountLabel }), notifySupported: true }))
  const labels = new Map(accounts.map((a) => [`${a.channel}:${a.accountId}`, a]))
  const requests = ctx.channelPairing.listPending(params).flatMap((r) => {
    const account = labels.get(`${r.channel}:${r.accountId}`)
    return account ? [toPublic(r, account)] : []
  })
  return {
    accounts,
    requests,
    commandOwnerConfigured: false,
    limits: { pendingPerAccount: DM_PAIRING_MAX_PENDING, ttlMs: DM_PAIRING_TTL_MS },
  }
}

function toPublic(r: DmPairingRequest, account: { channelLabel: string; accountLabel?: string }) {
  const metadata = { ...r.meta, ...(r.senderName && { name: r.senderName }) }
  return {
    requestId: r.requestId,
    channel: r.channel,
    channelLabel: account.channelLabel,
    accountId: r.accountId,
    ...(account.accountLabel && { accountLabel: account.accountLabel }),
    senderId: r.senderId,
    senderLabel: `${account.channelLabel} user id`,
    ...(Object.keys(metadata).length > 0 && { metadata }),
    createdAt: iso(r.createdAtMs),
    lastSeenAt: iso(r.lastSeenAtMs),
    expiresAt: iso(r.expiresAtMs),
    notifySupported: true,
    code: r.code,
  }
}

export const pairingList = defineMethod('pairing.list', {
  access: 'operator.pairing',
  handle: (params, ctx) => listPairing(params, ctx),
})

export const channelsPairingList = defineMethod('channels.pairing.list', {
  access: 'operator.pairing',
  handle(params, ctx) {
    const result = listPairing(params, ctx)
    // The v4 shape is closed: the code stays with the sender and the CLI, not the Control UI.
    return { ...result, requests: result.requests.map(({ code: _code, ...r }) => r) }
  },
})
