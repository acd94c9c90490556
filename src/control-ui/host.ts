/**
 * Serves a Control UI build (the original's `dist/control-ui` folder; none ships with this project)
 * under `gateway.controlUi.basePath`, as the original does: files by path, the app shell for the UI's
 * own routes (`/chat/main`, `/settings/...`), hashed `assets/` cached forever, everything else
 * revalidated, precompressed `.br`/`.gz` siblings when the browser takes them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, normalize } from 'node:path'
import { httpError } from '../http/http-error.ts'
import { logger } from '../log.ts'
import { confinePath } from '../platform/confine-path.ts'
import { renderIndex, type RenderedIndex } from './index-html.ts'

const log = logger('control-ui')

export const CONFIG_FILE = 'control-ui-config.json'

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}
const IMMUTABLE = 'public, max-age=31536000, immutable'

// Bun's table lacks these, or names JavaScript differently from the original.
const TYPES: Record<string, string> = {
  js: 'application/javascript; charset=utf-8',
  mjs: 'application/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  svg: 'image/svg+xml',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
}

export interface ControlUiHost {
  /** '' when the UI owns the port's root. */
  readonly basePath: string
  /** The path inside the UI for a request path, or undefined when the request is not the UI's. */
  localPath(pathname: string): string | undefined
  serve(req: Request, localPath: string): Promise<Response>
}

/** Undefined (with a warning saying why) when there is nothing to serve. */
export function createControlUiHost(config: { enabled: boolean; basePath: string; root?: string }): ControlUiHost | undefined {
  if (!config.enabled) return undefined
  if (!config.root) {
    if (config.basePath) log.warn('gateway.controlUi.basePath: no root set, so no Control UI is served; point gateway.controlUi.root at a Control UI build (see README)')
    return undefined
  }
  const root = normalize(config.root).replace(/(.)[\\/]+$/, '$1')
  const indexPath = join(root, 'index.html')
  if (!existsSync(indexPath)) {
    log.warn(`gateway.controlUi.root: ${root} holds no index.html, so no Control UI is served`)
    return undefined
  }
  const basePath = config.basePath
  const index = renderIndex(readFileSync(indexPath, 'utf8'), basePath)
  return {
    basePath,
    localPath(pathname) {
      if (basePath === '') return pathname
      if (pathname === basePath) return '/'
      return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined
    },
    async serve(req, localPath) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return httpError(405, 'method not allowed', { headers: { ...SECURITY_HEADERS, allow: 'GET, HEAD' } })
      }
      const file = resolveFile(root, localPath)
      if (file && localPath !== '/index.html') {
        const found = await serveFile(req, file, localPath.startsWith('/assets/'))
        if (found) return found
      }
      if (localPath === '/' || localPath === '/index.html' || (isAppRoute(localPath) && acceptsHtml(req))) return shell(req, index)
      return httpError(404, 'not found', { headers: SECURITY_HEADERS })
    },
  }
}

/**
 * The existing file a UI path names, by the one confinement rule (no `..`, no escape through a symlink),
 * or undefined; hidden files (`.env`, `.git/`) are never served either.
 */
function resolveFile(root: string, localPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(localPath)
  } catch {
    return undefined
  }
  if (decoded.split('/').some((part) => part.startsWith('.'))) return undefined
  const found = confinePath(root, decoded, 'read')
  return found.ok && found.exists ? found.path : undefined
}

async function serveFile(req: Request, path: string, hashed: boolean): Promise<Response | undefined> {
  const file = Bun.file(path)
  if (!(await file.exists())) return undefined
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': TYPES[ext] ?? file.type,
    'cache-control': hashed ? IMMUTABLE : 'no-cache',
    vary: 'Accept-Encoding',
  }
  const accepted = req.headers.get('accept-encoding') ?? ''
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (!accepted.includes(encoding)) continue
    const packed = Bun.file(path + suffix)
    if (await packed.exists()) return body(req, packed, { ...headers, 'content-encoding': encoding })
  }
  return body(req, file, headers)
}

function body(req: Request, file: Blob, headers: Record<string, string>): Response {
  return new Response(req.method === 'HEAD' ? null : file, { headers: { ...headers, 'content-length': String(file.size) } })
}

function shell(req: Request, index: RenderedIndex): Response {
  return new Response(req.method === 'HEAD' ? null : index.html, {
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': index.csp },
  })
}

/** A UI route is a path whose last segment has no file extension: `/chat/main`, `/settings/models`. */
function isAppRoute(localPath: string): boolean {
  const last = localPath.slice(localPath.lastIndexOf('/') + 1)
  return !last.includes('.')
}

/** Browsers navigating send `text/html` or `*\/*`; an explicit `text/html;q=0` refuses the shell. */
function acceptsHtml(req: Request): boolean {
  const accept = req.headers.get('accept')
  if (!accept) return true
  let html: number | undefined
  let any: number | undefined
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().split(';')
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1)
    if (type === 'text/html') html = q
    else if (type === '*/*' || type === 'text/*') any = Math.max(any ?? 0, q)
  }
  return (html ?? any ?? 0) > 0
}
