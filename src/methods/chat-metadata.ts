import { defineMethod } from './define-method.ts'

/**
 * The chat composer's model picker and slash-command list. Models are the configured providers'
 * models, the default one tagged `default`; this gateway offers no composer commands.
 */
export const chatMetadata = defineMethod('chat.metadata', {
  access: 'operator.read',
  handle(_p, ctx) {
    const { providers, primary } = ctx.settings.agent
    const models = Object.values(providers).flatMap((provider) =>
      provider.models.map((id) => ({
        id, name: id, provider: provider.id, available: true, reasoning: false,
        tags: primary?.provider.id === provider.id && primary.model === id ? ['default'] : [],
      })),
    )
    return { models, commands: [] }
  },
})
