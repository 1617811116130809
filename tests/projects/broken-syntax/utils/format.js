export function format(text) {
  const parts = text.split('\n')
  return parts.map((p) => {
    return p.trim()
  }}).join(' ')
}
