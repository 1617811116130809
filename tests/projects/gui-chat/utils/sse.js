// Collects `data:` lines of an SSE stream whose bytes arrive in pieces (a line can be cut anywhere).
function lineReader(onLine) {
  var rest = ''
  return function (text) {
    var lines = (rest + text).split('\n')
    rest = lines.pop()
    lines.forEach(onLine)
  }
}

module.exports = { lineReader: lineReader }
