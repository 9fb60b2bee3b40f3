package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/model/safety"
)

// openPath loads path (relative to ui/) and waits for it.
func (h *harness) openPath(path string) *explorer {
	h.t.Helper()
	h.e.load(path)
	h.pump("decode of "+path, func() bool { return !h.e.loading })
	return h.e
}

const hostileDir = "../decoder/testdata/hostile/"

func TestSafetyBanner(t *testing.T) {
	h := newHarness(t)
	e := h.open("")
	if e.safeBanner.box.Visible() {
		t.Errorf("banner for the sample: %q", e.safeBanner.text.Text)
	}
	e = h.openPath(hostileDir + "os_system_global.pkl")
	txt := e.safeBanner.text.Text
	if !e.safeBanner.box.Visible() || !strings.Contains(txt, "would run code") ||
		!strings.Contains(txt, "1 dangerous global (os.system)") {
		t.Errorf("os.system: visible %v, %q", e.safeBanner.box.Visible(), txt)
	}
	if e.safeBanner.bar.FillColor != dangerColor {
		t.Errorf("colour %v", e.safeBanner.bar.FillColor)
	}
	e = h.openPath(hostileDir + "eval_exec.pkl")
	if txt := e.safeBanner.text.Text; !strings.Contains(txt, "2 dangerous globals (__builtin__.eval, builtins.exec)") {
		t.Errorf("eval_exec: %q", txt)
	}
	// Only an unknown call: the milder banner.
	e = h.openPath(hostileDir + "call_of_call_unknown.pkl")
	if txt := e.safeBanner.text.Text; !e.safeBanner.box.Visible() || strings.Contains(txt, "would run code") ||
		e.safeBanner.bar.FillColor != unknownColor {
		t.Errorf("unknown: visible %v, %q", e.safeBanner.box.Visible(), txt)
	}
	// Safe files: no banner, even with globals.
	for _, name := range []string{"plain_data.pkl", "torch_state_dict.pkl", "numpy_array_safe.pkl"} {
		e = h.openPath(hostileDir + name)
		if e.safeBanner.box.Visible() {
			t.Errorf("%s: banner %q", name, e.safeBanner.text.Text)
		}
	}
	// Dangerous names in bytes that were not decoded.
	e = h.openPath(hostileDir + "dangerous_after_truncation.pkl")
	if txt := e.safeBanner.text.Text; !e.safeBanner.box.Visible() || !strings.Contains(txt, "os.system") {
		t.Errorf("after truncation: %q", txt)
	}
}

func TestSafetyListSelects(t *testing.T) {
	h := newHarness(t)
	e := h.openPath(hostileDir + "os_system_via_memo.pkl")
	if len(e.safety.entries) == 0 {
		t.Fatal("no entries")
	}
	e.showSafetyList()
	if e.safetyDialog == nil || e.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no list")
	}
	// Its lines are treeRows, whose ⚠ is not a colour emoji.
	rows := 0
	for _, o := range test.LaidOutObjects(e.win.Canvas().Overlays().Top()) {
		if r, ok := o.(*treeRow); ok && r.Visible() && strings.HasPrefix(r.Text, badge(safety.Dangerous)+" ") {
			rows++
		}
	}
	if rows == 0 {
		t.Error("no line of the list is a treeRow with a badge")
	}
	p := e.file.Pickles[0]
	for i, en := range e.safety.entries {
		e.pickSafety(i)
		h.settle()
		op := p.OpAt(en.off)
		if e.cur.pi != en.pi || e.cur.node != en.node || e.cur.op != op {
			t.Errorf("%s: selection %+v, want node %d op %d", en.text, e.cur, en.node, op)
		}
		if h.trace.selected != op {
			t.Errorf("%s: trace at %d, want %d", en.text, h.trace.selected, op)
		}
		if len(h.hex.primary) == 0 || h.hex.primary[0].Start != en.off {
			t.Errorf("%s: hex %v", en.text, h.hex.primary)
		}
		k := p.Node(en.node).Kind
		if strings.Contains(en.text, "GLOBAL") && k != model.KindGlobal ||
			strings.Contains(en.text, "REDUCE") && k != model.KindCall {
			t.Errorf("%s: node kind %v", en.text, k)
		}
		uid := h.treeSelection()
		if r := e.tm.rows[uid]; r == nil || r.node != en.node {
			t.Errorf("%s: tree row %q", en.text, uid)
		}
	}
	if !strings.Contains(e.safety.entries[0].text, "os.system") {
		t.Errorf("first entry %q", e.safety.entries[0].text)
	}
	// Clicking a line of the list: the list closes and the call is selected.
	e.selectSel(noSelection, srcOther, true)
	e.safetyList.Select(1)
	h.settle()
	if e.cur.node != e.safety.entries[1].node {
		t.Errorf("list click: %+v", e.cur)
	}
	if top := e.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("the list is still open: %T", top)
	}
}

func TestSafetyBadges(t *testing.T) {
	h := newHarness(t)
	e := h.openPath(hostileDir + "os_system_global.pkl")
	root := e.tm.tops[0].uid
	callee := h.childRow(root, "callable")
	args := h.childRow(root, "args")
	l := newTreeRow(nil)
	for uid, want := range map[string]bool{root: true, callee: true, args: false} {
		e.updateRow(uid, l)
		got := strings.HasPrefix(l.Text, badge(safety.Dangerous)+" ")
		if got != want || got != (l.Importance == widget.DangerImportance) {
			t.Errorf("row %s %q: badge %v importance %v", uid, l.Text, got, l.Importance)
		}
	}
	e = h.open("")
	for _, top := range e.tm.tops {
		e.updateRow(top.uid, l)
		if strings.HasPrefix(l.Text, badge(safety.Dangerous)) {
			t.Errorf("sample row %q", l.Text)
		}
	}
}

func TestRecoveredPickles(t *testing.T) {
	h := newHarness(t)
	e := h.openPath("../decoder/testdata/broken/damaged_middle.pkl")
	if e.file.Err() == nil {
		t.Fatal("not broken")
	}
	var rec []topRow
	for _, top := range e.tm.tops {
		if l, _ := e.tm.label(top.uid); strings.HasPrefix(l, "recovered pickle at offset 0x36 (54): ") {
			rec = append(rec, top)
		}
	}
	if len(rec) != 1 {
		t.Fatalf("recovered rows %d; tops %v", len(rec), e.tm.tops)
	}
	r := rec[0]
	p := e.file.Pickles[r.pi]
	if p.Span().Start != 54 || !p.Complete() {
		t.Fatalf("recovered pickle %v complete %v", p.Span(), p.Complete())
	}
	if st := e.status.Text; !strings.Contains(st, "2 pickles  ·  1 recovered") {
		t.Errorf("status %q", st)
	}
	// Browsable: its children are rows, and selecting one moves the trace
	// to the recovered pickle and the hex view to its bytes.
	kids := e.tm.childUIDs(r.uid, nil)
	if len(kids) == 0 {
		t.Fatal("no children")
	}
	e.selectUID(kids[0], srcOther, true)
	h.settle()
	if h.trace.pickle != p || e.cur.pi != r.pi {
		t.Errorf("trace shows %p, want %p", h.trace.pickle, p)
	}
	if len(h.hex.primary) == 0 || !p.Span().Contains(h.hex.primary[0].Start) {
		t.Errorf("hex %v", h.hex.primary)
	}
	// A byte of the recovered pickle selects in it.
	h.hex.onTapped(p.Span().End - 1)
	h.settle()
	if e.cur.pi != r.pi || e.cur.op != p.NumOps()-1 {
		t.Errorf("tap: %+v", e.cur)
	}
}

func TestContainerPickles(t *testing.T) {
	h := newHarness(t)
	e := h.openPath("../testdata/ml/zip_of_pickles.zip")
	if len(e.file.Pickles) != 2 {
		t.Fatalf("%d pickles", len(e.file.Pickles))
	}
	for i, want := range []string{"a.pkl: ", "sub/b.pickle: "} {
		if l, _ := e.tm.label(e.tm.tops[i].uid); !strings.HasPrefix(l, want) {
			t.Errorf("top row %d: %q, want %q…", i, l, want)
		}
	}
	if !strings.Contains(e.status.Text, "zip") {
		t.Errorf("status %q", e.status.Text)
	}
	// Each pickle's own bytes go to the hex view and the trace; a byte
	// tapped there selects in that pickle.
	for i, p := range e.file.Pickles {
		e.selectUID(e.tm.tops[i].uid, srcOther, true)
		h.settle()
		if !sameBytes(h.hex.data, p.Data()) || h.trace.pickle != p {
			t.Errorf("pickle %d: hex has %d bytes, want its own %d", i, len(h.hex.data), len(p.Data()))
		}
		h.hex.onTapped(p.Span().End - 1)
		h.settle()
		if e.cur.pi != i || e.cur.op != p.NumOps()-1 {
			t.Errorf("pickle %d: tap selected %+v", i, e.cur)
		}
	}
	// A compressed joblib file: the hex view shows the decompressed stream.
	e = h.openPath("../testdata/ml/joblib_zlib.joblib.z")
	p := e.file.Pickles[0]
	if sameBytes(p.Data(), e.file.Data) || !sameBytes(h.hex.data, p.Data()) {
		t.Errorf("joblib: hex %d bytes, file %d, pickle %d", len(h.hex.data), len(e.file.Data), len(p.Data()))
	}
	if l, _ := e.tm.label(e.tm.tops[0].uid); !strings.HasPrefix(l, p.Source()+": ") || p.Source() == "" {
		t.Errorf("joblib top row %q, source %q", l, p.Source())
	}
}
