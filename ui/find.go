package ui

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/model/view"
)

// maxHits caps the results of one search.
const maxHits = 10_000

// findDebounce is how long typing must pause before a search starts.
const findDebounce = 200 * time.Millisecond

// findHit is one search result: an object to select, or the dict entry
// (edge) whose key matched.
type findHit struct {
	pi   int
	node model.NodeID // the object (when edge < 0)
	edge int          // the edge whose key matched, or -1
	op   uint32       // for ordering: the op that made the thing
}

// findBar is the find bar above the tree (Ctrl+F): it searches dict keys,
// string values and class/global names, on a goroutine.
type findBar struct {
	e      *explorer
	bar    *fyne.Container
	box    *fyne.Container // the bar over the tree: laid out again when the bar shows or hides
	entry  *findEntry
	count  *widget.Label
	hits   []findHit
	more   bool   // the search stopped at maxHits
	query  string // the query hits answer
	pos    int
	gen    int
	cancel context.CancelFunc
	timer  *time.Timer
	then   int // step to take when the running search ends (0: go to the first hit)
}

func newFindBar(e *explorer) *findBar {
	f := &findBar{e: e, pos: -1}
	f.entry = newFindEntry(f)
	f.entry.SetPlaceHolder("Find keys, strings, class names…")
	f.entry.OnChanged = func(string) { f.changed() }
	f.count = widget.NewLabel("")
	prev := newKeyButton("", theme.MoveUpIcon(), func() { f.step(-1) })
	next := newKeyButton("", theme.MoveDownIcon(), func() { f.step(1) })
	closeBtn := newKeyButton("", theme.CancelIcon(), f.close)
	for _, b := range []*keyButton{prev, next, closeBtn} {
		b.Importance = widget.LowImportance
	}
	f.bar = container.NewBorder(nil, nil, nil, container.NewHBox(f.count, prev, next, closeBtn), f.entry)
	f.bar.Hide()
	return f
}

func (f *findBar) visible() bool { return f.bar.Visible() }

// showFind opens the find bar and focuses its entry (Ctrl+F).
func (e *explorer) showFind() {
	e.find.bar.Show()
	e.find.relayout()
	e.win.Canvas().Focus(e.find.entry)
}

// close hides the bar and gives the focus back to the tree.
func (f *findBar) close() {
	f.bar.Hide()
	f.relayout()
	f.e.win.Canvas().Focus(f.e.tree)
}

// relayout lays out the bar and the tree under it again. Hiding a container
// does not lay out its parent: Fyne notices a child whose minimum size
// changed, and the hidden bar is no longer looked at, so the tree stayed
// where it was, under an empty strip where the bar had been.
func (f *findBar) relayout() {
	if f.box != nil {
		f.box.Refresh()
	}
}

// reset forgets the results (a new file).
func (f *findBar) reset() {
	f.stop()
	f.hits, f.more, f.query, f.pos = nil, false, "", -1
	f.count.SetText("")
	if f.entry.Text != "" {
		f.changed()
	}
}

func (f *findBar) stop() {
	f.gen++
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	if f.timer != nil {
		f.timer.Stop()
		f.timer = nil
	}
}

// changed restarts the search a moment after the user stops typing.
func (f *findBar) changed() {
	f.stop()
	gen := f.gen
	f.then = 0
	f.timer = time.AfterFunc(findDebounce, func() {
		f.e.do(func() {
			if f.gen == gen {
				f.start(f.entry.Text)
			}
		})
	})
}

// start searches the file for q on a goroutine.
func (f *findBar) start(q string) {
	f.stop()
	f.hits, f.more, f.query, f.pos = nil, false, q, -1
	if q == "" || f.e.file == nil {
		f.count.SetText("")
		return
	}
	f.count.SetText("searching…")
	gen := f.gen
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	file := f.e.file
	f.e.goDoc(func() {
		hits, more := search(ctx, file, q, maxHits)
		f.e.do(func() {
			if f.gen != gen {
				return
			}
			f.cancel = nil
			f.hits, f.more = hits, more
			f.pos = -1
			f.showCount()
			if f.then < 0 {
				f.step(-1)
			} else {
				f.step(1)
			}
		})
	})
}

// step moves to the next (d > 0) or previous (d < 0) hit and selects it.
// With a stale or running search, it starts one and steps when it ends.
func (f *findBar) step(d int) {
	if f.entry.Text != f.query || f.cancel != nil {
		if f.entry.Text == f.query && f.cancel != nil {
			f.then = d
			return
		}
		f.start(f.entry.Text)
		f.then = d
		return
	}
	if len(f.hits) == 0 {
		f.showCount()
		return
	}
	if f.pos < 0 {
		if d < 0 {
			f.pos = len(f.hits) - 1
		} else {
			f.pos = 0
		}
	} else {
		f.pos = (f.pos + d + len(f.hits)) % len(f.hits)
	}
	f.showCount()
	h := f.hits[f.pos]
	if h.edge >= 0 {
		f.e.selectEdge(h.pi, h.edge)
	} else {
		f.e.selectSel(f.e.nodeSel(h.pi, h.node), srcOther, true)
	}
}

func (f *findBar) showCount() {
	n := groupDigits(int64(len(f.hits)))
	if f.more {
		n += "+"
	}
	switch {
	case len(f.hits) == 0:
		f.count.SetText("no match")
	case f.pos < 0:
		f.count.SetText(n + " found")
	default:
		f.count.SetText(fmt.Sprintf("%s of %s", groupDigits(int64(f.pos+1)), n))
	}
}

// search finds up to max places where q occurs in a dict key, a string
// value or a class/global name, in file order. Queries with an upper-case
// letter match case; others ignore ASCII case. It reads only the immutable
// model, so it runs on any goroutine.
func search(ctx context.Context, f *model.File, q string, max int) ([]findHit, bool) {
	m := newMatcher(q)
	var hits []findHit
	more := false
	for pi, p := range f.Pickles {
		matched := make([]bool, p.NumNodes())
		found := false
		for n := 0; n < p.NumNodes(); n++ {
			if n&0xffff == 0 && ctx.Err() != nil {
				return nil, false
			}
			id := model.NodeID(n)
			switch p.Node(id).Kind {
			case model.KindStr:
				if p.OpCode(int(p.Node(id).Op)) == model.OpUnicode {
					matched[n] = m.match([]byte(p.Str(id)))
				} else {
					matched[n] = m.match(p.Bytes(id))
				}
			case model.KindStr8:
				matched[n] = m.match(p.Bytes(id))
			case model.KindGlobal:
				mod, name := view.GlobalName(p, id)
				matched[n] = m.match([]byte(mod + "." + name))
			}
			found = found || matched[n]
		}
		if !found {
			continue
		}
		for _, t := range []model.NodeID{p.Root()} {
			if t != model.NoNode && matched[t] {
				hits = append(hits, findHit{pi: pi, node: t, edge: -1, op: p.Node(t).Op})
			}
		}
		for _, it := range p.Stack() {
			if !it.Mark && matched[it.Node] {
				hits = append(hits, findHit{pi: pi, node: it.Node, edge: -1, op: p.Node(it.Node).Op})
			}
		}
		for i := 0; i < p.NumEdges(); i++ {
			if i&0xffff == 0 && ctx.Err() != nil {
				return nil, false
			}
			if len(hits) >= max {
				more = true
				break
			}
			ed := p.Edge(i)
			if ed.Key >= 0 && matched[ed.Key] {
				hits = append(hits, findHit{pi: pi, node: ed.Val, edge: i, op: uint32(p.EdgeOp(i))})
			}
			if !matched[ed.Val] {
				continue
			}
			if p.Node(ed.Val).Kind == model.KindGlobal && ed.Key == model.RoleCallable {
				parent := p.EdgeParent(i)
				hits = append(hits, findHit{pi: pi, node: parent, edge: -1, op: p.Node(parent).Op})
			} else if o, ok := p.Owner(ed.Val); ok && o == i {
				hits = append(hits, findHit{pi: pi, node: ed.Val, edge: -1, op: p.Node(ed.Val).Op})
			}
		}
		if more {
			break
		}
	}
	slices.SortStableFunc(hits, func(a, b findHit) int {
		if a.pi != b.pi {
			return a.pi - b.pi
		}
		return int(a.op) - int(b.op)
	})
	hits = slices.CompactFunc(hits, func(a, b findHit) bool {
		return a.pi == b.pi && a.node == b.node && a.edge == b.edge
	})
	return hits, more
}

// matcher is a substring test, ignoring ASCII case unless the query has an
// upper-case letter.
type matcher struct {
	q    []byte
	fold bool
}

func newMatcher(q string) matcher {
	fold := true
	for _, r := range q {
		if unicode.IsUpper(r) {
			fold = false
		}
	}
	m := matcher{q: []byte(q), fold: fold}
	if fold {
		m.q = bytes.ToLower(m.q)
	}
	return m
}

func (m matcher) match(s []byte) bool {
	if !m.fold {
		return bytes.Contains(s, m.q)
	}
	n := len(m.q)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == m.q[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// findEntry is the find bar's entry: Enter goes to the next hit,
// Shift+Enter to the previous one, Escape closes the bar.
type findEntry struct {
	widget.Entry
	f     *findBar
	shift bool
}

func newFindEntry(f *findBar) *findEntry {
	en := &findEntry{f: f}
	en.ExtendBaseWidget(en)
	return en
}

// KeyDown tracks the Shift key.
func (en *findEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		en.shift = true
	}
	en.Entry.KeyDown(ev)
}

// KeyUp tracks the Shift key.
func (en *findEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		en.shift = false
	}
	en.Entry.KeyUp(ev)
}

// TypedKey steps through the hits on Enter and Shift+Enter.
func (en *findEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if en.shift {
			en.f.step(-1)
		} else {
			en.f.step(1)
		}
		return
	case fyne.KeyEscape:
		en.f.close()
		return
	case fyne.KeyF5, fyne.KeyF3:
		en.f.e.handleKey(ev)
		return
	}
	en.Entry.TypedKey(ev)
}
