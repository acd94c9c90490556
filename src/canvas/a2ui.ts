/** The A2UI host: a page and a small renderer, embedded in the binary and served from memory. */
import page from './a2ui/index.html' with { type: 'text' }
import script from './a2ui/a2ui.js' with { type: 'text' }
import style from './a2ui/a2ui.css' with { type: 'text' }
import { httpError } from '../http/http-error.ts'
import { A2UI_MOUNT } from './canvas-host.ts'

// A Map, not an object literal: `constructor` or `__proto__` must not find Object.prototype's members.
const ASSETS = new Map<string, { body: string; type: string }>([
  ['', { body: page as unknown as string, type: 'text/html; charset=utf-8' }],
  ['index.html', { body: page as unknown as string, type: 'text/html; charset=utf-8' }],
  ['a2ui.js', { body: script, type: 'text/javascript; charset=utf-8' }],
  ['a2ui.css', { body: style, type: 'text/css; charset=utf-8' }],
])

/** Our renderer draws agent-written data: only our own script and style run, whatever that data holds. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src * data:; connect-src 'self'; base-uri 'none'; form-action 'none'"


export function serveA2ui(path: string, url: URL): Response {
  if (path === A2UI_MOUNT.slice(0, -1)) return Response.redirect(`${A2UI_MOUNT}${url.search}`, 301)
  const asset = ASSETS.get(path.slice(A2UI_MOUNT.length))
  if (!asset) return httpError(404, 'not found')
  return new Response(asset.body, {
    headers: { 'content-type': asset.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'content-security-policy': CSP },
  })
}
