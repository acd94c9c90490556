/**
 * Slack accounts from `channels.slack` (+ `SLACK_*` env for the default account). Pure; no SDK.
 * The Web API base is `apiUrl`, else `SLACK_API_URL` (every account: a self-hosted or proxied API), else Slack's.
 */
import type { ChannelsConfig, SlackAccountConfig } from '../../config/channels-schema.ts'
import { DEFAULT_ACCOUNT_ID, resolveAccounts } from '../accounts.ts'
import type { ResolvedAccount } from '../types.ts'

export interface SlackSettings {
  mode: 'socket' | 'http'
  botToken: string
  appToken?: string
  signingSecret?: string
  webhookPath: string
  apiUrl: string
}

const SLACK_API_URL = 'https://slack.com/api/'

export function resolveSlackAccounts(channels: ChannelsConfig, env: Record<string, string | undefined>): ResolvedAccount<SlackSettings>[] {
  return resolveAccounts<SlackAccountConfig, SlackSettings>('slack', channels.slack, (a, accountId) => {
    const fromEnv = accountId === DEFAULT_ACCOUNT_ID
    const botToken = a.botToken ?? (fromEnv ? env.SLACK_BOT_TOKEN : undefined)
    const appToken = a.appToken ?? (fromEnv ? env.SLACK_APP_TOKEN : undefined)
    const signingSecret = a.signingSecret ?? (fromEnv ? env.SLACK_SIGNING_SECRET : undefined)
    // Socket Mode when an app token is there, HTTP Events API otherwise (as the original decides).
    const mode = a.mode ?? (appToken ? 'socket' : 'http')
    let missing: string | undefined
    if (!botToken) missing = 'no bot token (channels.slack.botToken or SLACK_BOT_TOKEN)'
    else if (mode === 'socket' && !appToken) missing = 'Socket Mode needs an app token (channels.slack.appToken or SLACK_APP_TOKEN)'
    else if (mode === 'http' && !signingSecret) missing = 'HTTP mode needs a signing secret (channels.slack.signingSecret or SLACK_SIGNING_SECRET)'
    const apiUrl = (a.apiUrl ?? (env.SLACK_API_URL || SLACK_API_URL)).replace(/\/*$/, '/')
    return {
      settings: {
        mode, botToken: botToken ?? '', appToken, signingSecret, apiUrl,
        webhookPath: a.webhookPath ?? `/slack/events${fromEnv ? '' : `/${accountId}`}`,
      },
      missing,
      groups: a.channels,
    }
  })
}
