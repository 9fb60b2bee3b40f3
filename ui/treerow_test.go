package ui

import (
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
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
		{"", []rowPart{{"", textPart}}},
		{"[2] 3.14", []rowPart{{"[2] 3.14", textPart}}},
		{"↻ cycle to the root", []rowPart{{"↻", glyphPart}, {" cycle to the root", textPart}}},
		{"'b': ↪ same as ['a']", []rowPart{{"'b': ", textPart}, {"↪", glyphPart}, {" same as ['a']", textPart}}},
		{"'→↪←'", []rowPart{{"'", textPart}, {"→", symbolPart}, {"↪", glyphPart}, {"←", symbolPart}, {"'", textPart}}},
		{"⚠ os.system", []rowPart{{"⚠", glyphPart}, {" os.system", textPart}}},
		{"⚠↪⚠", []rowPart{{"⚠", glyphPart}, {"↪", glyphPart}, {"⚠", glyphPart}}},
		{"↻↻", []rowPart{{"↻", glyphPart}, {"↻", glyphPart}}},
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

// Each glyph's advance is its SVG's viewBox width, per 1000.
func TestGlyphAdvances(t *testing.T) {
	for _, c := range []rune{'↪', '↻', '⚠'} {
		svg, _, adv, ok := glyphOf(c)
		if !ok {
			t.Fatalf("%c has no glyph", c)
		}
		var doc struct {
			ViewBox string `xml:"viewBox,attr"`
		}
		if err := xml.Unmarshal(svg, &doc); err != nil {
			t.Fatal(err)
		}
		var w, h float32
		fmt.Sscanf(doc.ViewBox, "0 0 %g %g", &w, &h)
		if w/h != adv {
			t.Errorf("%c: advance %v, viewBox %q", c, adv, doc.ViewBox)
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

// shownTexts are the visible texts of a row, left to right.
func shownTexts(r *treeRow) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.WidgetRenderer(r).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() {
			out = append(out, t)
		}
	}
	return out
}

// shownParts are the visible objects of a row, left to right, with a text
// for each: its text, or the glyph's resource name.
func shownParts(r *treeRow) ([]fyne.CanvasObject, []string) {
	var objs []fyne.CanvasObject
	var names []string
	for _, o := range test.WidgetRenderer(r).Objects() {
		if !o.Visible() {
			continue
		}
		switch x := o.(type) {
		case *canvas.Text:
			objs, names = append(objs, x), append(names, x.Text)
		case *canvas.Image:
			objs, names = append(objs, x), append(names, x.Resource.(*theme.ThemedResource).Name())
		}
	}
	return objs, names
}

// A row is laid out as a Label is, its link arrow drawn as a glyph image of
// an em's height in the row's colour, on one baseline, and cut with an
// ellipsis when it is too wide.
func TestTreeRowLayout(t *testing.T) {
	test.NewTempApp(t)
	r := newTreeRow(nil)
	r.Text, r.TextStyle, r.Importance = "'first': ↪ same as ['layers'][0]", fyne.TextStyle{Italic: true}, widget.HighImportance
	l := widget.NewLabel("'first': same as ['layers'][0]")
	if r.MinSize().Height != l.MinSize().Height {
		t.Errorf("row height %v, a label's %v", r.MinSize().Height, l.MinSize().Height)
	}
	rowWindow(t, r, 600)
	r.Refresh()
	objs, names := shownParts(r)
	if strings.Join(names, "|") != "'first': |primary_pklx-glyph-same.svg| same as ['layers'][0]" {
		t.Fatalf("parts %q", names)
	}
	primary := theme.Current().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	for i, o := range objs {
		if x, ok := o.(*canvas.Text); ok {
			if !x.TextStyle.Italic {
				t.Errorf("part %q style %+v", x.Text, x.TextStyle)
			}
			if x.Color != primary {
				t.Errorf("part %q colour %v, want the primary colour %v", x.Text, x.Color, primary)
			}
		}
		if i > 0 && o.Position().X != objs[i-1].Position().X+objs[i-1].Size().Width {
			t.Errorf("part %q at x=%v, not after the previous part", names[i], o.Position().X)
		}
	}
	textSize := theme.Current().Size(theme.SizeNameText)
	if _, _, adv, _ := glyphOf('↪'); objs[1].Size() != fyne.NewSize(adv*textSize, textSize) {
		t.Errorf("the glyph is %v, want %v by 1 em", objs[1].Size(), adv)
	}
	pad := theme.Current().Size(theme.SizeNameInnerPadding)
	if objs[0].Position().X != pad {
		t.Errorf("text starts at %v, a label's at %v", objs[0].Position().X, pad)
	}
	// The glyph's box has the baseline 0.8 em below its top.
	_, ascent := fyne.CurrentApp().Driver().RenderedTextSize("'first': ", textSize, r.TextStyle, nil)
	if base, glyphBase := objs[0].Position().Y+ascent, objs[1].Position().Y+0.8*textSize; base != glyphBase {
		t.Errorf("baseline of the text at %v, of the glyph at %v", base, glyphBase)
	}

	// Narrower: the last part that shows ends in an ellipsis, inside the
	// row; a glyph that does not fit is an ellipsis.
	full := objs[2].Position().X + objs[2].Size().Width + pad
	for _, w := range []float32{full - 1, full * 0.6, full * 0.3, objs[1].Position().X + 2 + pad, 30} {
		rowWindow(t, r, w)
		r.Refresh()
		objs, names := shownParts(r)
		last, ok := objs[len(objs)-1].(*canvas.Text)
		if !ok || !strings.HasSuffix(last.Text, "…") {
			t.Errorf("width %v: %q not cut with an ellipsis", w, names)
			continue
		}
		if end := last.Position().X + last.Size().Width; end > w-pad+0.5 {
			t.Errorf("width %v: text ends at %v", w, end)
		}
	}

	// A row without arrows is one text in the row's style.
	r.Text, r.TextStyle, r.Importance = "[2] 3.14", fyne.TextStyle{}, widget.MediumImportance
	rowWindow(t, r, 600)
	r.Refresh()
	if objs, _ := shownParts(r); len(objs) != 1 || objs[0].(*canvas.Text).Text != "[2] 3.14" || objs[0].(*canvas.Text).TextStyle != (fyne.TextStyle{}) {
		t.Errorf("plain row: %d parts", len(objs))
	}
	// Other arrows are text in the symbol font.
	r.Text = "'→'"
	r.Refresh()
	if texts := shownTexts(r); len(texts) != 3 || texts[1].Text != "→" || !texts[1].TextStyle.Symbol {
		t.Errorf("'→': %d texts", len(texts))
	}
}

// No font is asked for ↪, ↻ or ⚠, whatever the row's width: they are
// images, so a system without a font that has them draws them all the same.
func TestTreeRowGlyphsAreNotText(t *testing.T) {
	test.NewTempApp(t)
	r := newTreeRow(nil)
	for _, text := range []string{
		"'self': ↻ cycle to [0]",
		"'b': ↪ same as [0]['a']",
		"⚠ 'f': os.system",
		"'s': '↻↪⚠ in a string →'",
	} {
		r.Text = text
		for _, w := range []float32{600, 150, 60, 20} {
			rowWindow(t, r, w)
			r.Refresh()
			for _, x := range shownTexts(r) {
				if strings.ContainsAny(x.Text, "↪↻⚠") {
					t.Errorf("%q at width %v: a text %q", text, w, x.Text)
				}
			}
		}
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
		r := newTreeRow(nil)
		r.Text = text
		win = rowWindow(t, r, 500)
		if n := colourfulPixels(win.Canvas().Capture()); n != 0 {
			t.Errorf("%q: the row has %d colourful pixels", text, n)
		}
	}
}

// A badged row draws ⚠ as a glyph in the row's colour, and cuts its text
// after it as any row.
func TestTreeRowBadge(t *testing.T) {
	test.NewTempApp(t)
	r := newTreeRow(nil)
	r.Text, r.Importance = "⚠ 'f64': numpy.ndarray (float64, 3×4)", widget.DangerImportance
	rowWindow(t, r, 600)
	r.Refresh()
	_, names := shownParts(r)
	if strings.Join(names, "|") != "error_pklx-glyph-sign.svg| 'f64': numpy.ndarray (float64, 3×4)" {
		t.Fatalf("parts %q", names)
	}
	red := theme.Current().Color(theme.ColorNameError, fyne.CurrentApp().Settings().ThemeVariant())
	if c := shownTexts(r)[0].Color; c != red {
		t.Errorf("text colour %v, want %v", c, red)
	}
	rowWindow(t, r, 120)
	r.Refresh()
	_, names = shownParts(r)
	if len(names) != 2 || names[0] != "error_pklx-glyph-sign.svg" || !strings.HasSuffix(names[1], "…") {
		t.Errorf("narrow row: %q", names)
	}
}

// bigTheme is Fyne's theme in one variant with text 40 px high, so that a
// glyph's strokes have pixels of their full colour.
type bigTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (b bigTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return b.Theme.Color(n, b.v)
}

func (b bigTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 40
	}
	return b.Theme.Size(n)
}

// inkiest is the pixel of img in r that differs most from bg, and how
// many pixels are within 12 per channel of c.
func inkiest(img image.Image, r image.Rectangle, bg, c color.Color) (color.NRGBA, int) {
	dist := func(a, b color.Color) int {
		x, y := color.NRGBAModel.Convert(a).(color.NRGBA), color.NRGBAModel.Convert(b).(color.NRGBA)
		d := func(p, q uint8) int { return max(int(p)-int(q), int(q)-int(p)) }
		return max(d(x.R, y.R), d(x.G, y.G), d(x.B, y.B))
	}
	var best color.NRGBA
	bestD, near := -1, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := img.At(x, y)
			if d := dist(p, bg); d > bestD {
				best, bestD = color.NRGBAModel.Convert(p).(color.NRGBA), d
			}
			if dist(p, c) <= 12 {
				near++
			}
		}
	}
	return best, near
}

// The glyphs are drawn in the row's colour, in the light and the dark
// theme, on the row's background or a selected row's: the pixels most
// unlike the background are the text's colour, and there are many of them.
// The sign stands on the text's baseline.
func TestTreeRowGlyphColours(t *testing.T) {
	a := test.NewTempApp(t)
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := bigTheme{theme.DefaultTheme(), v}
		a.Settings().SetTheme(th)
		for _, imp := range []widget.Importance{widget.MediumImportance, widget.HighImportance, widget.DangerImportance, widget.WarningImportance} {
			for _, bgName := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameSelection} {
				what := fmt.Sprintf("variant %v, importance %v, on %s", v, imp, bgName)
				r := newTreeRow(nil)
				r.Text, r.Importance = "H⚠ ↪ ↻", imp
				win := rowWindow(t, container.NewStack(canvas.NewRectangle(th.Color(bgName, v)), r), 400)
				r.Refresh()
				img := win.Canvas().Capture()
				objs, names := shownParts(r)
				if len(objs) != 6 {
					t.Fatalf("%s: parts %q", what, names)
				}
				// The background as drawn (the selection colour is
				// translucent): a glyph box's top-left corner is empty.
				sign := rectOf(objs[1])
				bg := color.NRGBAModel.Convert(img.At(sign.Min.X, sign.Min.Y)).(color.NRGBA)
				want := color.NRGBAModel.Convert(th.Color(importanceColor(imp), v)).(color.NRGBA)
				for _, i := range []int{1, 3, 5} {
					got, near := inkiest(img, rectOf(objs[i]), bg, want)
					if d := max(absDiff(got.R, want.R), absDiff(got.G, want.G), absDiff(got.B, want.B)); d > 12 || near < 40 {
						t.Errorf("%s: %s's inkiest pixel %v, want the text's %v; %d pixels of it", what, names[i], got, want, near)
					}
				}
				if s, h := lowestInk(img, sign, bg), lowestInk(img, rectOf(objs[0]), bg); s < h-1 || s > h+1 {
					t.Errorf("%s: the sign ends at y=%d, the H at y=%d", what, s, h)
				}
			}
		}
	}
}

// rectOf is the pixels o covers in an unscaled, unpadded window.
func rectOf(o fyne.CanvasObject) image.Rectangle {
	p, s := o.Position(), o.Size()
	return image.Rect(int(p.X), int(p.Y), int(p.X+s.Width), int(p.Y+s.Height))
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

// lowestInk is the lowest row of r in img with a pixel far (more than 100
// per channel) from bg.
func lowestInk(img image.Image, r image.Rectangle, bg color.NRGBA) int {
	for y := r.Max.Y - 1; y >= r.Min.Y; y-- {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if max(absDiff(p.R, bg.R), absDiff(p.G, bg.G), absDiff(p.B, bg.B)) > 100 {
				return y
			}
		}
	}
	return -1
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
		{"⚠ 'f': os.system", fyne.TextStyle{}, widget.DangerImportance, 1}, // ⚠ is an image
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
		off := pixelsOff(a, b, 40)
		if off > 0 {
			t.Errorf("%q: %d pixels differ from the canvas.Text row's by more than 40 of 255", c.text, off)
		}
	}
}

// newFacedRow is a row drawing its upright text from cached glyphs, as the
// window's rows do.
func newFacedRow() *treeRow { return newTreeRow(glyphtext.NewFace(fyne.TextStyle{})) }

// pixelsOff counts the pixels whose grey levels in a and b (of the same
// size) differ by more than tol of 255.
func pixelsOff(a, b image.Image, tol int) int {
	off := 0
	for y := 0; y < a.Bounds().Dy(); y++ {
		for x := 0; x < a.Bounds().Dx(); x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if d := int(r1+g1+b1)/3>>8 - int(r2+g2+b2)/3>>8; d > tol || d < -tol {
				off++
			}
		}
	}
	return off
}
