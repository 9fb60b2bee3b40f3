package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"pklx/model/safety"
	"pklx/model/view"
)

// objTree is the object tree: a widget.Tree over the window's treeModel,
// with the window's keys (F5, F3, Escape, Ctrl+C) added.
type objTree struct {
	widget.Tree
	e *explorer
	// selected mirrors the widget's selected row, as its callbacks report it.
	selected string
}

func newObjTree(e *explorer) *objTree {
	t := &objTree{e: e}
	t.ChildUIDs = func(uid widget.TreeNodeID) (out []widget.TreeNodeID) {
		e.timed("tree.ChildUIDs", func() { out = e.tm.childUIDs(uid, e.computeKids) })
		return out
	}
	// IsBranch is called for every open row on every layout: it is O(1)
	// after the first call per row and not timed.
	t.IsBranch = func(uid widget.TreeNodeID) bool { return e.tm.isBranch(uid) }
	t.CreateNode = func(bool) fyne.CanvasObject { return newTreeRow(e.rowFace) }
	t.UpdateNode = func(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
		e.timed("tree.UpdateNode", func() { e.updateRow(uid, o.(*treeRow)) })
	}
	t.OnSelected = func(uid widget.TreeNodeID) {
		t.selected = uid
		t0 := time.Now()
		e.timed("tree.OnSelected", func() { e.treeSelected(uid) })
		e.sh.settled("tree select", t0)
	}
	t.OnBranchOpened = func(uid widget.TreeNodeID) { e.sh.settled("tree open", time.Now()) }
	t.OnBranchClosed = func(uid widget.TreeNodeID) {
		// A branch the user closes is theirs again; one the user opened
		// was never auto-opened.
		delete(e.autoOpened, uid)
	}
	t.OnUnselected = func(uid widget.TreeNodeID) {
		if t.selected == uid {
			t.selected = ""
		}
	}
	t.ExtendBaseWidget(t)
	return t
}

// reset forgets the open branches and the selection (a new file).
func (t *objTree) reset() {
	t.e.syncing = true
	t.UnselectAll()
	t.e.syncing = false
	t.ScrollToTop()
	t.CloseAllBranches() // refreshes
}

// TypedKey handles the window's plain keys, then moves the selection with
// Up and Down (widget.Tree only moves a focus ring; Space selects), opens a
// link row's target with Enter, and leaves the rest to the tree.
func (t *objTree) TypedKey(ev *fyne.KeyEvent) {
	if t.e.handleKey(ev) {
		return
	}
	switch ev.Name {
	case fyne.KeyUp, fyne.KeyDown:
		d := 1
		if ev.Name == fyne.KeyUp {
			d = -1
		}
		if next := t.neighbour(t.selected, d); next != "" {
			t.e.keyNav = true
			t.Select(next)
			t.e.keyNav = false
		}
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if r := t.e.tm.rows[t.selected]; r != nil && r.link(t.e.tm.pickle(r.pi)) {
			t.e.selectSel(t.e.nodeSel(r.pi, r.node), srcOther, true)
		} else if t.IsBranch(t.selected) {
			t.ToggleBranch(t.selected)
		}
		return
	}
	t.Tree.TypedKey(ev)
}

// neighbour is the visible row d rows (+1 or -1) from uid, or the first
// row when uid is not visible; "" at either end.
func (t *objTree) neighbour(uid string, d int) string {
	var rows []string
	var walk func(parent string)
	walk = func(parent string) {
		for _, c := range t.ChildUIDs(parent) {
			rows = append(rows, c)
			if t.IsBranch(c) && t.IsBranchOpen(c) {
				walk(c)
			}
		}
	}
	walk("")
	for i, r := range rows {
		if r == uid {
			if j := i + d; j >= 0 && j < len(rows) {
				return rows[j]
			}
			return ""
		}
	}
	if len(rows) > 0 {
		return rows[0]
	}
	return ""
}

// TypedShortcut makes Ctrl+C copy the selected value.
func (t *objTree) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutCopy); ok {
		t.e.copyValue()
	}
}

// updateRow writes a row's text and style.
func (e *explorer) updateRow(uid string, l *treeRow) {
	text, final := e.tm.label(uid)
	r := e.tm.rows[uid]
	style := fyne.TextStyle{}
	imp := widget.MediumImportance
	if r != nil {
		switch {
		case r.kind == rowRange || r.kind == rowLoading:
			imp = widget.LowImportance
		case r.kind == rowMark:
			imp = widget.WarningImportance
		case r.kind == rowNode && r.link(e.tm.pickle(r.pi)):
			style.Italic = true
			imp = widget.HighImportance
		}
		if r.kind == rowNode && r.child.Kind != view.KeyRaw {
			// A dangerous or unknown global or call carries a badge (on
			// its row, not again on its {raw} row).
			switch e.tm.flags[nodeKey{r.pi, r.node}] {
			case safety.Dangerous:
				text, imp = badge(safety.Dangerous)+" "+text, widget.DangerImportance
			case safety.Unknown:
				text, imp = badge(safety.Unknown)+" "+text, widget.WarningImportance
			}
		}
	}
	if l.Text != text || l.TextStyle != style || l.Importance != imp {
		l.Text, l.TextStyle, l.Importance = text, style, imp
		l.Refresh()
	}
	if !final && r != nil {
		e.computeLinkLabel(uid, r)
	}
}

// computeKids computes a big container's child list on a goroutine and
// refreshes the tree when it is ready (called by childUIDs).
func (e *explorer) computeKids(k kidsKey) {
	tm := e.tm
	p := tm.pickle(k.pi)
	e.goDoc(func() {
		kids := listKids(p, k, tm.directFrom)
		e.do(func() {
			if e.tm != tm {
				return
			}
			tm.kidsDone(k, kids)
			e.tree.Refresh()
		})
	})
}

// computeLinkLabel finds a link target's path on a goroutine, then redraws
// the row.
func (e *explorer) computeLinkLabel(uid string, r *row) {
	tm := e.tm
	pi, n := r.pi, r.node
	k := nodeKey{pi, n}
	if tm.pathPending[k] {
		return
	}
	tm.pathPending[k] = true
	e.goDoc(func() {
		tm.pathText(pi, n)
		e.do(func() {
			if e.tm == tm {
				delete(tm.pathPending, k)
				e.tree.RefreshItem(uid)
			}
		})
	})
}
