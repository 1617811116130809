const pad = (n) => (n < 10 ? '0' + n : '' + n)

export function formatTime(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`
}
