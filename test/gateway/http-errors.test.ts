/** Finding 7 of issue 12: one short HTTP error body, never internals; asset lookups by own keys only. */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
let base: string
beforeAll(async () => {
  gw = await startTestGateway({
    routes: [
      (_req, url) => {
        if (url.pathname === '/test/throws') throw new Error(`boom in ${gw.stateDir}`)
        return undefined
      },
    ],
  })
  base = `http://127.0.0.1:${gw.port}`
})
afterAll(() => gw.stop())

test('a route that throws answers 500 with a short body: no stack, no state-dir path', async () => {
  const res = await fetch(`${base}/test/throws`)
  expect(res.status).toBe(500)
  const body = await res.text()
  expect(JSON.parse(body)).toEqual({ error: { message: 'internal error', type: 'internal_error' } })
  expect(body).not.toContain(gw.stateDir)
})

test('a canvas write below a file is a short 404, not an exception', async () => {
  const res = await fetch(`${base}/__openclaw__/canvas/index.html/foo`, { method: 'PUT', body: 'x', headers: { authorization: `Bearer ${gw.token}` } })
  expect(res.status).toBe(404)
  expect((await res.text()).length).toBeLessThan(200)
})

test("names of Object.prototype's members are not assets or probes", async () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    for (const path of [`/__openclaw__/a2ui/${name}`, `/${name}`]) {
      const res = await fetch(base + path)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { message: 'not found', type: 'not_found' } })
    }
  }
  expect((await fetch(`${base}/__openclaw__/a2ui/a2ui.js`)).status).toBe(200)
})
