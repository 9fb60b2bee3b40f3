package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"pklx/model"
	"pklx/model/view"
)

func TestGroupSizeAndRangeUIDs(t *testing.T) {
	for _, c := range []struct{ n, g int }{
		{1001, 1000}, {100_000, 1000}, {1_000_000, 1000}, {1_000_001, 1_000_000}, {999_999_999, 1_000_000},
	} {
		if got := groupSize(c.n); got != c.g {
			t.Errorf("groupSize(%d) = %d, want %d", c.n, got, c.g)
		}
	}
	if u := rangeUIDs("p0", 0, 1000); len(u) != 1000 || u[999] != "p0/999" {
		t.Errorf("1000 children should be listed directly, got %d (last %q)", len(u), u[len(u)-1])
	}
	u := rangeUIDs("p0", 0, 100_000)
	if len(u) != 100 || u[0] != "p0/r0_1000" || u[99] != "p0/r99000_100000" {
		t.Errorf("100,000 children: got %d groups %q … %q", len(u), u[0], u[len(u)-1])
	}
	// More than a million children nest: groups of a million, then of 1000.
	u = rangeUIDs("p0", 0, 2_500_001)
	if len(u) != 3 || u[2] != "p0/r2000000_2500001" {
		t.Errorf("2,500,001 children: got %q", u)
	}
	u = rangeUIDs("p0/r2000000_2500001", 2_000_000, 2_500_001)
	if len(u) != 501 || u[0] != "p0/r2000000_2500001/r2000000_2001000" || u[500] != "p0/r2000000_2500001/r2500000_2500001" {
		t.Errorf("second level: got %d, %q … %q", len(u), u[0], u[len(u)-1])
	}
	if s := rangeSegs(2_500_001, 2_400_123); strings.Join(s, "/") != "r2000000_2500001/r2400000_2401000" {
		t.Errorf("rangeSegs = %q", s)
	}
	if s := rangeSegs(999, 5); len(s) != 0 {
		t.Errorf("no groups under 1000 children, got %q", s)
	}
}

// The tree computes a container's children only when its row is opened.
func TestTreeIsLazy(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	p := e.file.Pickles[0]
	for _, c := range e.tm.childUIDs("p0", nil) {
		e.tm.label(c)
	}
	// The root's rows are shown; the link row 'again' needed the child list
	// of 'meta' for its label ("↪ same as ['meta']['optimizer']").
	base := e.tm.kidsComputed
	if base != 2 {
		t.Fatalf("after opening the file, %d child lists were computed, want 2 (the root's and 'meta''s, for a link label)", base)
	}
	meta := h.childRow("p0", "'scores': list[3]")
	metaNode := e.tm.rows[meta].node
	if _, ok := e.tm.cachedKids(0, metaNode); ok {
		t.Fatal("'scores' children computed before its row was opened")
	}
	// Showing the rows asks IsBranch of each, which must not list children.
	for _, c := range e.tm.childUIDs("p0", nil) {
		e.tree.IsBranch(c)
		e.tm.label(c)
	}
	if e.tm.kidsComputed != base {
		t.Fatalf("showing the root's rows computed %d child lists", e.tm.kidsComputed)
	}
	e.tree.OpenBranch(meta)
	kids := e.tree.ChildUIDs(meta)
	if len(kids) != 3 || e.tm.kidsComputed != base+1 {
		t.Fatalf("opening 'meta': %d rows, %d lists computed", len(kids), e.tm.kidsComputed)
	}
	// Asking again uses the cache.
	e.tree.ChildUIDs(meta)
	e.tree.ChildUIDs("p0")
	if e.tm.kidsComputed != base+1 {
		t.Fatalf("child lists are recomputed: %d", e.tm.kidsComputed)
	}
	_ = p
}

// A list of 100,000 items opens as 100 range groups of 1000.
func TestTreeRangeGroups(t *testing.T) {
	h := newHarness(t)
	e := h.open("big100k.pkl")
	top := e.tree.ChildUIDs("")
	if len(top) != 1 {
		t.Fatalf("top rows: %q", top)
	}
	if l, _ := e.tm.label("p0"); l != "list[100000]" {
		t.Errorf("root label %q", l)
	}
	groups := e.tree.ChildUIDs("p0")
	if len(groups) != 100 {
		t.Fatalf("%d groups, want 100", len(groups))
	}
	if l, _ := e.tm.label(groups[1]); l != "[1000 … 1999]" {
		t.Errorf("group label %q", l)
	}
	if !e.tree.IsBranch(groups[1]) {
		t.Error("a range group is a branch")
	}
	items := e.tree.ChildUIDs(groups[1])
	if len(items) != 1000 || items[3] != "p0/r1000_2000/1003" {
		t.Fatalf("group has %d items, 4th %q", len(items), items[3])
	}
	if l, _ := e.tm.label(items[3]); l != "[1003] 1003" {
		t.Errorf("item label %q", l)
	}
	if e.tree.IsBranch(items[3]) {
		t.Error("an int is a leaf")
	}
	// Selecting an item from the trace opens its group.
	p := e.file.Pickles[0]
	n := e.tm.rows[items[3]].node
	e.traceSelected(int(p.Node(n).Op))
	if h.treeSelection() != "p0/r1000_2000/1003" {
		t.Errorf("trace → tree selected %q", h.treeSelection())
	}
	n = view.Children(p, p.Root())[99_999].Node
	e.traceSelected(int(p.Node(n).Op))
	if h.treeSelection() != "p0/r99000_100000/99999" || !e.tree.IsBranchOpen("p0/r99000_100000") {
		t.Errorf("last item: selected %q", h.treeSelection())
	}
	// The group opened for the first jump is closed again by the second:
	// jumps leave no trail of open 1000-row groups.
	if e.tree.IsBranchOpen("p0/r1000_2000") || !e.tree.IsBranchOpen("p0") {
		t.Error("the first jump's group should be closed, the root kept open")
	}
	// A branch the user opened stays open.
	e.tree.OpenBranch("p0/r5000_6000")
	e.traceSelected(int(p.Node(view.Children(p, p.Root())[7].Node).Op))
	if !e.tree.IsBranchOpen("p0/r5000_6000") || !e.tree.IsBranchOpen("p0/r0_1000") {
		t.Error("the user's open group stays open")
	}
}

// Big child lists not computed yet are computed on a goroutine: the row
// shows "loading…" and the tree is refreshed when they are ready.
func TestTreeBigChildrenAsync(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	e.tm.bigKids = 100
	e.tm.directFrom = 1 << 30 // a plain dict would need no list at all
	wide := h.childRow("p0", "'wide': dict[2500]")
	kids := e.tree.ChildUIDs(wide)
	if len(kids) != 1 || !strings.HasSuffix(kids[0], "/…") {
		t.Fatalf("want a loading row, got %q", kids)
	}
	if l, _ := e.tm.label(kids[0]); l != "loading…" {
		t.Errorf("loading label %q", l)
	}
	h.pump("the big child list", func() bool { _, ok := e.tm.cachedKids(0, e.tm.rows[wide].node); return ok })
	kids = e.tree.ChildUIDs(wide)
	if len(kids) != 3 || kids[2] != wide+"/r2000_2500" {
		t.Fatalf("after loading: %q", kids)
	}
	// Selecting a node under an uncomputed big container resolves its row
	// on a goroutine; the tree follows.
	h2 := newHarness(t)
	e2 := h2.open("big100k.pkl")
	e2.tm = newTreeModel(e2.file) // forget the prefetched root list
	e2.tm.bigKids = 1000
	e2.tm.directFrom = 1 << 30
	e2.tree.reset()
	p := e2.file.Pickles[0]
	n := view.Children(p, p.Root())[54_321].Node
	e2.traceSelected(int(p.Node(n).Op))
	if e2.cur.op != int(p.Node(n).Op) || e2.details.title.Text != "int" || len(h2.hex.primary) == 0 {
		t.Errorf("details and hex should follow at once: op %d, title %q", e2.cur.op, e2.details.title.Text)
	}
	if h2.treeSelection() != "" {
		t.Errorf("the tree should wait for the row: %q", h2.treeSelection())
	}
	h2.pump("the row of item 54321", func() bool { return h2.treeSelection() == "p0/r54000_55000/54321" })
}

// Every row's label is what view.Label says, every path what view.PathOf
// says and every located row what view.RowPath says, for the test files.
func TestTreeAgreesWithView(t *testing.T) {
	for _, name := range []string{"nested.pkl", "cycle.pkl", "multi.pkl", "broken.pkl"} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			e := h.open(name)
			rows := 0
			var walk func(uid string, depth int)
			walk = func(uid string, depth int) {
				kids := e.tm.childUIDs(uid, nil)
				if len(kids) > 60 {
					kids = append(kids[:30:30], kids[len(kids)-30:]...) // view.PathOf is O(siblings)
				}
				for _, c := range kids {
					r := e.tm.rows[c]
					rows++
					got, final := e.tm.label(c)
					if !final {
						t.Fatalf("%s: provisional label %q", c, got)
					}
					if r.kind == rowNode && r.top < 0 {
						p := e.tm.pickle(r.pi)
						if want := view.Label(p, r.parent, r.child); got != want {
							t.Errorf("%s: label %q, view.Label %q", c, got, want)
						}
						if !r.link(p) {
							if got, want := e.tm.pathText(r.pi, r.node), view.PathOf(p, r.node); got != want {
								t.Errorf("%s: path %q, view.PathOf %q", c, got, want)
							}
							if u, _ := e.tm.locateNode(r.pi, r.node); u != c {
								t.Errorf("node %d: located at %q, shown at %q", r.node, u, c)
							}
						}
					}
					if depth < 8 && e.tm.isBranch(c) {
						walk(c, depth+1)
					}
				}
			}
			walk("", 0)
			if rows < 3 {
				t.Fatalf("only %d rows", rows)
			}
		})
	}
}

// Link rows stand for shared objects and cycles: they have no children,
// and choosing one jumps to the row that owns the object.
func TestTreeLinksAndCycles(t *testing.T) {
	h := newHarness(t)
	e := h.open("cycle.pkl")
	self := h.childRow("p0", "'self': ↻ cycle to the root")
	if e.tree.IsBranch(self) {
		t.Error("a cycle row must be a leaf")
	}
	items := h.childRow("p0", "'items': list[2]")
	h.childRow(items, "[0] ↻ cycle to the root")
	back := h.childRow(items, "[1] ↻ cycle to ['items']")
	// Choosing the link row (a tap calls Tree.Select) jumps to its owner.
	e.tree.Select(back)
	if h.treeSelection() != items {
		t.Errorf("after choosing %s the tree selects %q, want %q", back, h.treeSelection(), items)
	}
	if e.cur.node != e.tm.rows[items].node {
		t.Errorf("selection is node %d", e.cur.node)
	}
	e.tree.Select(self)
	if h.treeSelection() != "p0" {
		t.Errorf("cycle to the root selects %q", h.treeSelection())
	}

	// A shared object: the second reference is a link to the first.
	h2 := newHarness(t)
	e2 := h2.open("nested.pkl")
	again := h2.childRow("p0", "'again': ↪ same as ['meta']['optimizer']")
	meta := h2.childRow("p0", "'meta'")
	opt := h2.childRow(meta, "'optimizer': dict[2]")
	e2.tree.Select(again)
	if h2.treeSelection() != opt || !e2.tree.IsBranchOpen(meta) {
		t.Errorf("link jumps to %q (want %q, with %q open)", h2.treeSelection(), opt, meta)
	}
	if h2.trace.selected != int(e2.file.Pickles[0].Node(e2.tm.rows[opt].node).Op) {
		t.Errorf("the trace follows the jump: op %d", h2.trace.selected)
	}
	// Back returns to where we were before the jump.
	e2.back()
	if h2.treeSelection() != "p0" {
		t.Errorf("back after a jump selects %q", h2.treeSelection())
	}
}

// A walk over every branch of a cyclic graph ends: links are leaves.
func TestTreeWalkOfCycleEnds(t *testing.T) {
	h := newHarness(t)
	e := h.open("cycle.pkl")
	e.tree.OpenAllBranches()
	n := 0
	var walk func(uid string)
	walk = func(uid string) {
		n++
		if n > 1000 {
			t.Fatal("the walk does not end")
		}
		if e.tree.IsBranch(uid) {
			for _, c := range e.tree.ChildUIDs(uid) {
				walk(c)
			}
		}
	}
	walk("")
	if n != 7 {
		t.Errorf("%d rows (with the invisible root), want 7", n)
	}
}

func TestTopRowsOfBrokenAndMultiFiles(t *testing.T) {
	h := newHarness(t)
	e := h.open("multi.pkl")
	var labels []string
	for _, u := range e.tree.ChildUIDs("") {
		l, _ := e.tm.label(u)
		labels = append(labels, l)
	}
	if fmt.Sprint(labels) != "[pickle 1: dict[1] pickle 2: list[2]]" {
		t.Errorf("top rows %q", labels)
	}
	e.selectUID("p1", srcTree, true)
	if h.trace.pickle != e.file.Pickles[1] {
		t.Error("selecting the second pickle's root should show its trace")
	}

	h2 := newHarness(t)
	e2 := h2.open("broken.pkl")
	p := e2.file.Pickles[0]
	groups := e2.tree.ChildUIDs("")
	if len(groups) != 2 || groups[1] != "r1000_1415" {
		t.Fatalf("1415 stack items are paged: %q", groups)
	}
	if l, _ := e2.tm.label(groups[1]); l != "[1000 … 1414]" {
		t.Errorf("group label %q", l)
	}
	labels = nil
	var uids []string
	for _, g := range groups {
		for _, u := range e2.tree.ChildUIDs(g) {
			l, _ := e2.tm.label(u)
			labels = append(labels, l)
			uids = append(uids, u)
		}
	}
	if uids[1200] != "r1000_1415/p0s1200" {
		t.Errorf("a paged top row's UID %q", uids[1200])
	}
	if len(labels) != len(p.Stack()) {
		t.Fatalf("%d top rows for %d stack items: %q", len(labels), len(p.Stack()), labels)
	}
	marks := 0
	for i, it := range p.Stack() {
		if it.Mark {
			marks++
			if !strings.HasPrefix(labels[i], fmt.Sprintf("stack[%d]: MARK (op ", i)) {
				t.Errorf("mark row %q", labels[i])
			}
		} else if !strings.HasPrefix(labels[i], fmt.Sprintf("stack[%d]: ", i)) {
			t.Errorf("stack row %q", labels[i])
		}
	}
	if marks == 0 {
		t.Errorf("the broken sample should leave a MARK on the stack: %q", labels)
	}
	// The shared dict pushed again by BINGET is a link to its owner.
	if labels[9] != "stack[9]: ↪ same as ['optimizer'] in stack[7]" {
		t.Errorf("stack[9] = %q", labels[9])
	}
	if e2.tree.IsBranch("r0_1000/p0s9") {
		t.Error("a stack item owned elsewhere is a link, not a branch")
	}
	e2.tree.Select("r0_1000/p0s9")
	if h2.treeSelection() != "r0_1000/p0s7/1" {
		t.Errorf("choosing the stack link selects %q", h2.treeSelection())
	}
	_ = model.NoNode
}

// Up and Down move the selection through the visible rows; they stop on a
// link row (a tap would jump), and Enter follows the link.
func TestTreeKeyboard(t *testing.T) {
	h := newHarness(t)
	e := h.open("cycle.pkl")
	key := func(k fyne.KeyName) { e.tree.TypedKey(&fyne.KeyEvent{Name: k}) }
	if h.treeSelection() != "p0" {
		t.Fatalf("start at the root, got %q", h.treeSelection())
	}
	key(fyne.KeyDown)
	if h.treeSelection() != "p0/0" || e.details.value.Text != "'root'" {
		t.Errorf("Down: %q, details %q", h.treeSelection(), e.details.value.Text)
	}
	key(fyne.KeyDown)
	if h.treeSelection() != "p0/1" {
		t.Errorf("Down onto the cycle row: %q", h.treeSelection())
	}
	key(fyne.KeyReturn)
	if h.treeSelection() != "p0" {
		t.Errorf("Enter on the cycle row goes to the root: %q", h.treeSelection())
	}
	key(fyne.KeyUp)
	if h.treeSelection() != "p0" {
		t.Errorf("Up at the top stays: %q", h.treeSelection())
	}
	e.tree.Select("p0/2")
	key(fyne.KeyReturn) // opens 'items'
	key(fyne.KeyDown)
	if h.treeSelection() != "p0/2/0" {
		t.Errorf("Down into the opened list: %q", h.treeSelection())
	}
}
