package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/export"
	"pklx/model/view"
	"pklx/ui/hexview"
	"pklx/ui/traceview"
)

// nodeAt resolves a path (view syntax) from the root of pickle 0.
func nodeAt(t *testing.T, e *explorer, path string) model.NodeID {
	t.Helper()
	p := e.file.Pickles[0]
	n, err := view.Resolve(p, p.Root(), path)
	if err != nil {
		t.Fatalf("resolve %s: %v", path, err)
	}
	return n
}

func TestOpenShowsFileInEveryPane(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	if e.win.Title() != "Pickle Explorer — nested.pkl" {
		t.Errorf("title %q", e.win.Title())
	}
	if h.trace.pickle != e.file.Pickles[0] || len(h.hex.data) != 26366 {
		t.Errorf("trace %p, hex %d bytes", h.trace.pickle, len(h.hex.data))
	}
	st := e.status.Text
	for _, want := range []string{"nested.pkl", "25.7 KB", "protocol 4", " ops", " nodes", "decoded in"} {
		if !strings.Contains(st, want) {
			t.Errorf("status %q lacks %q", st, want)
		}
	}
	if e.banner.Visible() || e.progressBox.Visible() {
		t.Error("no banner or progress after a clean decode")
	}
	if h.treeSelection() != "p0" || !e.tree.IsBranchOpen("p0") {
		t.Errorf("the root is selected and open: %q", h.treeSelection())
	}
	if got := e.details.title.Text; got != "dict[8]" {
		t.Errorf("details title %q", got)
	}
	h.settle()
	if got := e.sh.recent(); len(got) != 1 || !strings.HasSuffix(got[0], "ui/testdata/nested.pkl") {
		t.Errorf("recent files %q", got)
	}
}

func TestOpenSample(t *testing.T) {
	h := newHarness(t)
	e := h.open("")
	if e.win.Title() != "Pickle Explorer — sample.pkl" || e.file == nil || e.file.Err() != nil {
		t.Fatalf("sample: %q, %v", e.win.Title(), e.file)
	}
	if len(e.sh.recent()) != 0 {
		t.Error("the bundled sample is not a recent file")
	}
}

func TestOpenMissingFile(t *testing.T) {
	h := newHarness(t)
	e := h.open("no-such.pkl")
	if !e.banner.Visible() || !strings.Contains(e.bannerText.Text, "Cannot open no-such.pkl") {
		t.Errorf("banner %v %q", e.banner.Visible(), e.bannerText.Text)
	}
	if len(e.tree.ChildUIDs("")) != 0 {
		t.Error("an unreadable file has no rows")
	}
}

// Tree → trace and hex: choosing a row selects the op that made the object
// and highlights its bytes.
func TestSelectTreeRowMovesTraceAndHex(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	p := e.file.Pickles[0]
	scores := h.childRow("p0", "'scores': list[3]")
	e.tree.Select(scores) // what a tap does
	n := e.tm.rows[scores].node
	op := int(p.Node(n).Op)
	if h.trace.selected != op {
		t.Errorf("trace selected op %d, want %d (%s)", h.trace.selected, op, model.OpName(p.OpCode(op)))
	}
	if len(h.hex.primary) < 2 || h.hex.primary[0] != p.OpSpan(op) {
		t.Errorf("hex primary %v, want the op span %v first and the APPENDS after", h.hex.primary, p.OpSpan(op))
	}
	if h.hex.secondary != p.SubtreeSpan(n) || h.hex.scrolled != p.OpSpan(op).Start {
		t.Errorf("hex secondary %v scrolled %d", h.hex.secondary, h.hex.scrolled)
	}
	if e.details.title.Text != "list[3]" || e.details.value.Visible() {
		t.Errorf("details %q %q", e.details.title.Text, e.details.value.Text)
	}
	h.pump("the details' path", func() bool { return e.details.path.Text == "['scores']" })
	h.pump("the referrers", func() bool { return len(e.details.refs.Objects) == 1 })
	if e.details.refHead.Text != "Referred to from 1 place:" {
		t.Errorf("referrers %q", e.details.refHead.Text)
	}
}

// A list filled by many APPENDS (one per 1000 items, spread over the file)
// highlights the op that made it and its first APPENDS at once, and every
// APPENDS once a goroutine has read them.
func TestSelectBigListHighlightsAllItsOps(t *testing.T) {
	h := newHarness(t)
	e := h.e
	e.load(bigListPickle(t, 200_000)) // 200 APPENDS; too small to preview
	h.pump("the decode", func() bool { return !e.loading })
	p := e.file.Pickles[0]
	root := p.Root()
	ops := p.NodeOps(root)
	if len(ops) != 201 || len(ops) <= syncSpans {
		t.Fatalf("%d ops make and fill the list", len(ops))
	}
	e.selectSel(e.nodeSel(0, root), srcOther, true)
	if len(h.hex.primary) != syncSpans || h.hex.primary[0] != p.OpSpan(ops[0]) {
		t.Fatalf("%d spans at once (want %d), the first %v", len(h.hex.primary), syncSpans, h.hex.primary[0])
	}
	h.pump("every APPENDS highlighted", func() bool { return len(h.hex.primary) == len(ops) })
	for i, op := range ops {
		if h.hex.primary[i] != p.OpSpan(op) {
			t.Fatalf("span %d: %v, want op %d's %v", i, h.hex.primary[i], op, p.OpSpan(op))
		}
	}
	// A selection made meanwhile is not overwritten by an older one's spans.
	e.selectSel(e.nodeSel(0, root), srcOther, true)
	e.selectSel(e.nodeSel(0, p.Edges(root)[5].Val), srcOther, true)
	h.settle()
	if len(h.hex.primary) > 2 {
		t.Errorf("the list's spans replaced its item's: %d spans", len(h.hex.primary))
	}
}

// Trace → tree: choosing an op selects the object it made (or changed),
// opening the tree down to it.
func TestSelectTraceOpMovesTree(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	p := e.file.Pickles[0]
	lr := nodeAt(t, e, "['meta']['optimizer']['lr']")
	op := int(p.Node(lr).Op)
	before := h.trace.selected
	h.trace.onSelected(op) // the trace calls this when a row is tapped
	want, _ := e.tm.locateNode(0, lr)
	if h.treeSelection() != want || want != "p0/2/1/0" {
		t.Errorf("tree selects %q, want %q", h.treeSelection(), want)
	}
	if !e.tree.IsBranchOpen("p0/2") || !e.tree.IsBranchOpen("p0/2/1") {
		t.Error("the path to the node is opened")
	}
	if h.trace.selected != before {
		t.Errorf("the trace is not moved by its own selection (got Select(%d))", h.trace.selected)
	}
	if h.hex.primary[0] != p.OpSpan(op) {
		t.Errorf("hex %v", h.hex.primary)
	}
	// An op that changes an object (SETITEMS) selects that object.
	for i := 0; i < p.NumOps(); i++ {
		if model.OpName(p.OpCode(i)) == "APPENDS" {
			h.trace.onSelected(i)
			if h.treeSelection() != "p0/1" {
				t.Errorf("APPENDS selects %q, want the 'scores' list", h.treeSelection())
			}
			break
		}
	}
	// An op that makes nothing (MEMOIZE) leaves no row selected.
	for i := 0; i < p.NumOps(); i++ {
		if model.OpName(p.OpCode(i)) == "MEMOIZE" {
			h.trace.onSelected(i)
			if h.treeSelection() != "" || e.details.title.Text != "op MEMOIZE" {
				t.Errorf("MEMOIZE: tree %q, details %q", h.treeSelection(), e.details.title.Text)
			}
			break
		}
	}
}

// Byte → op and node.
func TestTapByteSelectsOpAndNode(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	p := e.file.Pickles[0]
	arun := nodeAt(t, e, "['name']")
	op := int(p.Node(arun).Op)
	s := p.OpSpan(op)
	h.hex.scrolled = -1
	h.hex.onTapped(s.Start + 2) // a byte inside 'Arun'
	if h.trace.selected != op {
		t.Errorf("trace op %d, want %d", h.trace.selected, op)
	}
	if h.treeSelection() != "p0/0" {
		t.Errorf("tree %q", h.treeSelection())
	}
	if h.hex.scrolled != -1 {
		t.Error("the hex view is not scrolled by its own tap")
	}
	if e.details.value.Text != "'Arun'" {
		t.Errorf("details value %q", e.details.value.Text)
	}
}

func TestHistoryBackForward(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	a := h.childRow("p0", "'name'")
	b := h.childRow("p0", "'scores'")
	c := h.childRow("p0", "'blob'")
	for _, u := range []string{a, b, c} {
		e.tree.Select(u)
	}
	e.back()
	if h.treeSelection() != b {
		t.Errorf("back: %q", h.treeSelection())
	}
	e.back()
	if h.treeSelection() != a {
		t.Errorf("back twice: %q", h.treeSelection())
	}
	e.forward()
	if h.treeSelection() != b || h.trace.selected != e.cur.op {
		t.Errorf("forward: %q (trace %d)", h.treeSelection(), h.trace.selected)
	}
	// A new selection drops the forward history.
	d := h.childRow("p0", "'tags'")
	e.tree.Select(d)
	e.forward()
	if h.treeSelection() != d {
		t.Errorf("forward after a new selection: %q", h.treeSelection())
	}
	e.back()
	e.back()
	e.back()
	e.back()
	if h.treeSelection() != "p0" {
		t.Errorf("back to the start: %q", h.treeSelection())
	}
	// Selections from the trace are in the history too.
	h.trace.onSelected(0)
	e.back()
	if h.treeSelection() != "p0" {
		t.Errorf("back from a trace selection: %q", h.treeSelection())
	}
}

func TestReferrerLinksJump(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	opt := nodeAt(t, e, "['meta']['optimizer']")
	e.selectSel(e.nodeSel(0, opt), srcOther, true)
	h.pump("referrers", func() bool { return len(e.details.refs.Objects) == 2 })
	if e.details.refHead.Text != "Referred to from 2 places:" {
		t.Errorf("head %q", e.details.refHead.Text)
	}
	var texts []string
	for _, o := range e.details.refs.Objects {
		texts = append(texts, o.(*keyLink).Text)
	}
	if texts[0] != "['meta']['optimizer']   (owner)" || texts[1] != "['again']   (link)" {
		t.Errorf("referrers %q", texts)
	}
	e.details.refs.Objects[1].(*keyLink).OnTapped()
	again := h.childRow("p0", "'again'")
	if h.treeSelection() != again {
		t.Errorf("the link referrer selects %q, want the link row %q", h.treeSelection(), again)
	}
	// On a link row, "Go to owner" goes to the row that shows the object;
	// on that row, to the row of the object that owns it.
	e.gotoOwner()
	if want := h.childRow(h.childRow("p0", "'meta'"), "'optimizer'"); h.treeSelection() != want {
		t.Errorf("go to owner from the link: %q, want %q", h.treeSelection(), want)
	}
	e.gotoOwner()
	if h.treeSelection() != "p0/2" {
		t.Errorf("go to owner: %q", h.treeSelection())
	}
}

func TestBrokenFile(t *testing.T) {
	h := newHarness(t)
	e := h.open("broken.pkl")
	p := e.file.Pickles[0]
	var de *decoder.Error
	if !errors.As(p.Err(), &de) {
		t.Fatalf("err %v", p.Err())
	}
	if !e.banner.Visible() {
		t.Fatal("no banner")
	}
	txt := e.bannerText.Text
	for _, want := range []string{"Decoding broke at offset", strings.TrimPrefix(offText(de.Offset), ""), de.OpName(), "left on the stack"} {
		if !strings.Contains(txt, want) {
			t.Errorf("banner %q lacks %q", txt, want)
		}
	}
	fail := failingOp(p, de)
	if fail < 0 || h.trace.marked != fail || h.trace.selected != fail {
		t.Errorf("failing op %d: marked %d selected %d", fail, h.trace.marked, h.trace.selected)
	}
	if h.hex.errAt != de.Offset || h.hex.scrolled != de.Offset {
		t.Errorf("hex error at %d scrolled %d, want %d", h.hex.errAt, h.hex.scrolled, de.Offset)
	}
	if n := len(e.tm.tops); n != len(p.Stack()) || n <= pageSize {
		t.Errorf("%d top rows for %d stack items", n, len(p.Stack()))
	}
	// The last object on the stack is selected and its group opened.
	if h.treeSelection() != "r1000_1415/p0s1414" || !e.tree.IsBranchOpen("r1000_1415") {
		t.Errorf("selected %q", h.treeSelection())
	}
	// The framed variant fails at its first FRAME with nothing decoded.
	h2 := newHarness(t)
	e2 := h2.open("broken_framed.pkl")
	if !e2.banner.Visible() || !strings.Contains(e2.bannerText.Text, "FRAME") {
		t.Errorf("framed: %q", e2.bannerText.Text)
	}
}

func TestCancelDecode(t *testing.T) {
	h := newHarness(t)
	e := h.e
	e.load(filepath.Join("testdata", "big100k.pkl"))
	if !e.progressBox.Visible() {
		t.Error("progress is shown at once")
	}
	e.cancelWork()
	h.pump("the canceled decode", func() bool { return !e.loading })
	if e.file == nil {
		t.Fatal("no file")
	}
	// big100k is small enough to finish before the first cancel check, or
	// not: either way the window shows a consistent state.
	if err := e.file.Err(); err != nil {
		if !errors.Is(err, decoder.ErrCanceled) || !strings.Contains(e.bannerText.Text, "was canceled") {
			t.Errorf("canceled: %v, banner %q", err, e.bannerText.Text)
		}
	}
	if e.progressBox.Visible() {
		t.Error("progress hidden after the decode")
	}
}

func TestReloadAndDrop(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	old := e.tm
	e.typedKey(&fyne.KeyEvent{Name: fyne.KeyF5})
	h.pump("reload", func() bool { return !e.loading })
	if e.tm == old || e.file == nil || e.win.Title() != "Pickle Explorer — nested.pkl" {
		t.Error("F5 reloads the file")
	}
	abs, _ := filepath.Abs(filepath.Join("testdata", "cycle.pkl"))
	abs2, _ := filepath.Abs(filepath.Join("testdata", "multi.pkl"))
	e.dropped([]fyne.URI{storage.NewFileURI(abs), storage.NewFileURI(abs2)})
	h.pump("dropped file", func() bool { return !e.loading })
	if e.win.Title() != "Pickle Explorer — cycle.pkl" {
		t.Errorf("drop: %q", e.win.Title())
	}
	if len(h.sh.wins) != 2 || h.sh.wins[1].name != "multi.pkl" {
		t.Fatalf("a second dropped file opens a second window: %d windows", len(h.sh.wins))
	}
	w2 := h.sh.wins[1]
	h.pump("second window", func() bool { return !w2.loading })
	h.settle()
	if got := h.sh.recent(); len(got) != 3 || !strings.HasSuffix(got[0], "multi.pkl") {
		t.Errorf("recent %q", got)
	}
	w2.win.Close()
	if len(h.sh.wins) != 1 {
		t.Error("a closed window is forgotten")
	}
}

func TestOpenDialogOpensWindow(t *testing.T) {
	h := newHarness(t)
	h.open("nested.pkl")
	h.dlg.openPath = filepath.Join("testdata", "cycle.pkl")
	h.e.openDialog()
	h.pump("the open dialog", func() bool { return len(h.sh.wins) == 2 })
	w := h.sh.wins[1]
	h.pump("decode", func() bool { return !w.loading })
	if w.win.Title() != "Pickle Explorer — cycle.pkl" {
		t.Errorf("title %q", w.win.Title())
	}
	// Cancelled: nothing happens.
	h.dlg.openPath = ""
	h.e.openDialog()
	h.settle()
	if len(h.sh.wins) != 2 {
		t.Error("a cancelled dialog opens nothing")
	}
}

func TestRecentFilesKeepTen(t *testing.T) {
	h := newHarness(t)
	for i := 0; i < 12; i++ {
		h.sh.addRecent(filepath.Join("/tmp", "f"+string(rune('a'+i))+".pkl"))
	}
	h.sh.addRecent("/tmp/fc.pkl")
	got := h.sh.recent()
	if len(got) != 10 || got[0] != "/tmp/fc.pkl" || got[1] != "/tmp/fl.pkl" {
		t.Errorf("recent %q", got)
	}
	items := h.e.win.MainMenu().Items[0].Items[1].ChildMenu.Items
	if items[0].Label != "/tmp/fc.pkl" {
		t.Errorf("menu %q", items[0].Label)
	}
}

// Export writes the selected subtree through a temporary file in the same
// folder, renamed over the target.
func TestExportToFileIsAtomic(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	dir := tempDir(t)
	target := filepath.Join(dir, "out.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.dlg.savePath = target
	meta := nodeAt(t, e, "['meta']")
	e.selectSel(e.nodeSel(0, meta), srcOther, true)
	e.exportToFile()
	h.pump("export", func() bool { return strings.HasPrefix(e.notice.Text, "Exported JSON to ") })
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := export.JSON(&want, e.file.Pickles[0], meta, export.Options{Indent: "  "}); err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String()+"\n" {
		t.Errorf("exported\n%s\nwant\n%s", got, want.String())
	}
	var v map[string]any
	if err := json.Unmarshal(got, &v); err != nil || v["epochs"] != float64(10) {
		t.Errorf("JSON %v %v", v, err)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o644 {
		t.Errorf("the export keeps the target's mode: %v", st.Mode())
	}
	if h.dlg.saveNames[0] != "nested.json" {
		t.Errorf("suggested %q", h.dlg.saveNames)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// A failed export leaves the old file and no temporary file.
	if err := writeJSONFile(target, e.file.Pickles[0], meta, export.Options{MaxBytes: 3}); err == nil {
		t.Fatal("the size limit should fail the export")
	}
	if again, _ := os.ReadFile(target); !bytes.Equal(again, got) {
		t.Error("a failed export changed the target")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed export left %v", entries)
	}
}

func TestCopyActions(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	p := e.file.Pickles[0]
	opt := nodeAt(t, e, "['meta']['optimizer']")
	e.selectSel(e.nodeSel(0, opt), srcOther, true)

	copied := func(what string, f func()) string {
		t.Helper()
		_, n0 := h.clip.get()
		f()
		h.pump(what, func() bool { _, n := h.clip.get(); return n > n0 })
		s, _ := h.clip.get()
		return s
	}
	if got := copied("path", e.copyPath); got != "['meta']['optimizer']" {
		t.Errorf("path %q", got)
	}
	if got := copied("JSON", e.copyJSON); got != "{\n  \"lr\": 0.001,\n  \"momentum\": 0.9\n}" {
		t.Errorf("JSON %q", got)
	}
	s := p.SubtreeSpan(opt)
	if got := copied("hex", e.copyHex); got != spacedHex(e.file.Data[s.Start:s.End]) || !strings.HasPrefix(got, "7d 94") {
		t.Errorf("hex %q", got)
	}
	scores := nodeAt(t, e, "['scores']")
	e.selectSel(e.nodeSel(0, scores), srcOther, true)
	if got := copied("value", e.copyValue); got != "[1, 2, 3.14]" {
		t.Errorf("value %q", got)
	}
	name := nodeAt(t, e, "['name']")
	e.selectSel(e.nodeSel(0, name), srcOther, true)
	if got := copied("value", e.copyValue); got != "'Arun'" {
		t.Errorf("value %q", got)
	}
	// When the system clipboard fails, Fyne's clipboard gets the text and
	// the window says so.
	h.clip.mu.Lock()
	h.clip.err = errNoTool
	h.clip.mu.Unlock()
	e.copyValue()
	h.pump("fallback", func() bool { return strings.Contains(e.notice.Text, "Fyne's clipboard") })
	if got := h.app.Clipboard().Content(); got != "'Arun'" {
		t.Errorf("fallback clipboard %q", got)
	}
}

func TestFind(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	e.showFind()
	if !e.find.visible() {
		t.Fatal("Ctrl+F shows the find bar")
	}
	e.find.entry.SetText("optim")
	h.pump("search", func() bool { return e.find.count.Text == "1 of 1" })
	opt := h.childRow(h.childRow("p0", "'meta'"), "'optimizer'")
	if h.treeSelection() != opt {
		t.Errorf("the key hit selects %q, want %q", h.treeSelection(), opt)
	}
	// String values, case-insensitively; Enter and Shift+Enter step.
	searched := func(q string) func() bool {
		return func() bool { return e.find.query == q && e.find.cancel == nil && e.find.pos >= 0 }
	}
	e.find.entry.SetText("k1")
	h.pump("search", searched("k1"))
	if e.find.count.Text != "1 of 1,111" {
		t.Errorf("count %q", e.find.count.Text)
	}
	first := h.treeSelection()
	if l, _ := e.tm.label(first); l != "'k1': 1" {
		t.Errorf("first hit %q", l)
	}
	e.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if e.find.count.Text != "2 of 1,111" {
		t.Errorf("after Enter %q", e.find.count.Text)
	}
	if l, _ := e.tm.label(h.treeSelection()); l != "'k10': 10" {
		t.Errorf("second hit %q", l)
	}
	e.find.entry.KeyDown(&fyne.KeyEvent{Name: "LeftShift"})
	e.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	e.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	e.find.entry.KeyUp(&fyne.KeyEvent{Name: "LeftShift"})
	if e.find.count.Text != "1,111 of 1,111" {
		t.Errorf("Shift+Enter twice wraps to the last: %q", e.find.count.Text)
	}
	// Class names find the instances.
	e.find.entry.SetText("Point")
	h.pump("search", searched("Point"))
	if e.find.count.Text != "1 of 1" {
		t.Errorf("class count %q", e.find.count.Text)
	}
	if l, _ := e.tm.label(h.treeSelection()); l != "'point': Point(x=1, y=2)" {
		t.Errorf("class hit %q", l)
	}
	e.find.entry.SetText("zzz-nothing")
	h.pump("search", func() bool { return e.find.query == "zzz-nothing" && e.find.count.Text == "no match" })
	e.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if e.find.visible() {
		t.Error("Escape closes the find bar")
	}
}

func TestSearchCapsResults(t *testing.T) {
	h := newHarness(t)
	e := h.open("nested.pkl")
	hits, more := search(t.Context(), e.file, "k", 100)
	if len(hits) != 100 || !more {
		t.Errorf("%d hits, more %v", len(hits), more)
	}
}

// The real trace and hex panes are wired to the window.
func TestRealPanes(t *testing.T) {
	h := newHarnessWith(t, false)
	e := h.open("nested.pkl")
	tv := e.trace.(*traceview.View)
	hv := e.hex.(*hexview.View)
	p := e.file.Pickles[0]
	lr := nodeAt(t, e, "['meta']['optimizer']['lr']")
	e.selectSel(e.nodeSel(0, lr), srcOther, true)
	if tv.Selected() != int(p.Node(lr).Op) {
		t.Errorf("trace selected %d", tv.Selected())
	}
	// A tap on a trace row calls OnSelected.
	tv.OnSelected(int(p.Node(nodeAt(t, e, "['name']")).Op))
	if h.treeSelection() != "p0/0" {
		t.Errorf("trace tap → tree %q", h.treeSelection())
	}
	hv.OnByteTapped(p.OpSpan(int(p.Node(lr).Op)).Start)
	if h.treeSelection() != "p0/2/1/0" || tv.Selected() != int(p.Node(lr).Op) {
		t.Errorf("byte tap → tree %q trace %d", h.treeSelection(), tv.Selected())
	}

	h2 := newHarnessWith(t, false)
	e2 := h2.open("broken.pkl")
	var de *decoder.Error
	errors.As(e2.file.Err(), &de)
	if tv2 := e2.trace.(*traceview.View); tv2.Marked() != failingOp(e2.file.Pickles[0], de) || tv2.Marked() < 0 {
		t.Errorf("the failing op is marked: %d", tv2.Marked())
	}
}

// press delivers a key press to w the way Fyne 2.7.1's desktop driver does
// (internal/driver/glfw/window.go: processKeyPressed, triggersShortcut and
// triggerMainMenuShortcut); fyne.io/fyne/v2/test has no key routing of its
// own. A key with Ctrl, Alt or Super is a shortcut: the main menu's item
// with that shortcut runs, else the focused widget's TypedShortcut when it
// is a fyne.Shortcutable, else the canvas's. Any other key goes to the
// focused widget's TypedKey, or to the canvas's typed-key handler when
// nothing has the focus.
func press(w fyne.Window, key fyne.KeyName, mod fyne.KeyModifier) {
	c := w.Canvas()
	if mod&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) == 0 {
		ev := &fyne.KeyEvent{Name: key}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
		return
	}
	var s fyne.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	if mod == fyne.KeyModifierShortcutDefault && key == fyne.KeyC {
		s = &fyne.ShortcutCopy{}
	}
	var inMenu func(items []*fyne.MenuItem) bool
	inMenu = func(items []*fyne.MenuItem) bool {
		for _, it := range items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
				it.Action()
				return true
			}
			if it.ChildMenu != nil && inMenu(it.ChildMenu.Items) {
				return true
			}
		}
		return false
	}
	if m := w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			if inMenu(menu.Items) {
				return
			}
		}
	}
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

// focusables are the window's widgets that take the keyboard focus, by
// name, and nil for none: the panes, then every other focusable widget in
// the window (buttons, links), found by walking its objects, named by their
// type and label.
func focusables(e *explorer) map[string]fyne.Focusable {
	m := map[string]fyne.Focusable{
		"trace": e.trace.(*traceview.View).Viewport(),
		"hex":   e.hex.(*hexview.View).Viewport(),
		"tree":  e.tree,
		"find":  e.find.entry,
		// The details panel's selectable texts (shown only for some
		// selections, but focusable all the same).
		"details value": e.details.value,
		"details path":  e.details.path,
		"none":          nil,
	}
	for _, f := range focusablesUnder(e.details.pathBox) {
		if b, ok := f.(*keyButton); ok {
			m["details copy button"] = b
		}
	}
	if fs := focusablesUnder(e.details.refs); len(fs) > 0 {
		m["details link"] = fs[0]
	}
	known := map[fyne.Focusable]bool{}
	for _, f := range m {
		known[f] = true
	}
	for _, f := range focusablesUnder(e.win.Content()) {
		if known[f] {
			continue
		}
		name := fmt.Sprintf("%T", f)
		switch w := f.(type) {
		case *keyButton:
			name = "button " + w.Text
			if w.Text == "" && w.Icon != nil {
				name = "button " + w.Icon.Name()
			}
		case *keyLink:
			name = "link " + w.Text
		}
		for m[name] != nil {
			name += "'"
		}
		m[name] = f
	}
	return m
}

// focusablesUnder lists the focusable objects under o, hidden or not, in
// the order of the object tree.
func focusablesUnder(o fyne.CanvasObject) []fyne.Focusable {
	var out []fyne.Focusable
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if f, ok := o.(fyne.Focusable); ok {
			out = append(out, f)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// showEveryFocusable shows the window's hidden bars (a hidden widget cannot
// take the focus) and selects a row, waiting for the details panel's links
// to its referrers.
func showEveryFocusable(h *harness) {
	e := h.e
	for _, o := range []fyne.CanvasObject{e.find.bar, e.banner, e.safeBanner.box, e.progressBox} {
		o.Show()
	}
	e.tree.Select(h.childRow("p0", "'name'")) // the details show a value, a path and a link
	h.pump("the referrer links", func() bool { return len(e.details.refs.Objects) > 0 })
}

// Every action's shortcut runs it whichever pane has the focus.
func TestEveryShortcutWhateverHasFocus(t *testing.T) {
	h := newHarnessWith(t, false)
	e := h.open("nested.pkl")
	ran := map[*action]int{}
	for _, a := range e.actions.all() {
		a.run = func() { ran[a]++ }
	}
	e.buildMenu() // the menu items take the counting runs
	c := e.win.Canvas()
	showEveryFocusable(h)
	fs := focusables(e)
	// Buttons and links are focusable too (Tab reaches them): the toolbar's
	// 10, the find bar's 3, the details' copy button, the banners' and the
	// progress bar's 3, and the details' link.
	buttons, links := 0, 0
	for _, f := range fs {
		switch f.(type) {
		case *keyButton:
			buttons++
		case *keyLink:
			links++
		}
	}
	if buttons != 17 || links != 1 {
		t.Errorf("%d buttons and %d links in the window, want 17 and 1", buttons, links)
	}
	for name, f := range fs {
		for _, a := range e.actions.all() {
			if f == nil {
				c.Unfocus()
			} else {
				c.Focus(f)
			}
			if c.Focused() != f {
				t.Fatalf("%s could not take the focus", name)
			}
			k := a.key.(*desktop.CustomShortcut)
			before := ran[a]
			press(e.win, k.KeyName, k.Modifier)
			if ran[a] != before+1 {
				t.Errorf("with the %s focused, %s (%s) ran %d times", name, a.label, k.ShortcutName(), ran[a]-before)
			}
		}
	}
}

// F5, Alt+Left/Right, Ctrl+F, F3, Shift+F3 and Escape do their work while
// the trace, the hex view, a text, the copy button or a link of the details
// panel, or a toolbar button has the focus.
func TestKeysWhileTraceOrHexFocused(t *testing.T) {
	h := newHarnessWith(t, false)
	e := h.open("nested.pkl")
	c := e.win.Canvas()
	tv := e.trace.(*traceview.View)
	for _, pane := range []string{"trace", "hex", "details value", "details path",
		"details copy button", "details link", "button Reload"} {
		focus := func() {
			// The details' links come with an object's selection (not an
			// op's), once its referrers are found.
			if pane == "details link" && e.cur.node == model.NoNode {
				e.selectSel(e.nodeSel(0, nodeAt(t, e, "['name']")), srcOther, true)
			}
			h.pump("the "+pane, func() bool { return focusables(e)[pane] != nil })
			c.Focus(focusables(e)[pane])
			if c.Focused() == nil {
				t.Fatalf("the %s did not take the focus", pane)
			}
		}
		focus()
		old := e.tm
		press(e.win, fyne.KeyF5, 0)
		h.pump("reload", func() bool { return !e.loading })
		if e.tm == old {
			t.Fatalf("%s focused: F5 did not reload", pane)
		}
		h.settle()

		a := h.childRow("p0", "'name'")
		b := h.childRow("p0", "'scores'")
		e.tree.Select(a)
		e.tree.Select(b)
		focus()
		press(e.win, fyne.KeyLeft, fyne.KeyModifierAlt)
		if h.treeSelection() != a {
			t.Errorf("%s focused: Alt+Left selected %q, want %q", pane, h.treeSelection(), a)
		}
		press(e.win, fyne.KeyRight, fyne.KeyModifierAlt)
		if h.treeSelection() != b {
			t.Errorf("%s focused: Alt+Right selected %q, want %q", pane, h.treeSelection(), b)
		}
		press(e.win, fyne.KeyEnd, fyne.KeyModifierShortcutDefault)
		if last := e.file.Pickles[0].NumOps() - 1; tv.Selected() != last {
			t.Errorf("%s focused: Ctrl+End selected op %d, want %d", pane, tv.Selected(), last)
		}

		focus()
		press(e.win, fyne.KeyF, fyne.KeyModifierShortcutDefault)
		if !e.find.visible() || c.Focused() != e.find.entry {
			t.Fatalf("%s focused: Ctrl+F did not open and focus the find bar", pane)
		}
		e.find.entry.SetText("momentum")
		focus()
		press(e.win, fyne.KeyF3, 0)
		want := h.rowOf(nodeAt(t, e, "['meta']['optimizer']['momentum']"))
		h.pump("the search", func() bool { return h.treeSelection() == want })
		// Shift+F3 goes back: from the second hit of k1 to the first.
		e.find.entry.SetText("k1")
		h.pump("the search", func() bool { return e.find.query == "k1" && e.find.cancel == nil && e.find.pos == 0 })
		focus()
		press(e.win, fyne.KeyF3, 0)
		if e.find.pos != 1 {
			t.Errorf("%s focused: F3 went to hit %d, want 1", pane, e.find.pos)
		}
		focus()
		h.sh.mods = func() fyne.KeyModifier { return fyne.KeyModifierShift }
		press(e.win, fyne.KeyF3, fyne.KeyModifierShift)
		h.sh.mods = func() fyne.KeyModifier { return 0 }
		if e.find.pos != 0 {
			t.Errorf("%s focused: Shift+F3 went to hit %d, want 0", pane, e.find.pos)
		}
		focus()
		press(e.win, fyne.KeyEscape, 0)
		if e.find.visible() {
			t.Errorf("%s focused: Escape did not close the find bar", pane)
		}
		e.find.entry.SetText("")
		h.settle()
	}
}

// A referrer link followed with the keyboard selects the row it names; the
// panel's links are then new, so the tree takes the focus, and the window's
// keys keep working.
func TestFollowLinkByKeyboard(t *testing.T) {
	h := newHarnessWith(t, false)
	e := h.open("nested.pkl")
	c := e.win.Canvas()
	opt := h.childRow(h.childRow("p0", "'meta'"), "'optimizer'")
	e.tree.Select(opt)
	h.pump("the referrer links", func() bool { return len(e.details.refs.Objects) == 2 })
	link := e.details.refs.Objects[1].(*keyLink)
	if !strings.Contains(link.Text, "['again']") {
		t.Fatalf("the second referrer is %q", link.Text)
	}
	c.Focus(link)
	press(e.win, fyne.KeyReturn, 0)
	if want := h.childRow("p0", "'again'"); h.treeSelection() != want {
		t.Errorf("Enter on the link selected %q, want %q", h.treeSelection(), want)
	}
	if c.Focused() != e.tree {
		t.Errorf("after the link, %T has the focus", c.Focused())
	}
	old := e.tm
	press(e.win, fyne.KeyF5, 0)
	h.pump("reload", func() bool { return !e.loading })
	if e.tm == old {
		t.Error("F5 did not reload after following a link")
	}
}

// The find bar takes room above the tree while it shows, and gives it back
// when it closes: by Escape, by its close button, or by Escape from another
// pane.
func TestFindBarGivesBackItsRoom(t *testing.T) {
	h := newHarnessWith(t, false)
	e := h.open("nested.pkl")
	c := e.win.Canvas()
	top := e.tree.Position().Y
	for _, close := range []struct {
		name string
		do   func()
	}{
		{"Escape in the entry", func() { press(e.win, fyne.KeyEscape, 0) }},
		{"the close button", e.find.close},
		{"Escape in the hex view", func() {
			c.Focus(focusables(e)["hex"])
			press(e.win, fyne.KeyEscape, 0)
		}},
	} {
		press(e.win, fyne.KeyF, fyne.KeyModifierShortcutDefault)
		if !e.find.visible() {
			t.Fatal("Ctrl+F did not open the find bar")
		}
		if y := e.tree.Position().Y; y < top+e.find.bar.MinSize().Height {
			t.Errorf("with the find bar open, the tree is at y=%v, under the bar %v high at y=%v",
				y, e.find.bar.MinSize().Height, top)
		}
		close.do()
		if e.find.visible() {
			t.Fatalf("%s did not close the find bar", close.name)
		}
		if y := e.tree.Position().Y; y != top {
			t.Errorf("after %s, the tree is at y=%v, want %v", close.name, y, top)
		}
	}
}
