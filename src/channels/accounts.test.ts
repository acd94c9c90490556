import { describe, expect, test } from 'bun:test'
import { resolveAllAccounts } from './registry.ts'

describe('account resolution', () => {
  test('env tokens fill the default account only; named accounts inherit the root policy', () => {
    const accounts = resolveAllAccounts(
      { telegram: { dmPolicy: 'allowlist', allowFrom: [123, 'tg:456'], accounts: { default: {}, alerts: { botToken: 'B', dmPolicy: 'disabled' }, other: {} } } },
      { TELEGRAM_BOT_TOKEN: 'ENV' },
    )
    const byId = Object.fromEntries(accounts.map((a) => [a.accountId, a]))
    expect(byId.default).toMatchObject({ provider: 'telegram', settings: { token: 'ENV', apiRoot: 'https://api.telegram.org' }, policy: { dmPolicy: 'allowlist', allowFrom: ['123', 'tg:456'] } })
    expect(byId.alerts).toMatchObject({ settings: { token: 'B' }, policy: { dmPolicy: 'disabled' } })
    expect(byId.other!.missing).toContain('TELEGRAM_BOT_TOKEN')
  })

  test('defaults: DMs pairing, groups allowlist; open without "*" is refused; apiRoot loses a pasted /bot<TOKEN>', () => {
    const [tg, open] = [
      resolveAllAccounts({ telegram: { botToken: 'T', apiRoot: 'http://127.0.0.1:9/botT/' } }, {})[0]!,
      resolveAllAccounts({ discord: { token: 'D', dmPolicy: 'open', allowFrom: ['1'] } }, {})[0]!,
    ]
    expect(tg.policy).toMatchObject({ dmPolicy: 'pairing', groupPolicy: 'allowlist', allowBots: false })
    expect(tg.settings).toMatchObject({ apiRoot: 'http://127.0.0.1:9' })
    expect(open.missing).toContain('"*"')
  })

  test('reactionLevel "off" turns an account\'s reactions off; "extensive" is warned about (the agent has no reactions of its own here)', () => {
    const [off, extensive] = resolveAllAccounts({ signal: { account: '+1', accounts: { a: { reactionLevel: 'off' }, b: { reactionLevel: 'extensive' } } } }, {})
    expect(off).toMatchObject({ reactionsOff: true })
    expect(off!.warnings).toBeUndefined()
    expect(extensive!.reactionsOff).toBeUndefined()
    expect(extensive!.warnings).toEqual([expect.stringContaining('reactionLevel "extensive"')])
  })

  test('SLACK_API_URL and DISCORD_API_URL point every account at another API unless the account names its own', () => {
    const env = { SLACK_API_URL: 'https://slack.example.com/api', DISCORD_API_URL: 'https://discord.example.com/api/v10/' }
    const [slack, own] = resolveAllAccounts({ slack: { botToken: 'xoxb', appToken: 'xapp', accounts: { a: {}, b: { apiUrl: 'http://127.0.0.1:9/api/' } } } }, env)
    expect(slack!.settings).toMatchObject({ apiUrl: 'https://slack.example.com/api/' })
    expect(own!.settings).toMatchObject({ apiUrl: 'http://127.0.0.1:9/api/' })
    // The original's DISCORD_API_URL carries the version; the SDK adds its own.
    const [discord] = resolveAllAccounts({ discord: { token: 'D' } }, env)
    expect(discord).toMatchObject({ settings: { apiRoot: 'https://discord.example.com/api' }, missing: undefined })
    const [clear] = resolveAllAccounts({ discord: { token: 'D' } }, { DISCORD_API_URL: 'http://discord.example.com/api/v10' })
    expect(clear!.missing).toContain('must be https')
    const [loopback] = resolveAllAccounts({ discord: { token: 'D' } }, { DISCORD_API_URL: 'http://127.0.0.1:8/api/v10' })
    expect(loopback).toMatchObject({ settings: { apiRoot: 'http://127.0.0.1:8/api' }, missing: undefined })
  })

  test('slack picks Socket Mode with an app token and HTTP mode otherwise, and says what is missing', () => {
    const [socket] = resolveAllAccounts({ slack: {} }, { SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp' })
    expect(socket).toMatchObject({ settings: { mode: 'socket', appToken: 'xapp' } })
    expect(socket!.missing).toBeUndefined()
    const [http] = resolveAllAccounts({ slack: { botToken: 'xoxb' } }, {})
    expect(http).toMatchObject({ settings: { mode: 'http', webhookPath: '/slack/events' } })
    expect(http!.missing).toContain('signing secret')
  })

  test('nothing configured, nothing resolved; enabled:false is kept but not enabled', () => {
    expect(resolveAllAccounts({}, { TELEGRAM_BOT_TOKEN: 'x' })).toEqual([])
    expect(resolveAllAccounts({ discord: { token: 'x', enabled: false } }, {})[0]!.enabled).toBe(false)
  })
})
