/**
 * Provider name → account resolver (pure, always loaded) and adapter factory (loaded on first use), so
 * an SDK is imported only when its channel is configured. Adding a provider = one folder + one entry.
 */
import type { ChannelsConfig } from '../config/channels-schema.ts'
import { resolveStateDir } from '../config/paths.ts'
import { resolveDiscordAccounts } from './discord/accounts.ts'
import { resolveIMessageAccounts } from './imessage/accounts.ts'
import { resolveSignalAccounts } from './signal/accounts.ts'
import { resolveSlackAccounts } from './slack/accounts.ts'
import { resolveTelegramAccounts } from './telegram/accounts.ts'
import { resolveWhatsAppAccounts } from './whatsapp/accounts.ts'
import type { ChannelFactory, Provider, ResolvedAccount } from './types.ts'

type Env = Record<string, string | undefined>

interface ProviderEntry {
  label: string
  /** The longer name the Control UI shows beside the label: how this gateway talks to the service. */
  detailLabel: string
  resolve(channels: ChannelsConfig, env: Env, stateDir: string): ResolvedAccount[]
  load(): Promise<ChannelFactory<any>>
}

export const PROVIDERS: Record<Provider, ProviderEntry> = {
  telegram: {
    label: 'Telegram',
    detailLabel: 'Telegram Bot',
    resolve: resolveTelegramAccounts,
    load: () => import('./telegram/index.ts').then((m) => m.createTelegramChannel),
  },
  slack: {
    label: 'Slack',
    detailLabel: 'Slack Bot',
    resolve: resolveSlackAccounts,
    load: () => import('./slack/index.ts').then((m) => m.createSlackChannel),
  },
  discord: {
    label: 'Discord',
    detailLabel: 'Discord Bot',
    resolve: resolveDiscordAccounts,
    load: () => import('./discord/index.ts').then((m) => m.createDiscordChannel),
  },
  whatsapp: {
    label: 'WhatsApp',
    detailLabel: 'WhatsApp Web',
    resolve: resolveWhatsAppAccounts,
    load: () => import('./whatsapp/index.ts').then((m) => m.createWhatsAppChannel),
  },
  signal: {
    label: 'Signal',
    detailLabel: 'signal-cli',
    resolve: resolveSignalAccounts,
    load: () => import('./signal/index.ts').then((m) => m.createSignalChannel),
  },
  imessage: {
    label: 'iMessage',
    detailLabel: 'iMessage (imsg)',
    resolve: resolveIMessageAccounts,
    load: () => import('./imessage/index.ts').then((m) => m.createIMessageChannel),
  },
}

export const PROVIDER_ORDER = Object.keys(PROVIDERS) as Provider[]

export const isProvider = (name: string): name is Provider => Object.hasOwn(PROVIDERS, name)

/** Every configured account of every provider, in provider order. */
export function resolveAllAccounts(channels: ChannelsConfig, env: Env, stateDir = resolveStateDir(env)): ResolvedAccount[] {
  return PROVIDER_ORDER.flatMap((p) => PROVIDERS[p].resolve(channels, env, stateDir))
}
