package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"pklx/model"
)

// bigListPickle writes a protocol 4 pickle of a list of n small ints, big
// enough to be previewed: PROTO 4, EMPTY_LIST, then per 1000 items MARK,
// BININT2 ..., APPENDS; STOP.
func bigListPickle(t *testing.T, n int) string {
	t.Helper()
	var b bytes.Buffer
	b.Write([]byte{0x80, 4, ']'}) // PROTO 4, EMPTY_LIST
	for i := 0; i < n; i += 1000 {
		b.WriteByte('(') // MARK
		for j := i; j < min(n, i+1000); j++ {
			b.Write([]byte{'M', byte(j), byte(j >> 8)}) // BININT2 j%65536
		}
		b.WriteByte('e') // APPENDS
	}
	b.WriteByte('.') // STOP
	path := filepath.Join(t.TempDir(), "big.pkl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A big file shows its first 128 KiB while it decodes: a tree rooted at
// the list being filled, its ops in the trace, the whole file in the hex
// view; then the full decode replaces it and keeps the object selected
// meanwhile.
func TestPreviewWhileDecoding(t *testing.T) {
	const n = 3_500_000 // 10.5 MB
	path := bigListPickle(t, n)
	h := newHarness(t)
	h.e.load(path)
	h.pump("the preview", func() bool { return h.e.previewing || !h.e.loading })
	if !h.e.previewing {
		t.Skip("the full decode finished before the preview was applied")
	}
	p := h.e.file.Pickles[0]
	items := len(p.Edges(p.Root()))
	if p.Kind(p.Root()) != model.KindList || items == 0 || items >= n {
		t.Fatalf("preview root %s with %d items", p.Kind(p.Root()), items)
	}
	if h.e.file.Err() != nil || !h.e.banner.Hidden {
		t.Fatalf("the preview shows as an error: %v", h.e.file.Err())
	}
	if len(h.hex.data) != int(fileSize(t, path)) || h.trace.pickle != p {
		t.Fatalf("hex shows %d bytes, trace %p (want the whole file and the preview)", len(h.hex.data), h.trace.pickle)
	}
	// Then the trace gets every op of the file, while the tree still
	// shows the first 128 KiB.
	const ops = 3 + n/1000*2 + n // PROTO, EMPTY_LIST, STOP; MARK and APPENDS per 1000; the items
	h.pump("every op in the trace", func() bool { return !h.e.loading || h.e.file.Pickles[0].NumOps() == ops })
	if !h.e.loading {
		t.Skip("the full decode finished before the trace had every op")
	}
	p = h.e.file.Pickles[0]
	if h.trace.pickle != p || len(p.Edges(p.Root())) != items {
		t.Fatalf("trace %p, preview %p; %d items (was %d)", h.trace.pickle, p, len(p.Edges(p.Root())), items)
	}
	if last := p.OpSpan(ops - 1); last.End != fileSize(t, path) || p.NodeForOp(ops-2) != model.NoNode {
		t.Fatalf("last op %+v; APPENDS past the preview changes node %d", last, p.NodeForOp(ops-2))
	}
	// Select an item that the preview shows.
	pick := p.Edges(p.Root())[items/2].Val
	h.e.selectSel(h.e.nodeSel(0, pick), srcOther, true)
	h.pump("the full decode", func() bool { return !h.e.loading })
	if h.e.previewing {
		t.Fatal("still previewing after the decode")
	}
	q := h.e.file.Pickles[0]
	if !q.Complete() || len(q.Edges(q.Root())) != n {
		t.Fatalf("final: complete %v, %d items", q.Complete(), len(q.Edges(q.Root())))
	}
	if h.e.cur.node != pick || q.Edges(q.Root())[items/2].Val != pick {
		t.Fatalf("selection %d after the decode, want %d (the same object)", h.e.cur.node, pick)
	}
	// The trace's index came with the decode (the index-only pass's): no
	// row walks the ops on the UI thread.
	if x := h.e.traceIdx; len(x) != 1 || x[0] == nil || !x[0].Complete() || x[0].For(q) == nil {
		t.Fatal("the decoded pickle has no complete trace index of its ops")
	}
}

func fileSize(t *testing.T, path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
