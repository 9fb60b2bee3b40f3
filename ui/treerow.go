package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/ui/glyphtext"
)

// treeRow is the object tree's row, and a line of the safety list: one
// line of text, cut with an ellipsis when it does not fit, that looks like a
// widget.Label with the same Text, TextStyle and Importance, except that
// arrows (the ↪ and ↻ of link rows) and the safety badge ⚠ are drawn in
// bundled fonts that have them in one colour.
//
// Fyne's text font, Noto Sans, has neither arrows nor ⚠, and for a glyph the
// font lacks Fyne tries its bundled colour emoji font before the system's
// fonts: a Label draws ↪ and ⚠ as colour emoji (and ↻, which the emoji font
// lacks, from a system font). Text in the symbol style is drawn with Inter
// Symbols, bundled with Fyne and holding ↪, →, ↩ and a few more arrows, and
// then with the system's fonts, never with the emoji font: ↪ is bundled and
// ↻ comes from a system font as before (DejaVu Sans on most Linux systems).
// Inter Symbols has no ⚠, but the monospace font, DejaVu Sans Mono, also
// bundled, has it and comes before the emoji font: ⚠ is drawn in the
// monospace style, in the row's colour. The row's text, which `pklx show`
// prints too, keeps ↪, ↻ and ⚠.
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

	face *glyphtext.Face // may be nil: every part is a canvas.Text
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

// signScale enlarges ⚠: DejaVu Sans Mono draws it narrow enough for one
// monospace cell, about half the height of a capital at the same size.
const signScale = 1.5

// rowPart is a run of a row's text in one font: arrows, signs or other
// text.
type rowPart struct {
	text string
	font partFont
}

// partFont is the font a run of a row is drawn in.
type partFont uint8

const (
	textFont   partFont = iota // the row's TextStyle
	symbolFont                 // arrows: the symbol style (Inter Symbols)
	signFont                   // ⚠: the monospace style (DejaVu Sans Mono)
)

// splitArrows splits text into runs of arrows, of signs and of other text,
// reusing buf's storage. An empty text is one empty part.
func splitArrows(text string, buf []rowPart) []rowPart {
	out := buf[:0]
	start, cur := 0, textFont
	for i, c := range text {
		if f := fontOf(c); f != cur {
			if i > start {
				out = append(out, rowPart{text[start:i], cur})
			}
			start, cur = i, f
		}
	}
	if start < len(text) || len(out) == 0 {
		out = append(out, rowPart{text[start:], cur})
	}
	return out
}

// fontOf is the font c is drawn in: the symbol font for Unicode's Arrows
// block (U+2190-U+21FF), the monospace font for ⚠ (U+26A0), else the row's.
func fontOf(c rune) partFont {
	switch {
	case c >= 0x2190 && c <= 0x21ff:
		return symbolFont
	case c == '⚠':
		return signFont
	}
	return textFont
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

// treeRowRenderer draws a row as one canvas.Text or glyph line per part,
// side by side on a common baseline, padded as a Label pads its text.
type treeRowRenderer struct {
	r     *treeRow
	parts []rowPart
	// texts hold each part's text, style, colour and place; a part that
	// lines[i] draws hides texts[i]. The unused ones are hidden.
	texts   []*canvas.Text
	lines   []*glyphtext.Line
	shown   int // the parts shown: texts[:shown]
	objects []fyne.CanvasObject
}

func (rr *treeRowRenderer) Destroy() {}

func (rr *treeRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// style is the text style of a part.
func (rr *treeRowRenderer) style(p rowPart) fyne.TextStyle {
	switch p.font {
	case symbolFont:
		return fyne.TextStyle{Symbol: true}
	case signFont:
		return fyne.TextStyle{Monospace: true}
	}
	return rr.r.TextStyle
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
	for _, t := range rr.texts {
		if t.Visible() {
			t.Refresh()
		}
	}
}

func (rr *treeRowRenderer) Layout(size fyne.Size) {
	r := rr.r
	th := r.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	pad := th.Size(theme.SizeNameInnerPadding)
	textSize := th.Size(theme.SizeNameText)
	fg := th.Color(importanceColor(r.Importance), variant)
	drv := fyne.CurrentApp().Driver()

	rr.parts = splitArrows(r.Text, rr.parts)
	for len(rr.texts) < len(rr.parts) {
		t := canvas.NewText("", fg)
		rr.texts = append(rr.texts, t)
		rr.objects = append(rr.objects, t)
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
		t := rr.texts[i]
		st := rr.style(p)
		ts := textSize
		if p.font == signFont {
			ts = textSize * signScale
		}
		t.Text, t.TextStyle, t.TextSize, t.Color = p.text, st, ts, fg
		w := fyne.MeasureText(p.text, ts, st).Width
		last := i == len(rr.parts)-1
		if x+w > right || (!last && x+w > right-ellipsisWidth(textSize, r.TextStyle)) {
			// Cut this part, in the row's style, so the ellipsis fits.
			if p.font != textFont {
				t.Text, t.TextStyle, st, ts = "", r.TextStyle, r.TextStyle, textSize
				t.TextSize = ts
			}
			t.Text = fitText(t.Text, right-x, textSize, st) + "…"
			w = fyne.MeasureText(t.Text, textSize, st).Width
			last = true
		}
		sz, b := drv.RenderedTextSize(t.Text, ts, st, nil)
		if ts != textSize {
			// The enlarged sign sits on the line's baseline and leaves
			// the line where a row without it has it.
			sz, b = drv.RenderedTextSize("M", textSize, r.TextStyle, nil)
		}
		base, lineH = max(base, b), max(lineH, sz.Height)
		t.Move(fyne.NewPos(x, 0))
		t.Resize(fyne.NewSize(w, sz.Height))
		t.Show()
		x += w
		shown = i + 1
		if last {
			break
		}
	}
	for i, t := range rr.texts[shown:] {
		t.Hide()
		if l := rr.lines[shown+i]; l != nil {
			l.Object().Hide()
		}
	}
	rr.shown = shown
	// A common baseline, with the line centred in the row.
	top := (size.Height - lineH) / 2
	for i, t := range rr.texts[:shown] {
		_, b := drv.RenderedTextSize(t.Text, t.TextSize, t.TextStyle, nil)
		t.Move(fyne.NewPos(t.Position().X, top+base-b))
		// The row's own text, in the face's style, from cached glyphs.
		l := rr.lines[i]
		if l == nil {
			continue
		}
		if rr.parts[i].font != textFont || t.TextStyle != r.face.Style() || !r.face.Covers(t.Text) {
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
