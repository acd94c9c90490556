/**
 * `openclaw channels login whatsapp [--account id]`: asks the running gateway (which owns the one
 * WhatsApp session on this host) to start QR linking, draws each QR in the terminal as it rotates,
 * and returns once the phone has linked. The gateway keeps the session; this command only shows it.
 */
import { defineCommand } from 'citty'
import { renderUnicodeCompact } from 'uqr'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'
import { checkPositiveInteger } from '../../flag-checks.ts'

interface LoginResult {
  connected: boolean
  message: string
  qr?: string
  qrDataUrl?: string
  error?: string
}

// Each wait is shorter than the client's request timeout; the loop carries the overall deadline.
const WAIT_SLICE_MS = 5000

export default defineCommand({
  meta: { name: 'login', description: 'Link a channel account by QR (WhatsApp)' },
  args: {
    channel: { type: 'positional', required: false, description: 'Channel id (default whatsapp)' },
    account: { type: 'string', description: 'Account id (default: the default account)' },
    force: { type: 'boolean', description: 'Drop an existing session and link again' },
    wait: { type: 'string', valueHint: 'seconds', description: 'How long to wait for the scan, in seconds (default 180)', check: checkPositiveInteger },
    ...connectionArgs,
  },
  async run({ args }) {
    const channel = args.channel ?? 'whatsapp'
    const deadline = Date.now() + Number(args.wait ?? 180) * 1000
    const target = { channel, ...(args.account && { accountId: args.account }) }
    const outcome = await withGateway(args, async (client) => {
      let r = (await client.request('web.login.start', { ...target, ...(args.force && { force: true }), timeoutMs: WAIT_SLICE_MS })) as LoginResult
      let shown: string | undefined
      while (!r.connected && Date.now() < deadline) {
        if (r.qr && r.qr !== shown && !args.json) {
          shown = r.qr
          console.log(`\n${renderUnicodeCompact(r.qr, { border: 2 })}\n${r.message}`)
        }
        if (r.error) return r
        r = (await client.request('web.login.wait', { ...target, timeoutMs: WAIT_SLICE_MS, ...(r.qrDataUrl && { currentQrDataUrl: r.qrDataUrl }) })) as LoginResult
      }
      return r
    })
    if (args.json) return printJson(outcome)
    if (!outcome.connected) fail(Date.now() >= deadline ? 'no scan before the deadline; run the command again for a new QR' : outcome.message, EXIT.failed)
    console.log(outcome.message)
  },
})
