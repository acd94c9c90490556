/** Liveness, readiness and startup probes on the gateway's own port, for supervisors and load balancers. */
import { httpError } from '../http/http-error.ts'

const PROBES: Record<string, 'live' | 'ready' | 'startup'> = {
  '/health': 'live',
  '/healthz': 'live',
  '/ready': 'ready',
  '/readyz': 'ready',
  '/startup': 'startup',
  '/startupz': 'startup',
}

export function isProbePath(pathname: string): boolean {
  return Object.hasOwn(PROBES, pathname)
}

export function answerProbe(req: Request, pathname: string, state: { version: string; startedAt: number; stopping: boolean }): Response {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return httpError(405, 'method not allowed', { headers: { allow: 'GET, HEAD' } })
  }
  const uptimeMs = Date.now() - state.startedAt
  switch (PROBES[pathname]) {
    case 'live':
      return Response.json({ ok: true, status: 'live' })
    case 'ready':
      return Response.json(
        { ready: !state.stopping, failing: state.stopping ? ['shutdown'] : [], uptimeMs },
        { status: state.stopping ? 503 : 200 },
      )
    default:
      return Response.json({ ok: true, status: 'started', version: state.version, uptimeMs })
  }
}
