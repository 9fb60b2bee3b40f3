package hexview

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"pklx/model"
)

// sample is the start of a protocol 4 pickle and some text; want is what
// `hexdump -C` (util-linux) printed for it.
var sample = []byte("\x80\x04\x95[\x02\x00\x00\x00\x00\x00\x00}\x94(\x8c\nhello world, this is a test!")

var want = []string{
	"00000000  80 04 95 5b 02 00 00 00  00 00 00 7d 94 28 8c 0a  |...[.......}.(..|",
	"00000010  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|",
	"00000020  73 20 69 73 20 61 20 74  65 73 74 21              |s is a test!|",
}

func TestRowsMatchHexdump(t *testing.T) {
	v := New()
	v.SetData(sample)
	for i, w := range want {
		if got := v.RowText(int64(i)); got != w {
			t.Errorf("row %d:\n got %q\nwant %q", i, got, w)
		}
	}
	if v.RowText(3) != "" || v.RowText(-1) != "" {
		t.Error("rows past the data are not empty")
	}
	if got := len(v.RowText(0)); got != rowChars(8) {
		t.Errorf("row length %d, rowChars %d", got, rowChars(8))
	}
	for _, c := range []struct {
		n    int64
		want int
	}{{0, 8}, {1, 8}, {1 << 30, 8}, {1 << 32, 8}, {1<<32 + 1, 9}, {1 << 40, 10}} {
		if got := offsetDigits(c.n); got != c.want {
			t.Errorf("offsetDigits(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

func TestByteAtCol(t *testing.T) {
	row := want[0]
	for k := 0; k < BytesPerRow; k++ {
		hc := hexCol(8, k)
		if row[hc:hc+2] != want[0][10+3*k+k/8:12+3*k+k/8] {
			t.Fatalf("hexCol(%d) = %d", k, hc)
		}
		for _, col := range []int{hc, hc + 1, hc + 2} {
			if got, ok := byteAtCol(8, col); !ok || got != k {
				t.Errorf("column %d (byte %d's hex): byte %d %v", col, k, got, ok)
			}
		}
		ac := asciiCol(8, k)
		if got, ok := byteAtCol(8, ac); !ok || got != k {
			t.Errorf("column %d (byte %d's character): byte %d %v", ac, k, got, ok)
		}
	}
	if row[asciiCol(8, 0)-1] != '|' || row[asciiCol(8, 15)+1] != '|' {
		t.Fatal("asciiCol is off")
	}
	for _, col := range []int{0, 7, 8, 9, asciiCol(8, 0) - 1, asciiCol(8, 0) - 2, asciiCol(8, 15) + 1} {
		if k, ok := byteAtCol(8, col); ok {
			t.Errorf("column %d is not a byte but maps to %d", col, k)
		}
	}
}

func TestNormalize(t *testing.T) {
	got := normalize(spans(20, 30, 0, 5, 5, 7, 25, 40, 50, 50, 60, 61, 3, 4))
	exp := spans(0, 7, 20, 40, 60, 61)
	if len(got) != len(exp) {
		t.Fatalf("normalize: %v", got)
	}
	for i := range exp {
		if got[i] != exp[i] {
			t.Fatalf("normalize: %v, want %v", got, exp)
		}
	}
}

// spans makes spans from start, end pairs.
func spans(se ...int64) []model.Span {
	var out []model.Span
	for i := 0; i+1 < len(se); i += 2 {
		out = append(out, model.Span{Start: se[i], End: se[i+1]})
	}
	return out
}

// window puts a hex view of data in an unpadded test window.
func window(t *testing.T, data []byte, size fyne.Size) (*View, fyne.Window, *int) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	made := new(int)
	create := v.vp.CreateRow
	v.vp.CreateRow = func() fyne.CanvasObject { *made++; return create() }
	v.SetData(data)
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(size)
	return v, w, made
}

// rows lists the visible pool rows, top to bottom.
func rows(v *View) []*hexRow {
	var out []*hexRow
	for _, o := range test.WidgetRenderer(v.vp).Objects() {
		if r, ok := o.(*hexRow); ok && r.Visible() {
			out = append(out, r)
		}
	}
	return out
}

// lastFullRow is the pool row drawn last among the fully visible rows.
func lastFullRow(v *View) *hexRow {
	return rows(v)[v.vp.VisibleRows()-1]
}

func TestLastRowOf1GiB(t *testing.T) {
	data := make([]byte, 1<<30) // the kernel maps zero pages lazily
	copy(data[len(data)-4:], "end!")
	const lastRow = 1<<30/16 - 1 // 67,108,863
	const wantLast = "3ffffff0  00 00 00 00 00 00 00 00  00 00 00 00 65 6e 64 21  |............end!|"
	v, w, made := window(t, data, fyne.NewSize(800, 600))
	if v.vp.Total() != lastRow+1 {
		t.Fatalf("%d rows for 1 GiB", v.vp.Total())
	}

	w.Canvas().Focus(v.vp)
	v.vp.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if r := lastFullRow(v); r.row != lastRow || r.text.Text != wantLast {
		t.Fatalf("End: last row %d %q", r.row, r.text.Text)
	}

	v.vp.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	barX := v.Size().Width - theme.Size(theme.SizeNameScrollBar)/2
	test.Drag(w.Canvas(), fyne.NewPos(barX, 3), 0, 10000)
	if r := lastFullRow(v); r.row != lastRow || r.text.Text != wantLast {
		t.Fatalf("thumb dragged to the bottom: last row %d %q (top %d)", r.row, r.text.Text, v.vp.Top())
	}

	v.vp.SetTop(0)
	v.ScrollTo(int64(len(data) - 1))
	if !v.vp.IsVisible(lastRow) {
		t.Fatalf("ScrollTo(len-1): top %d", v.vp.Top())
	}
	v.SetHighlight([]model.Span{{Start: int64(len(data)) - 4, End: int64(len(data))}}, model.Span{})
	r := lastFullRow(v)
	for k := 12; k < 16; k++ {
		if hexCell(v, r, k) == nil || ascCell(v, r, k) == nil {
			t.Fatalf("byte %d of the last row not highlighted", k)
		}
	}
	if hexCell(v, r, 11) != nil {
		t.Fatal("byte 11 of the last row highlighted")
	}
	if want := int(600/v.vp.RowHeight()) + 1; *made != want {
		t.Fatalf("%d row objects for a 600 px window (want %d)", *made, want)
	}
}

func TestTapAndHover(t *testing.T) {
	v, w, _ := window(t, sample, fyne.NewSize(800, 400))
	var tapped, hovered []int64
	v.OnByteTapped = func(off int64) { tapped = append(tapped, off) }
	v.OnHover = func(off int64) { hovered = append(hovered, off) }
	rh := v.vp.RowHeight()
	cw := v.charWidth()
	pad := theme.Padding()
	at := func(row int, col int) fyne.Position {
		return fyne.NewPos(pad+(float32(col)+0.5)*cw, (float32(row)+0.5)*rh)
	}

	test.TapAt(v.vp, at(1, hexCol(8, 5)+1)) // row 1, byte 5, second hex digit
	test.TapAt(v.vp, at(1, asciiCol(8, 12)))
	test.TapAt(v.vp, at(0, hexCol(8, 15)))
	test.TapAt(v.vp, at(2, hexCol(8, 13))) // past the end of the data
	test.TapAt(v.vp, at(0, 3))             // the offset column
	test.TapAt(v.vp, at(0, asciiCol(8, 0)-1))
	if len(tapped) != 3 || tapped[0] != 16+5 || tapped[1] != 16+12 || tapped[2] != 15 {
		t.Fatalf("taps reported %v, want [21 28 15]", tapped)
	}

	c := w.Canvas()
	test.MoveMouse(c, at(2, asciiCol(8, 3)))
	test.MoveMouse(c, at(2, asciiCol(8, 3))) // the same byte: no new report
	test.MoveMouse(c, at(0, hexCol(8, 9)))
	r := rows(v)[0]
	if !r.hexHover.Visible() || !r.ascHover.Visible() || rows(v)[2].hexHover.Visible() {
		t.Fatal("the hovered byte is not outlined in row 0 alone")
	}
	if x := r.hexHover.Position().X; x != pad+(float32(hexCol(8, 9))-0.5)*cw {
		t.Fatalf("hover outline at x=%v", x)
	}
	test.MoveMouse(c, at(0, 2))    // the offset column
	test.MoveMouse(c, at(0, 4))    // still not a byte: no new report
	test.MoveMouse(c, at(1, 40))   // a byte again
	test.MoveMouse(c, at(9999, 4)) // off the window
	if want := []int64{32 + 3, 9, -1, 16 + 9, -1}; !equal(hovered, want) {
		t.Fatalf("hover reported %v, want %v", hovered, want)
	}
	if rows(v)[0].hexHover.Visible() {
		t.Fatal("hover outline left behind")
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHighlightPlacement(t *testing.T) {
	v, _, _ := window(t, sample, fyne.NewSize(800, 400))
	v.SetHighlight([]model.Span{{Start: 14, End: 18}, {Start: 5, End: 7}}, model.Span{Start: 2, End: 40})
	v.MarkError(6)
	th := theme.Current()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	primary := withAlpha(th.Color(theme.ColorNamePrimary, variant), 0x90)
	faint := withAlpha(th.Color(theme.ColorNamePrimary, variant), 0x30)
	errc := withAlpha(th.Color(theme.ColorNameError, variant), 0xc0)
	cw := v.charWidth()
	pad := theme.Padding()

	type cell struct {
		off  int64
		fill color.Color // nil: not highlighted
	}
	cells := []cell{
		{0, nil}, {1, nil}, {2, faint}, {4, faint}, {5, primary}, {6, errc}, {7, faint},
		{13, faint}, {14, primary}, {15, primary}, {16, primary}, {17, primary}, {18, faint},
		{39, faint}, {40, nil}, {43, nil},
	}
	rs := rows(v)
	for _, c := range cells {
		r, k := rs[c.off/16], int(c.off%16)
		hex, asc := hexCell(v, r, k), ascCell(v, r, k)
		if c.fill == nil {
			if hex != nil || asc != nil {
				t.Errorf("byte %d highlighted", c.off)
			}
			continue
		}
		if hex == nil || asc == nil || hex.FillColor != c.fill || asc.FillColor != c.fill {
			t.Errorf("byte %d: hex %v, ascii %v, want %v", c.off, hex, asc, c.fill)
			continue
		}
		// The cell covers the byte's two hex digits and its character, at
		// full row height.
		hx := pad + float32(hexCol(8, k))*cw
		if hex.Position().X > hx || hex.Position().X+hex.Size().Width < hx+2*cw {
			t.Errorf("byte %d: hex cell [%v, %v] misses the digits at [%v, %v]", c.off, hex.Position().X, hex.Position().X+hex.Size().Width, hx, hx+2*cw)
		}
		ax := pad + float32(asciiCol(8, k))*cw
		if asc.Position().X > ax || asc.Position().X+asc.Size().Width < ax+cw || asc.Size().Height != v.vp.RowHeight() {
			t.Errorf("byte %d: ascii cell at %v size %v misses x=%v width %v", c.off, asc.Position().X, asc.Size(), ax, cw)
		}
	}
	// One cell per run of equal highlight in each column: row 0 has the
	// runs 2-4 faint, 5 primary, 6 error, 7-13 faint, 14-15 primary. Runs
	// touch, and the run 7-13 crosses the gap between bytes 7 and 8.
	var hexRuns, ascRuns []*canvas.Rectangle
	for k := range rs[0].hexBg {
		if rs[0].hexBg[k].Visible() {
			hexRuns = append(hexRuns, rs[0].hexBg[k])
		}
		if rs[0].ascBg[k].Visible() {
			ascRuns = append(ascRuns, rs[0].ascBg[k])
		}
	}
	if len(hexRuns) != 5 || len(ascRuns) != 5 {
		t.Fatalf("row 0: %d hex and %d ascii cells, want 5 runs each", len(hexRuns), len(ascRuns))
	}
	for i := 1; i < len(hexRuns); i++ {
		a, b := hexRuns[i-1], hexRuns[i]
		if d := b.Position().X - (a.Position().X + a.Size().Width); d > 0.01 || d < -0.01 {
			t.Errorf("hex runs %d and %d do not touch: gap %v", i-1, i, d)
		}
		a, b = ascRuns[i-1], ascRuns[i]
		if d := b.Position().X - (a.Position().X + a.Size().Width); d > 0.01 || d < -0.01 {
			t.Errorf("ascii runs %d and %d do not touch: gap %v", i-1, i, d)
		}
	}
	if hexCell(v, rs[0], 7) != hexCell(v, rs[0], 8) {
		t.Error("bytes 7 and 8 of one run are not one cell")
	}

	v.MarkError(-1)
	v.SetHighlight(nil, model.Span{})
	for _, r := range rows(v) {
		for k := range r.hexBg {
			if r.hexBg[k].Visible() || r.ascBg[k].Visible() {
				t.Fatalf("row %d byte %d still highlighted", r.row, k)
			}
		}
	}
}

func TestSetDataResets(t *testing.T) {
	v, _, _ := window(t, make([]byte, 100000), fyne.NewSize(800, 400))
	v.ScrollTo(90000)
	v.SetHighlight([]model.Span{{Start: 1, End: 2}}, model.Span{})
	v.SetData(sample)
	if v.vp.Top() != 0 || v.vp.Total() != 3 || len(v.primary) != 0 || rows(v)[0].text.Text != want[0] {
		t.Fatalf("after SetData: top %d, total %d, %d spans, row 0 %q", v.vp.Top(), v.vp.Total(), len(v.primary), rows(v)[0].text.Text)
	}
	v.SetData(nil)
	if v.vp.Total() != 0 || len(rows(v)) != 0 {
		t.Fatal("SetData(nil) left rows")
	}
	v.ScrollTo(0) // no data: nothing to do, no panic
}

// BenchmarkRowTextEndOf1GiB formats the last 100 rows of a 1 GiB buffer.
func BenchmarkRowTextEndOf1GiB(b *testing.B) {
	data := make([]byte, 1<<30)
	v := New()
	v.SetData(data)
	last := int64(len(data)/BytesPerRow) - 1
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for r := last - 99; r <= last; r++ {
			v.RowText(r)
		}
	}
}

// BenchmarkFillEndOf1GiB fills 100 pooled rows at the end of a 1 GiB
// buffer, as a scroll to the end does: text, highlight cells (a primary run
// and a secondary span across every row) and the hover outline.
func BenchmarkFillEndOf1GiB(b *testing.B) {
	test.NewTempApp(b)
	data := make([]byte, 1<<30)
	v := New()
	v.SetData(data)
	n := int64(len(data))
	v.SetHighlight([]model.Span{{Start: n - 700, End: n - 650}, {Start: n - 40, End: n - 3}}, model.Span{Start: n - 1600, End: n})
	v.hover = n - 20
	pool := make([]fyne.CanvasObject, 100)
	for i := range pool {
		pool[i] = v.createRow()
		pool[i].Resize(fyne.NewSize(800, 20))
	}
	last := n/BytesPerRow - 1
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.gen++ // make every row reformat its text
		for k, o := range pool {
			v.updateRow(last-99+int64(k), o)
		}
	}
}

// hexCell is the visible highlight cell of row r that covers byte k's hex
// digits, or nil.
func hexCell(v *View, r *hexRow, k int) *canvas.Rectangle {
	x := theme.Padding() + (float32(hexCol(v.width, k))+1)*v.charWidth()
	return cellAt(r.hexBg[:], x)
}

// ascCell is the visible highlight cell of row r that covers byte k's
// character, or nil.
func ascCell(v *View, r *hexRow, k int) *canvas.Rectangle {
	x := theme.Padding() + (float32(asciiCol(v.width, k))+0.5)*v.charWidth()
	return cellAt(r.ascBg[:], x)
}

func cellAt(cells []*canvas.Rectangle, x float32) *canvas.Rectangle {
	for _, c := range cells {
		if c.Visible() && c.Position().X <= x && x < c.Position().X+c.Size().Width {
			return c
		}
	}
	return nil
}
