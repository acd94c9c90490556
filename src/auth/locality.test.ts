import { describe, expect, test } from 'bun:test'
import { resolveClientAddress } from './locality.ts'

const none = new Headers()
const tailnet = ['100.101.102.103']

describe('resolveClientAddress', () => {
  test('loopback without forwarding headers is local', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', none, [])).toEqual({ ip: '127.0.0.1', locality: 'direct_local', unattributable: false })
  })

  test("the host's own tailnet address is local only when trusted", () => {
    expect(resolveClientAddress('100.101.102.103', none, [], tailnet).locality).toBe('direct_local')
    expect(resolveClientAddress('100.101.102.103', none, []).locality).toBe('remote')
    expect(resolveClientAddress('100.101.102.104', none, [], tailnet).locality).toBe('remote')
  })

  test('forwarding headers make even a trusted tailnet peer remote', () => {
    const headers = new Headers({ 'x-forwarded-for': '192.0.2.1' })
    expect(resolveClientAddress('100.101.102.103', headers, [], tailnet)).toEqual({ ip: '100.101.102.103', locality: 'remote', unattributable: false })
  })

  test('a trusted proxy yields the rightmost untrusted hop', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.9, 192.0.2.5, 10.0.0.2' })
    expect(resolveClientAddress('127.0.0.1', headers, ['127.0.0.1', '10.0.0.2'])).toEqual({ ip: '192.0.2.5', locality: 'remote', unattributable: false })
  })

  test('a trusted proxy naming no client, or naming loopback, leaves the request unattributable', () => {
    const proxies = ['127.0.0.1']
    for (const headers of [{ forwarded: 'for=192.0.2.1' } as Record<string, string>, { 'x-forwarded-for': '127.0.0.1' }, { 'x-forwarded-for': '[::1]' }, { 'x-forwarded-for': '127.0.0.1, 127.0.0.1' }]) {
      expect(resolveClientAddress('127.0.0.1', new Headers(headers), proxies).unattributable).toBe(true)
    }
  })
})
