import { expect, test } from 'bun:test'
import { fastGatewayRunArgs } from './fast-gateway-run.ts'

test('the daemon start-up argv takes the fast path, read by the same parser as the full CLI', () => {
  expect(fastGatewayRunArgs(['gateway'])).toEqual({})
  expect(fastGatewayRunArgs(['gateway', 'run', '--port=18789', '--bind', 'lan', '--auth', 'password', '--password', 'p=w'])).toMatchObject({
    port: '18789', bind: 'lan', auth: 'password', password: 'p=w',
  })
  expect(fastGatewayRunArgs(['gateway', '--tls-cert', 'c', '--tls-key', 'k'])).toMatchObject({ tlsCert: 'c', tlsKey: 'k' })
  // A value may start with "-": a generated secret sometimes does.
  expect(fastGatewayRunArgs(['gateway', 'run', '--token', '-secret'])?.token).toBe('-secret')
  expect(fastGatewayRunArgs(['gateway', 'run', '--token=-secret'])?.token).toBe('-secret')
})

test('help, version, other verbs and usage errors go through the full CLI, which reports them', () => {
  const REJECTED = [
    [], ['--version'], ['status'], ['gateway', '--help'], ['gateway', 'run', '-h'], ['gateway', '--version'],
    ['gateway', 'call', 'health'], ['gateway', '--port', '1', 'run'], ['gateway', 'run', '--nope', 'x'],
    ['gateway', 'run', '--port', '1', '--port', '2'], ['gateway', 'run', '--token'], ['gateway', 'run', '--token='],
    ['gateway', 'run', '--port', 'abc'], ['gateway', 'run', '--bind', 'moon'], ['gateway', 'run', 'extra'],
  ]
  for (const argv of REJECTED) expect(fastGatewayRunArgs(argv)).toBeUndefined()
})
