import { expect, test } from 'bun:test'
import { resolveSettings } from '../config/settings.ts'
import { exposureWarnings } from './exposure-warnings.ts'

const loaded = { path: 'x.json', exists: false, config: {}, unsupportedKeys: [] }
const settings = (host: string) => resolveSettings(loaded, { token: 't', host }, '/tmp/state', {})

test('loopback is quiet; beyond loopback without TLS or without auth is not', () => {
  expect(exposureWarnings(settings('127.0.0.1'), false)).toEqual([])
  expect(exposureWarnings(settings('0.0.0.0'), false)).toHaveLength(1)
  expect(exposureWarnings(settings('0.0.0.0'), true)).toEqual([])
  const open = { ...settings('0.0.0.0'), auth: { mode: 'none' as const } }
  expect(exposureWarnings(open, true)).toHaveLength(1)
})
