package ui

import (
	"fmt"
	"slices"

	"pklx/model"
)

// source is the pane a selection came from; that pane is not moved again.
type source uint8

const (
	srcOther source = iota // history, find, jumps, the window itself
	srcTree
	srcTrace
	srcHex
)

// selection is what the three panes show: an object, the op that made or
// changed it, and the tree row that shows it.
type selection struct {
	pi   int          // pickle index
	node model.NodeID // the object, or NoNode (an op that makes none, a MARK)
	op   int          // the op selected in the trace, or -1
	uid  string       // the tree row, or "" (not shown, or not resolved yet)
}

var noSelection = selection{node: model.NoNode, op: -1}

func (s selection) same(o selection) bool {
	return s.pi == o.pi && s.node == o.node && s.op == o.op && (s.uid == o.uid || s.uid == "" || o.uid == "")
}

// maxHistory bounds the back/forward list.
const maxHistory = 1000

// history is the back/forward list of selections.
type history struct {
	items []selection
	pos   int // index of the current item; meaningless when items is empty
}

func (h *history) push(s selection) {
	if len(h.items) > 0 && h.items[h.pos].same(s) {
		h.items[h.pos] = s
		return
	}
	if len(h.items) > 0 {
		h.items = h.items[:h.pos+1]
	}
	h.items = append(h.items, s)
	if len(h.items) > maxHistory {
		h.items = slices.Delete(h.items, 0, len(h.items)-maxHistory)
	}
	h.pos = len(h.items) - 1
}

func (h *history) back() (selection, bool) {
	if len(h.items) == 0 || h.pos == 0 {
		return selection{}, false
	}
	h.pos--
	return h.items[h.pos], true
}

func (h *history) forward() (selection, bool) {
	if h.pos+1 >= len(h.items) {
		return selection{}, false
	}
	h.pos++
	return h.items[h.pos], true
}

// back and forward walk the selection history.
func (e *explorer) back() {
	if s, ok := e.hist.back(); ok {
		e.selectSel(s, srcOther, false)
	}
}

func (e *explorer) forward() {
	if s, ok := e.hist.forward(); ok {
		e.selectSel(s, srcOther, false)
	}
}

// nodeSel is the selection of node n of pickle pi, with the op that made it.
func (e *explorer) nodeSel(pi int, n model.NodeID) selection {
	s := selection{pi: pi, node: n, op: -1}
	if n != model.NoNode {
		s.op = int(e.file.Pickles[pi].Node(n).Op)
	}
	return s
}

// selectSel makes sel the selection of every pane but src, resolving its
// tree row first. A row whose path runs through big child lists that are
// not computed yet is resolved on a goroutine; the tree follows when it is.
func (e *explorer) selectSel(sel selection, src source, push bool) {
	if e.file == nil {
		return
	}
	e.selGen++
	gen := e.selGen
	if sel.uid == "" && sel.node != model.NoNode {
		if !e.tm.pathCheap(sel.pi, sel.node) {
			e.applySel(sel, src, push)
			tm := e.tm
			e.goDoc(func() {
				uid, ok := tm.locateNode(sel.pi, sel.node)
				e.do(func() {
					if !ok || e.selGen != gen || e.tm != tm {
						return
					}
					e.cur.uid = uid
					if len(e.hist.items) > 0 && e.hist.items[e.hist.pos].same(e.cur) {
						e.hist.items[e.hist.pos].uid = uid
					}
					e.showInTree(uid)
				})
			})
			return
		}
		sel.uid, _ = e.tm.locateNode(sel.pi, sel.node)
	}
	if sel.uid == "" && sel.node == model.NoNode && sel.op >= 0 {
		sel.uid = e.markRow(sel.pi, sel.op)
	}
	e.applySel(sel, src, push)
}

// markRow is the UID of the top row showing the MARK made by op, or "".
func (e *explorer) markRow(pi, op int) string {
	for _, t := range e.tm.tops {
		if t.pi == pi && t.node == model.NoNode && t.markOp == op {
			return t.uid
		}
	}
	return ""
}

// applySel shows sel in the panes.
func (e *explorer) applySel(sel selection, src source, push bool) {
	if push {
		e.hist.push(sel)
	}
	e.cur = sel
	if src != srcTree {
		if sel.uid != "" {
			e.showInTree(sel.uid)
		} else {
			e.syncing = true
			e.tree.UnselectAll()
			e.syncing = false
		}
	}
	if e.panesLater {
		return // see applyPreview
	}
	e.showSelInPanes(sel, src)
}

// showSelInPanes shows sel in the trace, the hex view and the details,
// scrolling the panes other than src to it.
func (e *explorer) showSelInPanes(sel selection, src source) {
	e.showTracePickle(sel.pi)
	if src != srcTrace && sel.op >= 0 {
		e.trace.Select(sel.op)
	}
	prim, sec, more := e.spansOf(sel, syncSpans)
	e.hex.SetHighlight(prim, sec)
	if src != srcHex && len(prim) > 0 {
		e.hex.ScrollTo(prim[0].Start)
	}
	if more {
		// The rest of a big container's ops (the APPENDS of a list of a
		// million items are spread over the whole file) on a goroutine.
		p, gen := e.file.Pickles[sel.pi], e.selGen
		e.goDoc(func() {
			all, sec, _ := spansIn(p, sel, maxHighlight)
			e.do(func() {
				if e.selGen == gen && e.file != nil && sel.pi < len(e.file.Pickles) && e.file.Pickles[sel.pi] == p {
					e.hex.SetHighlight(all, sec)
				}
			})
		})
	}
	e.details.show(sel)
}

// showInTree opens the branches down to uid, selects it and scrolls to it,
// without acting on the tree's selection callback.
//
// Branches it opened for an earlier jump are closed again unless they lead
// to uid: widget.Tree walks every open row several times per selection, so
// a trail of opened 1000-row groups would make each jump slower.
func (e *explorer) showInTree(uid string) {
	prefixes := e.tm.ensureRows(uid)
	keep := make(map[string]bool, len(prefixes))
	for _, pre := range prefixes {
		keep[pre] = true
	}
	for b := range e.autoOpened {
		if !keep[b] {
			delete(e.autoOpened, b)
			if e.tree.IsBranchOpen(b) {
				e.tree.CloseBranch(b)
			}
		}
	}
	for _, pre := range prefixes {
		if !e.tree.IsBranchOpen(pre) {
			e.tree.OpenBranch(pre)
			e.autoOpened[pre] = true
		}
	}
	e.syncing = true
	e.tree.Select(uid) // scrolls to it too
	e.syncing = false
}

// maxHighlight bounds the spans handed to the hex view for one object;
// syncSpans are computed when it is selected, the rest on a goroutine.
const (
	maxHighlight = 4096
	syncSpans    = 64
)

// spansOf is what the hex view highlights for sel (spansIn), at most limit
// spans, and whether there are more.
func (e *explorer) spansOf(sel selection, limit int) ([]model.Span, model.Span, bool) {
	if e.file == nil || sel.pi < 0 || sel.pi >= len(e.file.Pickles) {
		return nil, model.Span{}, false
	}
	return spansIn(e.file.Pickles[sel.pi], sel, limit)
}

// spansIn is what the hex view highlights for sel in p: the selected op
// and the ops that made and changed the object strongly (at most limit
// spans; more reports that there were more), the object's whole subtree
// faintly. Each op's span reads its bytes, which for a big container are
// spread over the file. It reads the model only, on any goroutine.
func spansIn(p *model.Pickle, sel selection, limit int) (prim []model.Span, sec model.Span, more bool) {
	if sel.op >= 0 && sel.op < p.NumOps() {
		prim = append(prim, p.OpSpan(sel.op))
	}
	if sel.node != model.NoNode {
		for _, op := range p.NodeOps(sel.node) {
			if op == sel.op {
				continue
			}
			if len(prim) >= limit {
				more = limit < maxHighlight
				break
			}
			prim = append(prim, p.OpSpan(op))
		}
		sec = p.SubtreeSpan(sel.node)
	}
	return prim, sec, more
}

// treeSelected is the tree's OnSelected: the user picked a row.
func (e *explorer) treeSelected(uid string) {
	if e.syncing || e.file == nil {
		return
	}
	r := e.tm.rows[uid]
	if r == nil {
		return
	}
	p := e.tm.pickle(r.pi)
	switch r.kind {
	case rowNode:
		if r.link(p) && !e.keyNav {
			// A link row stands for an object shown elsewhere: a tap goes
			// there (the keyboard stops on it; Enter goes there).
			e.selectSel(e.nodeSel(r.pi, r.node), srcOther, true)
			return
		}
		s := e.nodeSel(r.pi, r.object()) // a view row selects its object
		s.uid = uid
		e.selectSel(s, srcTree, true)
	case rowRange:
		if r.topRange {
			return
		}
		s := e.nodeSel(r.pi, r.node)
		s.uid = uid
		e.selectSel(s, srcTree, true)
	case rowMark:
		e.selectSel(selection{pi: r.pi, node: model.NoNode, op: r.markOp, uid: uid}, srcTree, true)
	}
}

// traceSelected is the trace's OnSelected: the user picked an op.
func (e *explorer) traceSelected(op int) {
	if e.file == nil || e.tracePi < 0 {
		return
	}
	p := e.file.Pickles[e.tracePi]
	if op < 0 || op >= p.NumOps() {
		return
	}
	e.selectSel(selection{pi: e.tracePi, node: p.NodeForOp(op), op: op}, srcTrace, true)
}

// byteTapped is the hex view's OnByteTapped: select the op whose bytes
// hold off, and the object it made or changed.
func (e *explorer) byteTapped(off int64) {
	if e.file == nil {
		return
	}
	pi := e.pickleAt(off)
	if pi < 0 {
		if !sameBytes(e.hexData, e.file.Data) {
			return
		}
		switch {
		case e.file.Trailing.Contains(off):
			e.setNotice(fmt.Sprintf("byte %#x is in the trailing data after the last pickle", off))
		case e.file.Err() != nil:
			e.setNotice(fmt.Sprintf("byte %#x is past where decoding stopped", off))
		}
		return
	}
	p := e.file.Pickles[pi]
	op := p.OpAt(off)
	if op < 0 {
		return
	}
	e.selectSel(selection{pi: pi, node: p.NodeForOp(op), op: op}, srcHex, true)
}

// pickleAt is the index of the pickle whose bytes in the hex view hold
// off, or -1. The hex view shows the file's bytes or a container member's:
// only pickles read from those count.
func (e *explorer) pickleAt(off int64) int {
	for i, p := range e.file.Pickles {
		if p.Span().Contains(off) && sameBytes(p.Data(), e.hexData) {
			return i
		}
	}
	return -1
}

// hovered is the hex view's OnHover: say what the byte is in the status bar.
func (e *explorer) hovered(off int64) {
	if e.file == nil || off < 0 {
		return
	}
	pi := e.pickleAt(off)
	if pi < 0 {
		return
	}
	p := e.file.Pickles[pi]
	if op := p.OpAt(off); op >= 0 {
		e.notice.SetText(fmt.Sprintf("%#x: op %d %s", off, op, model.OpName(p.OpCode(op))))
	}
}

// gotoOp selects op i of the pickle in the trace (-1: the last op).
func (e *explorer) gotoOp(i int) {
	if e.file == nil {
		return
	}
	pi := max(e.tracePi, 0)
	p := e.file.Pickles[pi]
	if p.NumOps() == 0 {
		return
	}
	if i < 0 || i >= p.NumOps() {
		i = p.NumOps() - 1
	}
	e.selectSel(selection{pi: pi, node: p.NodeForOp(i), op: i}, srcOther, true)
}

// gotoOwner selects the row that shows the selected object when a link
// row is selected, else the object that owns the selected one.
func (e *explorer) gotoOwner() {
	if e.file == nil || e.cur.node == model.NoNode {
		return
	}
	p := e.file.Pickles[e.cur.pi]
	if r := e.tm.rows[e.cur.uid]; r != nil && r.link(p) {
		e.selectSel(e.nodeSel(e.cur.pi, e.cur.node), srcOther, true)
		return
	}
	if ed, ok := p.Owner(e.cur.node); ok {
		e.selectSel(e.nodeSel(e.cur.pi, p.EdgeParent(ed)), srcOther, true)
	}
}

// selectEdge selects the row that holds edge ed (a referrer).
func (e *explorer) selectEdge(pi, ed int) {
	if e.file == nil {
		return
	}
	p := e.file.Pickles[pi]
	s := e.nodeSel(pi, p.Edge(ed).Val)
	if uid, ok := e.tm.locateEdge(pi, ed); ok {
		s.uid = uid
	}
	e.selectSel(s, srcOther, true)
}

// selectUID selects a tree row as if the window chose it.
func (e *explorer) selectUID(uid string, src source, push bool) {
	r := e.tm.rows[uid]
	if r == nil || e.file == nil {
		return
	}
	s := e.nodeSel(r.pi, r.object())
	if r.kind == rowMark {
		s = selection{pi: r.pi, node: model.NoNode, op: r.markOp}
	}
	s.uid = uid
	e.selectSel(s, src, push)
}
