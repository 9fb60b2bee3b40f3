package viewport

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wheelFactor scales mouse-wheel pixels into content pixels: Fyne's desktop
// driver sends 25 px per notch, which would be barely more than one row.
const wheelFactor = 2

// Viewport is a window onto Total rows of equal height, showing the rows from
// Top down. Set CreateRow and UpdateRow before the viewport is first shown
// (New does).
type Viewport struct {
	widget.BaseWidget

	// CreateRow makes one object of the row pool. It is called only when the
	// visible height needs more rows than the pool holds.
	CreateRow func() fyne.CanvasObject
	// UpdateRow shows row (0 <= row < Total) in obj, a pool object made by
	// CreateRow; it must refresh obj itself if obj needs it. It is called for
	// every visible row whenever the window moves, Total changes, the widget
	// is resized or Refresh is called.
	UpdateRow func(row int64, obj fyne.CanvasObject)
	// OnTapped, if set, is called when a row is tapped; x is the distance
	// from the row's left edge.
	OnTapped func(row int64, x float32)
	// OnHover, if set, is called as the pointer moves over the rows, with -1
	// for the row when the pointer leaves them (off the widget, over the
	// scrollbar, or below the last row).
	OnHover func(row int64, x float32)
	// OnTypedKey, if set, sees keys typed while the viewport has the focus
	// before the viewport does; it returns true when it handled the key.
	OnTypedKey func(ev *fyne.KeyEvent) bool
	// OnScrolled, if set, is called with the new Top after the window moves.
	OnScrolled func(top int64)

	total   int64
	top     int64
	pending int64 // a row to ScrollTo once the viewport has a height, or -1
	wheel   float32
	focused bool
	hoverOn bool
	hoverY  float32
	hoverX  float32
}

// New returns a viewport with no rows that builds its row pool with create
// and fills rows with update.
func New(create func() fyne.CanvasObject, update func(row int64, obj fyne.CanvasObject)) *Viewport {
	v := &Viewport{CreateRow: create, UpdateRow: update, pending: -1}
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer is part of fyne.Widget.
func (v *Viewport) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	r := &renderer{v: v, bar: newScrollbar(v)}
	r.focus = canvas.NewRectangle(nil)
	r.focus.StrokeWidth = 1
	r.focus.Hide()
	r.objects = []fyne.CanvasObject{r.bar, r.focus}
	return r
}

// Total is the number of rows.
func (v *Viewport) Total() int64 { return v.total }

// SetTotal sets the number of rows (negative counts as 0), keeps Top in
// range and redraws.
func (v *Viewport) SetTotal(n int64) {
	if n < 0 {
		n = 0
	}
	v.total = n
	v.wheel = 0
	if v.top > v.MaxTop() {
		v.top = v.MaxTop()
	}
	v.Refresh()
}

// Top is the index of the first visible row.
func (v *Viewport) Top() int64 { return v.top }

// MaxTop is the largest Top: the one that shows the last row at the bottom.
func (v *Viewport) MaxTop() int64 {
	m := v.total - v.VisibleRows()
	if m < 0 {
		return 0
	}
	return m
}

// SetTop scrolls so that row is the first visible row, clamped to
// [0, MaxTop].
func (v *Viewport) SetTop(row int64) {
	v.pending = -1
	if row > v.MaxTop() {
		row = v.MaxTop()
	}
	if row < 0 {
		row = 0
	}
	if row == v.top {
		return
	}
	v.top = row
	v.Refresh()
	if v.OnScrolled != nil {
		v.OnScrolled(row)
	}
	v.reportHover()
}

// ScrollTo brings row into view: it does nothing when the row is fully
// visible and otherwise centres it. Before the viewport has a height it
// remembers the row and centres it at each layout until something else
// scrolls.
func (v *Viewport) ScrollTo(row int64) {
	if row < 0 || row >= v.total {
		return
	}
	if v.Size().Height < v.RowHeight() {
		v.SetTop(row)
		v.pending = row
		return
	}
	vis := v.VisibleRows()
	if row >= v.top && row < v.top+vis {
		return
	}
	v.SetTop(row - vis/2)
}

// EnsureVisible scrolls as little as possible to show row fully: up to make
// it the first row, or down to make it the last.
func (v *Viewport) EnsureVisible(row int64) {
	if row < 0 || row >= v.total {
		return
	}
	vis := v.VisibleRows()
	switch {
	case row < v.top:
		v.SetTop(row)
	case row >= v.top+vis:
		v.SetTop(row - vis + 1)
	}
}

// IsVisible reports whether row is one of the fully visible rows.
func (v *Viewport) IsVisible(row int64) bool {
	return row >= v.top && row < v.top+v.VisibleRows() && row < v.total
}

// RowHeight is the height of one row: the height of a line of monospace text
// at the theme's text size, plus two pixels.
func (v *Viewport) RowHeight() float32 {
	size := v.Theme().Size(theme.SizeNameText)
	h := fyne.MeasureText("Mg", size, fyne.TextStyle{Monospace: true}).Height
	return float32(math.Ceil(float64(h))) + 2
}

// VisibleRows is how many whole rows fit in the viewport's height (at least 1).
func (v *Viewport) VisibleRows() int64 {
	n := int64(v.Size().Height / v.RowHeight())
	if n < 1 {
		return 1
	}
	return n
}

// PageRows is how far PageUp, PageDown and a click on the track move: a
// screenful less one row, so one row of context stays.
func (v *Viewport) PageRows() int64 {
	if n := v.VisibleRows() - 1; n > 1 {
		return n
	}
	return 1
}

// ContentWidth is the width of the rows: the viewport's width less the
// scrollbar's when it is shown.
func (v *Viewport) ContentWidth() float32 {
	w := v.Size().Width
	if v.barShown() {
		w -= v.barWidth()
	}
	if w < 0 {
		return 0
	}
	return w
}

// RowAt maps a position in the viewport to the row under it and the distance
// from the row's left edge. ok is false over the scrollbar, outside the
// widget, and below the last row.
func (v *Viewport) RowAt(pos fyne.Position) (row int64, x float32, ok bool) {
	if pos.X < 0 || pos.Y < 0 || pos.X >= v.ContentWidth() || pos.Y >= v.Size().Height {
		return -1, 0, false
	}
	row = v.top + int64(pos.Y/v.RowHeight())
	if row >= v.total {
		return -1, 0, false
	}
	return row, pos.X, true
}

func (v *Viewport) barWidth() float32 {
	return v.Theme().Size(theme.SizeNameScrollBar)
}

func (v *Viewport) barShown() bool {
	return v.total > v.VisibleRows()
}

// Scrolled is part of fyne.Scrollable: the mouse wheel or touchpad.
func (v *Viewport) Scrolled(ev *fyne.ScrollEvent) {
	v.wheel -= ev.Scrolled.DY * wheelFactor
	rh := v.RowHeight()
	rows := int64(v.wheel / rh)
	if rows == 0 {
		return
	}
	v.wheel -= float32(rows) * rh
	v.SetTop(v.top + rows)
	if v.top == 0 || v.top == v.MaxTop() {
		v.wheel = 0
	}
}

// Tapped is part of fyne.Tappable: it takes the focus and reports the row.
func (v *Viewport) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && !v.focused {
		c.Focus(v)
	}
	if row, x, ok := v.RowAt(ev.Position); ok && v.OnTapped != nil {
		v.OnTapped(row, x)
	}
}

// MouseIn is part of desktop.Hoverable.
func (v *Viewport) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved is part of desktop.Hoverable.
func (v *Viewport) MouseMoved(ev *desktop.MouseEvent) {
	v.hoverOn = true
	v.hoverX, v.hoverY = ev.Position.X, ev.Position.Y
	v.reportHover()
}

// MouseOut is part of desktop.Hoverable.
func (v *Viewport) MouseOut() {
	v.hoverOn = false
	if v.OnHover != nil {
		v.OnHover(-1, 0)
	}
}

// reportHover tells OnHover what is under the pointer; it runs again after
// scrolling, when a different row slides under a pointer that did not move.
func (v *Viewport) reportHover() {
	if v.OnHover == nil || !v.hoverOn {
		return
	}
	row, x, ok := v.RowAt(fyne.NewPos(v.hoverX, v.hoverY))
	if !ok {
		row, x = -1, 0
	}
	v.OnHover(row, x)
}

// FocusGained is part of fyne.Focusable.
func (v *Viewport) FocusGained() {
	v.focused = true
	v.Refresh()
}

// FocusLost is part of fyne.Focusable.
func (v *Viewport) FocusLost() {
	v.focused = false
	v.Refresh()
}

// Focused reports whether the viewport has the keyboard focus.
func (v *Viewport) Focused() bool { return v.focused }

// TypedRune is part of fyne.Focusable; the viewport ignores text.
func (v *Viewport) TypedRune(rune) {}

// TypedKey is part of fyne.Focusable: OnTypedKey first, then Up, Down,
// PageUp, PageDown, Home and End scroll. Any other key goes to the canvas's
// typed-key handler (fyne.Canvas.SetOnTypedKey), as it would if nothing had
// the focus: a focused widget receives every key without a Ctrl or Alt
// modifier (F5, F3, Escape) and Fyne does not pass on those it ignores, so a
// window's plain-key commands would otherwise stop working once a viewport
// is clicked.
func (v *Viewport) TypedKey(ev *fyne.KeyEvent) {
	if v.OnTypedKey != nil && v.OnTypedKey(ev) {
		return
	}
	switch ev.Name {
	default:
		v.forwardKey(ev)
	case fyne.KeyUp:
		v.SetTop(v.top - 1)
	case fyne.KeyDown:
		v.SetTop(v.top + 1)
	case fyne.KeyPageUp:
		v.SetTop(v.top - v.PageRows())
	case fyne.KeyPageDown:
		v.SetTop(v.top + v.PageRows())
	case fyne.KeyHome:
		v.SetTop(0)
	case fyne.KeyEnd:
		v.SetTop(v.MaxTop())
	}
}

// forwardKey passes a key the viewport does not use to its canvas's
// typed-key handler.
func (v *Viewport) forwardKey(ev *fyne.KeyEvent) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	c := app.Driver().CanvasForObject(v)
	if c == nil {
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// MinSize is part of fyne.Widget: a scrollbar's width and three rows.
func (v *Viewport) MinSize() fyne.Size {
	return fyne.NewSize(v.barWidth()*3, v.RowHeight()*3)
}

// thumbGeometry is the offset and length of the scrollbar thumb in a track
// of length track, for total rows of which visible fit and top is first.
// The thumb is at least minThumb long. float64 keeps the ends exact at any
// row count: top == 0 puts the thumb at 0, top == total-visible at the end.
func thumbGeometry(total, visible, top int64, track, minThumb float32) (off, length float32) {
	if total <= visible || track <= 0 {
		return 0, track
	}
	length = float32(float64(track) * float64(visible) / float64(total))
	if length < minThumb {
		length = minThumb
	}
	if length > track {
		length = track
	}
	maxTop := total - visible
	if top > maxTop {
		top = maxTop
	}
	if top < 0 {
		top = 0
	}
	off = float32(float64(track-length) * float64(top) / float64(maxTop))
	return off, length
}

// rowForThumb is the top row for a thumb of the given length at offset off
// in the track: the inverse of thumbGeometry, to the nearest row. A thumb at
// or past the end of the track gives exactly total-visible.
func rowForThumb(off, length, track float32, total, visible int64) int64 {
	maxTop := total - visible
	free := float64(track - length)
	if maxTop <= 0 || free <= 0 {
		return 0
	}
	f := float64(off) / free
	switch {
	case f <= 0:
		return 0
	case f >= 1:
		return maxTop
	}
	row := int64(math.Round(f * float64(maxTop)))
	if row > maxTop {
		row = maxTop
	}
	return row
}

// renderer lays out the row pool and the scrollbar.
type renderer struct {
	v       *Viewport
	bar     *scrollbar
	focus   *canvas.Rectangle
	rows    []fyne.CanvasObject
	objects []fyne.CanvasObject
}

func (r *renderer) Destroy() {}

func (r *renderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *renderer) Layout(size fyne.Size) {
	v := r.v
	rh := v.RowHeight()
	if v.pending >= 0 && size.Height >= rh {
		// Until something else scrolls, keep the row ScrollTo asked for
		// before the first layout centred through the first few resizes.
		v.top = clamp(v.pending-v.VisibleRows()/2, 0, v.MaxTop())
	}
	if v.top > v.MaxTop() {
		v.top = v.MaxTop()
	}
	n := int(math.Ceil(float64(size.Height / rh)))
	if n > len(r.rows) && v.CreateRow != nil {
		for len(r.rows) < n {
			r.rows = append(r.rows, v.CreateRow())
		}
		r.objects = append(append(make([]fyne.CanvasObject, 0, len(r.rows)+2), r.rows...), r.bar, r.focus)
	}
	cw := v.ContentWidth()
	for i, o := range r.rows {
		row := v.top + int64(i)
		if i >= n || row >= v.total {
			o.Hide()
			continue
		}
		o.Move(fyne.NewPos(0, float32(i)*rh))
		o.Resize(fyne.NewSize(cw, rh))
		if v.UpdateRow != nil {
			v.UpdateRow(row, o)
		}
		o.Show()
	}
	if v.barShown() {
		r.bar.Move(fyne.NewPos(cw, 0))
		r.bar.Resize(fyne.NewSize(v.barWidth(), size.Height))
		r.bar.Show()
		r.bar.Refresh()
	} else {
		r.bar.Hide()
	}
	r.focus.Resize(size)
	r.focus.StrokeColor = v.Theme().Color(theme.ColorNameFocus, fyne.CurrentApp().Settings().ThemeVariant())
	if v.focused {
		r.focus.Show()
	} else {
		r.focus.Hide()
	}
	r.focus.Refresh()
}

func (r *renderer) Refresh() { r.Layout(r.v.Size()) }

func clamp(x, lo, hi int64) int64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
