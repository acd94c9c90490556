import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { approveNode, connectNode, connectOperator } from '../nodes/node-helpers.ts'

let gw: TestGateway
let base: string
let root: string
beforeEach(async () => {
  gw = await startTestGateway()
  base = `http://127.0.0.1:${gw.port}`
  root = join(gw.stateDir, 'canvas')
})
afterEach(() => gw.stop())

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' })
const put = (path: string, body: string, token?: string) =>
  fetch(`${base}${path}`, { method: 'PUT', body, headers: token ? { authorization: `Bearer ${token}` } : {} })

/** An SSE reader: `until(text)` resolves once `text` has arrived, or fails after `ms`. */
function sseReader(res: Response) {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  return {
    async until(match: string, ms = 3000): Promise<string> {
      const deadline = Date.now() + ms
      while (!text.includes(match)) {
        if (Date.now() > deadline) throw new Error(`no "${match}" in ${JSON.stringify(text)}`)
        const chunk = await Promise.race([reader.read(), Bun.sleep(Math.max(0, deadline - Date.now())).then(() => null)])
        if (chunk && !chunk.done) text += decoder.decode(chunk.value)
      }
      return text
    },
    close: () => reader.cancel(),
  }
}

describe('the canvas folder', () => {
  test('serves HTML with the live-reload script injected, other files as they are', async () => {
    writeFileSync(join(root, 'page.html'), '<html><body><h1>hi</h1></body></html>')
    writeFileSync(join(root, 'app.css'), 'h1{color:red}')
    const page = await get('/__openclaw__/canvas/page.html')
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toMatch(/<h1>hi<\/h1><script>.*EventSource\("\/__openclaw__\/live-reload"\).*<\/script><\/body>/)
    expect(await (await get('/__openclaw__/canvas/app.css')).text()).toBe('h1{color:red}')
    // Agent-written files run in an opaque origin: the sandbox without allow-same-origin.
    for (const path of ['page.html', 'page.html?raw=1', 'app.css']) {
      const csp = (await get(`/__openclaw__/canvas/${path}`)).headers.get('content-security-policy')!
      expect(csp).toStartWith('sandbox ')
      expect(csp).not.toContain('allow-same-origin')
    }
    expect((await get('/__openclaw__/canvas/')).status).toBe(200) // the welcome page
  })

  test('refuses traversal, NUL bytes and symlinks that leave the folder', async () => {
    for (const path of ['%2e%2e/%2e%2e/etc/passwd', '..%2f..%2fetc%2fpasswd', 'a%00b', '..%5c..%5cetc', 'nope.html']) {
      expect((await get(`/__openclaw__/canvas/${path}`)).status).toBe(404)
    }
    symlinkSync('/etc', join(root, 'etc'))
    expect((await get('/__openclaw__/canvas/etc/hostname')).status).toBe(403)
    symlinkSync('page.html', join(root, 'inside-link.html'))
    writeFileSync(join(root, 'page.html'), 'ok')
    expect((await get('/__openclaw__/canvas/inside-link.html')).status).toBe(200)
  })

  test('refuses absurdly large files', async () => {
    writeFileSync(join(root, 'huge.bin'), '')
    truncateSync(join(root, 'huge.bin'), 64 * 1024 * 1024) // sparse: no real disk used
    expect((await get('/__openclaw__/canvas/huge.bin')).status).toBe(403)
  })

  test('redirects a folder without its slash', async () => {
    mkdirSync(join(root, 'docs'))
    writeFileSync(join(root, 'docs', 'index.html'), 'docs')
    const res = await get('/__openclaw__/canvas/docs')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/__openclaw__/canvas/docs/')
  })
})

describe('writing through the gateway', () => {
  test('needs the gateway token or a device token, and never writes through a symlink', async () => {
    expect((await put('/__openclaw__/canvas/a.txt', 'x')).status).toBe(401)
    expect((await put('/__openclaw__/canvas/a.txt', 'x', 'wrong')).status).toBe(401)
    expect((await put('/__openclaw__/canvas/dir/a.txt', 'from token', gw.token)).status).toBe(200)
    expect(await (await get('/__openclaw__/canvas/dir/a.txt')).text()).toBe('from token')

    const admin = await connectOperator(gw)
    const node = await connectNode(gw)
    await approveNode(admin, node)
    expect((await put('/__openclaw__/canvas/dir/a.txt', 'from node', node.client.hello!.auth.deviceToken)).status).toBe(200)

    symlinkSync('/tmp', join(root, 'out'))
    expect((await put('/__openclaw__/canvas/out/evil.txt', 'x', gw.token)).status).toBe(403)
    expect((await put('/__openclaw__/canvas/%2e%2e/evil.txt', 'x', gw.token)).status).toBe(404)
  })

  test('refuses an upload over 5 MiB', async () => {
    expect((await put('/__openclaw__/canvas/big.txt', 'x'.repeat(5 * 1024 * 1024 + 1), gw.token)).status).toBe(413)
  })
})

describe('live reload', () => {
  test('a client of the page hears a reload when a file changes', async () => {
    writeFileSync(join(root, 'page.html'), '<body>v1</body>')
    const html = await (await get('/__openclaw__/canvas/page.html')).text()
    // Follow the page's own script to its event source, as a browser would.
    const source = html.match(/EventSource\("([^"]+)"\)/)![1]!
    const events = await fetch(`${base}${source}`)
    expect(events.headers.get('content-type')).toBe('text/event-stream')
    const stream = sseReader(events)
    await stream.until(': connected')
    writeFileSync(join(root, 'page.html'), '<body>v2</body>')
    const text = await stream.until('event: reload')
    expect(text).toMatch(/event: reload\ndata: \{"paths":\[[^\]]*"page.html"/)
    await stream.close()
  })
})

describe('beyond loopback', () => {
  test('reading needs a bearer token too', async () => {
    // Pretend the gateway is bound to a LAN address without binding one: the rule reads the setting.
    ;(gw.runtime.services.settings as { host: string }).host = '192.0.2.10'
    expect((await get('/__openclaw__/canvas/')).status).toBe(401)
    expect((await get('/__openclaw__/a2ui/')).status).toBe(401)
    expect((await get('/__openclaw__/live-reload')).status).toBe(401)
    expect((await get('/__openclaw__/canvas/', { authorization: `Bearer ${gw.token}` })).status).toBe(200)
  })
})

describe('A2UI host and hello-ok', () => {
  test('serves the embedded A2UI page and renderer', async () => {
    const page = await (await get('/__openclaw__/a2ui/')).text()
    expect(page).toContain('<script src="a2ui.js"></script>')
    const js = await get('/__openclaw__/a2ui/a2ui.js')
    expect(js.headers.get('content-type')).toContain('javascript')
    expect(await js.text()).toContain('beginRendering')
    expect((await get('/__openclaw__/a2ui/nope.js')).status).toBe(404)
  })

  test('advertises the canvas URL: pluginSurfaceUrls for v4, canvasHostUrl for protocol-3 nodes', async () => {
    const op = await TestClient.connect(gw.url, { token: gw.token })
    expect(op.hello!.pluginSurfaceUrls).toEqual({ canvas: `http://127.0.0.1:${gw.port}/__openclaw__/canvas/` })
    const legacy = await TestClient.connect(gw.url, {
      token: gw.token, clientId: 'node-host', clientMode: 'node', role: 'node', scopes: [], device: createDeviceIdentity(), minProtocol: 3, maxProtocol: 3,
    })
    expect(legacy.hello!.canvasHostUrl).toBe(`http://127.0.0.1:${gw.port}/__openclaw__/canvas/`)
    expect(legacy.hello!.pluginSurfaceUrls).toBeUndefined()
  })
})
