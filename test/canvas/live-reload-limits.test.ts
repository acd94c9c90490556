/** Finding 5 of issue 12: live-reload streams are capped per address and overall, and end on their own. */
import { afterEach, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
afterEach(() => gw.stop())

const open = () => fetch(`http://127.0.0.1:${gw.port}/__openclaw__/live-reload`)

test('past the cap a stream is refused with 429; closing one frees its slot', async () => {
  gw = await startTestGateway({ limits: { maxLiveReloadStreams: 4 } })
  const streams = await Promise.all([open(), open(), open(), open()])
  expect(streams.map((r) => r.status)).toEqual([200, 200, 200, 200])
  const refused = await open()
  expect(refused.status).toBe(429)
  await streams[0]!.body!.cancel()
  // The slot comes back once the gateway has seen the page leave.
  let again = await open()
  for (let i = 0; i < 100 && again.status === 429; i++) {
    await Bun.sleep(20)
    again = await open()
  }
  expect(again.status).toBe(200)
  for (const r of [...streams.slice(1), again]) await r.body!.cancel()
})

test('a stream ends by itself after its time (the page reconnects)', async () => {
  gw = await startTestGateway({ limits: { liveReloadMaxAgeMs: 300 } })
  const res = await open()
  const reader = res.body!.getReader()
  let done = false
  let text = ''
  while (!done) {
    const chunk = await reader.read()
    done = chunk.done
    if (chunk.value) text += new TextDecoder().decode(chunk.value)
  }
  expect(text).toContain('retry: 1000')
  expect(gw.runtime.canvas.liveReload.size()).toBe(0)
})
