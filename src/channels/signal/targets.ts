/**
 * Signal delivery targets, in the original's grammar: `+15551234567` (optionally `signal:`-prefixed),
 * `uuid:<id>` or a bare UUID, `username:<name>`, and `group:<id>`. A chat id the gateway hands out
 * (a number, `uuid:<id>`, or a base64 group id) is also a valid target.
 */
import { GatewayError } from '../../protocol/index.ts'

type SignalTarget = { recipient: string[]; chatId: string } | { groupId: string; chatId: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function parseSignalTarget(to: string): SignalTarget {
  const t = to.trim().replace(/^signal:/i, '')
  const prefixed = t.match(/^(group|uuid|username|u):(.+)$/i)
  if (prefixed) {
    const [, kind, rest] = prefixed
    const value = rest!.trim()
    switch (kind!.toLowerCase()) {
      case 'group':
        return { groupId: value, chatId: value }
      case 'uuid':
        return { recipient: [value], chatId: `uuid:${value}` }
      default:
        return { recipient: [`u:${value}`], chatId: `username:${value}` }
    }
  }
  if (/^\+\d{5,}$/.test(t)) return { recipient: [t], chatId: t }
  if (UUID.test(t)) return { recipient: [t], chatId: `uuid:${t}` }
  // signal-cli's group ids are base64; anything else would only fail at the daemon less clearly.
  if (/^[A-Za-z0-9+/]{16,}={0,2}$/.test(t)) return { groupId: t, chatId: t }
  throw new GatewayError('INVALID_REQUEST', `not a Signal target: ${to} (use +<number>, uuid:<id>, username:<name> or group:<id>)`, { code: 'INVALID_TARGET', channel: 'signal' })
}
