/**
 * WebChat: one static page, embedded in the binary, at `/webchat` and, unless a Control UI build
 * owns the port's root (`gateway.controlUi`), at `/` too. It talks to the gateway over the same
 * WebSocket API as every other client (device identity, chat.history, chat.send, chat events).
 */
import { httpError } from '../http/http-error.ts'
import type { HttpRoute } from '../http/route.ts'
import type { ControlUiHost } from '../control-ui/host.ts'
import bundle from './page.html' with { type: 'text' }

// With `type: 'text'` Bun imports the file as a string; its typings only know HTML imports as bundles.
const page = bundle as unknown as string

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  // Inline script and style are the page's own; nothing may be loaded from anywhere else.
  'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}

const WEBCHAT_PATH = '/webchat'

/** WebChat yields `/` to a Control UI build mounted there. */
export const webchatRoute: HttpRoute<{ controlUi?: Pick<ControlUiHost, 'basePath'> }> = (req, url, rt) => {
  const atRoot = (url.pathname === '/' || url.pathname === '/index.html') && rt.controlUi?.basePath !== ''
  if (!atRoot && url.pathname !== WEBCHAT_PATH && url.pathname !== `${WEBCHAT_PATH}/`) return undefined
  if (req.method !== 'GET' && req.method !== 'HEAD') return httpError(405, 'method not allowed', { headers: { allow: 'GET, HEAD' } })
  return new Response(req.method === 'HEAD' ? null : page, { headers: HEADERS })
}
