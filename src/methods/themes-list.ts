/**
 * `themes.list`: the built-in catalog and the gateway's selection, `ui.prefs.theme`/`themeMode` as the
 * Control UI last saved them (no profiles here, so no per-person overrides). A theme id not in the
 * catalog (`custom`, a browser's own import) renders as Claw and is named as `requestedId`.
 */
import { BUILTIN_THEMES } from '../control-ui/builtin-themes.ts'
import type { UiConfig } from '../config/schema.ts'
import { defineMethod } from './define-method.ts'

export const themesList = defineMethod('themes.list', {
  access: 'operator.read',
  handle(_params, ctx) {
    const prefs = (ctx.config.applied().config.ui as UiConfig | undefined)?.prefs
    const requestedId = prefs?.theme ?? BUILTIN_THEMES[0]!.id
    const theme = BUILTIN_THEMES.find((t) => t.id === requestedId) ?? BUILTIN_THEMES[0]!
    const mode = prefs?.themeMode ?? 'system'
    return {
      current: {
        id: theme.id, mode, ...(mode !== 'system' && { effectiveMode: mode }), scope: 'gateway' as const, overrides: {},
        ...(theme.id !== requestedId && { requestedId }),
      },
      theme,
      themes: [...BUILTIN_THEMES],
    }
  },
})
