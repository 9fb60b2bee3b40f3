package ui

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"pklx/model"
	"pklx/model/safety"
	"pklx/model/view"
)

// pageSize is the most children a tree row shows directly; bigger child
// lists are split into range groups of pageSize, pageSize², ... items.
const pageSize = 1000

// bigChildren is the edge count above which a child list is computed on a
// goroutine rather than on the UI thread (view.Children costs about 60 ms
// for a million items).
const bigChildren = 50_000

// rowKind is what a tree row stands for.
type rowKind uint8

const (
	rowNode    rowKind = iota // an object of the pickle
	rowRange                  // a range group of a big container's children
	rowMark                   // a MARK left on the stack of a broken pickle
	rowLoading                // a placeholder while a big child list is computed
	rowNote                   // a message, e.g. "nothing was decoded"
)

// row is one tree row. Rows are created by childUIDs when their parent is
// opened and are only touched on the UI thread.
type row struct {
	kind   rowKind
	pi     int          // pickle index
	node   model.NodeID // rowNode: the object; rowRange: the container
	parent model.NodeID // the parent object, NoNode for top rows
	child  view.Child   // how the row is reached (top rows: Kind KeyRoot)
	top    int          // index in treeModel.tops for top rows, else -1
	lo, hi int          // rowRange: child positions [lo, hi) of node
	markOp int          // rowMark: the MARK op
	label  string       // cached row text ("" until first shown)
	// topRange marks a range group of top rows (a broken pickle can leave
	// thousands of objects on its stack): lo and hi index treeModel.tops.
	topRange bool
	// topLink marks a top row (a stack item) whose object is owned by
	// another row, e.g. a dict pushed again by BINGET.
	topLink bool
	branch  int8     // 0 unknown, 1 branch, -1 leaf
	uids    []string // cached child UIDs (nil until opened)
	// raw marks a {raw} row (view.KeyRaw) and the range groups below one:
	// their rows are the raw view.Children of node, not its view.
	raw bool
}

// key is the child list the row opens to.
func (r *row) key() kidsKey { return kidsKey{r.pi, r.node, r.raw} }

// object is the object selecting the row selects: its node, or for a view
// row that stands for no node of its own (an array's dtype, a tensor's
// values) the recognised object the row describes.
func (r *row) object() model.NodeID {
	if r.kind == rowNode && r.node == model.NoNode && r.child.Kind == view.KeyView {
		return r.parent
	}
	return r.node
}

// viewRow reports whether the row is one of a recognised object's view
// rows (view.KeyView).
func (r *row) viewRow() bool { return r.kind == rowNode && r.child.Kind == view.KeyView }

// link reports whether the row is a link to an object shown elsewhere.
func (r *row) link(p *model.Pickle) bool {
	return r.kind == rowNode && (r.topLink || r.child.IsLink(p))
}

// topRow is one top-level row: a pickle's root, or an item (object or
// MARK) left on the stack of a pickle that failed to decode.
type topRow struct {
	pi       int
	node     model.NodeID // NoNode for a MARK
	stack    int          // position on the stack, or -1 for a root
	markOp   int
	uid      string
	lonePick bool // the file's only pickle (no "pickle k:" prefix)
}

// nodeKey identifies a node across the file's pickles.
type nodeKey struct {
	pi int
	n  model.NodeID
}

// kidsKey identifies a cached child list: the rows below node n of pickle
// pi as the tree shows them (view.ViewChildren: a recognised object's view
// rows, then {raw}), or with raw set the rows of a {raw} row (the raw
// view.Children of n). The two lists of one object differ, so they have
// keys of their own.
type kidsKey struct {
	pi  int
	n   model.NodeID
	raw bool
}

// listKids computes the child list k names. A big plain list or dict
// gets no row list at all (view.Direct).
func listKids(p *model.Pickle, k kidsKey, directFrom int) kidList {
	if d, ok := view.DirectChildren(p, k.n); ok && d.Len() >= directFrom {
		return kidList{direct: d, lazy: true}
	}
	if k.raw {
		return kidList{rows: view.Children(p, k.n)}
	}
	return kidList{rows: view.ViewChildren(p, k.n)}
}

// treeModel is the lazy, cached data behind the object tree. Row UIDs are
// paths: "p0" is pickle 0's root, "p0s2" the third item left on its stack,
// then "/i" for the i-th child and "/rLO_HI" for a range group of children
// LO..HI-1, e.g. "p0/r1000_2000/1003/2".
//
// Child lists and paths may be computed by goroutines (they only read the
// immutable model); they are kept in maps guarded by mu. Rows are UI-thread
// only.
type treeModel struct {
	file *model.File
	tops []topRow
	rows map[string]*row

	mu        sync.Mutex
	kids      map[kidsKey]kidList
	paths     map[nodeKey]string
	computing map[kidsKey]bool // big child lists being computed

	// pathPending marks link targets whose path a goroutine is computing
	// for a row label. UI thread only.
	pathPending map[nodeKey]bool

	// bigKids is the edge count above which child lists are computed on a
	// goroutine (bigChildren; tests lower it).
	bigKids int
	// directFrom is the size from which plain lists and dicts keep no row
	// list (directMin; tests raise it).
	directFrom int
	// recovered is the index of the first pickle recovered past a
	// decoding failure (diagnose.Recover); pickles from there on are
	// labelled as recovered.
	recovered int
	// flags are the safety ratings of the nodes whose rows carry a badge
	// (dangerous or unknown globals and calls). Read-only.
	flags map[nodeKey]safety.Rating

	// kidsComputed counts the child lists computed, so tests can check
	// laziness.
	kidsComputed int
}

// newTreeModel builds the top rows of f. It is cheap; call prefetch to
// compute the top rows' children as well.
func newTreeModel(f *model.File) *treeModel {
	tm := &treeModel{
		file:       f,
		recovered:  1 << 30,
		bigKids:    bigChildren,
		directFrom: directMin,
		rows:       map[string]*row{},
		kids:       map[kidsKey]kidList{},
		paths:      map[nodeKey]string{},
		computing:  map[kidsKey]bool{},

		pathPending: map[nodeKey]bool{},
	}
	if f == nil {
		return tm
	}
	lone := len(f.Pickles) == 1
	for pi, p := range f.Pickles {
		if p.Root() != model.NoNode {
			tm.tops = append(tm.tops, topRow{pi: pi, node: p.Root(), stack: -1, uid: fmt.Sprintf("p%d", pi), lonePick: lone})
		}
		for j, it := range p.Stack() {
			t := topRow{pi: pi, node: it.Node, stack: j, uid: fmt.Sprintf("p%ds%d", pi, j), lonePick: lone}
			if it.Mark {
				t.node = model.NoNode
				t.markOp = int(it.MarkOp)
			}
			tm.tops = append(tm.tops, t)
		}
	}
	if n := len(tm.tops); n > pageSize {
		// Page the top rows too: their UIDs start with the range groups.
		for i := range tm.tops {
			prefix := ""
			for _, seg := range rangeSegs(n, i) {
				lo, hi := parseRange(seg)
				prefix += seg
				if tm.rows[prefix] == nil {
					tm.rows[prefix] = &row{kind: rowRange, topRange: true, node: model.NoNode, parent: model.NoNode,
						top: -1, lo: lo, hi: hi, branch: 1}
				}
				prefix += "/"
			}
			tm.tops[i].uid = prefix + tm.tops[i].uid
		}
	}
	for i, t := range tm.tops {
		r := &row{kind: rowNode, pi: t.pi, node: t.node, parent: model.NoNode, top: i,
			child: view.Child{Kind: view.KeyRoot, Node: t.node, Edge: -1}}
		if t.node == model.NoNode {
			r.kind, r.markOp = rowMark, t.markOp
		} else if !f.Pickles[t.pi].IsRoot(t.node) {
			r.topLink = true
		}
		tm.rows[t.uid] = r
	}
	return tm
}

// prefetch computes the children of every top row. It may run on any
// goroutine before the model is published.
func (tm *treeModel) prefetch() {
	for _, t := range tm.tops {
		if t.node != model.NoNode {
			tm.kidsOf(t.pi, t.node)
		}
	}
}

func (tm *treeModel) pickle(pi int) *model.Pickle { return tm.file.Pickles[pi] }

// edgeCount is about how many children node n has (its own edges, plus
// those of the list inside a set(list) reconstruction).
func edgeCount(p *model.Pickle, n model.NodeID) int {
	c := len(p.Edges(n))
	if s := view.ShapeOf(p, n); s.Form == view.FormSeq && s.Items != model.NoNode && s.Items != n {
		c += len(p.Edges(s.Items))
	}
	return c
}

// cachedKids returns node n's rows (as the tree shows n) if they have
// been computed.
func (tm *treeModel) cachedKids(pi int, n model.NodeID) (kidList, bool) {
	return tm.cached(kidsKey{pi, n, false})
}

// cached returns the child list k if it has been computed.
func (tm *treeModel) cached(k kidsKey) (kidList, bool) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	kids, ok := tm.kids[k]
	return kids, ok
}

// kidsOf returns the rows below node n as the tree shows it (a recognised
// object's view rows and {raw}), computing and caching them once. Safe on
// any goroutine.
func (tm *treeModel) kidsOf(pi int, n model.NodeID) kidList {
	return tm.list(kidsKey{pi, n, false})
}

// rawKidsOf returns the rows of node n's {raw} row: its raw children.
func (tm *treeModel) rawKidsOf(pi int, n model.NodeID) kidList {
	return tm.list(kidsKey{pi, n, true})
}

// list returns the child list k, computing and caching it once. Safe on
// any goroutine.
func (tm *treeModel) list(k kidsKey) kidList {
	if kids, ok := tm.cached(k); ok {
		return kids
	}
	kids := listKids(tm.pickle(k.pi), k, tm.directFrom)
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if old, ok := tm.kids[k]; ok {
		return old
	}
	tm.kidsComputed++
	tm.kids[k] = kids
	return kids
}

// kidsCheap reports whether the child list k is cached or cheap enough to
// compute on the UI thread.
func (tm *treeModel) kidsCheap(k kidsKey) bool {
	if _, ok := tm.cached(k); ok {
		return true
	}
	p := tm.pickle(k.pi)
	if d, ok := view.DirectChildren(p, k.n); ok && d.Len() >= tm.directFrom {
		return true // no row list to make
	}
	return edgeCount(p, k.n) <= tm.bigKids
}

// groupSize is the size of the range groups that split n children:
// pageSize, pageSize², ... so that there are at most pageSize groups.
func groupSize(n int) int {
	g := pageSize
	for n > g*pageSize {
		g *= pageSize
	}
	return g
}

// rangeSegs are the range-group UID segments between a container row and
// its child at position i, when the container has n children.
func rangeSegs(n, i int) []string {
	var segs []string
	lo, hi := 0, n
	for hi-lo > pageSize {
		g := groupSize(hi - lo)
		glo := lo + (i-lo)/g*g
		ghi := min(glo+g, hi)
		segs = append(segs, "r"+strconv.Itoa(glo)+"_"+strconv.Itoa(ghi))
		lo, hi = glo, ghi
	}
	return segs
}

// rangeUIDs lists the child UIDs under uid for children lo..hi-1: the
// children themselves when there are at most pageSize, else range groups.
func rangeUIDs(uid string, lo, hi int) []string {
	n := hi - lo
	if n <= pageSize {
		out := make([]string, 0, n)
		for i := lo; i < hi; i++ {
			out = append(out, uid+"/"+strconv.Itoa(i))
		}
		return out
	}
	g := groupSize(n)
	out := make([]string, 0, (n+g-1)/g)
	for glo := lo; glo < hi; glo += g {
		out = append(out, uid+"/r"+strconv.Itoa(glo)+"_"+strconv.Itoa(min(glo+g, hi)))
	}
	return out
}

// childUIDs lists the UIDs of uid's children, creating their rows. It is
// computed once per row. When the children of a big container are not yet
// computed, it returns a single loading row and asks start to compute them
// (start is called at most once per child list; the caller refreshes the
// tree when they are ready).
func (tm *treeModel) childUIDs(uid string, start func(k kidsKey)) []string {
	if uid == "" {
		return tm.topUIDs("", 0, len(tm.tops))
	}
	r := tm.rows[uid]
	if r == nil {
		return nil
	}
	if r.uids != nil {
		return r.uids
	}
	if r.topRange {
		r.uids = tm.topUIDs(uid+"/", r.lo, r.hi)
		return r.uids
	}
	p := tm.pickle(r.pi)
	switch r.kind {
	case rowNode:
		if !tm.opens(uid, r, p) {
			return nil
		}
		k := r.key()
		if !tm.kidsCheap(k) {
			if start != nil {
				tm.mu.Lock()
				busy := tm.computing[k]
				tm.computing[k] = true
				tm.mu.Unlock()
				if !busy {
					start(k)
				}
			}
			lu := uid + "/…"
			if tm.rows[lu] == nil {
				tm.rows[lu] = &row{kind: rowLoading, pi: r.pi, node: model.NoNode, parent: r.node, top: -1, branch: -1}
			}
			return []string{lu}
		}
		kids := tm.list(k)
		r.uids = rangeUIDs(uid, 0, kids.Len())
		tm.addRows(r, r.uids, 0, kids.Len(), kids)
	case rowRange:
		kids := tm.list(r.key())
		r.uids = rangeUIDs(uid, r.lo, r.hi)
		tm.addRows(r, r.uids, r.lo, r.hi, kids)
	default:
		return nil
	}
	return r.uids
}

// topUIDs lists the top rows lo..hi-1, or the range groups over them when
// there are more than pageSize (prefix is the parent group's UID and "/").
func (tm *treeModel) topUIDs(prefix string, lo, hi int) []string {
	if hi-lo <= pageSize {
		out := make([]string, 0, hi-lo)
		for _, t := range tm.tops[lo:hi] {
			out = append(out, t.uid)
		}
		return out
	}
	g := groupSize(hi - lo)
	var out []string
	for glo := lo; glo < hi; glo += g {
		out = append(out, prefix+"r"+strconv.Itoa(glo)+"_"+strconv.Itoa(min(glo+g, hi)))
	}
	return out
}

// parseRange reads a range segment "rLO_HI".
func parseRange(seg string) (lo, hi int) {
	a, b, _ := strings.Cut(strings.TrimPrefix(seg, "r"), "_")
	lo, _ = strconv.Atoi(a)
	hi, _ = strconv.Atoi(b)
	return lo, hi
}

// addRows creates the rows for uids, the children lo..hi-1 of parent's
// object (either the children themselves or range groups over them).
func (tm *treeModel) addRows(parent *row, uids []string, lo, hi int, kids kidList) {
	direct := hi-lo <= pageSize
	g := groupSize(hi - lo)
	for k, u := range uids {
		if tm.rows[u] != nil {
			continue
		}
		if direct {
			c := kids.At(lo + k)
			tm.rows[u] = &row{kind: rowNode, pi: parent.pi, node: c.Node, parent: parent.node, child: c, top: -1,
				raw: c.Kind == view.KeyRaw}
			continue
		}
		glo := lo + k*g
		tm.rows[u] = &row{kind: rowRange, pi: parent.pi, node: parent.node, parent: parent.node, top: -1,
			lo: glo, hi: min(glo+g, hi), branch: 1, raw: parent.raw}
	}
}

// isBranch reports whether the row can be opened.
func (tm *treeModel) isBranch(uid string) bool {
	if uid == "" {
		return true
	}
	r := tm.rows[uid]
	if r == nil {
		return false
	}
	if r.branch == 0 {
		r.branch = -1
		p := tm.pickle(r.pi)
		if r.kind == rowNode && tm.opens(uid, r, p) && view.HasChildren(p, r.node) {
			r.branch = 1
		}
	}
	return r.branch > 0
}

// opens reports whether row r (at uid) may show rows of its own: not a
// link, not a view row without a node (an array's dtype), and not a view
// row whose node a row above it already shows. View rows that stand for a
// node (an estimator's parameter, a DataFrame's column) open like the
// node's own row, which is under {raw}; as they are not links, the last
// rule keeps a walk of the tree finite when views refer to each other.
func (tm *treeModel) opens(uid string, r *row, p *model.Pickle) bool {
	if r.node == model.NoNode || r.link(p) {
		return false
	}
	if !r.viewRow() {
		return true
	}
	for i := strings.LastIndexByte(uid, '/'); i > 0; i = strings.LastIndexByte(uid[:i], '/') {
		if a := tm.rows[uid[:i]]; a != nil && a.kind == rowNode && a.node == r.node {
			return false
		}
	}
	return true
}

// kidsDone stores a child list computed by a goroutine and lets the loading
// row's parent be listed again. UI thread only.
func (tm *treeModel) kidsDone(k kidsKey, kids kidList) {
	tm.mu.Lock()
	if _, ok := tm.kids[k]; !ok {
		tm.kids[k] = kids
		tm.kidsComputed++
	}
	delete(tm.computing, k)
	tm.mu.Unlock()
}

// topIndex is the top row showing node n of pickle pi, or -1.
func (tm *treeModel) topIndex(pi int, n model.NodeID) int {
	for i, t := range tm.tops {
		if t.pi == pi && t.node == n {
			return i
		}
	}
	return -1
}

// indexOfEdge is the position in kids (the children of cur) of the row that
// holds global edge e, or -1.
func indexOfEdge(p *model.Pickle, kids kidList, cur model.NodeID, e int) int {
	return kids.indexOfEdge(p.EdgeIndex(cur, 0), e)
}

// step is one row on the way down from a top row: its position among its
// parent's rows, how many rows the parent has, and the row.
type step struct {
	i, n int
	c    view.Child
}

// rowPath is view.ViewRowPath over the cached child lists: the top row
// showing node n and the rows down to the row that shows it (or its
// nearest shown owner), and that row's object. A node inside a recognised
// object is reached through the object's {raw} row.
func (tm *treeModel) rowPath(pi int, n model.NodeID) (top int, steps []step, cur model.NodeID, ok bool) {
	p := tm.pickle(pi)
	if n == model.NoNode || !p.Reached(n) {
		return -1, nil, model.NoNode, false
	}
	root := p.OwnerRoot(n)
	top = tm.topIndex(pi, root)
	if top < 0 {
		return -1, nil, model.NoNode, false
	}
	cur = root
	for _, e := range p.OwnerPath(n) {
		s, ok := tm.edgeSteps(pi, cur, e)
		if !ok {
			continue // through a node the tree does not show (an instance's state dict)
		}
		steps = append(steps, s...)
		cur = s[len(s)-1].c.Node
	}
	return top, steps, cur, true
}

// edgeSteps are the rows from node cur's row down to the row that holds
// global edge e: that row, or {raw} then that row when cur is a recognised
// object (its view rows hold no edges). ok is false when no row below cur
// holds e.
func (tm *treeModel) edgeSteps(pi int, cur model.NodeID, e int) ([]step, bool) {
	p := tm.pickle(pi)
	kids := tm.kidsOf(pi, cur)
	if i := indexOfEdge(p, kids, cur, e); i >= 0 {
		return []step{{i, kids.Len(), kids.At(i)}}, true
	}
	j := kids.Len() - 1
	if j < 0 || kids.At(j).Kind != view.KeyRaw {
		return nil, false
	}
	raw := tm.rawKidsOf(pi, cur)
	if i := indexOfEdge(p, raw, cur, e); i >= 0 {
		return []step{{j, kids.Len(), kids.At(j)}, {i, raw.Len(), raw.At(i)}}, true
	}
	return nil, false
}

// pathCheap reports whether rowPath(pi, n) needs no big child list that is
// not cached yet, so it can run on the UI thread.
func (tm *treeModel) pathCheap(pi int, n model.NodeID) bool {
	p := tm.pickle(pi)
	if n == model.NoNode || !p.Reached(n) {
		return true
	}
	for _, e := range p.OwnerPath(n) {
		if !tm.kidsCheap(kidsKey{pi, p.EdgeParent(e), false}) {
			return false
		}
	}
	return true
}

// uidOf turns a top row and the steps below it into the row's UID, with
// the range groups in between.
func (tm *treeModel) uidOf(top int, steps []step) string {
	var b strings.Builder
	b.WriteString(tm.tops[top].uid)
	for _, s := range steps {
		for _, seg := range rangeSegs(s.n, s.i) {
			b.WriteByte('/')
			b.WriteString(seg)
		}
		b.WriteByte('/')
		b.WriteString(strconv.Itoa(s.i))
	}
	return b.String()
}

// locateNode is the UID of the row that shows node n (or its nearest shown
// owner). Safe on any goroutine; it may compute child lists.
func (tm *treeModel) locateNode(pi int, n model.NodeID) (string, bool) {
	top, steps, _, ok := tm.rowPath(pi, n)
	if !ok {
		return "", false
	}
	return tm.uidOf(top, steps), true
}

// locateEdge is the UID of the row that holds global edge e (a link row
// when e is not the owner edge), falling back to its parent's row.
func (tm *treeModel) locateEdge(pi, e int) (string, bool) {
	p := tm.pickle(pi)
	top, steps, cur, ok := tm.rowPath(pi, p.EdgeParent(e))
	if !ok {
		return "", false
	}
	if s, ok := tm.edgeSteps(pi, cur, e); ok {
		steps = append(steps, s...)
	}
	return tm.uidOf(top, steps), true
}

// pathText is view.PathOf over the cached child lists, cached per node.
func (tm *treeModel) pathText(pi int, n model.NodeID) string {
	tm.mu.Lock()
	s, ok := tm.paths[nodeKey{pi, n}]
	tm.mu.Unlock()
	if ok {
		return s
	}
	_, steps, _, ok := tm.rowPath(pi, n)
	if !ok {
		return ""
	}
	p := tm.pickle(pi)
	var b strings.Builder
	for _, st := range steps {
		b.WriteString(view.Segment(p, st.c)) // "" for {raw}
	}
	s = b.String()
	tm.mu.Lock()
	tm.paths[nodeKey{pi, n}] = s
	tm.mu.Unlock()
	return s
}

// cachedPath returns the path text of n if it is cached.
func (tm *treeModel) cachedPath(pi int, n model.NodeID) (string, bool) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	s, ok := tm.paths[nodeKey{pi, n}]
	return s, ok
}

// ensureRows creates the rows along uid's path (opening nothing), so that
// the tree can select it. UI thread only.
func (tm *treeModel) ensureRows(uid string) []string {
	parts := strings.Split(uid, "/")
	prefixes := make([]string, 0, len(parts))
	cur := parts[0]
	for i := 1; i < len(parts); i++ {
		prefixes = append(prefixes, cur)
		tm.childUIDs(cur, nil)
		cur += "/" + parts[i]
	}
	return prefixes
}

// linkText is view.LinkText with the cached path: "↻ cycle to ['a']" or
// "↪ same as ['a']".
func (tm *treeModel) linkText(pi int, parent, target model.NodeID, where string) string {
	p := tm.pickle(pi)
	if parent != model.NoNode && p.IsAncestor(target, parent) {
		if where == "" {
			return "↻ cycle to the root"
		}
		return "↻ cycle to " + where
	}
	if where == "" {
		return "↪ same as the root"
	}
	return "↪ same as " + where
}

// joinLabel puts a row's key and value text together as view.Label does.
func joinLabel(c view.Child, key, val string) string {
	switch c.Kind {
	case view.KeyIndex:
		return key + " " + val
	case view.KeyAttr:
		return key + " = " + val
	case view.KeyRoot:
		return val
	}
	return key + ": " + val
}

// label is the text of the row. For a link whose target path is not cached
// and not cheap, it returns a provisional text and false.
func (tm *treeModel) label(uid string) (string, bool) {
	r := tm.rows[uid]
	if r == nil {
		return "", true
	}
	if r.label != "" {
		return r.label, true
	}
	final := true
	switch r.kind {
	case rowRange:
		r.label = fmt.Sprintf("[%d … %d]", r.lo, r.hi-1)
	case rowLoading:
		return "loading…", true
	case rowNote:
		return r.label, true
	case rowMark:
		p := tm.pickle(r.pi)
		r.label = tm.topPrefix(r.top) + fmt.Sprintf("MARK (op %d at %#x)", r.markOp, p.OpOffset(r.markOp))
	case rowNode:
		p := tm.pickle(r.pi)
		switch {
		case r.top >= 0 && r.topLink:
			where, ok := tm.cachedPath(r.pi, r.node)
			if !ok && tm.pathCheap(r.pi, r.node) {
				where, ok = tm.pathText(r.pi, r.node), true
			}
			if !ok {
				return tm.topPrefix(r.top) + "↪ …", false
			}
			owner := tm.topIndex(r.pi, p.OwnerRoot(r.node))
			r.label = tm.topPrefix(r.top) + "↪ same as " + where + " in " + strings.TrimSuffix(tm.topPrefix(owner), ": ")
		case r.top >= 0:
			r.label = tm.topPrefix(r.top) + view.Summary(p, r.node)
		case r.link(p):
			where, ok := tm.cachedPath(r.pi, r.node)
			if !ok && tm.pathCheap(r.pi, r.node) {
				where, ok = tm.pathText(r.pi, r.node), true
			}
			if !ok {
				return joinLabel(r.child, view.KeyText(p, r.child), "↪ …"), false
			}
			r.label = joinLabel(r.child, view.KeyText(p, r.child), tm.linkText(r.pi, r.parent, r.node, where))
		default:
			r.label = view.Label(p, r.parent, r.child)
		}
	}
	return r.label, final
}

// topPrefix is what a top row's text starts with: nothing for the root of
// a lone pickle, "pickle 2: " among several, "stack[1]: " for stack items.
func (tm *treeModel) topPrefix(top int) string {
	if top < 0 {
		return ""
	}
	t := tm.tops[top]
	s := ""
	switch {
	case t.pi >= tm.recovered:
		s = fmt.Sprintf("recovered pickle at offset %s: ", offText(tm.pickle(t.pi).Span().Start))
	case tm.pickle(t.pi).Source() != "":
		s = tm.pickle(t.pi).Source() + ": "
	case !t.lonePick:
		s = fmt.Sprintf("pickle %d: ", t.pi+1)
	}
	if t.stack >= 0 {
		s += fmt.Sprintf("stack[%d]: ", t.stack)
	}
	return s
}
