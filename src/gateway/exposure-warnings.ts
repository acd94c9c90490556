/** What an operator should hear at start when the gateway is reachable from beyond this host. */
import { isLoopbackHost, type GatewaySettings } from '../config/settings.ts'

export function exposureWarnings(settings: GatewaySettings, tlsEnabled: boolean): string[] {
  if (isLoopbackHost(settings.host)) return []
  const warnings: string[] = []
  if (!tlsEnabled) {
    warnings.push(
      `listening on ${settings.host} without TLS: tokens and traffic cross the network in clear text. ` +
        'Prefer an SSH tunnel or Tailscale/VPN, or pass --tls-cert/--tls-key (or set gateway.tls.enabled)',
    )
  }
  if (settings.auth.mode === 'none') warnings.push(`listening on ${settings.host} without gateway auth: anyone who can reach it may connect`)
  return warnings
}
