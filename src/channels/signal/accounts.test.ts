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

test('named managed accounts without a port each get their own, skipping the ports others name', () => {
  const accounts = resolveSignalAccounts({ signal: {
    accounts: {
      a: { account: '+1001' },
      b: { account: '+1002', transport: { kind: 'managed-native', httpPort: 8081 } },
      c: { account: '+1003' },
      d: { account: '+1004', transport: { kind: 'external-native', url: 'http://127.0.0.1:8082' } },
      e: { account: '+1005' },
    },
  } } as never)
  expect(accounts.map((a) => [a.accountId, a.settings.baseUrl, a.missing])).toEqual([
    ['a', 'http://127.0.0.1:8080', undefined],
    ['b', 'http://127.0.0.1:8081', undefined],
    ['c', 'http://127.0.0.1:8083', undefined],
    ['d', 'http://127.0.0.1:8082', undefined],
    ['e', 'http://127.0.0.1:8084', undefined],
  ])
})

test('two managed accounts naming one daemon address: the later is refused at load, and says whose it is', () => {
  const [first, second, elsewhere] = resolveSignalAccounts({ signal: {
    accounts: {
      work: { account: '+1001', transport: { kind: 'managed-native', httpPort: 9100 } },
      home: { account: '+1002', transport: { kind: 'managed-native', httpHost: '0.0.0.0', httpPort: 9100 } },
      lab: { account: '+1003', transport: { kind: 'managed-native', httpHost: '127.0.0.2', httpPort: 9101 } },
    },
  } } as never)
  expect(first!.missing).toBeUndefined()
  expect(second!.missing).toContain('account "work"\'s too')
  expect(second!.warnings).toEqual([`refused: ${second!.missing}`])
  expect(elsewhere!.missing).toBeUndefined()
})

test('keys the transport never reads are warned about; ignoreAttachments acts for every transport', () => {
  const [external] = resolveSignalAccounts({ signal: {
    account: '+1001', ignoreAttachments: true, cliPath: '/opt/signal-cli',
    transport: { kind: 'external-native', url: 'http://127.0.0.1:9000', receiveMode: 'manual', ignoreStories: true, cliPath: '/usr/bin/signal-cli' },
  } } as never)
  expect(external!.settings.ignoreAttachments).toBe(true)
  expect(external!.warnings).toEqual([
    '"cliPath" is ignored: "transport" is set, and it takes the place of the flat transport keys',
    '"cliPath" is ignored: it applies to a daemon the gateway starts (managed-native), not to the external one at http://127.0.0.1:9000',
    '"receiveMode" is ignored: it applies to a daemon the gateway starts (managed-native), not to the external one at http://127.0.0.1:9000',
    '"ignoreStories" is ignored: it applies to a daemon the gateway starts (managed-native), not to the external one at http://127.0.0.1:9000',
  ])
  const [legacy] = resolveSignalAccounts({ signal: { account: '+1001', httpUrl: 'http://10.0.0.2:8080', receiveMode: 'on-start' } } as never)
  expect(legacy!.warnings).toEqual(['"receiveMode" is ignored: it applies to a daemon the gateway starts (managed-native), not to the external one at http://10.0.0.2:8080'])
  expect(resolveSignalAccounts({ signal: { account: '+1001', transport: { kind: 'managed-native', receiveMode: 'manual' } } } as never)[0]!.warnings).toBeUndefined()
})

test('a flat httpPort named accounts inherit from the root is where each one\'s free port is sought', () => {
  const accounts = resolveSignalAccounts({ signal: { cliPath: '/opt/signal-cli', httpPort: 8090, accounts: { a: { account: '+1001' }, b: { account: '+1002' } } } } as never)
  expect(accounts.map((a) => [a.settings.baseUrl, a.missing])).toEqual([['http://127.0.0.1:8090', undefined], ['http://127.0.0.1:8091', undefined]])
})

test('an external account pointed at another account\'s managed daemon is refused: that daemon sends only from its own number', () => {
  const [managed, external] = resolveSignalAccounts({ signal: { accounts: {
    work: { account: '+1001', transport: { kind: 'managed-native', httpPort: 9200 } },
    home: { account: '+1002', transport: { kind: 'external-native', url: 'http://localhost:9200' } },
  } } } as never)
  expect(managed!.missing).toBeUndefined()
  expect(external!.missing).toBe('transport.url http://localhost:9200 is the daemon the gateway starts for account "work" (+1001), which sends only from that number')
})
