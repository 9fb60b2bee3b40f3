package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/assets"
	"pklx/ui/glyphtext"
)

// treeRow is the object tree's row, and a line of the safety list: one
// line of text, cut with an ellipsis when it does not fit, that looks like a
// widget.Label with the same Text, TextStyle and Importance, except that
// the arrows of link rows (↪ and ↻) and the safety badge ⚠ are drawn as
// images, from the SVGs in assets/glyphs, in the row's colour; other arrows
// are drawn in Fyne's bundled symbol font. The row's text, which `pklx show`
// prints too, keeps ↪, ↻ and ⚠.
//
// A Label would draw them with whatever font has them: Fyne's text font,
// Noto Sans, has none of the three, and for a glyph the font lacks Fyne
// tries its bundled colour emoji font (which draws ↪ and ⚠ as colour emoji)
// and then the system's fonts. Inter Symbols, the bundled symbol font, has
// ↪ but not ↻ or ⚠, and DejaVu Sans, which has ↻, is not on every system:
// without it ↻ was a box. The images look the same everywhere.
//
// A widget.RichText of several inline segments would do the same but for
// truncation: it cuts multi-segment lines without an ellipsis, which showed
// "↪ same as ['layers']" for "↪ same as ['layers'][0]".
//
// Text in the row's own font is drawn from face's cached glyphs
// (ui/glyphtext) when face has every character and the style is face's:
// Fyne rasterises a canvas.Text afresh for every new text, and a tree that
// opens a branch or scrolls shows a screenful of new rows at once.
type treeRow struct {
	widget.BaseWidget
	Text       string
	TextStyle  fyne.TextStyle
	Importance widget.Importance

	face *glyphtext.Face // may be nil: every text part is a canvas.Text
}

// newTreeRow returns an empty row that draws its upright text with face's
// glyphs (nil for none).
func newTreeRow(face *glyphtext.Face) *treeRow {
	r := &treeRow{face: face}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer is part of fyne.Widget.
func (r *treeRow) CreateRenderer() fyne.WidgetRenderer {
	return &treeRowRenderer{r: r}
}

// rowPart is a run of a row's text drawn one way: in the row's style, in
// the symbol font, or as one glyph image.
type rowPart struct {
	text string
	kind partKind
}

// partKind is how a part of a row is drawn.
type partKind uint8

const (
	textPart   partKind = iota // text in the row's TextStyle
	symbolPart                 // arrows in the symbol style (Inter Symbols)
	glyphPart                  // one rune drawn as an image: see glyphOf
)

// glyphAscent is where the baseline lies in a glyph's box, from its top,
// in ems (assets/doc.go: y=800 of a viewBox 1000 high).
const glyphAscent = 0.8

// glyphOf is the SVG of a rune the row draws as an image, a name for it,
// and its advance in ems (its viewBox's width, per 1000).
func glyphOf(c rune) (svg []byte, name string, advance float32, ok bool) {
	switch c {
	case '↪':
		return assets.GlyphSame, "pklx-glyph-same.svg", 0.96, true
	case '↻':
		return assets.GlyphCycle, "pklx-glyph-cycle.svg", 0.85, true
	case '⚠':
		return assets.GlyphSign, "pklx-glyph-sign.svg", 1, true
	}
	return nil, "", 0, false
}

// splitArrows splits text into runs of text and of arrows, and a part of
// its own for each rune drawn as a glyph, reusing buf's storage. An empty
// text is one empty part.
func splitArrows(text string, buf []rowPart) []rowPart {
	out := buf[:0]
	start, cur := 0, textPart
	for i, c := range text {
		k := kindOf(c)
		if k != cur || k == glyphPart {
			if i > start {
				out = append(out, rowPart{text[start:i], cur})
			}
			start, cur = i, k
		}
	}
	if start < len(text) || len(out) == 0 {
		out = append(out, rowPart{text[start:], cur})
	}
	return out
}

// kindOf is how c is drawn: as a glyph image, in the symbol font for the
// rest of Unicode's Arrows block (U+2190-U+21FF), else as the row's text.
func kindOf(c rune) partKind {
	if _, _, _, ok := glyphOf(c); ok {
		return glyphPart
	}
	if c >= 0x2190 && c <= 0x21ff {
		return symbolPart
	}
	return textPart
}

// importanceColor is the text colour a widget.Label uses for imp.
func importanceColor(imp widget.Importance) fyne.ThemeColorName {
	switch imp {
	case widget.LowImportance:
		return theme.ColorNameDisabled
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}

// treeRowRenderer draws a row as a canvas.Text or glyph line per part of
// text and a canvas.Image per glyph, side by side on a common baseline,
// padded as a Label pads its text.
type treeRowRenderer struct {
	r     *treeRow
	parts []rowPart
	// texts, lines and images are indexed by part: a part shows one of
	// them (a glyph cut by the row's end shows "…" as text). texts hold
	// each text part's text, style, colour and place even when lines[i]
	// draws it; lines[i] is nil without a face.
	texts   []*canvas.Text
	lines   []*glyphtext.Line
	images  []*canvas.Image
	shown   int                            // the parts shown: the first shown of each slice
	glyphs  map[rune]*theme.ThemedResource // coloured like the row
	objects []fyne.CanvasObject
}

func (rr *treeRowRenderer) Destroy() {}

func (rr *treeRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// style is the text style of a part.
func (rr *treeRowRenderer) style(p rowPart) fyne.TextStyle {
	if p.kind == symbolPart {
		return fyne.TextStyle{Symbol: true}
	}
	return rr.r.TextStyle
}

// glyph is the image of c in the theme colour col.
func (rr *treeRowRenderer) glyph(c rune, col fyne.ThemeColorName) fyne.Resource {
	res := rr.glyphs[c]
	if res == nil {
		svg, name, _, _ := glyphOf(c)
		res = theme.NewColoredResource(fyne.NewStaticResource(name, svg), col)
		if rr.glyphs == nil {
			rr.glyphs = map[rune]*theme.ThemedResource{}
		}
		rr.glyphs[c] = res
	}
	res.ColorName = col
	return res
}

// MinSize is a Label's: the padding around one line of text, at least as
// wide as an ellipsis (the text is cut to fit).
func (rr *treeRowRenderer) MinSize() fyne.Size {
	th := rr.r.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	m := fyne.MeasureText("…", th.Size(theme.SizeNameText), rr.r.TextStyle)
	return fyne.NewSize(m.Width+2*pad, m.Height+2*pad)
}

func (rr *treeRowRenderer) Refresh() {
	rr.Layout(rr.r.Size()) // refreshes the lines
	for i, t := range rr.texts {
		if t.Visible() {
			t.Refresh()
		}
		if img := rr.images[i]; img.Visible() {
			img.Refresh()
		}
	}
}

func (rr *treeRowRenderer) Layout(size fyne.Size) {
	r := rr.r
	th := r.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	pad := th.Size(theme.SizeNameInnerPadding)
	textSize := th.Size(theme.SizeNameText)
	colName := importanceColor(r.Importance)
	fg := th.Color(colName, variant)
	drv := fyne.CurrentApp().Driver()

	rr.parts = splitArrows(r.Text, rr.parts)
	for len(rr.texts) < len(rr.parts) {
		t := canvas.NewText("", fg)
		img := &canvas.Image{FillMode: canvas.ImageFillContain}
		rr.texts, rr.images = append(rr.texts, t), append(rr.images, img)
		rr.objects = append(rr.objects, t, img)
		var l *glyphtext.Line
		if r.face != nil {
			l = r.face.NewLine()
			l.Object().Hide()
			rr.objects = append(rr.objects, l.Object())
		}
		rr.lines = append(rr.lines, l)
	}
	// Lay the parts out left to right; the first that does not fit is cut
	// with an ellipsis and the rest are hidden.
	x, right := pad, size.Width-pad
	var base, lineH float32
	shown := 0
	for i, p := range rr.parts {
		t, img := rr.texts[i], rr.images[i]
		st := rr.style(p)
		t.Text, t.TextStyle, t.TextSize, t.Color = p.text, st, textSize, fg
		c, _ := utf8.DecodeRuneInString(p.text)
		isGlyph := p.kind == glyphPart
		var w float32
		if isGlyph {
			_, _, adv, _ := glyphOf(c)
			w = adv * textSize
		} else {
			w = fyne.MeasureText(p.text, textSize, st).Width
		}
		last := i == len(rr.parts)-1
		if x+w > right || (!last && x+w > right-ellipsisWidth(textSize, r.TextStyle)) {
			// Cut this part, in the row's style, so the ellipsis fits.
			if p.kind != textPart {
				t.Text, t.TextStyle, st = "", r.TextStyle, r.TextStyle
			}
			t.Text = fitText(t.Text, right-x, textSize, st) + "…"
			w = fyne.MeasureText(t.Text, textSize, st).Width
			last, isGlyph = true, false
		}
		if isGlyph {
			t.Hide()
			img.Resource = rr.glyph(c, colName)
			img.Move(fyne.NewPos(x, 0))
			img.Resize(fyne.NewSize(w, textSize))
			img.Show()
		} else {
			img.Hide()
			sz, b := drv.RenderedTextSize(t.Text, textSize, st, nil)
			base, lineH = max(base, b), max(lineH, sz.Height)
			t.Move(fyne.NewPos(x, 0))
			t.Resize(fyne.NewSize(w, sz.Height))
			t.Show()
		}
		x += w
		shown = i + 1
		if last {
			break
		}
	}
	for i := shown; i < len(rr.texts); i++ {
		rr.texts[i].Hide()
		rr.images[i].Hide()
		if l := rr.lines[i]; l != nil {
			l.Object().Hide()
		}
	}
	rr.shown = shown
	if base == 0 {
		// Glyphs only: the line of the row's style.
		sz, b := drv.RenderedTextSize("M", textSize, r.TextStyle, nil)
		base, lineH = b, sz.Height
	}
	// A common baseline, with the line centred in the row.
	top := (size.Height - lineH) / 2
	for i := range shown {
		l := rr.lines[i]
		if img := rr.images[i]; img.Visible() {
			img.Move(fyne.NewPos(img.Position().X, top+base-glyphAscent*textSize))
			if l != nil {
				l.Object().Hide()
			}
			continue
		}
		t := rr.texts[i]
		_, b := drv.RenderedTextSize(t.Text, t.TextSize, t.TextStyle, nil)
		t.Move(fyne.NewPos(t.Position().X, top+base-b))
		// The row's own text, in the face's style, from cached glyphs.
		if l == nil {
			continue
		}
		if t.TextStyle != r.face.Style() || !r.face.Covers(t.Text) {
			l.Object().Hide()
			continue
		}
		l.Text, l.Color, l.TextSize = t.Text, t.Color, t.TextSize
		l.Object().Move(t.Position())
		l.Object().Resize(t.Size())
		l.Object().Show()
		l.Refresh() // redrawn only if it changed
		t.Hide()
	}
}

// ellipsisWidth is the width of "…" in style.
func ellipsisWidth(size float32, style fyne.TextStyle) float32 {
	return fyne.MeasureText("…", size, style).Width
}

// fitText is the longest prefix of s that leaves room for an ellipsis in
// width w.
func fitText(s string, w float32, size float32, style fyne.TextStyle) string {
	w -= ellipsisWidth(size, style)
	// Binary search over rune boundaries: the widths of prefixes grow with
	// their length.
	lo, hi := 0, utf8.RuneCountInString(s)
	idx := make([]int, 0, hi+1)
	for i := range s {
		idx = append(idx, i)
	}
	idx = append(idx, len(s))
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(s[:idx[mid]], size, style).Width <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return s[:idx[lo]]
}
