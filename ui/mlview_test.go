package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"pklx/model"
	"pklx/model/view"
)

// The files of testdata/ml that these tests open, written by the real
// libraries (see testdata/ml's generator).
const mlDir = "../testdata/ml/"

// labels are the labels of uid's child rows, opening it.
func (h *harness) labels(uid string) []string {
	h.t.Helper()
	var out []string
	for _, c := range h.e.tm.childUIDs(uid, nil) {
		l, _ := h.e.tm.label(c)
		out = append(out, l)
	}
	return out
}

// wantRows checks that uid's rows begin with want (exact labels).
func wantRows(t *testing.T, h *harness, uid string, want ...string) {
	t.Helper()
	got := h.labels(uid)
	if len(got) < len(want) || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Errorf("rows of %s:\n  %s\nwant them to begin with\n  %s", uid, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// Recognised objects show their library's view, then {raw} with the raw
// calls, as `pklx show` prints them; view rows that stand for a node open
// like that node.
func TestTreeShowsViews(t *testing.T) {
	h := newHarness(t)

	e := h.openPath(mlDir + "torch_state_dict.pt")
	w := h.childRow("p0", "'0.weight': torch.Tensor (float32, 2×3, cpu)")
	wantRows(t, h, w,
		"dtype: torch.float32",
		"shape: (2, 3)",
		"stride: (3, 1)",
		"device: cpu",
		"requires_grad: False",
		"storage: FloatStorage '0', 6 items",
		"values: [[-0.0043225177, 0.30971584, -0.47518533], [-0.4248946, -0.22236897, 0.15482073]]",
		"{raw}: torch._utils._rebuild_tensor_v2(persistent id, 0, tuple[2], tuple[2], …)")
	if dt := h.childRow(w, "dtype"); e.tree.IsBranch(dt) || e.tm.childUIDs(dt, nil) != nil {
		t.Error("a view row without a node is a leaf")
	}
	raw := h.childRow(w, "{raw}")
	if !e.tree.IsBranch(raw) {
		t.Fatal("{raw} opens")
	}
	wantRows(t, h, raw, "callable: torch._utils._rebuild_tensor_v2", "args: tuple[6]")
	// The {raw} row's list and the tensor row's list are cached apart.
	p := e.file.Pickles[0]
	tensor := e.tm.rows[w].node
	vk, ok1 := e.tm.cached(kidsKey{0, tensor, false})
	rk, ok2 := e.tm.cached(kidsKey{0, tensor, true})
	if !ok1 || !ok2 || vk.Len() != 8 || rk.Len() != 2 || vk.At(7).Kind != view.KeyRaw {
		t.Errorf("cached lists: view %d (%v), raw %d (%v)", vk.Len(), ok1, rk.Len(), ok2)
	}
	// The storage row stands for the persistent id: it opens to it.
	st := h.childRow(w, "storage: ")
	if !e.tree.IsBranch(st) || e.tm.rows[st].node == model.NoNode {
		t.Error("the storage row stands for the persistent id and opens")
	}
	wantRows(t, h, st, "pid: tuple[5]")
	_ = p

	e = h.openPath(mlDir + "pandas_df_p4.pkl")
	if l, _ := e.tm.label("p0"); l != "DataFrame (5 rows × 5 columns)" {
		t.Errorf("root %q", l)
	}
	wantRows(t, h, "p0",
		"index: RangeIndex(start=0, stop=5, step=1)",
		"id: int64: [0, 1, 2, 3, 4]",
		"score: float64: [0.5, nan, 2.25, -1.0, 10000000000.0]",
		"name: object: ['ann', 'bob', None, 'dee', 'eve']",
		"ok: bool: [True, False, True, True, False]",
		"n32: int32: [1, 2, 3, 4, 5]",
		"{raw}: DataFrame(_mgr=pandas.core.internals.managers.BlockManager(tuple[5], list[2]), _typ='dataframe', …)")
	col := h.childRow("p0", "score: ")
	wantRows(t, h, col, "dtype: float64", "shape: (1, 5)")

	e = h.openPath(mlDir + "joblib_rf.joblib")
	root := e.tm.tops[0].uid
	wantRows(t, h, root, "_sklearn_version: 1.2.1", "estimator: DecisionTreeClassifier (sklearn 1.2.1, 12 parameters)",
		"n_estimators: 3")
	est := h.childRow(root, "estimators_ (fitted): list[3]")
	wantRows(t, h, est, "[0] DecisionTreeClassifier (sklearn 1.2.1, 12 parameters, fitted)")
	tree0 := h.childRow(est, "[0] ")
	tree := h.childRow(tree0, "tree_ (fitted): ")
	if !e.tree.IsBranch(tree) {
		t.Error("a fitted tree opens")
	}
	if n := h.childRow(root, "n_estimators"); e.tree.IsBranch(n) {
		t.Error("an int parameter is a leaf")
	}
	h.childRow(h.childRow(root, "{raw}"), ".n_estimators = 3")

	e = h.openPath(mlDir + "joblib_arrays.joblib")
	f64 := h.childRow(e.tm.tops[0].uid, "'f64': numpy.ndarray (float64, 3×4)")
	wantRows(t, h, f64, "dtype: float64", "shape: (3, 4)", "data: joblib inline data, 12 items of 8 bytes",
		"values: [[0.0, 0.25, 0.5, 0.75], [1.0, 1.25, 1.5, 1.75], [2.0, 2.25, 2.5, 2.75]]")
}

// A view row that refers to an object above it (a hostile or odd file:
// an estimator that is its own parameter) does not open again, so a walk
// of every branch ends.
func TestViewRowsDoNotReopenTheirAncestors(t *testing.T) {
	h := newHarness(t)
	e := h.openPath(mlDir + "joblib_rf.joblib")
	root := e.tm.tops[0].uid
	est := h.childRow(root, "estimator: ")
	if !e.tree.IsBranch(est) {
		t.Fatal("the base estimator opens")
	}
	// Fake a row below it that shows the forest again.
	r := e.tm.rows[est]
	uid := est + "/99"
	e.tm.rows[uid] = &row{kind: rowNode, pi: r.pi, node: e.tm.tops[0].node, parent: r.node, top: -1,
		child: view.Child{Kind: view.KeyView, Name: "loop", Node: e.tm.tops[0].node, Edge: -1}}
	if e.tm.isBranch(uid) {
		t.Error("a view row showing an object above it must be a leaf")
	}
	// Every branch of the real files, opened without end, is finite.
	for _, name := range []string{"joblib_rf.joblib", "sklearn_pipeline_p5.pkl", "pandas_df_p5.pkl", "torch_views.pt"} {
		h := newHarness(t)
		e := h.openPath(mlDir + name)
		n := 0
		var walk func(uid string)
		walk = func(uid string) {
			n++
			if n > 200_000 {
				t.Fatalf("%s: the walk does not end", name)
			}
			if e.tree.IsBranch(uid) {
				for _, c := range e.tree.ChildUIDs(uid) {
					walk(c)
				}
			}
		}
		walk("")
	}
}

// Every row is labelled as view.Label says, every path is view.PathOf's,
// and every node is located where view.ViewRowPath says (through {raw}
// into recognised objects), for the files of testdata/ml.
func TestTreeAgreesWithViewML(t *testing.T) {
	for _, name := range []string{"torch_state_dict.pt", "torch_views_legacy.pt", "pandas_df_p4.pkl", "pandas_series_p4.pkl",
		"joblib_rf.joblib", "joblib_arrays.joblib", "sklearn_pipeline_p5.pkl", "stdlib_p4.pkl", "np_struct_p4.pkl"} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			e := h.openPath(mlDir + name)
			rows, located := 0, 0
			var walk func(uid string, depth int, underView bool)
			walk = func(uid string, depth int, underView bool) {
				for _, c := range e.tm.childUIDs(uid, nil) {
					r := e.tm.rows[c]
					rows++
					got, final := e.tm.label(c)
					if !final {
						t.Fatalf("%s: provisional label %q", c, got)
					}
					p := e.tm.pickle(r.pi)
					if r.kind == rowNode && r.top < 0 {
						if want := view.Label(p, r.parent, r.child); got != want && !r.link(p) {
							t.Errorf("%s: label %q, view.Label %q", c, got, want)
						}
					}
					own := r.kind == rowNode && !r.link(p) && r.node != model.NoNode && !r.viewRow() &&
						r.child.Kind != view.KeyRaw && !underView
					if own {
						if got, want := e.tm.pathText(r.pi, r.node), view.PathOf(p, r.node); got != want {
							t.Errorf("%s: path %q, view.PathOf %q", c, got, want)
						}
						top, path, ok := view.ViewRowPath(p, r.node)
						u, _ := e.tm.locateNode(r.pi, r.node)
						if u != c || !ok || top != e.tm.tops[e.tm.topIndex(r.pi, top)].node || !strings.HasSuffix(c, pathUID(path)) {
							t.Errorf("node %d: located at %q, shown at %q, view.ViewRowPath %v", r.node, u, c, path)
						}
						located++
					}
					if depth < 12 && e.tm.isBranch(c) {
						walk(c, depth+1, underView || r.viewRow())
					}
				}
			}
			walk("", 0, false)
			if rows < 10 || located < 5 {
				t.Fatalf("only %d rows, %d located", rows, located)
			}
		})
	}
}

// pathUID writes child positions as the end of a UID: "/3/0/2".
func pathUID(path []int) string {
	var b strings.Builder
	for _, i := range path {
		b.WriteString("/" + strconv.Itoa(i))
	}
	return b.String()
}

// Selecting a node inside a recognised object from the trace, the hex
// view or a link row opens the object's {raw} row and selects the node
// there.
func TestLocateThroughRaw(t *testing.T) {
	h := newHarness(t)
	e := h.openPath(mlDir + "torch_state_dict.pt")
	p := e.file.Pickles[0]
	w := h.childRow("p0", "'0.weight'")
	h.labels(w)
	raw := w + "/7"
	if l, _ := e.tm.label(raw); !strings.HasPrefix(l, "{raw}: ") {
		t.Fatalf("row 7 of the tensor is %q", l)
	}
	key := nodeAt(t, e, "['0.weight']{args}[0]{pid}[2]")
	want := raw + "/1/0/0/2" // {raw} → args → [0] persistent id → pid → [2]
	e.tm.ensureRows(want)
	if l, _ := e.tm.label(want); l != "[2] '0'" {
		t.Fatalf("%s is %q", want, l)
	}

	// From the trace.
	e.traceSelected(int(p.Node(key).Op))
	if h.treeSelection() != want || !e.tree.IsBranchOpen(w) || !e.tree.IsBranchOpen(raw) {
		t.Errorf("trace → tree selected %q (open: tensor %v, raw %v)", h.treeSelection(), e.tree.IsBranchOpen(w), e.tree.IsBranchOpen(raw))
	}
	if got := e.tm.pathText(0, key); got != "['0.weight']{args}[0]{pid}[2]" {
		t.Errorf("path %q", got)
	}
	if e.details.path.Text != "['0.weight']{args}[0]{pid}[2]" {
		h.pump("the path in the details", func() bool { return e.details.path.Text == "['0.weight']{args}[0]{pid}[2]" })
	}

	// From a byte of the hex view.
	e.selectUID("p0", srcOther, true)
	h.hex.onTapped(p.OpSpan(int(p.Node(key).Op)).Start)
	if h.treeSelection() != want {
		t.Errorf("hex → tree selected %q", h.treeSelection())
	}

	// A link row under another tensor's {raw} jumps to its target, inside
	// the first tensor's {raw}.
	b := h.childRow("p0", "'0.bias'")
	braw := h.childRow(b, "{raw}")
	link := h.childRow(braw, "callable: ↪ same as ['0.weight']{callable}")
	e.tree.Select(link)
	if h.treeSelection() != raw+"/0" {
		t.Errorf("the link jumps to %q, want %q", h.treeSelection(), raw+"/0")
	}
	// And so does a referrer link of the details: the storage tuple's
	// type name is shared by every tensor.
	typ := nodeAt(t, e, "['0.weight']{args}[0]{pid}[1]")
	for _, ed := range p.Referrers(typ, 10) {
		e.selectEdge(0, ed)
		if sel := h.treeSelection(); !strings.Contains(sel, "/7/1/0/0/") {
			t.Errorf("referrer edge %d selects %q, not a row under a {raw}", ed, sel)
		}
	}

	// A node hidden by the tree (an estimator's state dict) is located at
	// its nearest shown owner, through {raw}.
	e = h.openPath(mlDir + "joblib_rf.joblib")
	p = e.file.Pickles[0]
	n, err := view.Resolve(p, p.Root(), ".estimators_[1]")
	if err != nil {
		t.Fatal(err)
	}
	e.traceSelected(int(p.Node(n).Op))
	if l, _ := e.tm.label(h.treeSelection()); !strings.HasPrefix(l, "[1] DecisionTreeClassifier") {
		t.Errorf("trace → tree selected %q %q", h.treeSelection(), l)
	}
	if sel := h.treeSelection(); !strings.Contains(sel, "/") || e.tm.rows[sel[:strings.LastIndexByte(sel, '/')]] == nil {
		t.Errorf("selection %q", sel)
	}
	if got := e.tm.pathText(0, n); got != ".estimators_[1]" {
		t.Errorf("path %q", got)
	}
}

// View rows can be selected, copied and exported like any row: one
// without a node of its own selects the recognised object (its op, its
// bytes) and the details show the row.
func TestViewRowSelectCopyExport(t *testing.T) {
	h := newHarness(t)
	e := h.openPath(mlDir + "torch_state_dict.pt")
	p := e.file.Pickles[0]
	w := h.childRow("p0", "'0.weight'")
	tensor := e.tm.rows[w].node
	dt := h.childRow(w, "dtype: ")
	e.tree.OpenBranch(w)
	e.tree.Select(dt)
	if h.treeSelection() != dt || e.cur.node != tensor || e.cur.op != int(p.Node(tensor).Op) {
		t.Fatalf("selecting dtype: tree %q, selection %+v, tensor %d", h.treeSelection(), e.cur, tensor)
	}
	if h.trace.selected != int(p.Node(tensor).Op) || len(h.hex.primary) == 0 {
		t.Errorf("the trace and hex follow: op %d, %d spans", h.trace.selected, len(h.hex.primary))
	}
	if !strings.HasPrefix(e.details.title.Text, "dtype of the torch.Tensor") || e.details.value.Text != "torch.float32" {
		t.Errorf("details %q / %q", e.details.title.Text, e.details.value.Text)
	}
	copied := func(what string, f func()) string {
		t.Helper()
		_, n0 := h.clip.get()
		f()
		h.pump(what, func() bool { _, n := h.clip.get(); return n > n0 })
		s, _ := h.clip.get()
		return s
	}
	if got := copied("value", e.copyValue); got != "torch.float32" {
		t.Errorf("copy value %q", got)
	}
	if got := copied("path", e.copyPath); got != "['0.weight']" {
		t.Errorf("copy path %q", got)
	}
	s := p.SubtreeSpan(tensor)
	if got := copied("hex", e.copyHex); got != spacedHex(p.Data()[s.Start:s.End]) {
		t.Errorf("copy hex %q", got)
	}
	got := copied("JSON", e.copyJSON)
	var v any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Errorf("copy JSON of the tensor: %v\n%s", err, got)
	}
	target := filepath.Join(tempDir(t), "t.json")
	h.dlg.savePath = target
	e.exportToFile()
	h.pump("export", func() bool { return strings.HasPrefix(e.notice.Text, "Exported JSON to ") })
	if b, err := os.ReadFile(target); err != nil || !json.Valid(b) {
		t.Errorf("export: %v %q", err, b)
	}
	// The keyboard walks through view rows; Enter on a leaf does nothing;
	// history returns to them.
	e.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if l, _ := e.tm.label(h.treeSelection()); l != "shape: (2, 3)" || e.details.value.Text != "(2, 3)" {
		t.Errorf("Down: %q, details %q", l, e.details.value.Text)
	}
	e.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	e.gotoOwner()
	if h.treeSelection() != "p0" {
		t.Errorf("go to owner from a view row selects %q", h.treeSelection())
	}
	e.back()
	if l, _ := e.tm.label(h.treeSelection()); l != "shape: (2, 3)" {
		t.Errorf("back: %q", l)
	}
	// The {raw} row shows the object as the file writes it.
	raw := h.childRow(w, "{raw}")
	e.tree.Select(raw)
	if e.cur.node != tensor || e.details.title.Text != "call of torch._utils._rebuild_tensor_v2" {
		t.Errorf("{raw}: node %d, title %q", e.cur.node, e.details.title.Text)
	}
	// The tensor's own row names its library type.
	e.tree.Select(w)
	if e.details.title.Text != "torch.Tensor" || !strings.Contains(e.details.facts.Text, "Read by pklx as torch.Tensor") {
		t.Errorf("tensor: title %q, facts %q", e.details.title.Text, e.details.facts.Text)
	}
	// A view row that stands for a node selects that node.
	e = h.openPath(mlDir + "pandas_df_p4.pkl")
	p = e.file.Pickles[0]
	col := h.childRow("p0", "score: ")
	e.tree.Select(col)
	if e.cur.node != e.tm.rows[col].node || e.details.title.Text != "numpy.ndarray" {
		t.Errorf("column: node %d, title %q", e.cur.node, e.details.title.Text)
	}
	if got := copied("path", e.copyPath); got != "._mgr{args}[0][1]{args}[0]" {
		t.Errorf("column path %q", got)
	}
	if n, err := view.Resolve(p, p.Root(), mustClip(h)); err != nil || n != e.cur.node {
		t.Errorf("the copied path resolves to %d (%v), want %d", n, err, e.cur.node)
	}
	// Find selects through {raw}.
	e.showFind()
	e.find.entry.SetText("dataframe")
	h.pump("search", func() bool { return e.find.query == "dataframe" && e.find.cancel == nil && e.find.pos >= 0 })
	if l, _ := e.tm.label(h.treeSelection()); l == "" {
		t.Errorf("find selected %q", h.treeSelection())
	}
}

func mustClip(h *harness) string {
	s, _ := h.clip.get()
	return s
}
