package ui

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/ui/glyphtext"
)

// selText is the details panel's value and path: monospace text, wrapped
// at any character, that the mouse selects and Ctrl+C copies, and that
// looks like a widget.Label with Selectable, TextWrapBreak and the
// monospace style.
//
// It exists for the keys. A selectable Label gives the focus to a widget
// inside it that drops every key it is typed (F5, F3, Escape: Fyne passes a
// key without Ctrl or Alt to the focused widget only), so once a value was
// clicked the window's plain keys stopped working. Its focusable is not
// reachable from outside, so it cannot be wrapped: selText is its own
// focusable and passes every key to the canvas's typed-key handler, as the
// viewports do.
type selText struct {
	widget.BaseWidget
	Text string
	// OnCopy, if set, copies the selected text (Ctrl+C, the Copy menu);
	// else Fyne's clipboard does.
	OnCopy func(string)

	face   *glyphtext.Face // draws the rows it has every character of (nil: none)
	rows   []selRow
	wrapW  float32 // the width rows were wrapped for; -1: not wrapped
	wrapOf string  // the text rows were wrapped from

	anchor, cursor int // the selection, in runes of Text: [min, max)
	dragging       bool
	focused        bool
}

// selRow is a row of wrapped text: the runes [start, start+len(text)) of
// selText.Text.
type selRow struct {
	start int
	text  []rune
}

// newSelText returns an empty selText that draws its rows from face's
// cached glyphs (a monospace Face; nil draws every row as a canvas.Text).
func newSelText(face *glyphtext.Face) *selText {
	s := &selText{wrapW: -1, face: face}
	s.ExtendBaseWidget(s)
	return s
}

// SetText replaces the text and drops the selection.
func (s *selText) SetText(text string) {
	s.Text = text
	s.anchor, s.cursor = 0, 0
	s.Refresh()
}

// SelectedText is the selected part of the text.
func (s *selText) SelectedText() string {
	lo, hi := s.selection()
	r := []rune(s.Text)
	lo, hi = min(lo, len(r)), min(hi, len(r))
	return string(r[lo:hi])
}

func (s *selText) selection() (int, int) {
	return min(s.anchor, s.cursor), max(s.anchor, s.cursor)
}

// metrics are the text size, inner padding and row height.
func (s *selText) metrics() (size, pad, rowH float32) {
	th := s.Theme()
	size = th.Size(theme.SizeNameText)
	pad = th.Size(theme.SizeNameInnerPadding)
	rowH = fyne.MeasureText("M", size, monoStyle).Height
	return
}

var monoStyle = fyne.TextStyle{Monospace: true}

// runeWidth is the advance of c in the monospace style.
func runeWidth(c rune, size float32) float32 {
	return fyne.MeasureText(string(c), size, monoStyle).Width
}

// wrap splits the text into rows that fit width (no limit when width is
// not positive): at each newline, and before the rune that would not fit.
func (s *selText) wrap(width float32) {
	if width == s.wrapW && s.wrapOf == s.Text && s.rows != nil {
		return
	}
	size, pad, _ := s.metrics()
	avail := width - 2*pad
	s.rows = s.rows[:0]
	text := []rune(s.Text)
	start, x := 0, float32(0)
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			s.rows = append(s.rows, selRow{start, text[start:i]})
			start, x = i+1, 0
			continue
		}
		w := runeWidth(text[i], size)
		if width > 0 && x+w > avail && i > start {
			s.rows = append(s.rows, selRow{start, text[start:i]})
			start, x = i, 0
		}
		x += w
	}
	s.wrapW, s.wrapOf = width, s.Text
}

// Resize wraps the text again for a new width (its height follows, as a
// wrapping Label's does).
func (s *selText) Resize(size fyne.Size) {
	if size == s.Size() {
		return
	}
	s.BaseWidget.Resize(size)
	s.Refresh()
}

// hit is the rune offset nearest to pos.
func (s *selText) hit(pos fyne.Position) int {
	s.wrap(s.Size().Width)
	size, pad, rowH := s.metrics()
	i := int((pos.Y - pad) / rowH)
	if pos.Y < pad {
		i = 0
	}
	if i >= len(s.rows) {
		r := s.rows[len(s.rows)-1]
		return r.start + len(r.text)
	}
	r := s.rows[i]
	x := pad
	for j, c := range r.text {
		w := runeWidth(c, size)
		if pos.X < x+w/2 {
			return r.start + j
		}
		x += w
	}
	return r.start + len(r.text)
}

// focus gives the widget the keyboard focus.
func (s *selText) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(s); c != nil && !s.focused {
		c.Focus(s)
	}
}

// MouseDown is part of desktop.Mouseable: it puts the selection's start
// and takes the focus.
func (s *selText) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	s.anchor = s.hit(ev.Position)
	s.cursor = s.anchor
	s.focus()
	s.Refresh()
}

// MouseUp is part of desktop.Mouseable.
func (s *selText) MouseUp(*desktop.MouseEvent) {}

// Dragged is part of fyne.Draggable: it moves the selection's end.
func (s *selText) Dragged(ev *fyne.DragEvent) {
	if !s.dragging {
		s.dragging = true
		s.anchor = s.hit(ev.Position.Subtract(ev.Dragged))
		s.focus()
	}
	s.cursor = s.hit(ev.Position)
	s.Refresh()
}

// DragEnd is part of fyne.Draggable.
func (s *selText) DragEnd() { s.dragging = false }

// DoubleTapped is part of fyne.DoubleTappable: it selects the word (a run
// of letters, digits and _, or of any other non-space runes) under pos.
func (s *selText) DoubleTapped(ev *fyne.PointEvent) {
	text := []rune(s.Text)
	i := s.hit(ev.Position)
	if i >= len(text) || unicode.IsSpace(text[i]) {
		if i == 0 || i > len(text) || unicode.IsSpace(text[i-1]) {
			return
		}
		i--
	}
	class := func(c rune) int {
		switch {
		case unicode.IsSpace(c):
			return 0
		case c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c):
			return 1
		}
		return 2
	}
	k := class(text[i])
	lo, hi := i, i+1
	for lo > 0 && class(text[lo-1]) == k {
		lo--
	}
	for hi < len(text) && class(text[hi]) == k {
		hi++
	}
	s.anchor, s.cursor = lo, hi
	s.focus()
	s.Refresh()
}

// TappedSecondary is part of fyne.SecondaryTappable: a menu with Copy and
// Select all.
func (s *selText) TappedSecondary(ev *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	if c == nil {
		return
	}
	s.focus()
	m := fyne.NewMenu("",
		fyne.NewMenuItem("Copy", s.copySelection),
		fyne.NewMenuItem("Select all", s.selectAll))
	widget.ShowPopUpMenuAtPosition(m, c, ev.AbsolutePosition)
}

func (s *selText) selectAll() {
	s.anchor, s.cursor = 0, len([]rune(s.Text))
	s.Refresh()
}

func (s *selText) copySelection() {
	t := s.SelectedText()
	if t == "" {
		return
	}
	if s.OnCopy != nil {
		s.OnCopy(t)
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(t)
}

// Cursor is part of desktop.Cursorable.
func (s *selText) Cursor() desktop.Cursor { return desktop.TextCursor }

// FocusGained is part of fyne.Focusable.
func (s *selText) FocusGained() {
	s.focused = true
	s.Refresh()
}

// FocusLost is part of fyne.Focusable: the selection is shown only while
// the widget has the focus, as a selectable Label's.
func (s *selText) FocusLost() {
	s.focused = false
	s.Refresh()
}

// TypedRune is part of fyne.Focusable; the text is read-only.
func (s *selText) TypedRune(rune) {}

// TypedKey is part of fyne.Focusable: every key goes to the canvas's
// typed-key handler, as it would if nothing had the focus.
func (s *selText) TypedKey(ev *fyne.KeyEvent) { passKey(s, ev) }

// TypedShortcut is part of fyne.Shortcutable: Ctrl+C copies the selection
// and Ctrl+A selects all the text.
func (s *selText) TypedShortcut(sh fyne.Shortcut) {
	switch sh.(type) {
	case *fyne.ShortcutCopy:
		s.copySelection()
	case *fyne.ShortcutSelectAll:
		s.selectAll()
	}
}

// CreateRenderer is part of fyne.Widget.
func (s *selText) CreateRenderer() fyne.WidgetRenderer {
	return &selTextRenderer{s: s}
}

// selTextRenderer draws a row of text per row (from cached glyphs, or a
// canvas.Text) over a selection rectangle per row.
type selTextRenderer struct {
	s       *selText
	texts   []*canvas.Text
	lines   []*glyphtext.Line // nil without a face
	rects   []*canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *selTextRenderer) Destroy() {}

func (r *selTextRenderer) Objects() []fyne.CanvasObject { return r.objects }

// MinSize is a wrapping Label's: a character's width and the wrapped rows'
// height, with the padding around them.
func (r *selTextRenderer) MinSize() fyne.Size {
	s := r.s
	s.wrap(s.Size().Width)
	size, pad, rowH := s.metrics()
	return fyne.NewSize(runeWidth('M', size)+2*pad, float32(len(s.rows))*rowH+2*pad)
}

func (r *selTextRenderer) Refresh() {
	r.Layout(r.s.Size())
	canvas.Refresh(r.s)
}

func (r *selTextRenderer) Layout(size fyne.Size) {
	s := r.s
	s.wrap(size.Width)
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg, selC := th.Color(theme.ColorNameForeground, v), th.Color(theme.ColorNameSelection, v)
	textSize, pad, rowH := s.metrics()
	for len(r.texts) < len(s.rows) {
		t := canvas.NewText("", fg)
		t.TextStyle = monoStyle
		rect := canvas.NewRectangle(selC)
		r.texts, r.rects = append(r.texts, t), append(r.rects, rect)
		var l *glyphtext.Line
		if s.face != nil {
			l = s.face.NewLine()
		}
		r.lines = append(r.lines, l)
	}
	// Rectangles under the texts.
	r.objects = r.objects[:0]
	for _, o := range r.rects {
		r.objects = append(r.objects, o)
	}
	for i, o := range r.texts {
		r.objects = append(r.objects, o)
		if l := r.lines[i]; l != nil {
			r.objects = append(r.objects, l.Object())
		}
	}
	lo, hi := s.selection()
	for i, t := range r.texts {
		rect, l := r.rects[i], r.lines[i]
		if i >= len(s.rows) {
			t.Hide()
			rect.Hide()
			if l != nil {
				l.Object().Hide()
			}
			continue
		}
		row := s.rows[i]
		y := pad + float32(i)*rowH
		text := string(row.text)
		if l != nil && s.face.Covers(text) {
			t.Text = text
			t.Hide()
			l.Text, l.Color, l.TextSize = text, fg, textSize
			l.Object().Move(fyne.NewPos(pad, y))
			l.Object().Resize(l.MinSize())
			l.Object().Show()
			l.Refresh() // redrawn only if it changed
		} else {
			if l != nil {
				l.Object().Hide()
			}
			t.Text, t.Color, t.TextSize = text, fg, textSize
			t.Move(fyne.NewPos(pad, y))
			t.Resize(fyne.NewSize(size.Width-2*pad, rowH))
			t.Show()
			t.Refresh()
		}
		// The part of the selection on this row.
		a, b := max(lo, row.start), min(hi, row.start+len(row.text))
		if !s.focused || a >= b {
			rect.Hide()
			continue
		}
		x0 := pad + textWidth(row.text[:a-row.start], textSize)
		x1 := pad + textWidth(row.text[:b-row.start], textSize)
		rect.FillColor = selC
		rect.Move(fyne.NewPos(x0, y))
		rect.Resize(fyne.NewSize(x1-x0, rowH))
		rect.Show()
		rect.Refresh()
	}
}

// textWidth is the advance of runes in the monospace style.
func textWidth(runes []rune, size float32) float32 {
	w := float32(0)
	for _, c := range runes {
		w += runeWidth(c, size)
	}
	return w
}
