import { expect, test } from 'bun:test'
import { parseArgs } from 'citty'
import { runArgs } from './commands/gateway/run-args.ts'
import { fastGatewayRunArgs } from './fast-gateway-run.ts'

const ACCEPTED = [
  ['gateway'],
  ['gateway', 'run'],
  ['gateway', '--port', '0', '--token', 'bench-token'],
  ['gateway', 'run', '--port=18789', '--bind', 'lan', '--auth', 'password', '--password', 'p=w'],
  ['gateway', 'run', '--tls-cert', '/a/cert.pem', '--tls-key=/a/key.pem', '--config', '~/x.json', '--host', '::1'],
]

test('the daemon start-up argv takes the fast path and reads exactly as citty reads it', () => {
  for (const argv of ACCEPTED) {
    const fast = fastGatewayRunArgs(argv)
    expect(fast).toBeDefined()
    const citty = parseArgs(argv.slice(argv[1] === 'run' ? 2 : 1), runArgs)
    for (const key of ['port', 'bind', 'host', 'token', 'password', 'auth', 'tlsCert', 'tlsKey', 'config'] as const) {
      expect(fast![key]).toBe(citty[key])
    }
  }
  expect(fastGatewayRunArgs(['gateway', '--tls-cert', 'c', '--tls-key', 'k'])).toEqual({ tlsCert: 'c', tlsKey: 'k' })
})

test('anything citty might read differently goes through citty', () => {
  const REJECTED = [
    [],
    ['--version'],
    ['status'],
    ['gateway', '--help'],
    ['gateway', 'run', '-h'],
    ['gateway', '--port', '1', '--help'],
    ['gateway', 'call', 'health'],
    ['gateway', '--port', '1', 'run'],
    ['gateway', 'run', '--nope', 'x'],
    ['gateway', 'run', '--port', '1', '--port', '2'],
    ['gateway', 'run', '--tls-cert', 'a', '--tlsCert', 'b'],
    ['gateway', 'run', '--token'],
    ['gateway', 'run', '--token', '--port', '1'],
    ['gateway', 'run', '--token', '-secret'],
    ['gateway', 'run', '--token='],
    ['gateway', 'run', '--no-token'],
    ['gateway', 'run', '-p', '1'],
    ['gateway', 'run', 'extra'],
    ['gateway', 'run', '--move-corrupt-db'],
    ['gateway', 'run', '--move-corrupt-db=false'],
  ]
  for (const argv of REJECTED) expect(fastGatewayRunArgs(argv)).toBeUndefined()
})
