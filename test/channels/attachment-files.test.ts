/**
 * Attachments that the provider's own program stored on this host reach the model like Telegram's:
 * signal-cli's files under its data dir's `attachments/`, and the paths imsg reports under
 * `channels.imessage.attachmentRoots`. A path that leads out of the folder (`..`, a symlink) is
 * never read: the model is told an image was attached, without its bytes.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeImsg, IMSG_ENV } from '../fakes/imsg.ts'
import { PNG_1X1 } from '../fakes/images.ts'
import { RemoteSignalDaemon, SIGNAL_BOT } from '../fakes/signal-daemon.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { imagesOf, lastUserText, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { freePort, putBunOnPath } from '../helpers/exec-path.ts'

const FAKES = join(import.meta.dir, '..', 'fakes')
const PNG_DATA_URL = `data:image/png;base64,${PNG_1X1.toString('base64')}`
let dir: string
let gw: ChannelGateway | undefined
let client: TestClient | undefined

beforeAll(putBunOnPath)
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oc-attachment-files-'))
  // A file outside every attachments folder that a hostile event may try to reach.
  writeFileSync(join(dir, 'secret.png'), PNG_1X1)
})
afterEach(async () => {
  client?.close()
  await gw?.stop()
  gw = client = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe('signal-cli attachment files', () => {
  test('a stored image reaches the model as an image part; `..` and a symlink out of the folder are refused', async () => {
    const configPath = join(dir, 'signal-cli')
    const attachments = join(configPath, 'attachments')
    mkdirSync(attachments, { recursive: true })
    writeFileSync(join(attachments, 'Jx9fKq2.png'), PNG_1X1)
    symlinkSync(join(dir, 'secret.png'), join(attachments, 'leak.png'))
    const port = await freePort()
    gw = await startChannelGateway({
      signal: { account: SIGNAL_BOT, dmPolicy: 'open', allowFrom: ['*'], transport: { kind: 'managed-native', cliPath: join(FAKES, 'fake-signal-cli.ts'), httpPort: port, configPath, startupTimeoutMs: 10_000 } },
    })
    client = await TestClient.connect(gw.url, { token: gw.token })
    await waitForAccount(client, 'signal', (a) => a.connected, 10_000)
    const daemon = new RemoteSignalDaemon(`http://127.0.0.1:${port}`)

    const image = (id: string) => ({ attachments: [{ contentType: 'image/png', filename: 'photo.png', id, size: PNG_1X1.length }] })
    await daemon.push('what is this?', image('Jx9fKq2.png'))
    await daemon.waitFor((i) => i.calls.filter((c) => c.method === 'send').length === 1)
    expect(imagesOf(gw.fake.requests[0]!)).toEqual([PNG_DATA_URL])

    for (const [n, id] of [[2, '../../secret.png'], [3, 'leak.png']] as const) {
      await daemon.push(`and this? ${n}`, image(id))
      await daemon.waitFor((i) => i.calls.filter((c) => c.method === 'send').length === n)
      const request = gw.fake.requests[n - 1]!
      expect(imagesOf(request)).toEqual([])
      expect(lastUserText(request.body)).toContain('[Attached image (photo.png, image/png')
    }
  })
})

describe('imsg attachment paths', () => {
  let imsg: FakeImsg
  beforeEach(() => {
    imsg = new FakeImsg().start()
    process.env[IMSG_ENV] = imsg.controlUrl
  })
  afterEach(() => {
    delete process.env[IMSG_ENV]
    imsg.stop()
  })

  test('an image under attachmentRoots reaches the model as an image part; paths outside the roots are not read', async () => {
    const root = join(dir, 'Messages', 'Attachments')
    mkdirSync(join(root, 'ab', '11'), { recursive: true })
    writeFileSync(join(root, 'ab', '11', 'IMG_0001.png'), PNG_1X1)
    symlinkSync(join(dir, 'secret.png'), join(root, 'ab', 'leak.png'))
    gw = await startChannelGateway({ imessage: { cliPath: join(FAKES, 'fake-imsg.ts'), dmPolicy: 'open', allowFrom: ['*'], includeAttachments: true, attachmentRoots: [root] } })
    client = await TestClient.connect(gw.url, { token: gw.token })
    await imsg.waitForSubscribed(1)
    await waitForAccount(client, 'imessage', (a) => a.connected)
    expect(imsg.recorder.of('watch.subscribe')[0]!.body).toEqual({ attachments: true })

    const photo = (path: string) => ({ filename: path, transfer_name: 'IMG_0001.png', uti: 'public.png', mime_type: 'image/png', total_bytes: PNG_1X1.length, is_sticker: false, original_path: path, missing: false })
    imsg.pushMessage({ text: 'look', attachments: [photo(join(root, 'ab', '11', 'IMG_0001.png'))] })
    await imsg.recorder.waitFor((c) => c.method === 'send')
    expect(imagesOf(gw.fake.requests[0]!)).toEqual([PNG_DATA_URL])

    const hostile = [join(root, '..', '..', 'secret.png'), join(dir, 'secret.png'), join(root, 'ab', 'leak.png')]
    for (const [i, path] of hostile.entries()) {
      imsg.pushMessage({ text: `and this ${i}`, attachments: [photo(path)] })
      await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text.startsWith(`echo: and this ${i}`))
      expect(imagesOf(gw.fake.requests[i + 1]!)).toEqual([])
      expect(lastUserText(gw.fake.requests[i + 1]!.body)).toContain('[Attached image (IMG_0001.png, image/png')
    }
  })
})
