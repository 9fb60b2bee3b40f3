package ui

import (
	"errors"

	"fyne.io/fyne/v2"
)

// Dialogs are the native file dialogs (implemented by ui/native with
// sqweek/dialog; tests pass a fake).
type Dialogs interface {
	// OpenFile asks for a file to open; "" and a nil error when cancelled.
	OpenFile(title string) (string, error)
	// SaveFile asks for a file to write, suggesting a name; "" and a nil
	// error when cancelled.
	SaveFile(title, suggested string) (string, error)
}

// Run opens one window per path (the bundled sample when paths is empty) and
// runs the app.
func Run(a fyne.App, paths []string, d Dialogs) {
	w := a.NewWindow("Pickle Explorer")
	w.ShowAndRun()
}

// Snapshot opens the real window on path at width x height, waits until the
// file is decoded and the window drawn, writes the window's pixels to out
// (PNG) and quits.
func Snapshot(a fyne.App, path, out string, width, height int) error {
	return errors.New("not implemented yet")
}
