import { expect, test } from 'bun:test'
import { moveSecretArgs } from './hide-secret-args.ts'

test('daemon commands move --token and --password values into their environment variables', () => {
  expect(moveSecretArgs(['gateway', 'run', '--port', '0', '--token', 's3cret'])).toEqual({ args: ['gateway', 'run', '--port', '0'], env: { OPENCLAW_GATEWAY_TOKEN: 's3cret' } })
  expect(moveSecretArgs(['gateway', '--password=p=w', '--auth', 'password'])).toEqual({ args: ['gateway', '--auth', 'password'], env: { OPENCLAW_GATEWAY_PASSWORD: 'p=w' } })
  expect(moveSecretArgs(['node', 'run', '--host', 'h', '--token', 't'])).toEqual({ args: ['node', 'run', '--host', 'h'], env: { OPENCLAW_GATEWAY_TOKEN: 't' } })
  expect(moveSecretArgs(['gateway'])).toBeUndefined()
})

test('short-lived commands and malformed flags are left alone', () => {
  expect(moveSecretArgs(['gateway', 'call', 'health', '--token', 't'])).toBeUndefined()
  expect(moveSecretArgs(['status', '--token', 't'])).toBeUndefined()
  expect(moveSecretArgs(['gateway', 'run', '--token'])).toBeUndefined()
  expect(moveSecretArgs(['gateway', 'run', '--token='])).toBeUndefined()
  expect(moveSecretArgs(['gateway', 'run', '--token', 'a', '--token', 'b'])).toBeUndefined()
})

test('a value is the next word whatever it looks like, as the CLI parser reads it', () => {
  expect(moveSecretArgs(['gateway', 'run', '--token', '-kGG8x'])).toEqual({ args: ['gateway', 'run'], env: { OPENCLAW_GATEWAY_TOKEN: '-kGG8x' } })
  expect(moveSecretArgs(['gateway', 'run', '--', '--token', 'x'])).toBeUndefined()
  expect(moveSecretArgs(['gateway', 'run', '--token', '-kGG8'])).toEqual({ args: ['gateway', 'run'], env: { OPENCLAW_GATEWAY_TOKEN: '-kGG8' } })
})
