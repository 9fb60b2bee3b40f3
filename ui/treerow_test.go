package ui

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/ui/glyphtext"
)

func TestSplitArrows(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []rowPart
	}{
		{"", []rowPart{{"", textFont}}},
		{"[2] 3.14", []rowPart{{"[2] 3.14", textFont}}},
		{"↻ cycle to the root", []rowPart{{"↻", symbolFont}, {" cycle to the root", textFont}}},
		{"'b': ↪ same as ['a']", []rowPart{{"'b': ", textFont}, {"↪", symbolFont}, {" same as ['a']", textFont}}},
		{"'→↪'", []rowPart{{"'", textFont}, {"→↪", symbolFont}, {"'", textFont}}},
		{"⚠ os.system", []rowPart{{"⚠", signFont}, {" os.system", textFont}}},
		{"⚠↪⚠", []rowPart{{"⚠", signFont}, {"↪", symbolFont}, {"⚠", signFont}}},
	} {
		got := splitArrows(c.in, nil)
		if len(got) != len(c.want) {
			t.Errorf("%q: %v, want %v", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: %v, want %v", c.in, got, c.want)
				break
			}
		}
	}
}

// rowWindow shows o alone in a test window of width w and lays it out.
func rowWindow(t *testing.T, o fyne.CanvasObject, w float32) fyne.Window {
	t.Helper()
	win := test.NewTempWindow(t, container.NewStack(o))
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, o.MinSize().Height))
	return win
}

// shownTexts are the parts a row shows, left to right: their text, style,
// colour and place (a part drawn from cached glyphs keeps them in its
// hidden canvas.Text).
func shownTexts(r *treeRow) []*canvas.Text {
	rr := test.WidgetRenderer(r).(*treeRowRenderer)
	return rr.texts[:rr.shown]
}

// newFacedRow is a row drawing its upright text from cached glyphs, as the
// window's rows do.
func newFacedRow() *treeRow { return newTreeRow(glyphtext.NewFace(fyne.TextStyle{})) }

// A row is laid out as a Label is, its arrows in the symbol font, on one
// baseline, and cut with an ellipsis when it is too wide.
func TestTreeRowLayout(t *testing.T) {
	test.NewTempApp(t)
	r := newFacedRow()
	r.Text, r.TextStyle, r.Importance = "'first': ↪ same as ['layers'][0]", fyne.TextStyle{Italic: true}, widget.HighImportance
	l := widget.NewLabel("'first': same as ['layers'][0]")
	if r.MinSize().Height != l.MinSize().Height {
		t.Errorf("row height %v, a label's %v", r.MinSize().Height, l.MinSize().Height)
	}
	rowWindow(t, r, 600)
	r.Refresh()
	texts := shownTexts(r)
	var got []string
	for _, x := range texts {
		got = append(got, x.Text)
	}
	if strings.Join(got, "|") != "'first': |↪| same as ['layers'][0]" {
		t.Fatalf("parts %q", got)
	}
	primary := theme.Current().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	for i, x := range texts {
		if x.TextStyle.Symbol != (i == 1) || (i != 1 && !x.TextStyle.Italic) {
			t.Errorf("part %q style %+v", x.Text, x.TextStyle)
		}
		if x.Color != primary {
			t.Errorf("part %q colour %v, want the primary colour %v", x.Text, x.Color, primary)
		}
		if i > 0 && x.Position().X != texts[i-1].Position().X+texts[i-1].Size().Width {
			t.Errorf("part %q at x=%v, not after the previous part", x.Text, x.Position().X)
		}
	}
	pad := theme.Current().Size(theme.SizeNameInnerPadding)
	if texts[0].Position().X != pad {
		t.Errorf("text starts at %v, a label's at %v", texts[0].Position().X, pad)
	}

	// Narrower: the last part that shows ends in an ellipsis, inside the row.
	full := texts[2].Position().X + texts[2].Size().Width + pad
	for _, w := range []float32{full - 1, full * 0.6, full * 0.3, 30} {
		rowWindow(t, r, w)
		r.Refresh()
		texts := shownTexts(r)
		last := texts[len(texts)-1]
		if !strings.HasSuffix(last.Text, "…") {
			t.Errorf("width %v: %q not cut with an ellipsis", w, last.Text)
		}
		if end := last.Position().X + last.Size().Width; end > w-pad+0.5 {
			t.Errorf("width %v: text ends at %v", w, end)
		}
	}

	// A row without arrows is one text in the row's style.
	r.Text, r.TextStyle, r.Importance = "[2] 3.14", fyne.TextStyle{}, widget.MediumImportance
	rowWindow(t, r, 600)
	r.Refresh()
	if texts := shownTexts(r); len(texts) != 1 || texts[0].Text != "[2] 3.14" || texts[0].TextStyle != (fyne.TextStyle{}) {
		t.Errorf("plain row: %d texts", len(texts))
	}
}

// colourfulPixels counts the pixels of img whose channels differ by more
// than 60: none in grey text on a grey background, many in a colour emoji.
func colourfulPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			hi, lo := max(r, g, bl)>>8, min(r, g, bl)>>8
			if hi-lo > 60 {
				n++
			}
		}
	}
	return n
}

// Fyne draws a Label's ↪ and ⚠ as colour emoji; the row draws them in the
// text's colour. The text is the theme's (grey) foreground, so any colourful
// pixel is an emoji's.
func TestTreeRowArrowsAreNotEmoji(t *testing.T) {
	test.NewTempApp(t)
	for _, text := range []string{
		"'first': ↪ same as ['layers'][0] ↻ cycle",
		"⚠ 'f64': numpy.ndarray (float64, 3×4)",
	} {
		l := widget.NewLabel(text)
		win := rowWindow(t, l, 500)
		if n := colourfulPixels(win.Canvas().Capture()); n < 20 {
			t.Fatalf("%q: a Label has %d colourful pixels: the test cannot see the emoji", text, n)
		}
		r := newFacedRow()
		r.Text = text
		win = rowWindow(t, r, 500)
		if n := colourfulPixels(win.Canvas().Capture()); n != 0 {
			t.Errorf("%q: the row has %d colourful pixels", text, n)
		}
	}
}

// A badged row draws ⚠ in the monospace font and the row's colour, and cuts
// its text after it as any row.
func TestTreeRowBadge(t *testing.T) {
	test.NewTempApp(t)
	r := newFacedRow()
	r.Text, r.Importance = "⚠ 'f64': numpy.ndarray (float64, 3×4)", widget.DangerImportance
	rowWindow(t, r, 600)
	r.Refresh()
	texts := shownTexts(r)
	if len(texts) != 2 || texts[0].Text != "⚠" || texts[1].Text != " 'f64': numpy.ndarray (float64, 3×4)" {
		t.Fatalf("%d parts", len(texts))
	}
	red := theme.Current().Color(theme.ColorNameError, fyne.CurrentApp().Settings().ThemeVariant())
	if !texts[0].TextStyle.Monospace || texts[0].Color != red || texts[1].Color != red {
		t.Errorf("badge style %+v colour %v, text colour %v, want %v", texts[0].TextStyle, texts[0].Color, texts[1].Color, red)
	}
	rowWindow(t, r, 120)
	r.Refresh()
	texts = shownTexts(r)
	if len(texts) != 2 || texts[0].Text != "⚠" || !strings.HasSuffix(texts[1].Text, "…") {
		t.Errorf("narrow row: %d parts", len(texts))
	}
}

// A row draws its plain text from cached glyphs, and looks as it does with
// a canvas.Text: no pixel differs by more than anti-aliasing does.
func TestTreeRowGlyphsLookLikeText(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		text  string
		style fyne.TextStyle
		imp   widget.Importance
		lines int // parts drawn from glyphs
	}{
		{"[1001] {'id': 1001, 'name': 'n1001', 'score': 500.5, 'tags': […]}", fyne.TextStyle{}, widget.MediumImportance, 1},
		{"[1000 … 1999]", fyne.TextStyle{}, widget.LowImportance, 1},
		{"'b': ↪ same as ['a']", fyne.TextStyle{Italic: true}, widget.HighImportance, 0},
		{"⚠ 'f': os.system", fyne.TextStyle{}, widget.DangerImportance, 1},
		{"'漢字': str", fyne.TextStyle{}, widget.MediumImportance, 0},
	} {
		capture := func(r *treeRow) image.Image {
			r.Text, r.TextStyle, r.Importance = c.text, c.style, c.imp
			win := rowWindow(t, r, 420)
			r.Refresh()
			return win.Canvas().Capture()
		}
		faced := newFacedRow()
		a, b := capture(newTreeRow(nil)), capture(faced)
		rr := test.WidgetRenderer(faced).(*treeRowRenderer)
		lines := 0
		for _, l := range rr.lines[:rr.shown] {
			if l.Object().Visible() {
				lines++
			}
		}
		if lines != c.lines {
			t.Errorf("%q: %d parts drawn from glyphs, want %d", c.text, lines, c.lines)
		}
		off := 0
		for y := 0; y < a.Bounds().Dy(); y++ {
			for x := 0; x < a.Bounds().Dx(); x++ {
				r1, g1, b1, _ := a.At(x, y).RGBA()
				r2, g2, b2, _ := b.At(x, y).RGBA()
				if d := int(r1+g1+b1)/3>>8 - int(r2+g2+b2)/3>>8; d > 40 || d < -40 {
					off++
				}
			}
		}
		if off > 0 {
			t.Errorf("%q: %d pixels differ from the canvas.Text row's by more than 40 of 255", c.text, off)
		}
	}
}
