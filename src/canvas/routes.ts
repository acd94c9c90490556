/**
 * The canvas HTTP surface on the gateway's port: `/__openclaw__/canvas/` (the agent-editable folder,
 * GET/HEAD to read, PUT to write), `/__openclaw__/live-reload` (SSE) and `/__openclaw__/a2ui/`
 * (the A2UI host page, embedded in the binary).
 */
import type { HttpRoute } from '../gateway/http-routes.ts'
import { serveA2ui } from './a2ui.ts'
import { A2UI_MOUNT, CANVAS_MOUNT } from './canvas-host.ts'
import { lookupCanvasFile, MAX_CANVAS_UPLOAD_BYTES, writeCanvasFile } from './canvas-files.ts'
import { needsCanvasAuth } from './http-auth.ts'
import { isBearerAuthorized, unauthorizedResponse } from '../gateway/http-auth.ts'
import { injectLiveReload, LIVE_RELOAD_PATH } from './live-reload.ts'

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })

export const canvasRoute: HttpRoute = async (req, url, rt) => {
  const path = url.pathname
  const isCanvas = path.startsWith(CANVAS_MOUNT) || path === CANVAS_MOUNT.slice(0, -1)
  if (!isCanvas && path !== LIVE_RELOAD_PATH && !path.startsWith(A2UI_MOUNT) && path !== A2UI_MOUNT.slice(0, -1)) return undefined
  const write = req.method === 'PUT'
  if (needsCanvasAuth(rt, write) && !isBearerAuthorized(req, rt)) return unauthorizedResponse()
  if (write && isCanvas) return putCanvasFile(req, path.slice(CANVAS_MOUNT.length), rt.canvas.root)
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'method not allowed', { allow: isCanvas ? 'GET, HEAD, PUT' : 'GET, HEAD' })
  if (path === LIVE_RELOAD_PATH) return rt.canvas.liveReload.subscribe()
  if (!isCanvas) return serveA2ui(path, url)
  if (path === CANVAS_MOUNT.slice(0, -1)) return Response.redirect(`${CANVAS_MOUNT}${url.search}`, 301)
  return getCanvasFile(path.slice(CANVAS_MOUNT.length), url, rt.canvas.root)
}

async function getCanvasFile(rest: string, url: URL, root: string): Promise<Response> {
  const found = lookupCanvasFile(root, rest)
  switch (found.kind) {
    case 'not-found':
      return text(404, 'not found')
    case 'forbidden':
      return text(403, `forbidden: ${found.reason}`)
    case 'directory-without-slash':
      return Response.redirect(`${url.pathname}/${url.search}`, 301)
  }
  const file = Bun.file(found.path)
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }
  // `?raw=1` asks for the file as stored (node hosts reading a page back), without the reload script.
  if (file.type.startsWith('text/html') && url.searchParams.get('raw') !== '1') {
    return new Response(injectLiveReload(await file.text()), { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } })
  }
  return new Response(file, { headers })
}

async function putCanvasFile(req: Request, rest: string, root: string): Promise<Response> {
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > MAX_CANVAS_UPLOAD_BYTES) return text(413, 'too large')
  const body = await readBounded(req, MAX_CANVAS_UPLOAD_BYTES)
  if (!body) return text(413, 'too large')
  const written = writeCanvasFile(root, rest, body)
  if (!written.ok) return text(written.status, `refused: ${written.reason}`)
  return Response.json({ ok: true, path: written.path, bytes: body.byteLength })
}

/** Reads a request body, giving up (null) as soon as it passes `limit`: a chunked upload cannot grow unbounded. */
async function readBounded(req: Request, limit: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of req.body ?? []) {
    total += chunk.byteLength
    if (total > limit) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
