/**
 * Each chat SDK is imported only inside its own provider folder, and the rest of src/ reaches a
 * provider's SDK-bearing files only through the registry's dynamic import (so an unconfigured channel
 * costs neither start-up time nor memory).
 */
import { expect, test } from 'bun:test'
import { Glob } from 'bun'
import { join } from 'node:path'

const SRC = join(import.meta.dir, '..')
const SDKS: Record<string, RegExp> = {
  telegram: /^grammy(\/|$)/,
  slack: /^@slack\//,
  discord: /^(discord\.js|@discordjs\/)/,
  whatsapp: /^(@whiskeysockets\/baileys|libsignal)(\/|$)/,
}
/** Providers without an npm SDK (they drive a CLI) are still loaded only when configured. */
const LAZY_PROVIDERS = [...Object.keys(SDKS), 'signal', 'imessage']
const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

async function sources(): Promise<{ path: string; imports: { spec: string; dynamic: boolean }[] }[]> {
  const out = []
  for await (const path of new Glob('**/*.ts').scan(SRC)) {
    const text = await Bun.file(join(SRC, path)).text()
    const imports = [...text.matchAll(IMPORT)].map((m) => ({ spec: (m[1] ?? m[2])!, dynamic: m[2] !== undefined }))
    out.push({ path, imports })
  }
  return out
}

test('an SDK import appears only inside its provider folder', async () => {
  const offenders: string[] = []
  for (const { path, imports } of await sources()) {
    for (const { spec } of imports) {
      for (const [provider, sdk] of Object.entries(SDKS)) {
        if (sdk.test(spec) && !path.startsWith(`channels/${provider}/`)) offenders.push(`${path} imports ${spec}`)
      }
    }
  }
  expect(offenders).toEqual([])
})

test('outside its folder, a provider is loaded only lazily, by the registry', async () => {
  const offenders: string[] = []
  for (const { path, imports } of await sources()) {
    for (const { spec, dynamic } of imports) {
      const provider = LAZY_PROVIDERS.find((p) => new RegExp(`(^|/)${p}/(index|adapter)(\\.ts)?$`).test(spec))
      if (!provider || path.startsWith(`channels/${provider}/`)) continue
      if (!(dynamic && path === 'channels/registry.ts')) offenders.push(`${path} imports ${spec}${dynamic ? ' (dynamic)' : ''}`)
    }
  }
  expect(offenders).toEqual([])
})

test('the walk sees the SDK imports it guards (so the checks above can fail)', async () => {
  const all = (await sources()).flatMap((s) => s.imports.map((i) => i.spec))
  for (const sdk of Object.values(SDKS)) expect(all.some((spec) => sdk.test(spec))).toBe(true)
})
