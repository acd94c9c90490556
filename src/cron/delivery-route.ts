/**
 * Where an `announce` job's reply goes, decided the same way for a run and for `cron.list`'s preview.
 * With `channel: "last"` or no channel, a provider-prefixed `to` (`telegram:123`) selects the channel;
 * otherwise the channel is left open and the channel manager picks the single configured one (it refuses
 * when there are several or none). This gateway keeps no last chat route to fall back to.
 */
import { PROVIDER_ORDER } from '../channels/registry.ts'

type Announce = { channel?: string; to?: string }
export type DeliveryRoute = { channel?: string; to: string } | { error: string }

/** The provider a `to` like `telegram:123` names, if it names one. */
function prefixOf(to: string): string | undefined {
  return PROVIDER_ORDER.find((p) => to.startsWith(`${p}:`))
}

export function deliveryRoute(d: Announce): DeliveryRoute {
  if (!d.to) return { error: 'delivery.to is required' }
  const prefixed = prefixOf(d.to)
  const explicit = d.channel && d.channel !== 'last' ? d.channel : undefined
  if (!prefixed) return { channel: explicit, to: d.to }
  if (explicit && explicit !== prefixed) return { error: `delivery.to names ${prefixed}, not delivery.channel ${explicit}` }
  return { channel: prefixed, to: d.to.slice(prefixed.length + 1) }
}
