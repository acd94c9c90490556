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
