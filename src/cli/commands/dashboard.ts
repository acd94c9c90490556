/**
 * `openclaw dashboard`: the address of this host's gateway dashboard (the Control UI when
 * `gateway.controlUi.root` is set, WebChat otherwise) with the gateway token in the URL fragment,
 * which the page reads and the browser never sends to a server. `--open` hands it to the desktop's
 * browser opener. A password is never put in the URL.
 */
import { defineCommand } from 'citty'
import { loadConfig } from '../../config/load-config.ts'
import { resolveConfigPath } from '../../config/paths.ts'
import { DEFAULT_PORT } from '../../protocol/index.ts'
import { EXIT } from '../exit-codes.ts'
import { printJson } from '../connection-args.ts'
import { fail } from '../fail.ts'

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]'])

export default defineCommand({
  meta: { name: 'dashboard', description: "Print the dashboard's URL with the gateway token (and open it with --open)" },
  args: {
    open: { type: 'boolean', description: 'Open it in the browser (xdg-open, or open on macOS)' },
    token: { type: 'string', valueHint: 'token', description: 'Gateway token (default $OPENCLAW_GATEWAY_TOKEN or the config file)' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  async run({ args }) {
    const { config } = await loadConfig(resolveConfigPath(undefined, process.env)).catch((err: Error) => fail(err.message, EXIT.config))
    const gw = config.gateway ?? {}
    const port = Number(process.env.OPENCLAW_GATEWAY_PORT ?? gw.port ?? DEFAULT_PORT)
    // A browser on this host reaches every bind through loopback, except a custom bind to one address.
    const host = gw.bind === 'custom' && gw.customBindHost && !WILDCARDS.has(gw.customBindHost) ? gw.customBindHost : '127.0.0.1'
    const shownHost = host.includes(':') ? `[${host}]` : host
    const tls = gw.tls?.enabled === true
    const basePath = gw.controlUi?.root && gw.controlUi.enabled !== false ? (gw.controlUi.basePath ?? '').replace(/\/+$/, '') : ''
    const httpUrl = `${tls ? 'https' : 'http'}://${shownHost}:${port}${basePath}/`
    const passwordMode = gw.auth?.mode === 'password' || (!gw.auth?.token && !!gw.auth?.password && !gw.auth?.mode)
    const token = passwordMode ? undefined : (args.token ?? process.env.OPENCLAW_GATEWAY_TOKEN ?? gw.auth?.token)
    const url = token ? `${httpUrl}#token=${encodeURIComponent(token)}` : httpUrl
    if (args.json) {
      printJson({ ok: true, url, httpUrl, wsUrl: `${tls ? 'wss' : 'ws'}://${shownHost}:${port}`, port, tokenIncluded: Boolean(token) })
    } else {
      console.log(url)
      if (passwordMode) console.log('The gateway uses a password: type it on the login screen (it is never put in a URL).')
    }
    if (args.open) openInBrowser(url)
  },
})

function openInBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open'
  if (!Bun.which(opener)) fail(`no browser opener (${opener}) on this host: open the URL above yourself`, EXIT.failed)
  Bun.spawn([opener, url], { stdout: 'ignore', stderr: 'ignore' }).unref()
}
