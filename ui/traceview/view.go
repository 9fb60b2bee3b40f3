package traceview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/ui/glyphtext"
	"pklx/ui/viewport"
)

// View is the opcode trace: one row per op of a pickle, as pickletools
// prints it, with a selected row and an op marked as the failure.
type View struct {
	widget.BaseWidget

	// OnSelected, if set, is called when the user selects an op: by tapping
	// its row or by moving the selection with the keyboard. Select does not
	// call it.
	OnSelected func(op int)

	vp       *viewport.Viewport
	face     *glyphtext.Face // draws the rows' text
	p        *model.Pickle
	gen      uint64 // bumped by SetPickle, so rows know their text is stale
	idx      *Index // p's index, built as far as the rows shown
	cur      cursor
	width    int // offset column width for p
	selected int
	marked   int
	hovered  int
	buf      []byte
}

// New returns an empty trace with a monospace glyph cache of its own.
func New() *View {
	return NewWithFace(glyphtext.NewFace(fyne.TextStyle{Monospace: true}))
}

// NewWithFace returns an empty trace that draws its rows with face, a
// monospace Face (shared with other panes, so that its glyphs are
// rasterised once).
func NewWithFace(face *glyphtext.Face) *View {
	v := &View{selected: -1, marked: -1, hovered: -1, face: face}
	// Rasterise the glyphs before the first rows need them, guessing one
	// pixel per unit (the rows warm the true scale if it differs).
	v.face.Warm(theme.TextSize(), 1)
	v.vp = viewport.New(v.createRow, v.updateRow)
	v.vp.OnTapped = v.tapped
	v.vp.OnHover = v.hover
	v.vp.OnTypedKey = v.typedKey
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.vp)
}

// SetPickle shows p's ops, scrolled to the top, with nothing selected or
// marked. A nil p clears the trace. The MARK index is built as rows are
// shown: rows near the top cost nothing, and the first jump to op N of a
// huge pickle walks the op codes up to N once (about 2 ns per op); see
// SetPickleIndex to do that walk off the UI goroutine.
func (v *View) SetPickle(p *model.Pickle) {
	v.SetPickleIndex(p, nil)
}

// SetPickleIndex is SetPickle with p's index built beforehand by NewIndex,
// typically on the goroutine that decoded p, so that no row ever waits for
// it. A nil or foreign x is ignored.
func (v *View) SetPickleIndex(p *model.Pickle, x *Index) {
	if x != nil && x.p != p {
		x = nil
	}
	v.p = p
	v.gen++
	v.idx = x
	v.cur = cursor{}
	v.selected, v.marked, v.hovered = -1, -1, -1
	v.width = 0
	n := int64(0)
	if p != nil {
		n = int64(p.NumOps())
		v.width = offsetWidth(p)
	}
	v.vp.SetTop(0)
	v.vp.SetTotal(n)
}

// Select highlights op and scrolls it into view (centred when it was not
// visible). An op out of range clears the selection. It does not call
// OnSelected.
func (v *View) Select(op int) {
	if !v.valid(op) {
		op = -1
	}
	v.selected = op
	if op >= 0 {
		v.vp.ScrollTo(int64(op))
	}
	v.vp.Refresh()
}

// Selected is the selected op, or -1.
func (v *View) Selected() int { return v.selected }

// Mark shows op in the error colour as the op where decoding failed; -1 (or
// any op out of range) clears the mark. It does not scroll.
func (v *View) Mark(op int) {
	if !v.valid(op) {
		op = -1
	}
	v.marked = op
	v.vp.Refresh()
}

// Marked is the op marked as the failure, or -1.
func (v *View) Marked() int { return v.marked }

// RowText is the text of op's row, as pickletools prints that op (the
// offset, the opcode byte, the MARK indentation, the name, the argument and
// pickletools' note), or "" when op is out of range.
func (v *View) RowText(op int) string {
	if !v.valid(op) {
		return ""
	}
	if v.idx == nil {
		v.idx = newIndex(v.p)
	}
	v.cur.moveTo(v.p, v.idx, op)
	v.buf = appendRow(v.buf[:0], &v.cur, v.width)
	return string(v.buf)
}

// Depth is the number of MARKs open before op (its indentation level), or
// -1 when op is out of range.
func (v *View) Depth(op int) int {
	if !v.valid(op) {
		return -1
	}
	if v.idx == nil {
		v.idx = newIndex(v.p)
	}
	v.cur.moveTo(v.p, v.idx, op)
	return v.cur.depth
}

// Viewport is the scrolling viewport inside the trace, for callers that
// need its position (Top, VisibleRows) or want to scroll it.
func (v *View) Viewport() *viewport.Viewport { return v.vp }

func (v *View) valid(op int) bool {
	return v.p != nil && op >= 0 && op < v.p.NumOps()
}

func (v *View) tapped(row int64, _ float32) {
	v.choose(int(row))
}

func (v *View) hover(row int64, _ float32) {
	if int(row) == v.hovered {
		return
	}
	v.hovered = int(row)
	v.vp.Refresh()
}

// choose selects op as the user did and tells OnSelected.
func (v *View) choose(op int) {
	if !v.valid(op) {
		return
	}
	v.selected = op
	v.vp.EnsureVisible(int64(op))
	v.vp.Refresh()
	if v.OnSelected != nil {
		v.OnSelected(op)
	}
}

// typedKey moves the selection: Up, Down, PageUp, PageDown, Home, End. With
// nothing selected, Up and Down select the first visible row.
func (v *View) typedKey(ev *fyne.KeyEvent) bool {
	if v.p == nil || v.p.NumOps() == 0 {
		return false
	}
	last := v.p.NumOps() - 1
	cur := v.selected
	page := int(v.vp.PageRows())
	var next int
	switch ev.Name {
	case fyne.KeyUp:
		next = cur - 1
	case fyne.KeyDown:
		next = cur + 1
	case fyne.KeyPageUp:
		next = cur - page
	case fyne.KeyPageDown:
		next = cur + page
	case fyne.KeyHome:
		next = 0
	case fyne.KeyEnd:
		next = last
	default:
		return false
	}
	if cur < 0 && (ev.Name == fyne.KeyUp || ev.Name == fyne.KeyDown) {
		next = int(v.vp.Top())
	}
	next = max(0, min(next, last))
	if ev.Name == fyne.KeyPageDown || ev.Name == fyne.KeyPageUp {
		// Keep the selection where it was on the screen, as lists do.
		v.vp.SetTop(v.vp.Top() + int64(next-max(cur, 0)))
	}
	v.choose(next)
	return true
}

func (v *View) createRow() fyne.CanvasObject {
	r := &row{op: -1}
	r.bg = canvas.NewRectangle(color.Transparent)
	r.text = canvas.NewText("", color.Black)
	r.text.TextStyle = fyne.TextStyle{Monospace: true}
	r.line = v.face.NewLine()
	r.ExtendBaseWidget(r)
	return r
}

func (v *View) updateRow(rowIndex int64, obj fyne.CanvasObject) {
	r := obj.(*row)
	op := int(rowIndex)
	if r.op != op || r.gen != v.gen {
		r.text.Text = v.RowText(op)
		r.op, r.gen = op, v.gen
		r.useLine = v.face.Covers(r.text.Text)
		r.line.Text = r.text.Text
	}
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	var bg color.Color = color.Transparent
	switch {
	case op == v.selected:
		bg = th.Color(theme.ColorNameSelection, variant)
	case op == v.marked:
		bg = withAlpha(th.Color(theme.ColorNameError, variant), 0x38)
	case op == v.hovered:
		bg = th.Color(theme.ColorNameHover, variant)
	}
	if op == v.marked {
		fg = th.Color(theme.ColorNameError, variant)
	}
	r.text.Color = fg
	r.text.TextSize = th.Size(theme.SizeNameText)
	r.line.Color, r.line.TextSize = r.text.Color, r.text.TextSize
	r.bg.FillColor = bg
	r.Refresh()
}

// withAlpha is c with its alpha replaced by a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// row is one pooled trace row: a background and one line of monospace
// text, drawn from cached glyphs (line) unless the monospace font lacks
// one of its characters, when a canvas.Text (text) draws it with Fyne's
// fallback fonts. text holds the row's text and colour either way.
type row struct {
	widget.BaseWidget
	bg      *canvas.Rectangle
	text    *canvas.Text
	line    *glyphtext.Line
	useLine bool
	op      int    // the op shown, or -1
	gen     uint64 // the View.gen the text was made for
}

// CreateRenderer is part of fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	return &rowRenderer{r: r, objects: []fyne.CanvasObject{r.bg, r.text, r.line.Object()}}
}

type rowRenderer struct {
	r       *row
	objects []fyne.CanvasObject
}

func (rr *rowRenderer) Destroy() {}

func (rr *rowRenderer) Layout(size fyne.Size) {
	r := rr.r
	r.bg.Resize(size)
	if r.useLine {
		r.text.Hide()
		m := r.line.MinSize()
		o := r.line.Object()
		o.Move(fyne.NewPos(theme.Padding(), (size.Height-m.Height)/2))
		o.Resize(m)
		o.Show()
		r.line.Refresh() // drawn again only if its text or size changed
		return
	}
	r.line.Object().Hide()
	h := r.text.MinSize().Height
	r.text.Move(fyne.NewPos(theme.Padding(), (size.Height-h)/2))
	r.text.Resize(fyne.NewSize(size.Width-theme.Padding(), h))
	r.text.Show()
}

func (rr *rowRenderer) MinSize() fyne.Size {
	if rr.r.useLine {
		return rr.r.line.MinSize()
	}
	return rr.r.text.MinSize()
}

func (rr *rowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

func (rr *rowRenderer) Refresh() {
	rr.Layout(rr.r.Size())
	rr.r.bg.Refresh()
	if !rr.r.useLine {
		rr.r.text.Refresh()
	}
}
