/**
 * The settings the listener is built from (port, bind, TLS, auth mode): a change to one of them needs a
 * new listener. Until it has one, the gateway keeps its listener and takes the rest of the new config;
 * the config reloader (no in-place restart) and `gateway run`'s failed restart both keep it this one way.
 */
import { isDeepStrictEqual } from 'node:util'
import type { GatewaySettings } from '../config/settings.ts'

/** What about the listener changed, or undefined when the running listener still fits. */
export function listenerChange(a: GatewaySettings, b: GatewaySettings): string | undefined {
  if (a.port !== b.port) return 'gateway.port'
  if (a.host !== b.host || a.bindMode !== b.bindMode) return 'gateway.bind'
  if (!isDeepStrictEqual(a.tls, b.tls)) return 'gateway.tls'
  if (a.auth.mode !== b.auth.mode) return 'gateway.auth.mode'
  return undefined
}

/** `next` with the running listener's shape; a new token or password applies when the auth mode is unchanged. */
export function keepListener(next: GatewaySettings, running: GatewaySettings): GatewaySettings {
  const { port, host, bindMode, tls, auth } = running
  return { ...next, port, host, bindMode, tls, auth: auth.mode === next.auth.mode ? next.auth : auth }
}
