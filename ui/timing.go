package ui

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// timingEnv is the environment variable that turns on UI-thread timing.
const timingEnv = "PKLX_DEBUG_TIMING"

// stallThreshold is how long a UI-thread callback may run before the
// timing log reports it on its own line.
const stallThreshold = 16 * time.Millisecond

// timing measures how long work holds the UI thread: every callback the
// window runs through timed (tree callbacks, event handlers, fyne.Do
// hand-offs), and a heartbeat that measures how late a fyne.Do round trip
// runs, which also catches time spent in Fyne's own layout and painting.
// It is enabled by PKLX_DEBUG_TIMING=1; a nil *timing does nothing.
type timing struct {
	mu    sync.Mutex
	start time.Time // when timing began: log lines say how long after
	out   io.Writer
	max   map[string]time.Duration
	n     map[string]int
}

func newTiming(out io.Writer) *timing {
	return &timing{start: time.Now(), out: out, max: map[string]time.Duration{}, n: map[string]int{}}
}

// record notes that name held the UI thread for d.
func (t *timing) record(name string, d time.Duration) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n[name]++
	if d > t.max[name] {
		t.max[name] = d
	}
	if d >= stallThreshold {
		fmt.Fprintf(t.out, "pklx timing: %s took %.1f ms [at %s]\n", name, float64(d)/float64(time.Millisecond), t.since())
	}
}

// mark writes a line to the timing log (an action about to start), so the
// figures that follow can be attributed to it.
func (t *timing) mark(format string, args ...any) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.out, "pklx timing: -- "+format+" [at %s]\n", append(args, t.since())...)
}

// since is the time from the start of timing to now, in milliseconds.
func (t *timing) since() string {
	return fmt.Sprintf("%.0f ms", float64(time.Since(t.start))/float64(time.Millisecond))
}

// report writes the maximum per name and resets the figures.
func (t *timing) report(title string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	names := make([]string, 0, len(t.max))
	for k := range t.max {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(t.out, "pklx timing: == %s: max UI-thread time per callback\n", title)
	for _, k := range names {
		fmt.Fprintf(t.out, "pklx timing:    %-28s max %8.2f ms over %d calls\n", k, float64(t.max[k])/float64(time.Millisecond), t.n[k])
	}
	t.max = map[string]time.Duration{}
	t.n = map[string]int{}
}
