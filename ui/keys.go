package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Fyne's desktop driver gives a key without Ctrl or Alt (F5, F3, Escape)
// to the focused widget's TypedKey only, and calls the canvas's typed-key
// handler, where the window runs its plain-key commands, only when nothing
// has the focus. Every focusable widget of the window therefore passes on
// the keys it does not use: the tree and the find entry call
// explorer.handleKey, the viewports and selText call the canvas's handler,
// and the buttons and links are keyButton and keyLink.

// passKey gives ev to the typed-key handler of o's canvas, as Fyne would
// if nothing had the focus.
func passKey(o fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil {
		if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	}
}

// activates reports whether key presses a focused button or link: Space,
// as in Fyne, and Return or Enter, as in most desktop toolkits.
func activates(key fyne.KeyName) bool {
	return key == fyne.KeySpace || key == fyne.KeyReturn || key == fyne.KeyEnter
}

// keyButton is a widget.Button that passes the keys it does not use to the
// window (a stock Button drops every key but Space).
type keyButton struct {
	widget.Button
}

// newKeyButton is widget.NewButtonWithIcon for a keyButton.
func newKeyButton(label string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey is part of fyne.Focusable: Space, Return and Enter press the
// button; any other key goes to the window.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	if activates(ev.Name) {
		b.Button.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		return
	}
	passKey(b, ev)
}

// keyLink is a widget.Hyperlink that runs a function when it is tapped and
// passes the keys it does not use to the window (a stock Hyperlink drops
// every key but Space).
type keyLink struct {
	widget.Hyperlink
}

// newKeyLink makes a link with text that calls tapped.
func newKeyLink(text string, tapped func()) *keyLink {
	l := &keyLink{}
	l.Text, l.OnTapped = text, tapped
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey is part of fyne.Focusable: Space, Return and Enter follow the
// link; any other key goes to the window.
func (l *keyLink) TypedKey(ev *fyne.KeyEvent) {
	if activates(ev.Name) {
		l.Hyperlink.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		return
	}
	passKey(l, ev)
}

// heldModifiers reports the modifier keys held down, when the driver is a
// desktop one that knows.
func heldModifiers(a fyne.App) fyne.KeyModifier {
	if d, ok := a.Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}
