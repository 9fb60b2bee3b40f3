package ui

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pklx/model"
	"pklx/ui/glyphtext"
)

// The tests drive real windows headlessly. The window's hand-offs to the
// UI thread (fyne.Do in the app) go to a queue that the test goroutine
// runs, so every widget is touched by one goroutine and -race stays quiet.

type fakeDialogs struct {
	mu         sync.Mutex
	openPath   string
	savePath   string
	err        error
	openTitles []string
	saveNames  []string
}

func (d *fakeDialogs) OpenFile(title string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.openTitles = append(d.openTitles, title)
	return d.openPath, d.err
}

func (d *fakeDialogs) SaveFile(title, suggested string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.saveNames = append(d.saveNames, suggested)
	return d.savePath, d.err
}

type fakeClip struct {
	mu   sync.Mutex
	text string
	n    int
	err  error
}

func (c *fakeClip) WriteAll(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	c.text = s
	c.n++
	return nil
}

func (c *fakeClip) get() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text, c.n
}

// spyTrace records what the window asks of the trace.
type spyTrace struct {
	tracePane
	pickle     *model.Pickle
	selected   int
	marked     int
	onSelected func(int)
}

func (s *spyTrace) SetPickle(p *model.Pickle) { s.pickle, s.selected, s.marked = p, -1, -1 }
func (s *spyTrace) Select(op int)             { s.selected = op }
func (s *spyTrace) Mark(op int)               { s.marked = op }

// spyHex records what the window asks of the hex view.
type spyHex struct {
	hexPane
	data      []byte
	primary   []model.Span
	secondary model.Span
	scrolled  int64
	errAt     int64
	onTapped  func(int64)
}

func (s *spyHex) SetData(d []byte) { s.data, s.scrolled, s.errAt = d, -1, -1 }
func (s *spyHex) SetHighlight(p []model.Span, sec model.Span) {
	s.primary, s.secondary = p, sec
}
func (s *spyHex) ScrollTo(off int64)  { s.scrolled = off }
func (s *spyHex) MarkError(off int64) { s.errAt = off }

type harness struct {
	t     *testing.T
	app   fyne.App
	sh    *shell
	e     *explorer
	q     chan func()
	clip  *fakeClip
	dlg   *fakeDialogs
	trace *spyTrace
	hex   *spyHex
}

// newHarness makes a window whose trace and hex panes are spies.
func newHarness(t *testing.T) *harness {
	return newHarnessWith(t, true)
}

// newHarnessWith makes a window with spy panes, or the real ones.
func newHarnessWith(t *testing.T, spies bool) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t), q: make(chan func(), 1<<16), clip: &fakeClip{}, dlg: &fakeDialogs{}}
	h.sh = newShell(h.app, h.dlg)
	h.sh.clip = h.clip
	h.sh.do = func(f func()) { h.q <- f }
	if spies {
		h.sh.newTrace = func(face *glyphtext.Face, onSel func(int)) tracePane {
			h.trace = &spyTrace{tracePane: newTracePane(face, onSel), selected: -1, marked: -1, onSelected: onSel}
			return h.trace
		}
		h.sh.newHex = func(face *glyphtext.Face, onTap, onHover func(int64)) hexPane {
			h.hex = &spyHex{hexPane: newHexPane(face, onTap, onHover), scrolled: -1, errAt: -1, onTapped: onTap}
			return h.hex
		}
	}
	h.e = h.newWindow()
	return h
}

func (h *harness) newWindow() *explorer {
	e := newExplorer(h.sh)
	h.sh.wins = append(h.sh.wins, e)
	e.win.Resize(fyne.NewSize(1400, 900))
	e.win.Show()
	h.t.Cleanup(func() {
		if !e.closed {
			e.win.Close()
		}
	})
	return e
}

// pump runs queued UI work until cond holds (or fails the test).
func (h *harness) pump(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for !cond() {
		select {
		case f := <-h.q:
			f()
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// settle runs queued UI work until none arrives for a moment.
func (h *harness) settle() {
	for {
		select {
		case f := <-h.q:
			f()
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

// open loads a file from testdata and waits for it.
func (h *harness) open(name string) *explorer {
	h.t.Helper()
	path := name
	if name != "" {
		path = filepath.Join("testdata", name)
	}
	h.e.load(path)
	h.pump("decode of "+name, func() bool { return !h.e.loading })
	return h.e
}

// uidOfPath opens the tree down to the row at path (child positions from
// the first top row) and returns its UID.
func (h *harness) rowOf(n model.NodeID) string {
	h.t.Helper()
	uid, ok := h.e.tm.locateNode(h.e.cur.pi, n)
	if !ok {
		h.t.Fatalf("node %d has no row", n)
	}
	return uid
}

// childRow returns the UID of the child of uid whose label starts with
// prefix, opening uid.
func (h *harness) childRow(uid, prefix string) string {
	h.t.Helper()
	for _, c := range h.e.tm.childUIDs(uid, nil) {
		if l, _ := h.e.tm.label(c); len(l) >= len(prefix) && l[:len(prefix)] == prefix {
			return c
		}
	}
	var all []string
	for _, c := range h.e.tm.childUIDs(uid, nil) {
		l, _ := h.e.tm.label(c)
		all = append(all, l)
	}
	h.t.Fatalf("no child of %s starts with %q; children: %q", uid, prefix, all)
	return ""
}

// selectedUID is the tree's selected row.
func (h *harness) treeSelection() string {
	// widget.Tree keeps its selection private; its callbacks report it.
	return h.e.tree.selected
}

func tempDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	if _, err := os.Stat(d); err != nil {
		t.Fatal(err)
	}
	return d
}

var errNoTool = errors.New("no clipboard tool")
