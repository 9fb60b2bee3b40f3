package glyphtext

import (
	"image"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

var mono = fyne.TextStyle{Monospace: true}

// pair draws s in style as a canvas.Text in a row of height rowH above the
// same s as a Line in a second row, placed alike, and returns the window's
// pixels.
func pair(t *testing.T, s string, style fyne.TextStyle, rowH float32) image.Image {
	t.Helper()
	fg := theme.Color(theme.ColorNameForeground)
	txt := canvas.NewText(s, fg)
	txt.TextStyle = style
	l := NewFace(style).NewLine()
	l.Text, l.Color = s, fg
	if l.MinSize() != txt.MinSize() {
		t.Fatalf("line size %v, text size %v", l.MinSize(), txt.MinSize())
	}
	y := (rowH - txt.MinSize().Height) / 2
	txt.Move(fyne.NewPos(4, y))
	txt.Resize(txt.MinSize())
	l.Object().Move(fyne.NewPos(4, rowH+y))
	l.Object().Resize(l.MinSize())
	w := test.NewTempWindow(t, container.NewWithoutLayout(txt, l.Object()))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(txt.MinSize().Width+8, 2*rowH))
	l.Refresh()
	return w.Canvas().Capture()
}

// A Line covers the pixels a canvas.Text of the same text and style covers:
// glyphs on the same baseline and advances (for proportional fonts, the
// same shaping: kerning, ligatures, marks), within anti-aliasing (the Line
// puts glyphs on eighths of a pixel).
func TestLineLooksLikeText(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		s     string
		style fyne.TextStyle
	}{
		{"00000010  6e 61 6d 65 94 8c 04 41  72 75 6e 94 8c 06 73 63  |name...Arun...sc|", mono},
		{"   38683: \\x8c         SHORT_BINUNICODE 'n1000'   (café, ½)", mono},
		{"[1001] {'id': 1001, 'name': 'n1001', 'score': 500.5, 'tags': […]}", fyne.TextStyle{}},
		{"Made by: EMPTY_DICT (op 18031) at 0x9739 (38713)", fyne.TextStyle{}},
		{"AVAWAY Type To. Wolf, fjord office; “quotes” — café e\u0301 Ωμέγα Жук", fyne.TextStyle{}},
		{"list[1000000]  Changed by: 1,000 more op(s)", fyne.TextStyle{Bold: true}},
	} {
		const rowH = 19
		s := c.s
		img := pair(t, s, c.style, rowH)
		gray := func(x, y int) int {
			r, g, b, _ := img.At(x, y).RGBA()
			return int((r + g + b) / 3 >> 8)
		}
		bg := gray(0, 0)
		ink, off := 0, 0
		// Within the text's size rounded to whole pixels: Fyne's GL
		// painter sizes a text's texture so, and a Line as well; the
		// software painter of the tests gives a canvas.Text the pixel
		// column and row that rounding drops.
		m := fyne.MeasureText(s, theme.TextSize(), c.style)
		right := 4 + int(math.Round(float64(m.Width)))
		bottom := int(math.Ceil(float64(rowH-m.Height)/2)) + int(math.Round(float64(m.Height)))
		for y := 0; y < bottom; y++ {
			for x := 0; x < right; x++ {
				a, b := gray(x, y), gray(x, y+rowH)
				if a-bg > 60 {
					ink++
				}
				if d := a - b; d > 40 || d < -40 {
					off++
				}
			}
		}
		if ink < 200 || off > 0 {
			t.Errorf("%q: %d of %d ink pixels differ from canvas.Text's by more than 40 of 255", s, off, ink)
		}
	}
}

func TestCovers(t *testing.T) {
	test.NewTempApp(t)
	f := NewFace(mono)
	for s, want := range map[string]bool{
		"":                       true,
		"00000000  80 04 95 |.|": true,
		"'café' ½":               true,  // DejaVu Sans Mono has Latin-1
		"a\tb":                   false, // a canvas.Text expands tabs
		"'漢字'":                   false, // no CJK in the monospace font
	} {
		if got := f.Covers(s); got != want {
			t.Errorf("Covers(%q) = %v", s, got)
		}
	}
	f = NewFace(fyne.TextStyle{})
	for s, want := range map[string]bool{
		"[3] 'Arun' … ½":           true,
		"Ωμέγα Жук":                true,  // Noto Sans has Greek and Cyrillic
		"↪ same as [0]":            false, // the arrow comes from Fyne's symbol font
		"'漢字'":                     false,
		"line\nbreak":              false,
		"\u05e9\u05dc\u05d5\u05dd": false, // Hebrew: a right-to-left run
	} {
		if got := f.Covers(s); got != want {
			t.Errorf("regular Covers(%q) = %v", s, got)
		}
	}
}

// A Line draws its pixels when refreshed, and only when its text, colour,
// text size or size changed: an unchanged line keeps the pixels (and Fyne
// the texture) it has.
func TestRefreshRedrawsOnlyChanges(t *testing.T) {
	test.NewTempApp(t)
	l := NewFace(mono).NewLine()
	l.Text = "abc"
	l.Object().Resize(l.MinSize())
	l.Refresh()
	if !l.current() || l.img.Image == nil {
		t.Fatal("a refreshed line has no pixels")
	}
	// mark puts a pixel no drawing makes; drawn reports whether a refresh
	// drew the line again (and took the mark away).
	mark := func() { l.buf.Pix[0], l.buf.Pix[3] = 1, 2 }
	drawn := func() bool { return l.buf.Pix[0] != 1 || l.buf.Pix[3] != 2 }
	mark()
	l.Refresh()
	if drawn() {
		t.Error("an unchanged line was drawn again")
	}
	for _, change := range []func(){
		func() { l.Text = "abd" },
		func() { l.Color = theme.Color(theme.ColorNameError) },
		func() { l.TextSize++; l.Object().Resize(l.MinSize()) },
		func() { l.Object().Resize(l.MinSize().AddWidthHeight(5, 0)) },
	} {
		mark()
		change()
		l.Refresh()
		if !drawn() {
			t.Error("a change was not drawn")
		}
	}
}
