package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// treeRow is the object tree's row: one line of text, cut with an ellipsis
// when it does not fit, that looks like a widget.Label with the same Text,
// TextStyle and Importance, except that arrows (the ↪ and ↻ of link rows)
// are drawn in the theme's symbol font.
//
// Fyne's text font, Noto Sans, has no arrows at all, and for a glyph the
// font lacks Fyne tries its bundled colour emoji font before the system's
// fonts: a Label draws ↪ as a colour emoji (and ↻, which the emoji font
// lacks, from a system font). Text in the symbol style is drawn with Inter
// Symbols, bundled with Fyne and holding ↪, →, ↩ and a few more arrows, and
// then with the system's fonts, never with the emoji font: ↪ is bundled and
// ↻ comes from a system font as before (DejaVu Sans on most Linux systems).
// The row's text, which `pklx show` prints too, keeps ↪ and ↻.
//
// A widget.RichText of several inline segments would do the same but for
// truncation: it cuts multi-segment lines without an ellipsis, which showed
// "↪ same as ['layers']" for "↪ same as ['layers'][0]".
type treeRow struct {
	widget.BaseWidget
	Text       string
	TextStyle  fyne.TextStyle
	Importance widget.Importance
}

func newTreeRow() *treeRow {
	r := &treeRow{}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer is part of fyne.Widget.
func (r *treeRow) CreateRenderer() fyne.WidgetRenderer {
	return &treeRowRenderer{r: r}
}

// rowPart is a run of a row's text: arrows or other text.
type rowPart struct {
	text  string
	arrow bool
}

// splitArrows splits text into runs of arrows and of other text, reusing
// buf's storage. An empty text is one empty part.
func splitArrows(text string, buf []rowPart) []rowPart {
	out := buf[:0]
	start, inArrow := 0, false
	for i, c := range text {
		if a := isArrow(c); a != inArrow {
			if i > start {
				out = append(out, rowPart{text[start:i], inArrow})
			}
			start, inArrow = i, a
		}
	}
	if start < len(text) || len(out) == 0 {
		out = append(out, rowPart{text[start:], inArrow})
	}
	return out
}

// isArrow reports whether c is in Unicode's Arrows block (U+2190-U+21FF).
func isArrow(c rune) bool { return c >= 0x2190 && c <= 0x21ff }

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

// treeRowRenderer draws a row as one canvas.Text per part, side by side on
// a common baseline, padded as a Label pads its text.
type treeRowRenderer struct {
	r       *treeRow
	parts   []rowPart
	texts   []*canvas.Text // one per part; the unused ones are hidden
	objects []fyne.CanvasObject
}

func (rr *treeRowRenderer) Destroy() {}

func (rr *treeRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// style is the text style of a part.
func (rr *treeRowRenderer) style(p rowPart) fyne.TextStyle {
	if p.arrow {
		return fyne.TextStyle{Symbol: true}
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
	rr.Layout(rr.r.Size())
	for _, t := range rr.texts {
		t.Refresh()
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
	}
	// Lay the parts out left to right; the first that does not fit is cut
	// with an ellipsis and the rest are hidden.
	x, right := pad, size.Width-pad
	var base, lineH float32
	shown := 0
	for i, p := range rr.parts {
		t := rr.texts[i]
		st := rr.style(p)
		t.Text, t.TextStyle, t.TextSize, t.Color = p.text, st, textSize, fg
		w := fyne.MeasureText(p.text, textSize, st).Width
		last := i == len(rr.parts)-1
		if x+w > right || (!last && x+w > right-ellipsisWidth(textSize, r.TextStyle)) {
			// Cut this part, in the row's style, so the ellipsis fits.
			if p.arrow {
				t.Text, t.TextStyle, st = "", r.TextStyle, r.TextStyle
			}
			t.Text = fitText(t.Text, right-x, textSize, st) + "…"
			w = fyne.MeasureText(t.Text, textSize, st).Width
			last = true
		}
		sz, b := drv.RenderedTextSize(t.Text, textSize, st, nil)
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
	for _, t := range rr.texts[shown:] {
		t.Hide()
	}
	// A common baseline, with the line centred in the row.
	top := (size.Height - lineH) / 2
	for _, t := range rr.texts[:shown] {
		_, b := drv.RenderedTextSize(t.Text, textSize, t.TextStyle, nil)
		t.Move(fyne.NewPos(t.Position().X, top+base-b))
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
