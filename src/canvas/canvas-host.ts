/** The canvas folder (`<stateDir>/canvas`) and its live-reload watcher, for one running gateway. */
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import welcomePage from './assets/welcome.html' with { type: 'text' }
import { writeConfined } from './canvas-files.ts'
import { createLiveReload, type LiveReload, type LiveReloadLimits } from './live-reload.ts'

export const CANVAS_MOUNT = '/__openclaw__/canvas/'
export const A2UI_MOUNT = '/__openclaw__/a2ui/'

export interface CanvasHost {
  readonly root: string
  readonly liveReload: LiveReload
  close(): void
}

function canvasRoot(stateDir: string): string {
  return join(stateDir, 'canvas')
}

export function createCanvasHost(stateDir: string, limits: LiveReloadLimits): CanvasHost {
  const root = canvasRoot(stateDir)
  if (!existsSync(root)) mkdirSync(root, { recursive: true, mode: 0o755 })
  // A first-time folder gets a page that says what it is; the agent replaces it.
  if (readdirSync(root).length === 0) writeConfined(join(root, 'index.html'), welcomePage as unknown as string)
  const liveReload = createLiveReload(root, limits)
  return { root, liveReload, close: () => liveReload.close() }
}

/** The canvas URL a client should open, built from the Host it used to reach us; https when we serve TLS. */
export function canvasUrlFor(hostHeader: string | null, fallbackHost: string, port: number, secure: boolean): string {
  const host = hostHeader ?? (fallbackHost.includes(':') ? `[${fallbackHost}]:${port}` : `${fallbackHost}:${port}`)
  return `${secure ? 'https' : 'http'}://${host}${CANVAS_MOUNT}`
}
