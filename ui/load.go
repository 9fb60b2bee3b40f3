package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pklx/assets"
	"pklx/decoder"
	"pklx/decoder/container"
	"pklx/decoder/diagnose"
	"pklx/model"
	"pklx/model/ml"
	"pklx/ui/traceview"
)

// progressTick is how often a running decode or export updates its bar.
// Every update repaints the whole window, and while a big file decodes the
// painting (Mesa's llvmpipe paints on the CPU when there is no GPU) shares
// the processors with the decode: four a second are enough to show it
// moving.
const progressTick = 250 * time.Millisecond

// document is one decoded file and the source it reads. A memory-mapped
// source must stay mapped while any goroutine reads the model, so those
// goroutines hold a reference (goDoc); the source is closed when the
// window lets go of the document and the last reference is released.
type document struct {
	src     *decoder.Source
	mu      sync.Mutex
	refs    int
	closing bool
}

// acquire takes a reference, unless the document is closing.
func (d *document) acquire() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closing {
		return false
	}
	d.refs++
	return true
}

// release drops a reference, closing the source after the last one.
func (d *document) release() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refs--
	if d.refs == 0 && d.closing {
		d.closeSource()
	}
}

// close lets go of the document: the source closes now or when the last
// goroutine reading it is done.
func (d *document) close() {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closing = true
	if d.refs == 0 {
		d.closeSource()
	}
}

func (d *document) closeSource() {
	if d.src != nil {
		d.src.Close()
		d.src = nil
	}
}

// goDoc runs f on a goroutine that may read the current document's model,
// keeping the document's source open until f returns. It reports whether f
// was started (not when the window is closing).
func (e *explorer) goDoc(f func()) bool {
	d := e.doc
	if d == nil {
		go f()
		return true
	}
	if !d.acquire() {
		return false
	}
	go func() {
		defer d.release()
		f()
	}()
	return true
}

// loadResult is what a decode goroutine hands to the UI thread: the
// finished decode, or a preview of a big file's first bytes.
type loadResult struct {
	doc  *document // the source, shared by a preview and the final result
	file *model.File
	tm   *treeModel
	idx  []*traceview.Index
	// safety is the safety scan of file (recovered pickles included).
	safety *safetyInfo
	dur    time.Duration
	err    error // the file could not be read
	// painted, when set (a preview), is called once the window has painted
	// the result, or has dropped it.
	painted func()
}

// load opens path in this window ("" for the bundled sample). The window
// shows progress at once; decoding runs on a goroutine and the result is
// applied through do.
func (e *explorer) load(path string) {
	if e.cancel != nil {
		e.cancel()
	}
	e.gen++
	gen := e.gen
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	e.loading = true
	e.path = path
	e.name = assets.SampleName
	if path != "" {
		e.name = displayName(path)
	}
	e.win.SetTitle(e.title())
	e.progress.SetValue(0)
	e.progressText.SetText("Decoding " + e.name + "…")
	e.progressBox.Show()
	e.status.SetText("Decoding " + e.name + "…")
	if e.sh.timing != nil {
		e.sh.timing.mark("open %s", e.name)
	}

	var done atomic.Int64
	var size atomic.Int64
	stopTicker := make(chan struct{})
	tickerDone := make(chan struct{})
	go func() {
		defer close(tickerDone)
		t := time.NewTicker(progressTick)
		defer t.Stop()
		for {
			select {
			case <-stopTicker:
				return
			case <-t.C:
				d, s := done.Load(), size.Load()
				e.do(func() {
					if e.gen == gen && s > 0 {
						e.progress.SetValue(float64(d) / float64(s))
					}
				})
			}
		}
	}()

	go func() {
		preview := func(res loadResult) {
			e.sh.do(func() {
				if e.closed || !e.timedApplyPreview(gen, res) {
					if res.painted != nil {
						res.painted()
					}
					return
				}
				if res.painted != nil {
					// The first preview paints in two frames (the tree,
					// then the other panes: applyPreview).
					e.afterPaint(func() {
						e.sh.timing.mark("preview: first frame painted")
						e.afterPaint(func() {
							e.sh.timing.mark("preview: second frame painted")
							res.painted()
						})
					})
				}
			})
		}
		t0 := time.Now()
		res := decodeFile(ctx, path, &done, &size, preview)
		e.sh.timing.record("decodeFile (a goroutine)", time.Since(t0))
		close(stopTicker)
		<-tickerDone
		e.sh.do(func() {
			if e.closed {
				res.doc.close()
				return
			}
			e.sh.timing.mark("apply decode")
			e.timed("apply decode", func() { e.applyLoad(gen, res) })
		})
	}()
}

// previewMin is the size from which a plain pickle is shown from its
// first previewBytes while the whole of it decodes: the first screen of the
// tree and the trace of those bytes appear in a few milliseconds. 128 KiB
// is a screenful and more of any tree (W1: 59,590 ops, 2,900 dicts) and
// decodes in 1-7 ms beside the full decode, in arrays too small for huge
// pages; 1 MiB took 32-108 ms there (465,317 ops, and arrays that grew
// into 2 MiB pages, each faulted in whole) and was the most of the time
// to W1's first screen.
const (
	previewMin   = 8 << 20
	previewBytes = 128 << 10
)

// previewPaintWait bounds how long the index-only pass of a previewed file
// waits for the window to paint the preview.
const previewPaintWait = 250 * time.Millisecond

// decodeFile reads and decodes path (the bundled sample when ""), and
// builds the tree's top level, the trace's index and the safety scan. It
// runs on a goroutine. For a big plain pickle it first hands preview a
// decode of the file's first bytes, then every op of the file in the trace
// (an index-only pass beside the decode, whose trace index the decoded
// pickle reuses).
func decodeFile(ctx context.Context, path string, done, size *atomic.Int64, preview func(loadResult)) loadResult {
	var res loadResult
	data := assets.SamplePickle
	name := assets.SampleName
	if path != "" {
		src, err := decoder.Open(path)
		if err != nil {
			res.err = err
			return res
		}
		res.doc, data, name = &document{src: src}, src.Data, path
	}
	size.Store(int64(len(data)))
	t0 := time.Now()
	opts := decoder.Options{
		Context:  ctx,
		Name:     name,
		Progress: func(b int64, _ int) { done.Store(b) },
	}
	if res.doc != nil {
		// Pages the decoder has read past leave memory as it goes; the
		// panes read them back from the page cache when they show them.
		opts.Release = res.doc.src.Release
	}
	decoded := make(chan *model.File, 1)
	go func() {
		f, _ := decoder.Decode(data, opts)
		decoded <- f
	}()
	// allOps is the trace index of every op of a previewed file (nil when
	// the index-only pass did not finish).
	var allOps chan *traceview.Index
	if preview != nil && len(data) >= previewMin && !looksContainer(data) {
		if pv, ok := previewFile(ctx, name, data); ok {
			// The safety of what the preview decoded: the second preview
			// adds ops to the trace, not objects.
			safe := scanSafety(pv)
			show := func(f *model.File, painted func()) []*traceview.Index {
				pr := loadResult{doc: res.doc, file: f, dur: time.Since(t0), safety: safe, painted: painted}
				pr.tm = newTreeModel(f)
				pr.tm.flags = pr.safety.flags
				pr.tm.prefetch()
				pr.idx = traceIndexes(f)
				preview(pr)
				return pr.idx
			}
			painted := make(chan struct{})
			show(pv, sync.OnceFunc(func() { close(painted) }))
			// Then every op of the file in the trace: an index-only pass
			// beside the decode takes a fraction of its time. It starts
			// once the window has painted the preview, its heaviest frame
			// (a screenful of new rows in every pane), so that the UI
			// thread shares the processors with the decode alone.
			allOps = make(chan *traceview.Index, 1)
			go func() {
				var idx *traceview.Index
				defer func() { allOps <- idx }()
				select {
				case <-painted:
				case <-ctx.Done():
				case <-time.After(previewPaintWait):
				}
				x, _ := decoder.IndexOps(data, 0, decoder.Options{Context: ctx})
				if p := pv.Pickles[0]; ctx.Err() == nil && x.NumOps() > p.NumOps() {
					idx = show(&model.File{Name: name, Data: data, Pickles: []*model.Pickle{p.WithOps(x)}}, nil)[0]
				}
			}()
		}
	}
	f := <-decoded
	if ctx.Err() == nil && (looksContainer(data) || f.Err() != nil && !bigTruncated(f, data)) {
		// Not a plain pickle: maybe a PyTorch zip, a joblib stream, an
		// .npy/.npz or a compressed pickle. Plain pickles keep the
		// decoder's path above, with its progress.
		if cf, err := container.LoadWith(name, data, decoder.Options{Context: ctx}); len(cf.Pickles) > 0 && cf.Format != "" && cf.Format != "pickle" &&
			(err == nil || f.Err() != nil) {
			f = cf
		}
	}
	res.dur = time.Since(t0)
	first := len(f.Pickles)
	if ctx.Err() == nil {
		f = withRecovered(f, data)
	}
	res.file = f
	// The trace's index walks every op: a previewed file's was built
	// beside the decode; the others' is built beside the rest. The passes
	// below read the model only.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ready *traceview.Index
		if allOps != nil && len(f.Pickles) > 0 {
			ready = (<-allOps).For(f.Pickles[0])
		}
		res.idx = make([]*traceview.Index, len(f.Pickles))
		for i, p := range f.Pickles {
			if i == 0 && ready != nil {
				res.idx[i] = ready
				continue
			}
			res.idx[i] = traceview.NewIndex(p)
		}
	}()
	// Build the model's lazy indexes here rather than on the first click:
	// EdgesAddedBy sorts batches of edges by op on first use (beside the
	// safety scan, which waits for them only where a BUILD gave a state).
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, p := range f.Pickles {
			p.EdgesAddedBy(0)
		}
	}()
	res.safety = scanSafety(f)
	res.tm = newTreeModel(f)
	res.tm.recovered = first
	res.tm.flags = res.safety.flags
	res.tm.prefetch()
	wg.Wait()
	return res
}

// previewFile decodes the first previewBytes of data and returns them as a
// File whose one pickle is the top-level object being filled when the
// bytes ran out (model.Pickle.Preview), or false when they show nothing.
func previewFile(ctx context.Context, name string, data []byte) (*model.File, bool) {
	p, err := decoder.DecodeOne(data[:previewBytes], 0, decoder.Options{Context: ctx, Name: name})
	if err == nil || !errors.Is(err, decoder.ErrTruncated) {
		return nil, false // complete in 1 MB, or broken: the full decode says
	}
	q := p.Preview(data)
	if q == nil {
		return nil, false
	}
	return &model.File{Name: name, Data: data, Pickles: []*model.Pickle{q}}, true
}

// withRecovered returns f with the pickles diagnose.Recover finds past its
// decoding failure appended (a copy of f; f itself is not changed), or f
// when it did not fail or nothing was recovered. Recover's work is bounded.
func withRecovered(f *model.File, data []byte) *model.File {
	var de *decoder.Error
	if f.Err() == nil || !errors.As(f.Err(), &de) {
		return f
	}
	// Only failures in the file's own bytes: a container member's offsets
	// are into its own (perhaps decompressed) bytes.
	for _, p := range f.Pickles {
		if p.Err() != nil && !sameBytes(p.Data(), data) {
			return f
		}
	}
	var rec []*model.Pickle
	for _, q := range diagnose.Recover(data, de.Offset+1) {
		overlaps := false
		for _, p := range f.Pickles {
			if p.Span().Start < q.Span().End && q.Span().Start < p.Span().End {
				overlaps = true
				break
			}
		}
		if !overlaps {
			rec = append(rec, q)
		}
	}
	if len(rec) == 0 {
		return f
	}
	g := *f
	g.Pickles = append(slices.Clip(f.Pickles), rec...)
	return &g
}

// looksContainer reports whether data starts like a zip archive or an
// .npy file rather than a pickle.
func looksContainer(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) ||
		bytes.HasPrefix(data, []byte(ml.NPYMagic))
}

// bigContainerRetry is the size above which a plain pickle that was cut
// short is not decoded again as a container: container.Load cannot be
// canceled, and a truncated pickle is not a container.
const bigContainerRetry = 16 << 20

// bigTruncated reports whether f is a big file whose decode ran out of
// data.
func bigTruncated(f *model.File, data []byte) bool {
	return len(data) > bigContainerRetry && errors.Is(f.Err(), decoder.ErrTruncated)
}

// sameBytes reports whether a and b are the same bytes in memory (not
// merely equal).
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// applyLoad shows a finished decode. UI thread.
func (e *explorer) applyLoad(gen int, res loadResult) {
	if gen != e.gen {
		if res.doc != e.doc {
			// (A preview of it on show is closed by whatever replaces it.)
			res.doc.close()
		}
		return
	}
	old := e.doc
	keep := e.cur // a selection made in the preview
	previewed := e.previewing
	e.previewing = false
	e.loading = false
	e.cancel = nil
	e.progressBox.Hide()
	e.find.reset()
	e.resetDocState(res)

	if res.err != nil {
		e.doc, e.file, e.openErr = nil, nil, res.err
		e.tm = newTreeModel(nil)
		e.trace.SetPickle(nil)
		e.hex.SetData(nil)
		e.hexData = nil
		e.tracePi = -1
		e.tree.reset()
		e.details.clear()
		e.showBanner(fmt.Sprintf("Cannot open %s: %v", e.name, res.err), false)
		e.status.SetText(e.name + ": not opened")
	} else {
		e.doc = res.doc
		e.file, e.openErr, e.decodeDur, e.traceIdx = res.file, nil, res.dur, res.idx
		e.tm = res.tm
		e.tracePi = -1
		e.hexData = nil
		if len(e.file.Pickles) == 0 || sameBytes(e.file.Pickles[0].Data(), e.file.Data) {
			e.timed("apply: hex", func() { e.setHexData(e.file.Data) })
		}
		e.timed("apply: tree", e.tree.reset)
		e.details.clear()
		e.timed("apply: trace", func() { e.showTracePickle(0) })
		e.updateStatus()
		if path := e.path; path != "" {
			e.do(func() { e.timed("recent files", func() { e.sh.addRecent(path) }) })
		}
		if err := e.file.Err(); err != nil {
			e.timed("apply: broken", func() { e.showBroken(err) })
		} else {
			e.banner.Hide()
			if len(e.tm.tops) > 0 {
				e.timed("apply: open root", func() { e.tree.OpenBranch(e.tm.tops[0].uid) })
				if previewed && keep.pi == 0 && keep.node != model.NoNode && int(keep.node) < e.file.Pickles[0].NumNodes() {
					// The preview numbered the file's first objects as
					// the full decode does: stay on the one selected.
					e.timed("apply: keep selection", func() { e.selectSel(e.nodeSel(0, keep.node), srcOther, true) })
				} else {
					e.timed("apply: select root", func() { e.selectUID(e.tm.tops[0].uid, srcOther, true) })
				}
			}
		}
		if !previewed {
			e.timed("apply: focus", func() { e.win.Canvas().Focus(e.tree) })
		}
	}
	if old != e.doc {
		old.close()
	}
	ws := e.waiters
	e.waiters = nil
	for _, w := range ws {
		w()
	}
}

// resetDocState forgets the selection, its history and the failure marks of
// the document shown before, and shows res's safety scan. UI thread.
func (e *explorer) resetDocState(res loadResult) {
	e.hist = history{}
	e.autoOpened = map[string]bool{}
	e.cur = noSelection
	e.selGen++
	e.failOp, e.failPi = -1, 0
	e.safety = res.safety
	if e.safetyDialog != nil {
		e.safetyDialog.Hide()
		e.safetyDialog = nil
	}
	e.safeBanner.set(e.safety)
}

// applyPreview shows the first bytes of a big file while it decodes: the
// tree of what they hold, their ops in the trace, the whole file in the hex
// view. The progress bar stays; the finished decode replaces all of it,
// keeping the selected object. It reports whether it showed res (not when
// a newer load or the decode came first). UI thread.
func (e *explorer) applyPreview(gen int, res loadResult) bool {
	if gen != e.gen || !e.loading {
		return false
	}
	old := e.doc
	e.doc = res.doc
	if old != e.doc {
		old.close()
	}
	keep := noSelection
	if e.previewing {
		keep = e.cur // a second preview (every op in the trace): stay put
	}
	e.previewing = true
	e.file, e.openErr, e.traceIdx = res.file, nil, res.idx
	e.tm = res.tm
	e.tracePi = -1
	e.hexData = nil
	e.resetDocState(res)
	e.banner.Hide()
	e.tree.reset()
	e.details.clear()
	// The first preview is the window's heaviest frame: a screenful of new
	// rows in the tree, the trace and the hex view, and the details. The
	// tree goes first; the other panes follow once it is painted.
	first := keep == noSelection
	if !first {
		e.showTracePickle(0)
	}
	if len(e.tm.tops) > 0 {
		e.tree.OpenBranch(e.tm.tops[0].uid)
		e.panesLater = first
		if keep.pi == 0 && keep.node != model.NoNode && int(keep.node) < e.file.Pickles[0].NumNodes() {
			e.selectSel(e.nodeSel(0, keep.node), srcOther, true)
		} else {
			e.selectUID(e.tm.tops[0].uid, srcOther, true)
		}
		e.panesLater = false
	}
	if first {
		gen, file := e.gen, e.file
		e.afterPaint(func() {
			if e.closed || e.gen != gen || e.file != file {
				return // the decode or another load replaced the preview
			}
			e.timed("apply preview: panes", func() {
				e.showTracePickle(0)
				if e.cur != noSelection {
					e.showSelInPanes(e.cur, srcOther)
				}
			})
		})
	}
	p := e.file.Pickles[0]
	what := "the tree and trace show the first " + humanBytes(previewBytes)
	if p.Span().End > previewBytes {
		what = fmt.Sprintf("the trace shows all %s ops; the tree, what the first %s hold", groupDigits(int64(p.NumOps())), humanBytes(previewBytes))
	}
	e.status.SetText(fmt.Sprintf("%s  ·  %s  ·  decoding… %s", e.name, humanBytes(int64(len(res.file.Data))), what))
	if keep == noSelection {
		e.win.Canvas().Focus(e.tree)
	}
	return true
}

// timedApplyPreview is applyPreview, timed in debug mode. UI thread.
func (e *explorer) timedApplyPreview(gen int, res loadResult) (applied bool) {
	e.sh.timing.mark("apply preview (%d ops)", res.file.Pickles[0].NumOps())
	e.timed("apply preview", func() { applied = e.applyPreview(gen, res) })
	return applied
}

// onLoaded runs f once the current load has been applied (at once if it
// has). UI thread.
func (e *explorer) onLoaded(f func()) {
	if !e.loading {
		f()
		return
	}
	e.waiters = append(e.waiters, f)
}

// reload decodes the window's file again.
func (e *explorer) reload() {
	e.load(e.path)
}

// openDialog asks for a file with the native dialog (off the UI thread)
// and opens it in a new window.
func (e *explorer) openDialog() {
	d := e.sh.dialogs
	if d == nil {
		return
	}
	go func() {
		path, err := d.OpenFile("Open a pickle file")
		e.do(func() {
			switch {
			case err != nil:
				e.setNotice("Open: " + err.Error())
			case path != "":
				e.sh.open(path)
			}
		})
	}()
}

// cancelWork stops the running decode or export.
func (e *explorer) cancelWork() {
	if e.cancel != nil {
		e.cancel()
	}
	if e.export != nil {
		e.export.cancel()
	}
}

// showTracePickle makes the trace show pickle pi (marking its failing op).
func (e *explorer) showTracePickle(pi int) {
	if e.file == nil || pi < 0 || pi >= len(e.file.Pickles) || pi == e.tracePi {
		return
	}
	e.tracePi = pi
	e.setHexData(e.file.Pickles[pi].Data())
	if it, ok := e.trace.(indexedTrace); ok && pi < len(e.traceIdx) {
		it.SetPickleIndex(e.file.Pickles[pi], e.traceIdx[pi])
	} else {
		e.trace.SetPickle(e.file.Pickles[pi])
	}
	if e.failOp >= 0 && e.failPi == pi {
		e.trace.Mark(e.failOp)
	}
}

// setHexData makes the hex view show data (a pickle's bytes: the file's,
// or a container member's own), marking the decoding failure again when it
// is in them.
func (e *explorer) setHexData(data []byte) {
	if e.hexData != nil && sameBytes(e.hexData, data) {
		return
	}
	e.hexData = data
	e.hex.SetData(data)
	if e.file == nil || e.failPi >= len(e.file.Pickles) {
		return
	}
	p := e.file.Pickles[e.failPi]
	var de *decoder.Error
	if p.Err() != nil && errors.As(p.Err(), &de) && sameBytes(p.Data(), data) {
		e.hex.MarkError(de.Offset)
	}
}

// failingOp is the op index at which pickle p failed with err, or -1 when
// the failure is not at an op it recorded (an unknown opcode, or the data
// ending between ops).
func failingOp(p *model.Pickle, de *decoder.Error) int {
	n := p.NumOps()
	if !de.HasOp || n == 0 || p.OpOffset(n-1) != de.Offset {
		return -1
	}
	return n - 1
}

// showBroken puts up the banner for a broken file and marks the failure in
// the trace and the hex view, scrolled there.
func (e *explorer) showBroken(err error) {
	pi := len(e.file.Pickles) - 1
	for i, p := range e.file.Pickles {
		if p.Err() != nil {
			pi = i
			break
		}
	}
	p := e.file.Pickles[pi]
	var de *decoder.Error
	if !errors.As(err, &de) {
		e.showBanner("This file is broken: "+err.Error(), true)
		return
	}
	e.failPi = pi
	e.failOp = failingOp(p, de)
	what := "the data ended"
	if de.HasOp {
		what = "op " + de.OpName()
	}
	reason := de.Detail
	if reason == "" {
		reason = de.Err.Error()
	}
	left := 0
	for _, it := range p.Stack() {
		if !it.Mark {
			left++
		}
	}
	verb := "broke"
	if errors.Is(err, decoder.ErrCanceled) {
		verb = "was canceled"
	}
	msg := fmt.Sprintf("Decoding %s at offset %#x (%d), %s: %s.", verb, de.Offset, de.Offset, what, reason)
	if len(e.file.Pickles) > 1 {
		msg = fmt.Sprintf("Pickle %d: ", pi+1) + msg
	}
	msg += fmt.Sprintf(" The tree shows what was decoded, with %d object(s) left on the stack.", left)
	e.showBanner(msg, true)
	e.tracePi = -1
	e.showTracePickle(pi)
	e.hex.MarkError(de.Offset)
	e.showError()
	// The banner takes room from the panes once the window is laid out
	// again, which moves the rows just scrolled to: scroll once more then.
	time.AfterFunc(150*time.Millisecond, func() { e.do(e.reveal) })
}

// reveal scrolls the tree, the trace and the hex view to the selection
// again.
func (e *explorer) reveal() {
	if e.file == nil {
		return
	}
	if e.cur.uid != "" && e.tm.rows[e.cur.uid] != nil {
		e.tree.ScrollTo(e.cur.uid)
	}
	if e.cur.op >= 0 && e.cur.pi == e.tracePi {
		e.trace.Select(e.cur.op)
	}
	if e.failOp >= 0 && e.cur.op == e.failOp {
		var de *decoder.Error
		if errors.As(e.file.Err(), &de) {
			e.hex.ScrollTo(de.Offset)
		}
	}
}

// showBanner shows msg in the colored banner at the top.
func (e *explorer) showBanner(msg string, _ bool) {
	e.bannerText.SetText(msg)
	e.banner.Show()
}

// showError selects the failing op (or the failure offset) in the trace
// and hex view and the last object on the stack in the tree.
func (e *explorer) showError() {
	if e.file == nil || e.file.Err() == nil {
		return
	}
	var de *decoder.Error
	if !errors.As(e.file.Err(), &de) {
		return
	}
	p := e.file.Pickles[e.failPi]
	node := model.NoNode
	st := p.Stack()
	for i := len(st) - 1; i >= 0; i-- {
		if !st[i].Mark {
			node = st[i].Node
			break
		}
	}
	sel := selection{pi: e.failPi, node: node, op: e.failOp}
	if sel.op < 0 && p.NumOps() > 0 {
		sel.op = p.NumOps() - 1
	}
	e.selectSel(sel, srcOther, true)
	e.hex.ScrollTo(de.Offset)
}

// updateStatus writes the status bar: file, size, protocol, counts and
// decode time.
func (e *explorer) updateStatus() {
	f := e.file
	ops, nodes := 0, 0
	proto := -1
	for _, p := range f.Pickles {
		ops += p.NumOps()
		nodes += p.NumNodes()
		proto = max(proto, p.Protocol())
	}
	s := fmt.Sprintf("%s  ·  %s  ·  protocol %d  ·  %s ops  ·  %s nodes", e.name, humanBytes(int64(len(f.Data))),
		proto, groupDigits(int64(ops)), groupDigits(int64(nodes)))
	if f.Format != "" && f.Format != "pickle" {
		s = strings.Replace(s, "  ·  ", "  ·  "+f.Format+"  ·  ", 1)
	}
	if n := min(len(f.Pickles), e.tm.recovered); n > 1 {
		s += fmt.Sprintf("  ·  %d pickles", n)
	}
	if n := len(f.Pickles) - e.tm.recovered; n > 0 {
		s += fmt.Sprintf("  ·  %d recovered", n)
	}
	if f.Trailing.Len() > 0 {
		s += fmt.Sprintf("  ·  %s trailing", humanBytes(f.Trailing.Len()))
	}
	s += fmt.Sprintf("  ·  decoded in %s", humanDuration(e.decodeDur))
	e.status.SetText(s)
}

// humanBytes is a byte count for people: "812 B", "1.4 KB", "41.7 MB".
func humanBytes(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
}

// humanDuration is a duration for people: "3 ms", "1.24 s".
func humanDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// groupDigits writes n with thousands separators: 1,000,000.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
