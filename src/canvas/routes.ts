/**
 * The canvas HTTP surface on the gateway's port: `/__openclaw__/canvas/` (the agent-editable folder,
 * GET/HEAD to read, PUT to write), `/__openclaw__/live-reload` (SSE) and `/__openclaw__/a2ui/`
 * (the A2UI host page, embedded in the binary).
 *
 * Everything in the folder is written by the agent, so a prompt injection can put a page there: every
 * file is served with a sandboxing CSP that gives it an opaque origin. Such a page runs its scripts but
 * cannot read this origin's storage (WebChat's token and device key) or call it with its cookies.
 */
import type { ClientAddress } from '../auth/locality.ts'
import { readBounded } from '../http/http-body.ts'
import { httpError } from '../http/http-error.ts'
import type { HttpRoute } from '../http/route.ts'
import { serveA2ui } from './a2ui.ts'
import { A2UI_MOUNT, CANVAS_MOUNT } from './canvas-host.ts'
import { lookupCanvasFile, MAX_CANVAS_UPLOAD_BYTES, writeCanvasFile } from './canvas-files.ts'
import { checkCanvasAccess, type CanvasContext } from './http-auth.ts'
import { injectLiveReload, LIVE_RELOAD_PATH } from './live-reload.ts'

/** No `allow-same-origin`: the page gets an opaque origin. */
const CANVAS_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads'

export const canvasRoute: HttpRoute<CanvasContext> = async (req, url, rt, client) => {
  const path = url.pathname
  const isCanvas = path.startsWith(CANVAS_MOUNT) || path === CANVAS_MOUNT.slice(0, -1)
  if (!isCanvas && path !== LIVE_RELOAD_PATH && !path.startsWith(A2UI_MOUNT) && path !== A2UI_MOUNT.slice(0, -1)) return undefined
  const write = req.method === 'PUT'
  const refused = checkCanvasAccess(req, rt, client, write)
  if (refused) return refused
  if (write && isCanvas) return putCanvasFile(req, path.slice(CANVAS_MOUNT.length), rt.canvas.root)
  if (req.method !== 'GET' && req.method !== 'HEAD') return httpError(405, 'method not allowed', { headers: { allow: isCanvas ? 'GET, HEAD, PUT' : 'GET, HEAD' } })
  if (path === LIVE_RELOAD_PATH) return subscribe(req, rt, client)
  if (!isCanvas) return serveA2ui(path, url)
  if (path === CANVAS_MOUNT.slice(0, -1)) return Response.redirect(`${CANVAS_MOUNT}${url.search}`, 301)
  return getCanvasFile(path.slice(CANVAS_MOUNT.length), url, rt.canvas.root)
}

function subscribe(req: Request, rt: CanvasContext, client: ClientAddress): Response {
  const stream = rt.canvas.liveReload.subscribe(client.ip, req.signal)
  if (!stream) return httpError(429, 'too many live-reload streams')
  return stream
}

async function getCanvasFile(rest: string, url: URL, root: string): Promise<Response> {
  const found = lookupCanvasFile(root, rest)
  switch (found.kind) {
    case 'not-found':
      return httpError(404, 'not found')
    case 'forbidden':
      return httpError(403, `forbidden: ${found.reason}`)
    case 'directory-without-slash':
      return Response.redirect(`${url.pathname}/${url.search}`, 301)
  }
  const file = Bun.file(found.path)
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': CANVAS_CSP }
  // `?raw=1` asks for the file as stored (node hosts reading a page back), without the reload script.
  if (file.type.startsWith('text/html') && url.searchParams.get('raw') !== '1') {
    return new Response(injectLiveReload(await file.text()), { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } })
  }
  return new Response(file, { headers })
}

async function putCanvasFile(req: Request, rest: string, root: string): Promise<Response> {
  const body = await readBounded(req, MAX_CANVAS_UPLOAD_BYTES)
  if (!body) return httpError(413, 'too large')
  const written = writeCanvasFile(root, rest, body)
  if (!written.ok) return httpError(written.status, `refused: ${written.reason}`)
  return Response.json({ ok: true, path: written.path, bytes: body.byteLength })
}
