package hexview

import (
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/ui/glyphtext"
	"pklx/ui/viewport"
)

// Highlight levels of a byte, weakest first.
const (
	levelNone = iota
	levelSecondary
	levelPrimary
	levelError
)

// View is the hex view of one byte buffer.
type View struct {
	widget.BaseWidget

	// OnByteTapped, if set, is called with the offset of a tapped byte.
	OnByteTapped func(offset int64)
	// OnHover, if set, is called with the offset of the byte under the
	// pointer whenever it changes, and with -1 when the pointer leaves the
	// bytes.
	OnHover func(offset int64)

	vp        *viewport.Viewport
	face      *glyphtext.Face // draws the rows' text
	data      []byte
	gen       uint64 // bumped by SetData, so rows know their text is stale
	width     int    // hex digits of the offset column
	primary   []model.Span
	secondary model.Span
	errOff    int64
	hover     int64
	buf       []byte

	// The width of one monospace character at textSize, measured once.
	charW    float32
	textSize float32
}

// New returns an empty hex view with a monospace glyph cache of its own.
func New() *View {
	return NewWithFace(glyphtext.NewFace(fyne.TextStyle{Monospace: true}))
}

// NewWithFace returns an empty hex view that draws its rows with face, a
// monospace Face (shared with other panes, so that its glyphs are
// rasterised once).
func NewWithFace(face *glyphtext.Face) *View {
	v := &View{errOff: -1, hover: -1, width: 8, face: face}
	// Rasterise the glyphs before the first rows need them, guessing one
	// pixel per unit (the rows warm the true scale if it differs).
	v.face.Warm(theme.TextSize(), 1)
	v.vp = viewport.New(v.createRow, v.updateRow)
	v.vp.OnTapped = v.tapped
	v.vp.OnHover = v.hovered
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.vp)
}

// SetData shows data (which the view keeps and never modifies), scrolled to
// the top, with no highlight, error or hover.
func (v *View) SetData(data []byte) {
	v.data = data
	v.gen++
	v.width = offsetDigits(int64(len(data)))
	v.primary, v.secondary = nil, model.Span{}
	v.errOff, v.hover = -1, -1
	v.vp.SetTop(0)
	v.vp.SetTotal((int64(len(data)) + BytesPerRow - 1) / BytesPerRow)
}

// SetHighlight highlights the bytes of the primary spans strongly and those
// of secondary faintly (where they are not primary). Empty spans are
// ignored; spans may overlap and come in any order.
func (v *View) SetHighlight(primary []model.Span, secondary model.Span) {
	v.primary = normalize(primary)
	v.secondary = secondary
	v.vp.Refresh()
}

// ScrollTo brings the row of offset into view, centring it if it was not
// visible. Offsets outside the data are ignored.
func (v *View) ScrollTo(offset int64) {
	if offset < 0 || offset >= int64(len(v.data)) {
		return
	}
	v.vp.ScrollTo(offset / BytesPerRow)
}

// MarkError shows the byte at offset in the error colour; -1 clears it.
func (v *View) MarkError(offset int64) {
	v.errOff = offset
	v.vp.Refresh()
}

// Viewport is the scrolling viewport inside the view, for callers that need
// its position (Top, VisibleRows) or want to scroll it.
func (v *View) Viewport() *viewport.Viewport { return v.vp }

// RowText is the text of row (the bytes from row*16), or "" past the end.
func (v *View) RowText(row int64) string {
	base := row * BytesPerRow
	if row < 0 || base >= int64(len(v.data)) {
		return ""
	}
	end := min(base+BytesPerRow, int64(len(v.data)))
	v.buf = appendRow(v.buf[:0], base, v.data[base:end], v.width)
	return string(v.buf)
}

// OffsetAt maps a point in the view to the offset of the byte drawn there
// (in the hex or the ASCII column), or -1.
func (v *View) OffsetAt(pos fyne.Position) int64 {
	row, x, ok := v.vp.RowAt(pos)
	if !ok {
		return -1
	}
	return v.offsetAt(row, x)
}

func (v *View) offsetAt(row int64, x float32) int64 {
	x -= theme.Padding()
	if x < 0 {
		return -1
	}
	k, ok := byteAtCol(v.width, int(x/v.charWidth()))
	if !ok {
		return -1
	}
	off := row*BytesPerRow + int64(k)
	if off >= int64(len(v.data)) {
		return -1
	}
	return off
}

// charWidth is the advance of one monospace character at the theme's text
// size, measured over a long run so that rounding does not accumulate.
func (v *View) charWidth() float32 {
	size := v.Theme().Size(theme.SizeNameText)
	if size != v.textSize || v.charW == 0 {
		v.textSize = size
		v.charW = fyne.MeasureText(strings.Repeat("0", 100), size, fyne.TextStyle{Monospace: true}).Width / 100
	}
	return v.charW
}

func (v *View) tapped(row int64, x float32) {
	if off := v.offsetAt(row, x); off >= 0 && v.OnByteTapped != nil {
		v.OnByteTapped(off)
	}
}

func (v *View) hovered(row int64, x float32) {
	off := int64(-1)
	if row >= 0 {
		off = v.offsetAt(row, x)
	}
	if off == v.hover {
		return
	}
	v.hover = off
	v.vp.Refresh()
	if v.OnHover != nil {
		v.OnHover(off)
	}
}

// level is the highlight of byte off; pi is an index into v.primary at or
// before the first span that ends after off, advanced as off grows.
func (v *View) level(off int64, pi *int) int {
	if off == v.errOff {
		return levelError
	}
	for *pi < len(v.primary) && v.primary[*pi].End <= off {
		*pi++
	}
	if *pi < len(v.primary) && v.primary[*pi].Start <= off {
		return levelPrimary
	}
	if v.secondary.Contains(off) {
		return levelSecondary
	}
	return levelNone
}

// normalize sorts spans by start and merges overlapping and touching ones,
// dropping empty spans. Spans that are already in order (as op spans are)
// are not sorted again.
func normalize(spans []model.Span) []model.Span {
	out := make([]model.Span, 0, len(spans))
	for _, s := range spans {
		if s.End > s.Start {
			out = append(out, s)
		}
	}
	if !sort.SliceIsSorted(out, func(i, j int) bool { return out[i].Start < out[j].Start }) {
		sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	}
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func (v *View) createRow() fyne.CanvasObject {
	r := &hexRow{row: -1}
	r.text = v.face.NewLine()
	for k := range r.hexBg {
		r.hexBg[k] = canvas.NewRectangle(color.Transparent)
		r.ascBg[k] = canvas.NewRectangle(color.Transparent)
		r.hexBg[k].Hide()
		r.ascBg[k].Hide()
	}
	for _, o := range []**canvas.Rectangle{&r.hexHover, &r.ascHover} {
		*o = canvas.NewRectangle(color.Transparent)
		(*o).StrokeWidth = 1
		(*o).Hide()
	}
	r.objects = make([]fyne.CanvasObject, 0, 2*BytesPerRow+3)
	for k := range r.hexBg {
		r.objects = append(r.objects, r.hexBg[k], r.ascBg[k])
	}
	r.objects = append(r.objects, r.hexHover, r.ascHover, r.text.Object())
	r.ExtendBaseWidget(r)
	return r
}

func (v *View) updateRow(row int64, obj fyne.CanvasObject) {
	r := obj.(*hexRow)
	if r.row != row || r.gen != v.gen {
		r.text.Text = v.RowText(row)
		r.row, r.gen = row, v.gen
	}
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	size := th.Size(theme.SizeNameText)
	r.text.TextSize = size
	r.text.Color = th.Color(theme.ColorNameForeground, variant)
	pad := theme.Padding()
	r.text.Object().Move(fyne.NewPos(pad, (obj.Size().Height-r.text.MinSize().Height)/2))

	cw := v.charWidth()
	h := obj.Size().Height
	primary := th.Color(theme.ColorNamePrimary, variant)
	fills := [...]color.Color{
		levelSecondary: withAlpha(primary, 0x30),
		levelPrimary:   withAlpha(primary, 0x90),
		levelError:     withAlpha(th.Color(theme.ColorNameError, variant), 0xc0),
	}
	base := row * BytesPerRow
	n := int(min(int64(BytesPerRow), int64(len(v.data))-base))
	var levels [BytesPerRow]int
	pi := sort.Search(len(v.primary), func(i int) bool { return v.primary[i].End > base })
	for k := 0; k < n; k++ {
		levels[k] = v.level(base+int64(k), &pi)
	}
	// One rectangle per run of bytes with the same highlight in each
	// column, not one per byte: software GL (Mesa's llvmpipe) pays for
	// every rectangle, and a selection that covers the screen would
	// otherwise draw 32 per row. A run's hex cell spans half a space either
	// side of its digits, so neighbouring runs touch, and it crosses the gap
	// between the two groups of eight.
	used := 0
	for k := 0; k < n; {
		lv := levels[k]
		j := k
		for j+1 < n && levels[j+1] == lv {
			j++
		}
		if lv != levelNone {
			x0 := pad + (float32(hexCol(v.width, k))-0.5)*cw
			x1 := pad + (float32(hexCol(v.width, j))+2.5)*cw
			place(r.hexBg[used], x0, x1, h, fills[lv])
			a0 := pad + float32(asciiCol(v.width, k))*cw
			a1 := pad + float32(asciiCol(v.width, j)+1)*cw
			place(r.ascBg[used], a0, a1, h, fills[lv])
			used++
		}
		k = j + 1
	}
	for ; used < BytesPerRow; used++ {
		r.hexBg[used].Hide()
		r.ascBg[used].Hide()
	}
	if v.hover >= base && v.hover < base+int64(n) {
		k := int(v.hover - base)
		stroke := withAlpha(th.Color(theme.ColorNameForeground, variant), 0xa0)
		for _, rc := range []*canvas.Rectangle{r.hexHover, r.ascHover} {
			rc.StrokeColor = stroke
		}
		place(r.hexHover, pad+(float32(hexCol(v.width, k))-0.5)*cw, pad+(float32(hexCol(v.width, k))+2.5)*cw, h, color.Transparent)
		a := pad + float32(asciiCol(v.width, k))*cw
		place(r.ascHover, a, a+cw, h, color.Transparent)
	} else {
		r.hexHover.Hide()
		r.ascHover.Hide()
	}
	r.Refresh()
}

// place shows rect over [x0, x1) at full row height in fill.
func place(rect *canvas.Rectangle, x0, x1, h float32, fill color.Color) {
	rect.FillColor = fill
	rect.Move(fyne.NewPos(x0, 0))
	rect.Resize(fyne.NewSize(x1-x0, h))
	rect.Show()
}

// withAlpha is c with its alpha replaced by a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// hexRow is one pooled row: background cells for the runs of highlighted
// bytes in each column (at most one run per byte), an outline for the
// hovered byte in each column, and one line of text (drawn from cached
// glyphs: a row's text is plain ASCII).
type hexRow struct {
	widget.BaseWidget
	text               *glyphtext.Line
	hexBg, ascBg       [BytesPerRow]*canvas.Rectangle
	hexHover, ascHover *canvas.Rectangle
	objects            []fyne.CanvasObject
	row                int64  // the row shown, or -1
	gen                uint64 // the View.gen the text was made for
}

// CreateRenderer is part of fyne.Widget.
func (r *hexRow) CreateRenderer() fyne.WidgetRenderer { return &hexRowRenderer{r: r} }

// hexRowRenderer draws a hexRow; the View positions the row's objects when
// it fills the row, so Layout only sizes the text.
type hexRowRenderer struct{ r *hexRow }

func (rr *hexRowRenderer) Destroy() {}

func (rr *hexRowRenderer) Layout(size fyne.Size) {
	rr.r.text.Object().Resize(rr.r.text.MinSize())
	rr.r.text.Refresh() // drawn again only if its text or size changed
}

func (rr *hexRowRenderer) MinSize() fyne.Size { return rr.r.text.MinSize() }

func (rr *hexRowRenderer) Objects() []fyne.CanvasObject { return rr.r.objects }

func (rr *hexRowRenderer) Refresh() {
	rr.Layout(rr.r.Size())
	text := rr.r.text.Object()
	for _, o := range rr.r.objects {
		if o != text && o.Visible() {
			o.Refresh()
		}
	}
}
