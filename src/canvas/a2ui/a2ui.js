// A small A2UI renderer (surfaceUpdate / dataModelUpdate / beginRendering / deleteSurface messages).
// Messages come from `canvas/a2ui.jsonl` (one JSON message per line; re-read whenever the canvas
// folder changes) or from a native host calling `window.openclawA2UI.apply(messages)`.
// User actions are dispatched as an `a2ui-action` DOM event and posted to a parent frame.
;(() => {
  const SOURCE = '/__openclaw__/canvas/a2ui.jsonl'
  const surfaces = new Map() // surfaceId -> { components: Map, data: {}, root }
  const rootEl = document.getElementById('a2ui-root')

  const surfaceOf = (id) => {
    if (!surfaces.has(id)) surfaces.set(id, { components: new Map(), data: {}, root: null })
    return surfaces.get(id)
  }

  const lookup = (data, path) =>
    String(path || '').split('/').filter(Boolean).reduce((v, k) => (v == null ? undefined : v[k]), data)

  const resolveValue = (value, surface) => {
    if (value == null) return ''
    if (typeof value !== 'object') return String(value)
    if ('literalString' in value) return String(value.literalString)
    if ('literalNumber' in value) return String(value.literalNumber)
    if ('path' in value) return String(lookup(surface.data, value.path) ?? '')
    return ''
  }

  const childIds = (children) => (children && Array.isArray(children.explicitList) ? children.explicitList : [])

  function renderComponent(surfaceId, surface, id, depth) {
    const entry = surface.components.get(id)
    if (!entry || depth > 64) return document.createTextNode('')
    const [type, props] = Object.entries(entry.component || {})[0] || []
    const el = (tag, cls) => Object.assign(document.createElement(tag), { className: cls })
    const children = (parent, ids) => {
      for (const child of ids) parent.appendChild(renderComponent(surfaceId, surface, child, depth + 1))
      return parent
    }
    switch (type) {
      case 'Text': {
        const node = el('p', `a2ui-text a2ui-text-${props.usageHint || 'body'}`)
        node.textContent = resolveValue(props.text, surface)
        return node
      }
      case 'Column':
      case 'List':
        return children(el('div', 'a2ui-column'), childIds(props.children))
      case 'Row':
        return children(el('div', 'a2ui-row'), childIds(props.children))
      case 'Card':
        return children(el('section', 'a2ui-card'), props.child ? [props.child] : childIds(props.children))
      case 'Divider':
        return el('hr', 'a2ui-divider')
      case 'Image': {
        const img = el('img', 'a2ui-image')
        img.src = resolveValue(props.url, surface)
        img.alt = resolveValue(props.altText, surface)
        return img
      }
      case 'Button': {
        const button = children(el('button', 'a2ui-button'), props.child ? [props.child] : [])
        if (!props.child) button.textContent = resolveValue(props.label, surface)
        button.addEventListener('click', () => {
          const action = { surfaceId, sourceComponentId: id, name: props.action && props.action.name, ts: Date.now() }
          document.dispatchEvent(new CustomEvent('a2ui-action', { detail: action }))
          if (window.parent !== window) window.parent.postMessage({ type: 'a2ui-action', action }, '*')
        })
        return button
      }
      default: {
        const node = el('p', 'a2ui-text-caption')
        node.textContent = `[unsupported component ${type}]`
        return node
      }
    }
  }

  function render() {
    rootEl.replaceChildren()
    for (const [id, surface] of surfaces) {
      if (!surface.root) continue
      const container = Object.assign(document.createElement('div'), { className: 'a2ui-surface' })
      container.dataset.surfaceId = id
      container.appendChild(renderComponent(id, surface, surface.root, 0))
      rootEl.appendChild(container)
    }
    if (!rootEl.children.length) rootEl.innerHTML = '<p class="a2ui-empty">Waiting for a surface…</p>'
  }

  function applyOne(message) {
    if (message.surfaceUpdate) {
      const s = surfaceOf(message.surfaceUpdate.surfaceId)
      for (const c of message.surfaceUpdate.components || []) s.components.set(c.id, c)
    } else if (message.dataModelUpdate) {
      const { surfaceId, path, contents } = message.dataModelUpdate
      const s = surfaceOf(surfaceId)
      const keys = String(path || '').split('/').filter(Boolean)
      if (!keys.length) s.data = contents || {}
      else keys.slice(0, -1).reduce((o, k) => (o[k] = o[k] || {}), s.data)[keys.at(-1)] = contents
    } else if (message.beginRendering) {
      surfaceOf(message.beginRendering.surfaceId).root = message.beginRendering.root
    } else if (message.deleteSurface) {
      surfaces.delete(message.deleteSurface.surfaceId)
    }
  }

  function apply(messages) {
    for (const m of [].concat(messages)) if (m && typeof m === 'object') applyOne(m)
    render()
  }

  async function load() {
    const res = await fetch(SOURCE, { cache: 'no-store' }).catch(() => null)
    if (!res || !res.ok) return
    surfaces.clear()
    const lines = (await res.text()).split('\n').filter((l) => l.trim())
    apply(lines.flatMap((l) => { try { return [JSON.parse(l)] } catch { return [] } }))
  }

  window.openclawA2UI = { apply, reset: () => { surfaces.clear(); render() } }
  new EventSource('/__openclaw__/live-reload').addEventListener('reload', load)
  load()
})()
