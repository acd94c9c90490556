import { expect, test } from 'bun:test'
import { resolveSignalAccounts } from './accounts.ts'

const settingsOf = (signal: Record<string, unknown>) => resolveSignalAccounts({ signal } as never).map((a) => ({ id: a.accountId, missing: a.missing, ...a.settings }))

test('the default transport is a managed daemon on 127.0.0.1:8080', () => {
  expect(settingsOf({ account: '+15550000000' })[0]).toMatchObject({
    missing: undefined, baseUrl: 'http://127.0.0.1:8080',
    daemon: { cliPath: 'signal-cli', httpHost: '127.0.0.1', httpPort: 8080, startupTimeoutMs: 30_000 },
  })
  expect(settingsOf({})[0]!.missing).toContain('channels.signal.account')
})

test('transport: external needs a URL; a wildcard bind is reached on loopback', () => {
  expect(settingsOf({ transport: { kind: 'external-native', url: 'localhost:9000/' } })[0]).toMatchObject({ missing: undefined, baseUrl: 'http://localhost:9000' })
  expect(settingsOf({ transport: { kind: 'external-native', url: 'http://x' } })[0]!.daemon).toBeUndefined()
  expect(settingsOf({ transport: { kind: 'external-native' } })[0]!.missing).toContain('transport.url')
  expect(settingsOf({ transport: { kind: 'external-native', url: 'ftp://x' } })[0]!.missing).toContain('ftp://x')
  expect(settingsOf({ account: '+1555', transport: { kind: 'managed-native', httpHost: '0.0.0.0', httpPort: 9 } })[0]!.baseUrl).toBe('http://127.0.0.1:9')
  expect(settingsOf({ account: '+1555', transport: { kind: 'managed-native', httpHost: '::', httpPort: 9 } })[0]!.baseUrl).toBe('http://[::1]:9')
})

test('flat keys of earlier configs: httpUrl alone means an external daemon, autoStart a managed one', () => {
  expect(settingsOf({ httpUrl: 'http://10.0.0.2:8080' })[0]).toMatchObject({ missing: undefined, baseUrl: 'http://10.0.0.2:8080' })
  expect(settingsOf({ account: '+1555', cliPath: '/opt/signal-cli', httpPort: 8088 })[0]).toMatchObject({
    baseUrl: 'http://127.0.0.1:8088', daemon: { cliPath: '/opt/signal-cli', httpPort: 8088 },
  })
  expect(settingsOf({ autoStart: false, httpHost: '10.1.1.1', httpPort: 7000 })[0]).toMatchObject({ baseUrl: 'http://10.1.1.1:7000' })
  expect(settingsOf({ httpUrl: 'http://10.0.0.2:8080' })[0]!.daemon).toBeUndefined()
})

test('a named account owns its transport and does not inherit the root one', () => {
  const [work] = settingsOf({
    transport: { kind: 'external-native', url: 'http://root:1' },
    accounts: { work: { account: '+1666', transport: { kind: 'external-native', url: 'http://work:2' } }, home: { account: '+1777' } },
  })
  expect(work).toMatchObject({ id: 'work', baseUrl: 'http://work:2' })
  const home = settingsOf({ transport: { kind: 'external-native', url: 'http://root:1' }, accounts: { home: { account: '+1777' } } })[0]
  expect(home).toMatchObject({ id: 'home', baseUrl: 'http://127.0.0.1:8080', daemon: { cliPath: 'signal-cli' } })
})
