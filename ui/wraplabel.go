package ui

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/ui/glyphtext"
)

// wrapLabel is the details panel's facts: a widget.Label with
// TextWrapWord, in face's style, whose lines are drawn from face's cached
// glyphs when face has every character of them (else as a canvas.Text).
//
// Every selection writes new facts (the op that made the object, its byte
// spans, ...), and Fyne rasterises a canvas.Text afresh for every new text:
// a few milliseconds per line, most of a selection's frame. wrapLabel wraps,
// measures and places its lines as a Label does (Fyne's RichText with one
// text segment: the same word wrapping, the lines one under the other with
// the inner padding around them), so the panel looks as it did.
type wrapLabel struct {
	widget.BaseWidget
	Text string

	face  *glyphtext.Face // nil: every line is a canvas.Text
	style fyne.TextStyle
	// rows are the wrapped lines, [start, end) in runes of Text, for the
	// width wrapW, the text wrapOf and the text size wrapSize.
	rows     [][2]int
	runes    []rune
	wrapW    float32
	wrapOf   string
	wrapSize float32
}

// newWrapLabel returns an empty wrapLabel in the style of face (regular
// text when face is nil) that draws its lines with face.
func newWrapLabel(face *glyphtext.Face) *wrapLabel {
	l := &wrapLabel{face: face, wrapW: -1}
	if face != nil {
		l.style = face.Style()
	}
	l.ExtendBaseWidget(l)
	return l
}

// SetText replaces the text.
func (l *wrapLabel) SetText(text string) {
	l.Text = text
	l.Refresh()
}

// metrics are the text size and the inner padding.
func (l *wrapLabel) metrics() (size, pad float32) {
	th := l.Theme()
	return th.Size(theme.SizeNameText), th.Size(theme.SizeNameInnerPadding)
}

// measure is the width of runes in the label's style.
func (l *wrapLabel) measure(runes []rune, size float32) float32 {
	return fyne.MeasureText(string(runes), size, l.style).Width
}

// wrap splits the text into rows for a label of width width, as Fyne's
// RichText does for a Label with TextWrapWord (lineBounds, without
// truncation): at each newline, then, in a line too wide, after the last
// space that fits (or after the last rune that fits when no space does),
// dropping a space that starts the next row. A width too small for the
// padding wraps nothing, as RichText does before it is laid out.
func (l *wrapLabel) wrap(width float32) {
	size, pad := l.metrics()
	if width == l.wrapW && l.wrapOf == l.Text && size == l.wrapSize && l.rows != nil {
		return
	}
	l.runes = []rune(l.Text)
	text := l.runes
	l.rows = l.rows[:0]
	l.wrapW, l.wrapOf, l.wrapSize = width, l.Text, size
	var lines [][2]int
	low := 0
	for i, c := range text {
		if c == '\n' {
			lines = append(lines, [2]int{low, i})
			low = i + 1
		}
	}
	lines = append(lines, [2]int{low, len(text)})
	maxW := width - 2*pad
	if maxW < 0 {
		l.rows = append(l.rows, lines...)
		return
	}
	fits := func(lo, hi int) bool { return l.measure(text[lo:hi], size) <= maxW }
	for _, ln := range lines {
		low, high := ln[0], ln[1]
		if low == high {
			l.rows = append(l.rows, ln)
			continue
		}
		for low < high {
			sub := text[low:high]
			subW := l.measure(sub, size)
			if subW <= maxW {
				l.rows = append(l.rows, [2]int{low, high})
				low, high = high, ln[1]
				if low < high && unicode.IsSpace(text[low]) {
					low++
				}
				continue
			}
			fallback := binarySearchFit(fits, low, low+len(sub)-1) - low
			if fallback < 1 { // not even one rune fits
				l.rows = append(l.rows, [2]int{low, low + 1})
				low++
				high = low + 1
				if high > ln[1] {
					return // as RichText does: the rest of the text is dropped
				}
			} else {
				space := lastSpace(sub, fallback)
				if space == 0 {
					space = 1
				}
				high = low + space
			}
		}
	}
}

// binarySearchFit is RichText's binarySearch: the largest high in
// [low, maxHigh] with fits(low, high), found as Fyne finds it.
func binarySearchFit(fits func(lo, hi int) bool, low, maxHigh int) int {
	if low >= maxHigh {
		return low
	}
	if fits(low, maxHigh) {
		return maxHigh
	}
	high := low
	delta := maxHigh - low
	for delta > 0 {
		delta /= 2
		if fits(low, high+delta) {
			high += delta
		}
	}
	for high < maxHigh && fits(low, high+1) {
		high++
	}
	return high
}

// lastSpace is the index of the last space in text[:from+1], or from when
// there is none (RichText's findSpaceIndex).
func lastSpace(text []rune, from int) int {
	for i := from; i >= 0; i-- {
		if unicode.IsSpace(text[i]) {
			return i
		}
	}
	return from
}

// Resize wraps the text again for a new width (its height follows, as a
// wrapping Label's does).
func (l *wrapLabel) Resize(size fyne.Size) {
	if size == l.Size() {
		return
	}
	l.BaseWidget.Resize(size)
	l.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (l *wrapLabel) CreateRenderer() fyne.WidgetRenderer {
	return &wrapLabelRenderer{l: l}
}

// wrapLabelRenderer draws a row of text per row: a glyph line, or a
// canvas.Text when the face lacks a character of it.
type wrapLabelRenderer struct {
	l       *wrapLabel
	texts   []*canvas.Text
	lines   []*glyphtext.Line // nil without a face
	objects []fyne.CanvasObject
}

func (r *wrapLabelRenderer) Destroy() {}

func (r *wrapLabelRenderer) Objects() []fyne.CanvasObject { return r.objects }

// MinSize is a word-wrapping Label's: the padding around the rows, which
// are as high as a line each, and no width of its own.
func (r *wrapLabelRenderer) MinSize() fyne.Size {
	l := r.l
	l.wrap(l.Size().Width)
	size, pad := l.metrics()
	h := fyne.MeasureText("", size, l.style).Height
	return fyne.NewSize(2*pad, float32(len(l.rows))*h+2*pad)
}

func (r *wrapLabelRenderer) Refresh() {
	r.Layout(r.l.Size())
	canvas.Refresh(r.l)
}

func (r *wrapLabelRenderer) Layout(size fyne.Size) {
	l := r.l
	l.wrap(size.Width)
	textSize, pad := l.metrics()
	fg := l.Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	for len(r.texts) < len(l.rows) {
		t := canvas.NewText("", fg)
		t.TextStyle = l.style
		r.texts = append(r.texts, t)
		r.objects = append(r.objects, t)
		var gl *glyphtext.Line
		if l.face != nil {
			gl = l.face.NewLine()
			r.objects = append(r.objects, gl.Object())
		}
		r.lines = append(r.lines, gl)
	}
	y := pad
	for i, t := range r.texts {
		gl := r.lines[i]
		if i >= len(l.rows) {
			t.Hide()
			if gl != nil {
				gl.Object().Hide()
			}
			continue
		}
		row := l.rows[i]
		text := string(l.runes[row[0]:row[1]])
		t.Text, t.Color, t.TextSize = text, fg, textSize
		m := t.MinSize()
		if gl != nil && l.face.Covers(text) {
			t.Hide()
			gl.Text, gl.Color, gl.TextSize = text, fg, textSize
			gl.Object().Move(fyne.NewPos(pad, y))
			gl.Object().Resize(m)
			gl.Object().Show()
			gl.Refresh() // drawn again only if it changed
		} else {
			if gl != nil {
				gl.Object().Hide()
			}
			t.Move(fyne.NewPos(pad, y))
			t.Resize(m)
			t.Show()
			t.Refresh()
		}
		y += m.Height
	}
}
