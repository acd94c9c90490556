// Assets imported `with { type: 'text' }` so that `bun build --compile` embeds them in the binary.
declare module '*.css' {
  const text: string
  export default text
}
declare module '*/a2ui/a2ui.js' {
  const text: string
  export default text
}
