package ui

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pklx/ui/glyphtext"
)

// A wrapLabel wraps, measures and places its lines as a word-wrapping
// Label does: the same height at every width, the same pixels (drawn with
// canvas.Texts, as a Label draws them; glyph lines are checked against
// canvas.Text in ui/glyphtext).
func TestWrapLabelLooksLikeALabel(t *testing.T) {
	test.NewTempApp(t)
	facts := "Memo: stored in the memo\nMade by: EMPTY_DICT (op 18031) at 0x9739 (38713)\n" +
		"Op bytes: 0x9739–0x973a (1 bytes)\nChanged by: 1 more op(s), the last SETITEMS at 0x9760 (38752)\n" +
		"Subtree bytes: 0x11–0x9761 (38,736 bytes)"
	for _, text := range []string{
		"",
		"Select a row of the tree, an op of the trace or a byte of the hex view.",
		facts,
		"Warning: " + strings.Repeat("x", 120) + " then words after a very long one",
		"line\n\nafter an empty line ",
		"  leading spaces and a 'café' ½",
	} {
		for _, w := range []float32{700, 320, 160, 60, 25, 6} {
			capture := func(o fyne.CanvasObject) (image.Image, fyne.Size) {
				win := test.NewTempWindow(t, container.NewVBox(o))
				win.SetPadded(false)
				win.Resize(fyne.NewSize(w, 400))
				return win.Canvas().Capture(), o.MinSize()
			}
			l := widget.NewLabel(text)
			l.Wrapping = fyne.TextWrapWord
			want, wantMin := capture(l)
			g := newWrapLabel(nil)
			g.SetText(text)
			got, gotMin := capture(g)
			if gotMin != wantMin {
				t.Errorf("%q at width %v: min size %v, a Label's %v", text, w, gotMin, wantMin)
				continue
			}
			if n := differingPixels(want, got); n > 0 {
				t.Errorf("%q at width %v: %d pixels differ from a Label's", text, w, n)
			}
		}
	}
}

// differingPixels counts the pixels of a and b that differ.
func differingPixels(a, b image.Image) int {
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

// Lines the face has every character of are drawn from cached glyphs.
func TestWrapLabelDrawsGlyphs(t *testing.T) {
	test.NewTempApp(t)
	g := newWrapLabel(glyphtext.NewFace(fyne.TextStyle{}))
	g.SetText("Made by: EMPTY_DICT (op 18031)\nstr '漢字'\nOp bytes: 0x9739–0x973a")
	win := test.NewTempWindow(t, container.NewVBox(g))
	win.Resize(fyne.NewSize(500, 200))
	r := test.WidgetRenderer(g).(*wrapLabelRenderer)
	var drawn []bool
	for i := range g.rows {
		drawn = append(drawn, r.lines[i].Object().Visible() && !r.texts[i].Visible())
	}
	if len(drawn) != 3 || !drawn[0] || drawn[1] || !drawn[2] {
		t.Errorf("rows drawn from glyphs: %v, want [true false true]", drawn)
	}
}
