package ui

import (
	"context"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"pklx/model/view"
)

// TestBigPickleUIThread measures how long the window's UI-thread work takes
// on a big pickle, headlessly (Fyne's layout included, GL painting not).
// It is a measurement, not a gate; it runs only when PKLX_BIG_PICKLE names a
// file, e.g. one million small
// dicts made with
//
//	python3 -c 'import pickle; pickle.dump([{"id": i, "name": f"n{i}",
//	  "score": i*0.5, "tags": ["a","b"]} for i in range(1_000_000)],
//	  open("/tmp/big1m.pkl", "wb"), protocol=4)'
func TestBigPickleUIThread(t *testing.T) {
	path := os.Getenv("PKLX_BIG_PICKLE")
	if path == "" {
		t.Skip("set PKLX_BIG_PICKLE to a big pickle to run")
	}
	h := newHarnessWith(t, false)
	e := h.e
	e.win.Canvas().Capture() // lay the window out once, as a shown window is
	var worst time.Duration
	// measure runs f as the UI thread would and reports its duration.
	measure := func(what string, f func()) {
		t0 := time.Now()
		f()
		d := time.Since(t0)
		worst = max(worst, d)
		t.Logf("%-40s %8.1f ms", what, float64(d)/float64(time.Millisecond))
	}
	t0 := time.Now()
	e.load(path)
	var handoff time.Duration
	for e.loading {
		f := <-h.q
		t1 := time.Now()
		f()
		handoff = max(handoff, time.Since(t1))
	}
	t.Logf("decode and prefetch on the goroutine: %v", time.Since(t0))
	measure("open: the longest hand-off to the UI", func() { time.Sleep(handoff) })
	h.settle()
	p := e.file.Pickles[0]
	root := e.tm.tops[0].uid
	measure("collapse the root", func() { e.tree.CloseBranch(root) })
	measure("expand the root (1000 range groups)", func() { e.tree.OpenBranch(root) })
	measure("expand a group (1000 rows)", func() { e.tree.OpenBranch(root + "/r1000_2000") })
	measure("select a row (tree tap)", func() { e.tree.Select(root + "/r1000_2000/1001") })
	measure("select an op deep in the trace", func() { e.traceSelected(17_000_000) })
	measure("jump to the end of the trace", func() { e.gotoOp(-1) })
	measure("back", e.back)
	n := view.Children(p, p.Root())[999_999].Node
	measure("select the last item's op (opens a group)", func() { e.traceSelected(int(p.Node(n).Op)) })
	measure("tap a byte near the end", func() { e.byteTapped(int64(len(e.file.Data) - 20)) })
	// Wall-clock figures on a shared machine vary with its load (CPU
	// profiles of the same run show a few ms of work per action), so this
	// reports rather than fails.
	t.Logf("worst: %v (budget 100 ms)", worst)
}

// BenchmarkDecodeFile measures the window's whole load of PKLX_BIG_PICKLE
// off the UI thread (decodeFile: the preview, the decode, the trace index,
// the safety scan and the tree's top level), e.g.
//
//	PKLX_BIG_PICKLE=/tmp/w1.pkl go test ./ui -run '^$' -bench DecodeFile -benchtime 5x
func BenchmarkDecodeFile(b *testing.B) {
	path := os.Getenv("PKLX_BIG_PICKLE")
	if path == "" {
		b.Skip("set PKLX_BIG_PICKLE to a big pickle to run")
	}
	b.ReportAllocs()
	for b.Loop() {
		var done, size atomic.Int64
		// Nothing to paint: the preview is shown as soon as it is handed over.
		res := decodeFile(context.Background(), path, &done, &size, func(r loadResult) {
			if r.painted != nil {
				r.painted()
			}
		})
		if res.err != nil || res.file.Err() != nil {
			b.Fatal(res.err, res.file.Err())
		}
		res.doc.close()
	}
}
