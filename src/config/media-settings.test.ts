import { expect, test } from 'bun:test'
import { resolveAgentSettings } from './agent-settings.ts'
import { ConfigError } from './load-config.ts'
import { resolveMediaSettings } from './media-settings.ts'
import type { GatewayFileConfig } from './schema.ts'
import { resolveSettings } from './settings.ts'

function media(config: GatewayFileConfig, env: Record<string, string> = {}) {
  const problems: string[] = []
  const settings = resolveMediaSettings(config, resolveAgentSettings(config, env).providers, env, problems)
  return { ...settings, problems }
}

test('an audio entry becomes a transcriber at <baseUrl>/audio/transcriptions, with the provider key and the audio defaults', () => {
  const { audio, problems } = media({
    models: { providers: { groq: { baseUrl: 'https://api.groq.com/openai/v1', apiKey: 'gsk-1', models: [] } } },
    tools: { media: { models: [{ provider: 'groq', capabilities: ['audio'] }, { provider: 'openai', model: 'gpt-6', capabilities: ['image'] }], audio: { language: 'de', timeoutSeconds: 5 } } },
  })
  expect(problems).toEqual([])
  expect(audio).toEqual({
    transcribers: [{
      ref: 'groq/whisper-large-v3-turbo', url: 'https://api.groq.com/openai/v1/audio/transcriptions', model: 'whisper-large-v3-turbo',
      headers: { authorization: 'Bearer gsk-1' }, language: 'de', maxBytes: 20 * 1024 * 1024, timeoutMs: 5000,
    }],
    maxBytes: 20 * 1024 * 1024,
    timeoutMs: 5000,
  })
})

test('without entries an OpenAI provider is found; enabled:false and no provider say why nothing transcribes', () => {
  const found = media({}, { OPENAI_API_KEY: 'sk-1' }).audio.transcribers
  expect(found.map((t) => [t.ref, t.url, t.headers.authorization])).toEqual([['openai/gpt-4o-transcribe', 'https://api.openai.com/v1/audio/transcriptions', 'Bearer sk-1']])
  expect(media({ tools: { media: { audio: { enabled: false } } } }, { OPENAI_API_KEY: 'sk-1' }).audio).toMatchObject({ transcribers: [], off: 'disabled' })
  expect(media({ models: { providers: { anthropic: { apiKey: 'k', models: [] } } } }).audio).toMatchObject({ transcribers: [], off: 'unconfigured' })
})

test('preferredModel goes first; the legacy audio.models key is read and warned about; keys that do nothing are warned about', () => {
  const { audio, warnings } = media({
    tools: {
      media: {
        models: [{ provider: 'a', model: 'm1', baseUrl: 'http://127.0.0.1:9/v1', capabilities: ['audio'] }, { type: 'cli', command: 'whisper', args: ['{{AttachmentPath}}'], capabilities: ['audio'] }],
        audio: { preferredModel: 'b/m2', echoFormat: 'x', models: [{ provider: 'b', model: 'm2', baseUrl: 'https://stt.example/v1', profile: 'p' }] },
      },
    },
  })
  expect(audio.transcribers.map((t) => t.ref)).toEqual(['b/m2', 'a/m1'])
  expect(warnings).toEqual([
    'tools.media.audio.echoFormat: ignored while echoTranscript is off',
    'tools.media.audio.models: read as tools.media.models entries tagged "audio"; move them there',
    'tools.media.models[1]: CLI entries are not run by this gateway; only OpenAI-compatible providers transcribe',
    'tools.media.audio.models[0]: auth profiles are not supported; the key comes from models.providers.b.apiKey',
  ])
})

test('a transcriber reached over plain http beyond loopback is refused at load', () => {
  const { problems } = media({ tools: { media: { models: [{ provider: 'lan', model: 'w', baseUrl: 'http://10.0.0.5:8000/v1', capabilities: ['audio'] }] } } })
  expect(problems).toEqual(['tools.media.models[0].baseUrl: must be https (http only to a loopback host): http://10.0.0.5:8000/v1'])
  const loaded = { path: '/tmp/x.json', exists: true, unsupportedKeys: [], config: { tools: { media: { models: [{ provider: 'lan', model: 'w', baseUrl: 'http://10.0.0.5:8000/v1', capabilities: ['audio' as const] }] } } } }
  expect(() => resolveSettings(loaded, { token: 't' }, '/tmp/state', {})).toThrow(ConfigError)
})
