/** The refusal of a proxied request no client can be attributed to (auth/locality.ts), as the original words it. */
import { httpError } from './http-error.ts'

const GUIDANCE =
  'Set gateway.trustedProxies to the proxy addresses and have the proxy send X-Forwarded-For with the real client address.'

export function proxyAttributionRequired(): Response {
  return httpError(403, `Proxy client attribution is required. ${GUIDANCE}`, { type: 'proxy_attribution_required' })
}
