package monotext

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// pair draws s as a canvas.Text in a row of height rowH above the same s
// as a Line in a second row, placed alike, and returns the window's pixels.
func pair(t *testing.T, s string, rowH float32) image.Image {
	t.Helper()
	fg := theme.Color(theme.ColorNameForeground)
	txt := canvas.NewText(s, fg)
	txt.TextStyle = fyne.TextStyle{Monospace: true}
	l := NewFace().NewLine()
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

// A Line covers the pixels a canvas.Text of the same text covers: glyphs
// on the same baseline and advances, within anti-aliasing (the Line puts
// glyphs on eighths of a pixel).
func TestLineLooksLikeText(t *testing.T) {
	test.NewTempApp(t)
	for _, s := range []string{
		"00000010  6e 61 6d 65 94 8c 04 41  72 75 6e 94 8c 06 73 63  |name...Arun...sc|",
		"   38683: \\x8c         SHORT_BINUNICODE 'n1000'   (café, ½)",
	} {
		const rowH = 19
		img := pair(t, s, rowH)
		gray := func(x, y int) int {
			r, g, b, _ := img.At(x, y).RGBA()
			return int((r + g + b) / 3 >> 8)
		}
		bg := gray(0, 0)
		ink, off := 0, 0
		for y := 0; y < rowH; y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
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
	f := NewFace()
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
}

// An unchanged Line keeps its raster; a change of text, colour or size
// redraws it.
func TestRefreshRedrawsOnlyChanges(t *testing.T) {
	test.NewTempApp(t)
	l := NewFace().NewLine()
	l.Text = "abc"
	l.Object().Resize(l.MinSize())
	calls := 0
	gen := l.raster.Generator
	l.raster.Generator = func(w, h int) image.Image { calls++; return gen(w, h) }
	draw := func() { l.raster.Generator(int(l.MinSize().Width), int(l.MinSize().Height)) }
	draw()
	if !l.current() {
		t.Fatal("a drawn line is not current")
	}
	for _, change := range []func(){
		func() { l.Text = "abd" },
		func() { l.Color = theme.Color(theme.ColorNameError) },
		func() { l.TextSize++ },
	} {
		change()
		if l.current() {
			t.Error("a change left the line current")
		}
		draw()
	}
	if calls != 4 {
		t.Errorf("%d draws", calls)
	}
}
