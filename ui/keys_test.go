package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// A focused keyButton or keyLink is pressed by Space, Return and Enter, as
// a button; every other key goes to the canvas's typed-key handler.
func TestKeyButtonAndLinkPassOnKeys(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(tapped func()) fyne.Focusable
	}{
		{"button", func(tapped func()) fyne.Focusable { return newKeyButton("Go", theme.SearchIcon(), tapped) }},
		{"link", func(tapped func()) fyne.Focusable { return newKeyLink("['a'][0]   (owner)", tapped) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			test.NewTempApp(t)
			tapped := 0
			w := c.make(func() { tapped++ })
			win := rowWindow(t, w.(fyne.CanvasObject), 300)
			cv := win.Canvas()
			var passed []fyne.KeyName
			cv.SetOnTypedKey(func(ev *fyne.KeyEvent) { passed = append(passed, ev.Name) })
			cv.Focus(w)
			if cv.Focused() != w {
				t.Fatalf("the %s does not take the focus", c.name)
			}
			for _, k := range []struct {
				key    fyne.KeyName
				tapped bool
			}{
				{fyne.KeySpace, true},
				{fyne.KeyReturn, true},
				{fyne.KeyEnter, true},
				{fyne.KeyF5, false},
				{fyne.KeyF3, false},
				{fyne.KeyEscape, false},
				{fyne.KeyDown, false},
			} {
				tapped, passed = 0, nil
				press(win, k.key, 0)
				switch {
				case k.tapped && (tapped != 1 || len(passed) != 0):
					t.Errorf("%s: tapped %d times, passed on %v; want a tap", k.key, tapped, passed)
				case !k.tapped && (tapped != 0 || len(passed) != 1 || passed[0] != k.key):
					t.Errorf("%s: tapped %d times, passed on %v; want it passed on", k.key, tapped, passed)
				}
			}
		})
	}
}
