package ui

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pklx/ui/glyphtext"
)

// A selText is as high as a selectable monospace Label of the same text,
// wrapped or not.
func TestSelTextLooksLikeALabel(t *testing.T) {
	test.NewTempApp(t)
	for _, text := range []string{"", "'root'", "line one\nline two", "0123456789abcdef 0123456789abcdef 0123456789abcdef"} {
		l := widget.NewLabel(text)
		l.Selectable, l.Wrapping, l.TextStyle = true, fyne.TextWrapBreak, monoStyle
		s := newSelText(glyphtext.NewFace(monoStyle))
		s.SetText(text)
		for _, w := range []float32{600, 200} {
			rowWindow(t, l, w).Resize(fyne.NewSize(w, 300))
			rowWindow(t, s, w).Resize(fyne.NewSize(w, 300))
			if lh, sh := l.MinSize().Height, s.MinSize().Height; lh != sh {
				t.Errorf("%q at width %v: height %v, a Label's %v", text, w, sh, lh)
			}
			if w == 200 && len(text) > 40 && len(s.rows) < 3 {
				t.Errorf("%q at width %v: %d rows", text, w, len(s.rows))
			}
		}
	}
}

// Dragging selects, a double click selects a word, Ctrl+A all of it, and
// Ctrl+C copies the selection; keys go to the canvas's handler.
func TestSelTextSelectsCopiesAndPassesKeys(t *testing.T) {
	test.NewTempApp(t)
	s := newSelText(glyphtext.NewFace(monoStyle))
	s.SetText("['meta']['optimizer']\nmomentum")
	var copied string
	s.OnCopy = func(t string) { copied = t }
	win := rowWindow(t, s, 600)
	win.Resize(fyne.NewSize(600, 100))
	c := win.Canvas()
	var keys []fyne.KeyName
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) })

	_, pad, rowH := s.metrics()
	ch := runeWidth('M', textSizeOf(s))
	at := func(col, row int) fyne.Position {
		return fyne.NewPos(pad+float32(col)*ch+1, pad+float32(row)*rowH+rowH/2)
	}
	// Drag from column 2 to column 6 of the first row.
	s.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(2, 0)}, Button: desktop.MouseButtonPrimary})
	s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at(6, 0)}, Dragged: fyne.NewDelta(4*ch, 0)})
	s.DragEnd()
	if c.Focused() != s {
		t.Fatal("a click does not focus the text")
	}
	if got := s.SelectedText(); got != "meta" {
		t.Errorf("drag selected %q", got)
	}
	s.TypedShortcut(&fyne.ShortcutCopy{})
	if copied != "meta" {
		t.Errorf("Ctrl+C copied %q", copied)
	}
	// Across the newline.
	s.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(19, 0)}, Button: desktop.MouseButtonPrimary})
	s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at(3, 1)}, Dragged: fyne.NewDelta(-16*ch, rowH)})
	s.DragEnd()
	if got := s.SelectedText(); got != "']\nmom" {
		t.Errorf("drag over two rows selected %q", got)
	}
	s.DoubleTapped(&fyne.PointEvent{Position: at(12, 0)})
	if got := s.SelectedText(); got != "optimizer" {
		t.Errorf("double click selected %q", got)
	}
	s.TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := s.SelectedText(); got != s.Text {
		t.Errorf("Ctrl+A selected %q", got)
	}
	for _, k := range []fyne.KeyName{fyne.KeyF5, fyne.KeyF3, fyne.KeyEscape} {
		s.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if len(keys) != 3 || keys[0] != fyne.KeyF5 || keys[2] != fyne.KeyEscape {
		t.Errorf("the canvas's handler saw %v", keys)
	}
	// A new text drops the selection.
	s.SetText("other")
	if s.SelectedText() != "" {
		t.Errorf("selection %q after SetText", s.SelectedText())
	}
}

// textSizeOf is the text size of s's theme.
func textSizeOf(s *selText) float32 {
	size, _, _ := s.metrics()
	return size
}

// Rows drawn from cached glyphs look as canvas.Text rows do, wrapped or
// not, with the selection shown under them.
func TestSelTextGlyphsLookLikeText(t *testing.T) {
	test.NewTempApp(t)
	for _, text := range []string{"['meta']['optimizer'][0]", "0123456789abcdef 0123456789abcdef 0123456789abcdef\n'café' ½", "'漢字' and more"} {
		capture := func(s *selText) image.Image {
			s.SetText(text)
			win := rowWindow(t, s, 240)
			win.Resize(fyne.NewSize(240, 120))
			s.anchor, s.cursor, s.focused = 2, 9, true
			s.Refresh()
			return win.Canvas().Capture()
		}
		a, b := capture(newSelText(nil)), capture(newSelText(glyphtext.NewFace(monoStyle)))
		off := pixelsOff(a, b, 40)
		if off > 0 {
			t.Errorf("%q: %d pixels differ from the canvas.Text rows' by more than 40 of 255", text, off)
		}
	}
}
