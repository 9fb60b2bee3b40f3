package traceview

import (
	"bytes"
	"encoding/binary"
	"image/color"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"pklx/decoder"
	"pklx/model"
)

// decode decodes data with the real decoder and fails the test on error.
func decode(t testing.TB, data []byte) *model.Pickle {
	t.Helper()
	p, err := decoder.DecodeOne(data, 0, decoder.Options{})
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return p
}

// fromOps builds a Pickle of fixed-size ops straight from bytes, without
// the decoder (which would also build a node per op): enough for the trace,
// which reads only the op index. ops is the op sequence; each op's bytes
// are its opcode and argument.
func fromOps(ops [][]byte) *model.Pickle {
	var data []byte
	offs := make([]int64, len(ops))
	for i, op := range ops {
		offs[i] = int64(len(data))
		data = append(data, op...)
	}
	b := model.NewBuilder(data, 0)
	for _, off := range offs {
		b.AddOp(off)
	}
	b.SetEnd(int64(len(data)))
	return b.Finish(model.NoNode, nil, true, nil)
}

// markList is b'\x80\x04(' + b'K\x01'*n + b'l.': a list of n ones built
// inside one MARK, so every BININT1 row is indented one level.
func markList(n int) []byte {
	data := make([]byte, 0, 2*n+5)
	data = append(data, 0x80, 4, '(')
	for i := 0; i < n; i++ {
		data = append(data, 'K', 1)
	}
	return append(data, 'l', '.')
}

// markListPickle is markList(n) indexed directly (see fromOps), for sizes
// where running the decoder would only slow the test down.
func markListPickle(n int) *model.Pickle {
	data := markList(n)
	b := model.NewBuilder(data, 0)
	b.AddOp(0)
	b.AddOp(2)
	for i := 0; i < n; i++ {
		b.AddOp(int64(3 + 2*i))
	}
	b.AddOp(int64(3 + 2*n))
	b.AddOp(int64(4 + 2*n))
	b.SetEnd(int64(len(data)))
	return b.Finish(model.NoNode, nil, true, nil)
}

// TestRowsMatchPickletools compares every row with what CPython 3.11's
// `pickletools.dis` printed for the same file (testdata/gen_fixtures.py).
func TestRowsMatchPickletools(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.pkl")
	if len(files) < 7 {
		t.Fatalf("fixtures missing: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dis, err := os.ReadFile(strings.TrimSuffix(f, ".pkl") + ".dis")
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(dis), "\n"), "\n")
			lines = lines[:len(lines)-1] // "highest protocol among opcodes = N"
			p := decode(t, data)
			if p.NumOps() != len(lines) {
				t.Fatalf("%d ops, pickletools printed %d", p.NumOps(), len(lines))
			}
			v := New()
			v.SetPickle(p)
			for i, want := range lines {
				if got := v.RowText(i); got != want {
					t.Errorf("op %d:\n got %q\nwant %q", i, got, want)
				}
			}
			// Backwards, so every row is formatted after a seek.
			for i := len(lines) - 1; i >= 0; i-- {
				if got := v.RowText(i); got != lines[i] {
					t.Fatalf("op %d backwards:\n got %q\nwant %q", i, got, lines[i])
				}
			}
		})
	}
}

func TestMarkIndentAtRow2M(t *testing.T) {
	const n = 2_100_000
	p := decode(t, markList(n)) // the real decoder, on b'\x80\x04(' + b'K\x01'*n + b'l.'
	v := New()
	v.SetPickle(p)
	// Op 0 is PROTO, op 1 the MARK, op k+2 the k-th BININT1 at 3+2k.
	const op = 2_000_000
	if d := v.Depth(op); d != 1 {
		t.Fatalf("depth at op %d: %d, want 1", op, d)
	}
	off := 3 + 2*(op-2)
	want := strconv.Itoa(off) + ": K        BININT1    1"
	if got := v.RowText(op); got != want {
		t.Fatalf("op %d:\n got %q\nwant %q", op, got, want)
	}
	last := p.NumOps() - 2
	if got, want := v.RowText(last), strconv.Itoa(3+2*n)+": l        LIST       (MARK at 2)"; got != want {
		t.Fatalf("LIST:\n got %q\nwant %q", got, want)
	}
	if got := v.RowText(1); got != "      2: (    MARK" {
		t.Fatalf("MARK row %q", got)
	}

	// A fresh view formats a row near the end from the nearest checkpoint.
	v.SetPickle(p)
	v.RowText(last)
	if v.cur.i != last || v.idx.Complete() != true {
		t.Fatalf("cursor at %d after formatting op %d", v.cur.i, last)
	}
}

// refRow is pickletools' own bookkeeping for one op: the indentation level
// (len(markstack)) and the offset of the MARK the op pops, or -1.
type refRow struct {
	depth  int
	markAt int64
}

// reference runs pickletools.dis's markstack logic over the ops.
func reference(p *model.Pickle) []refRow {
	var stack []bool // true for a MARK
	var marks []int64
	out := make([]refRow, p.NumOps())
	for i := range out {
		code := p.OpCode(i)
		info := model.Ops[code]
		out[i] = refRow{depth: len(marks), markAt: -1}
		pops := int(info.Pops)
		if info.PopsMark || code == model.OpPop && len(stack) > 0 && stack[len(stack)-1] {
			out[i].markAt = marks[len(marks)-1]
			marks = marks[:len(marks)-1]
			for !stack[len(stack)-1] {
				stack = stack[:len(stack)-1]
			}
			stack = stack[:len(stack)-1]
			if !info.PopsMark {
				pops = 0
			}
		}
		stack = stack[:len(stack)-pops]
		if code == model.OpMark {
			marks = append(marks, p.OpOffset(i))
			stack = append(stack, true)
		}
		for k := 0; k < int(info.Pushes); k++ {
			stack = append(stack, false)
		}
	}
	return out
}

// TestMarksAgainstReference checks depth and "(MARK at N)" on long random
// op sequences that cross many checkpoints, with POPs of MARKs, POP_MARK,
// and MARKs left open for thousands of ops.
func TestMarksAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 4; trial++ {
		var ops [][]byte
		var stack []bool
		marks := 0
		push := func(op []byte, pushes int, mark bool) {
			ops = append(ops, op)
			if mark {
				stack = append(stack, true)
				marks++
			}
			for k := 0; k < pushes; k++ {
				stack = append(stack, false)
			}
		}
		popToMark := func() {
			for !stack[len(stack)-1] {
				stack = stack[:len(stack)-1]
			}
			stack = stack[:len(stack)-1]
			marks--
		}
		ops = append(ops, []byte{0x80, 2})
		for len(ops) < 30000 {
			top := len(stack) > 0 && stack[len(stack)-1]
			r := rng.Intn(100)
			switch {
			case r < 8:
				push([]byte{'('}, 0, true)
			case r < 12 && top:
				ops = append(ops, []byte{'0'}) // POP of a MARK
				popToMark()
			case r < 15 && marks > 0:
				ops = append(ops, []byte{'1'}) // POP_MARK
				popToMark()
			case r < 21 && marks > 0:
				ops = append(ops, []byte{'l'}) // LIST
				popToMark()
				stack = append(stack, false)
			case r < 24 && len(stack) > 0 && !top:
				ops = append(ops, []byte{'0'}) // POP of an object
				stack = stack[:len(stack)-1]
			case r < 26:
				push([]byte{']'}, 1, false)
			default:
				push([]byte{'K', byte(r)}, 1, false)
			}
			if trial%2 == 1 && r%97 == 0 {
				// Long runs inside one MARK, past several checkpoints.
				for k := 0; k < 5000; k++ {
					push([]byte{'K', 0}, 1, false)
				}
			}
		}
		p := fromOps(ops)
		ref := reference(p)
		v := New()
		v.SetPickle(p)
		order := rng.Perm(len(ops))
		if trial == 0 {
			for i := range order {
				order[i] = i
			}
		}
		for _, i := range order {
			if d := v.Depth(i); d != ref[i].depth {
				t.Fatalf("trial %d op %d: depth %d, pickletools %d", trial, i, d, ref[i].depth)
			}
			row := v.RowText(i)
			want := ""
			if ref[i].markAt >= 0 {
				want = "(MARK at " + strconv.FormatInt(ref[i].markAt, 10) + ")"
			}
			if got := markNote(row); got != want {
				t.Fatalf("trial %d op %d: note %q, pickletools %q (row %q)", trial, i, got, want, row)
			}
		}
	}
}

func markNote(row string) string {
	if i := strings.Index(row, "(MARK at "); i >= 0 {
		return row[i:]
	}
	return ""
}

func TestDeepNestingIsBounded(t *testing.T) {
	const depth = 100_000
	data := []byte{0x80, 2}
	data = append(data, bytes.Repeat([]byte{'('}, depth)...)
	data = append(data, bytes.Repeat([]byte{'l'}, depth)...)
	data = append(data, '.')
	p := decode(t, data)
	v := New()
	v.SetPickle(p)
	row := v.RowText(1 + depth) // the innermost LIST
	if !strings.Contains(row, "[100000]") || len(row) > 200 {
		t.Fatalf("innermost LIST row (%d bytes): %q", len(row), row)
	}
	if want := "(MARK at " + strconv.Itoa(1+depth) + ")"; !strings.HasSuffix(row, want) {
		t.Fatalf("innermost LIST: %q, want it to end %q", row, want)
	}
	// The outermost LIST closes the first MARK, 100,000 ops back.
	if row := v.RowText(2 * depth); !strings.HasSuffix(row, "(MARK at 2)") {
		t.Fatalf("outermost LIST: %q", row)
	}
}

func TestHugeArgumentsAreCut(t *testing.T) {
	const size = 64 << 20
	data := []byte{0x80, 4, 0x8d} // BINUNICODE8
	data = binary.LittleEndian.AppendUint64(data, size)
	data = append(data, bytes.Repeat([]byte("é'"), size/3)...)
	data = append(data, make([]byte, size-size/3*3)...)
	data = append(data, '.')
	p := decode(t, data)
	v := New()
	v.SetPickle(p)
	var row string
	// Formatting the whole string would allocate hundreds of megabytes.
	if n := leastAllocated(func() { row = v.RowText(1) }); n > allocLimit {
		t.Errorf("formatting a 64 MB str's row allocated %d bytes", n)
	}
	arg := row[strings.Index(row, "BINUNICODE8")+len("BINUNICODE8 "):]
	if n := utf8.RuneCountInString(arg); n != argMax || !strings.HasSuffix(arg, "…") || !strings.HasPrefix(arg, `"é'é'`) {
		t.Fatalf("argument of %d runes: %q", n, arg)
	}
}

// window is a trace in an unpadded test window.
func window(t *testing.T, p *model.Pickle, size fyne.Size) (*View, fyne.Window, *int) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	made := new(int)
	create := v.vp.CreateRow
	v.vp.CreateRow = func() fyne.CanvasObject { *made++; return create() }
	v.SetPickle(p)
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(size)
	return v, w, made
}

// visibleRows lists the pool rows on screen, top to bottom.
func visibleRows(v *View) []*row {
	var out []*row
	for _, o := range test.WidgetRenderer(v.vp).Objects() {
		if r, ok := o.(*row); ok && r.Visible() {
			out = append(out, r)
		}
	}
	return out
}

func TestTapKeysSelectAndMark(t *testing.T) {
	p := markListPickle(1000)
	v, w, made := window(t, p, fyne.NewSize(500, 300))
	var chosen []int
	v.OnSelected = func(op int) { chosen = append(chosen, op) }
	rh := v.vp.RowHeight()

	test.TapAt(v.vp, fyne.NewPos(20, 2*rh+1))
	if v.Selected() != 2 || len(chosen) != 1 || chosen[0] != 2 {
		t.Fatalf("tap on the 3rd row: selected %d, OnSelected %v", v.Selected(), chosen)
	}
	if w.Canvas().Focused() != v.vp {
		t.Fatal("tap did not focus the trace")
	}
	rows := visibleRows(v)
	if rows[2].bg.FillColor != theme.Color(theme.ColorNameSelection) {
		t.Fatalf("selected row background %v", rows[2].bg.FillColor)
	}
	if rows[1].bg.FillColor != color.Transparent {
		t.Fatalf("unselected row background %v", rows[1].bg.FillColor)
	}

	key := func(k fyne.KeyName) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyDown)
	key(fyne.KeyDown)
	if v.Selected() != 4 || chosen[len(chosen)-1] != 4 {
		t.Fatalf("Down twice: selected %d, OnSelected %v", v.Selected(), chosen)
	}
	key(fyne.KeyEnd)
	if v.Selected() != p.NumOps()-1 || !v.vp.IsVisible(int64(p.NumOps()-1)) {
		t.Fatalf("End: selected %d, top %d", v.Selected(), v.vp.Top())
	}
	rows = visibleRows(v)
	if last := rows[int(v.vp.VisibleRows())-1]; last.op != p.NumOps()-1 || !strings.HasSuffix(last.text.Text, "STOP") {
		t.Fatalf("End: last full row is op %d %q", last.op, last.text.Text)
	}
	key(fyne.KeyPageUp)
	if want := p.NumOps() - 1 - int(v.vp.PageRows()); v.Selected() != want || !v.vp.IsVisible(int64(want)) {
		t.Fatalf("PageUp: selected %d, want %d", v.Selected(), want)
	}
	key(fyne.KeyHome)
	if v.Selected() != 0 || v.vp.Top() != 0 {
		t.Fatalf("Home: selected %d top %d", v.Selected(), v.vp.Top())
	}

	n := len(chosen)
	v.Select(700)
	if v.Selected() != 700 || !v.vp.IsVisible(700) || len(chosen) != n {
		t.Fatalf("Select(700): selected %d, top %d, OnSelected called %d times", v.Selected(), v.vp.Top(), len(chosen)-n)
	}
	if d := 700 - v.vp.Top(); d != v.vp.VisibleRows()/2 {
		t.Fatalf("Select(700) did not centre it: %d rows from the top", d)
	}

	v.Mark(701)
	rows = visibleRows(v)
	var marked *row
	for _, r := range rows {
		if r.op == 701 {
			marked = r
		}
	}
	if marked == nil || marked.text.Color != theme.Color(theme.ColorNameError) {
		t.Fatalf("marked row not in the error colour")
	}
	v.Mark(-1)
	if marked.text.Color == theme.Color(theme.ColorNameError) || v.Marked() != -1 {
		t.Fatalf("Mark(-1) did not clear the mark: %v %v %v", marked.text.Color, theme.Color(theme.ColorNameForeground), v.Marked())
	}

	// Hover paints the row under the pointer.
	test.MoveMouse(w.Canvas(), fyne.NewPos(30, 5*rh+2))
	rows = visibleRows(v)
	if rows[5].bg.FillColor != theme.Color(theme.ColorNameHover) {
		t.Fatalf("hovered row background %v", rows[5].bg.FillColor)
	}

	// The pool is as big as the window, not the pickle.
	before := *made
	v.SetPickle(markListPickle(3_000_000))
	v.Select(2_999_000)
	test.Scroll(w.Canvas(), fyne.NewPos(10, 10), 0, -500)
	if *made != before || *made != int(300/rh)+1 {
		t.Fatalf("%d row objects after a 3M-op pickle, %d before (window holds %d)", *made, before, int(300/rh)+1)
	}
	if v.Selected() != 2_999_000 || !strings.Contains(visibleRows(v)[0].text.Text, "BININT1") {
		t.Fatal("rows of the new pickle not shown")
	}
	v.SetPickle(nil)
	if v.vp.Total() != 0 || len(visibleRows(v)) != 0 || v.Selected() != -1 {
		t.Fatal("SetPickle(nil) did not clear the trace")
	}
}

// pickle20M is markList(20_000_000) indexed directly: 20,000,004 ops.
func pickle20M() *model.Pickle { return markListPickle(20_000_000) }

// BenchmarkWindowAt19999900 formats the 100 rows from op 19,999,900 of a
// 20-million-op pickle the way the viewport asks for them, from a cold
// cursor each time (the index is built once, before the timer).
func BenchmarkWindowAt19999900(b *testing.B) {
	p := pickle20M()
	v := New()
	v.SetPickleIndex(p, NewIndex(p))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.cur = cursor{}
		for op := 19_999_900; op < 20_000_000; op++ {
			v.RowText(op)
		}
	}
}

// BenchmarkIndex20M is the one-off cost of the MARK index for 20M ops.
func BenchmarkIndex20M(b *testing.B) {
	p := pickle20M()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewIndex(p)
	}
}

func TestIndexIsLazyOrPrebuilt(t *testing.T) {
	p := markListPickle(1_000_000)
	v := New()
	v.SetPickle(p)
	v.RowText(10)
	if v.idx.Complete() || len(v.idx.depth) != 1 {
		t.Fatalf("showing op 10 indexed %d blocks", len(v.idx.depth))
	}
	v.RowText(500_000)
	if v.idx.Complete() || len(v.idx.depth) != 500_000>>blockShift+1 {
		t.Fatalf("showing op 500000 indexed %d blocks", len(v.idx.depth))
	}
	lazy := v.RowText(p.NumOps() - 2)
	if !v.idx.Complete() {
		t.Fatal("index incomplete after the last rows")
	}

	x := NewIndex(p)
	w := New()
	w.SetPickleIndex(p, x)
	if got := w.RowText(p.NumOps() - 2); got != lazy || w.idx != x {
		t.Fatalf("with a prebuilt index: %q, lazily: %q", got, lazy)
	}
	w.SetPickleIndex(markListPickle(5), x) // x is not that pickle's
	if w.idx != nil && w.idx.p != w.p || w.RowText(7) != "   13: l        LIST       (MARK at 2)" {
		t.Fatalf("foreign index used; LIST row %q", w.RowText(7))
	}
}

// The index of an index-only pass serves the full decode of the same bytes
// (a big file's trace index is built while it decodes); an index of other
// ops, or of fewer, serves nothing.
func TestIndexForTheSameOps(t *testing.T) {
	data := markList(10_000)
	full := decode(t, data)
	ops, err := decoder.IndexOps(data, 0, decoder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ops).For(full)
	if x == nil {
		t.Fatal("the index-only pass's index does not serve the decode of the same bytes")
	}
	v, w := New(), New()
	v.SetPickleIndex(full, x)
	w.SetPickle(full)
	for _, op := range []int{0, 1, 2, 4095, 4096, 9_999, full.NumOps() - 2, full.NumOps() - 1} {
		if got, want := v.RowText(op), w.RowText(op); got != want || v.idx != x {
			t.Fatalf("op %d with the reused index: %q, built for it: %q", op, got, want)
		}
	}
	if NewIndex(ops).For(decode(t, markList(10_001))) != nil {
		t.Fatal("an index served a pickle of other bytes")
	}
	short, _ := decoder.IndexOps(data[:len(data)-1], 0, decoder.Options{})
	if NewIndex(short).For(full) != nil {
		t.Fatal("an index of fewer ops served the whole pickle")
	}
	lazy := newIndex(ops)
	lazy.ensure(5)
	if lazy.For(full) != nil {
		t.Fatal("an incomplete index served a pickle")
	}
}
