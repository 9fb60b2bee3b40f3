package viewport

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// rows1GiB is the number of 16-byte hex rows of a 1 GiB file.
const rows1GiB = 1 << 30 / 16 // 67,108,864

// fixture is a viewport in an unpadded test window whose rows are texts
// holding their row number, with a count of the row objects made.
type fixture struct {
	v       *Viewport
	w       fyne.Window
	created int
}

func newFixture(t *testing.T, total int64, size fyne.Size) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{}
	f.v = New(func() fyne.CanvasObject {
		f.created++
		return canvas.NewText("", nil)
	}, func(row int64, o fyne.CanvasObject) {
		o.(*canvas.Text).Text = strconv.FormatInt(row, 10)
	})
	f.v.SetTotal(total)
	f.w = test.NewTempWindow(t, f.v)
	f.w.SetPadded(false)
	f.w.Resize(size)
	return f
}

// shown lists the rows the visible pool objects show, top to bottom.
func (f *fixture) shown() []int64 {
	var out []int64
	for _, o := range test.WidgetRenderer(f.v).(*renderer).rows {
		if !o.Visible() {
			continue
		}
		n, err := strconv.ParseInt(o.(*canvas.Text).Text, 10, 64)
		if err != nil {
			panic(err)
		}
		out = append(out, n)
	}
	return out
}

func (f *fixture) checkWindow(t *testing.T) {
	t.Helper()
	got := f.shown()
	if len(got) == 0 {
		t.Fatal("no rows shown")
	}
	for i, r := range got {
		if r != f.v.Top()+int64(i) {
			t.Fatalf("row object %d shows %d, want %d (top %d)", i, r, f.v.Top()+int64(i), f.v.Top())
		}
	}
}

func TestThumbMathLastRowReachable(t *testing.T) {
	const total, visible = rows1GiB, 40
	const track = float32(800)
	maxTop := int64(total - visible)

	off, length := thumbGeometry(total, visible, 0, track, minThumb)
	if off != 0 || length != minThumb {
		t.Fatalf("top 0: thumb at %v length %v, want 0 and %v", off, length, minThumb)
	}
	off, length = thumbGeometry(total, visible, maxTop, track, minThumb)
	if off+length != track {
		t.Fatalf("last page: thumb ends at %v, want %v", off+length, track)
	}
	if got := rowForThumb(off, length, track, total, visible); got != maxTop {
		t.Fatalf("thumb at the bottom: row %d, want %d", got, maxTop)
	}
	if got := rowForThumb(track, length, track, total, visible); got != maxTop {
		t.Fatalf("thumb dragged past the bottom: row %d, want %d", got, maxTop)
	}
	if got := rowForThumb(-5, length, track, total, visible); got != 0 {
		t.Fatalf("thumb dragged past the top: row %d, want 0", got)
	}

	// Round trip: row -> thumb -> row is off by at most the rows one pixel of
	// thumb travel covers, and the mapping never goes backwards.
	perPixel := float64(maxTop) / float64(track-length)
	prev := int64(-1)
	for _, top := range []int64{0, 1, 2, 1000, 83886, 1 << 20, 1 << 24, maxTop / 2, maxTop - 84000, maxTop - 1, maxTop} {
		o, l := thumbGeometry(total, visible, top, track, minThumb)
		got := rowForThumb(o, l, track, total, visible)
		if d := float64(got - top); d > perPixel || d < -perPixel {
			t.Errorf("top %d: thumb %v maps back to %d (%.0f rows per pixel)", top, o, got, perPixel)
		}
		if got < prev {
			t.Errorf("top %d maps back to %d, below the previous %d", top, got, prev)
		}
		prev = got
	}

	// Few rows: the thumb is proportional and the bar not needed when all fit.
	if _, l := thumbGeometry(100, 50, 0, track, minThumb); l != track/2 {
		t.Errorf("100 rows, 50 visible: thumb length %v, want %v", l, track/2)
	}
	if o, l := thumbGeometry(10, 50, 0, track, minThumb); o != 0 || l != track {
		t.Errorf("all rows visible: thumb %v+%v, want the whole track", o, l)
	}
}

func TestEndKeyShowsLastRowOf1GiB(t *testing.T) {
	f := newFixture(t, rows1GiB, fyne.NewSize(300, 400))
	f.v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if f.v.Top() != f.v.MaxTop() || f.v.MaxTop() != rows1GiB-f.v.VisibleRows() {
		t.Fatalf("End: top %d, max %d, visible %d", f.v.Top(), f.v.MaxTop(), f.v.VisibleRows())
	}
	f.checkWindow(t)
	shown := f.shown()
	vis := f.v.VisibleRows()
	if got := shown[vis-1]; got != rows1GiB-1 {
		t.Fatalf("last fully visible row object shows %d, want %d", got, rows1GiB-1)
	}
	f.v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if f.v.Top() != 0 || f.shown()[0] != 0 {
		t.Fatalf("Home: top %d", f.v.Top())
	}
}

func TestDragThumbToBottom(t *testing.T) {
	f := newFixture(t, rows1GiB, fyne.NewSize(300, 400))
	c := f.w.Canvas()
	barX := f.v.Size().Width - f.v.barWidth()/2
	// Grab the thumb (at the top) and drag it far past the bottom.
	test.Drag(c, fyne.NewPos(barX, 5), 0, 10000)
	if f.v.Top() != f.v.MaxTop() {
		t.Fatalf("thumb dragged to the bottom: top %d, want %d", f.v.Top(), f.v.MaxTop())
	}
	f.checkWindow(t)
	if got := f.shown()[f.v.VisibleRows()-1]; got != rows1GiB-1 {
		t.Fatalf("last row object shows %d, want %d", got, rows1GiB-1)
	}
	bar := test.WidgetRenderer(f.v).(*renderer).bar
	off, length := bar.thumb()
	if off+length != bar.Size().Height {
		t.Fatalf("thumb ends at %v, bar is %v high", off+length, bar.Size().Height)
	}

	// Dragging exactly to the end of the track in small steps, as a real
	// pointer does, also lands on the last page.
	f.v.SetTop(0)
	free := bar.Size().Height - length
	for moved := float32(0); moved < free; moved += 7 {
		bar.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(0, 7)})
	}
	bar.DragEnd()
	if f.v.Top() != f.v.MaxTop() {
		t.Fatalf("stepwise drag: top %d, want %d", f.v.Top(), f.v.MaxTop())
	}

	// And halfway is the middle of the file, to within a pixel's worth.
	f.v.SetTop(0)
	bar.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(0, free/2)})
	bar.DragEnd()
	perPixel := float64(f.v.MaxTop()) / float64(free)
	if d := float64(f.v.Top() - f.v.MaxTop()/2); d > perPixel || d < -perPixel {
		t.Fatalf("thumb at half: top %d, want about %d", f.v.Top(), f.v.MaxTop()/2)
	}
}

func TestTrackClickPages(t *testing.T) {
	f := newFixture(t, 1000, fyne.NewSize(300, 400))
	bar := test.WidgetRenderer(f.v).(*renderer).bar
	page := f.v.PageRows()
	test.TapAt(bar, fyne.NewPos(5, bar.Size().Height-2))
	if f.v.Top() != page {
		t.Fatalf("click below the thumb: top %d, want %d", f.v.Top(), page)
	}
	off, _ := bar.thumb()
	test.TapAt(bar, fyne.NewPos(5, off-1))
	if f.v.Top() != 0 {
		t.Fatalf("click above the thumb: top %d, want 0", f.v.Top())
	}
}

func TestScrollTo(t *testing.T) {
	f := newFixture(t, rows1GiB, fyne.NewSize(300, 400))
	vis := f.v.VisibleRows()

	f.v.ScrollTo(5) // already visible: no move
	if f.v.Top() != 0 {
		t.Fatalf("ScrollTo a visible row moved to %d", f.v.Top())
	}
	f.v.ScrollTo(40_000_000)
	if f.v.Top() != 40_000_000-vis/2 || !f.v.IsVisible(40_000_000) {
		t.Fatalf("ScrollTo(40e6): top %d, want it centred (%d)", f.v.Top(), 40_000_000-vis/2)
	}
	f.checkWindow(t)
	f.v.ScrollTo(rows1GiB - 1)
	if f.v.Top() != f.v.MaxTop() {
		t.Fatalf("ScrollTo(last): top %d, want %d", f.v.Top(), f.v.MaxTop())
	}
	if got := f.shown()[vis-1]; got != rows1GiB-1 {
		t.Fatalf("ScrollTo(last): last row object shows %d", got)
	}
	f.v.EnsureVisible(f.v.Top() - 1)
	if f.v.Top() != f.v.MaxTop()-1 {
		t.Fatalf("EnsureVisible one above: top %d, want %d", f.v.Top(), f.v.MaxTop()-1)
	}
	f.v.ScrollTo(-1)
	f.v.ScrollTo(rows1GiB)
	if f.v.Top() != f.v.MaxTop()-1 {
		t.Fatalf("ScrollTo out of range moved to %d", f.v.Top())
	}
}

func TestScrollToBeforeLayoutCentres(t *testing.T) {
	test.NewTempApp(t)
	v := New(func() fyne.CanvasObject { return canvas.NewText("", nil) }, func(int64, fyne.CanvasObject) {})
	v.SetTotal(1_000_000)
	v.ScrollTo(500_000)
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(300, 400))
	if !v.IsVisible(500_000) || v.Top() != 500_000-v.VisibleRows()/2 {
		t.Fatalf("top %d after the first layout, want row 500000 centred", v.Top())
	}
}

func TestPoolDoesNotGrowWithData(t *testing.T) {
	small := newFixture(t, 20, fyne.NewSize(300, 400))
	big := newFixture(t, rows1GiB, fyne.NewSize(300, 400))
	big.v.SetTop(rows1GiB / 2)
	big.v.SetTop(big.v.MaxTop())
	want := int(400/big.v.RowHeight()) + 1
	if big.created != want {
		t.Fatalf("%d row objects for %d rows, want %d", big.created, int64(rows1GiB), want)
	}
	if small.created != big.created {
		t.Fatalf("%d row objects for 20 rows, %d for 67M", small.created, big.created)
	}
	if len(small.shown()) != 20 {
		t.Fatalf("20 rows: %d shown", len(small.shown()))
	}
}

func TestTapHoverAndWheel(t *testing.T) {
	f := newFixture(t, 1000, fyne.NewSize(300, 400))
	rh := f.v.RowHeight()
	var tapped, hovered int64 = -2, -2
	var tapX float32
	f.v.OnTapped = func(row int64, x float32) { tapped, tapX = row, x }
	f.v.OnHover = func(row int64, x float32) { hovered = row }

	f.v.SetTop(100)
	test.TapAt(f.v, fyne.NewPos(37, 3*rh+1))
	if tapped != 103 || tapX != 37 {
		t.Fatalf("tap on the 4th row at x=37: row %d x %v", tapped, tapX)
	}
	if !f.v.Focused() || f.w.Canvas().Focused() != f.v {
		t.Fatal("a tap did not focus the viewport")
	}

	c := f.w.Canvas()
	test.MoveMouse(c, fyne.NewPos(10, 2*rh+2))
	if hovered != 102 {
		t.Fatalf("hover on the 3rd row: %d", hovered)
	}
	// Scrolling under a still pointer reports the row now under it.
	f.v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if f.v.Top() != 101 || hovered != 103 {
		t.Fatalf("Down: top %d, hovered %d", f.v.Top(), hovered)
	}
	test.MoveMouse(c, fyne.NewPos(f.v.Size().Width-2, 10)) // over the scrollbar
	if hovered != -1 {
		t.Fatalf("pointer on the scrollbar: hovered %d, want -1", hovered)
	}
	test.MoveMouse(c, fyne.NewPos(10, 10))
	test.MoveMouse(c, fyne.NewPos(500, 500)) // outside the window
	if hovered != -1 {
		t.Fatalf("pointer gone: hovered %d, want -1", hovered)
	}

	// The wheel: DY < 0 scrolls down, in whole rows.
	top := f.v.Top()
	test.Scroll(c, fyne.NewPos(10, 10), 0, -3*rh/wheelFactor)
	if f.v.Top() != top+3 {
		t.Fatalf("wheel down 3 rows: top %d, want %d", f.v.Top(), top+3)
	}
	test.Scroll(c, fyne.NewPos(10, 10), 0, 1e6)
	if f.v.Top() != 0 {
		t.Fatalf("wheel far up: top %d", f.v.Top())
	}
	f.checkWindow(t)

	// Taps below the last row report nothing.
	few := newFixture(t, 3, fyne.NewSize(300, 400))
	few.v.OnTapped = func(row int64, x float32) { t.Fatalf("tap below the rows reported row %d", row) }
	test.TapAt(few.v, fyne.NewPos(10, 10*rh))
}

func TestKeys(t *testing.T) {
	f := newFixture(t, 1000, fyne.NewSize(300, 400))
	page := f.v.PageRows()
	steps := []struct {
		key  fyne.KeyName
		want int64
	}{
		{fyne.KeyDown, 1}, {fyne.KeyDown, 2}, {fyne.KeyUp, 1}, {fyne.KeyPageDown, 1 + page},
		{fyne.KeyPageUp, 1}, {fyne.KeyPageUp, 0}, {fyne.KeyUp, 0}, {fyne.KeyEnd, f.v.MaxTop()},
		{fyne.KeyDown, f.v.MaxTop()}, {fyne.KeyHome, 0},
	}
	for i, s := range steps {
		f.v.TypedKey(&fyne.KeyEvent{Name: s.key})
		if f.v.Top() != s.want {
			t.Fatalf("step %d (%s): top %d, want %d", i, s.key, f.v.Top(), s.want)
		}
	}
	f.v.OnTypedKey = func(ev *fyne.KeyEvent) bool { return ev.Name == fyne.KeyDown }
	f.v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if f.v.Top() != 0 {
		t.Fatal("OnTypedKey returned true but the viewport scrolled")
	}
	f.v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if f.v.Top() != f.v.MaxTop() {
		t.Fatal("OnTypedKey returned false but the viewport did not scroll")
	}
}

// Keys the viewport does not use reach the canvas's typed-key handler (the
// window's F5, F3 and Escape); the ones it uses, and the ones OnTypedKey
// takes, do not.
func TestUnusedKeysGoToCanvas(t *testing.T) {
	f := newFixture(t, 1000, fyne.NewSize(300, 400))
	var got []fyne.KeyName
	f.w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { got = append(got, ev.Name) })
	f.w.Canvas().Focus(f.v)
	f.v.OnTypedKey = func(ev *fyne.KeyEvent) bool { return ev.Name == fyne.KeyF3 }
	for _, k := range []fyne.KeyName{fyne.KeyF5, fyne.KeyDown, fyne.KeyF3, fyne.KeyEscape, fyne.KeyEnd, fyne.KeyLeft} {
		f.v.TypedKey(&fyne.KeyEvent{Name: k})
	}
	want := []fyne.KeyName{fyne.KeyF5, fyne.KeyEscape, fyne.KeyLeft}
	if len(got) != len(want) {
		t.Fatalf("the canvas saw %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("the canvas saw %v, want %v", got, want)
		}
	}
	if f.v.Top() != f.v.MaxTop() {
		t.Error("End still scrolls")
	}
	// A viewport outside any window drops such keys quietly.
	lone := New(func() fyne.CanvasObject { return canvas.NewText("", nil) }, func(int64, fyne.CanvasObject) {})
	lone.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF5})
}

func TestResizeAndTotalChanges(t *testing.T) {
	f := newFixture(t, 1000, fyne.NewSize(300, 400))
	f.v.SetTop(f.v.MaxTop())
	f.v.SetTotal(10)
	if f.v.Top() != 0 || len(f.shown()) != 10 {
		t.Fatalf("shrunk to 10 rows: top %d, %d shown", f.v.Top(), len(f.shown()))
	}
	if test.WidgetRenderer(f.v).(*renderer).bar.Visible() {
		t.Fatal("scrollbar shown though every row fits")
	}
	f.v.SetTotal(1000)
	f.v.SetTop(f.v.MaxTop())
	f.w.Resize(fyne.NewSize(300, 800))
	if f.v.Top() != f.v.MaxTop() {
		t.Fatalf("after growing the window: top %d, max %d", f.v.Top(), f.v.MaxTop())
	}
	f.checkWindow(t)
	if got := f.shown()[f.v.VisibleRows()-1]; got != 999 {
		t.Fatalf("after growing the window the last full row shows %d", got)
	}
	f.v.SetTotal(0)
	if len(f.shown()) != 0 || f.v.Top() != 0 {
		t.Fatal("no rows: something shown")
	}
}
