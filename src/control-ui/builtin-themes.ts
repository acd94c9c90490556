/**
 * The Control UI's built-in themes, as `themes.list` names them. The build ships their stylesheets,
 * fonts and artwork (`themes/<id>.css`) and labels them itself; the gateway's catalog says which
 * exist, in the original's order (Claw first: the default). This gateway has no theme plugins and no
 * personal (profile) themes, so these are the whole catalog.
 */
import type { Static } from '@sinclair/typebox'
import type { ThemesMethods } from '../protocol/methods/themes.ts'

type ThemeDescriptor = Static<(typeof ThemesMethods)['themes.list']['result']>['theme']

const both: ThemeDescriptor['modes'] = ['light', 'dark']

export const BUILTIN_THEMES: readonly ThemeDescriptor[] = [
  { id: 'claw', name: 'Claw', description: 'Coral red and teal, Instrument Sans: the default workspace.' },
  { id: 'knot', name: 'Knot', description: 'Crimson accents on black or white, Geist: minimal and high contrast.' },
  { id: 'dash', name: 'Dash', description: 'Caramel on cocoa or cream, DM Sans with Fraunces chat prose.' },
  { id: 'absolutely', name: 'Absolutely', description: 'Terracotta on graphite or cream, Space Grotesk with Lora chat prose.' },
  { id: 'tide', name: 'Tide', description: 'Steel cyan on slate or blue-gray, IBM Plex Sans.' },
  { id: 'beacon', name: 'Beacon', description: 'Amber on black or white with bold focus rings, Atkinson Hyperlegible: for readability.' },
  { id: 'phosphor', name: 'Phosphor', description: 'Green terminal glow, JetBrains Mono throughout.' },
  { id: 'crt', name: 'CRT', description: 'White and amber console on tube black, JetBrains Mono, square corners.' },
  { id: 'manuscript', name: 'Manuscript', description: 'Lapis and gold on aged paper, Lora serif throughout.' },
  { id: 'rose', name: 'Rosé', description: 'Dried rose and gold on plum-gray or cream, DM Sans.' },
  { id: 'miami', name: 'Miami', description: 'Neon magenta and cyan on violet-black or lavender, Space Grotesk.' },
].map((t) => ({ ...t, source: 'builtin' as const, modes: both }))
