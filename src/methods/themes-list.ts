/** `themes.list`: the built-in catalog; with no profiles here, the selection is the gateway default. */
import { BUILTIN_THEMES } from '../control-ui/builtin-themes.ts'
import { defineMethod } from './define-method.ts'

export const themesList = defineMethod('themes.list', {
  access: 'operator.read',
  handle: () => ({
    current: { id: BUILTIN_THEMES[0]!.id, mode: 'system' as const, scope: 'gateway' as const, overrides: {} },
    theme: BUILTIN_THEMES[0]!,
    themes: [...BUILTIN_THEMES],
  }),
})
