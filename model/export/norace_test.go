//go:build !race

package export

// raceEnabled reports whether the race detector is on (it slows the
// biggest tests tenfold).
const raceEnabled = false
