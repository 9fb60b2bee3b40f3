package native

import (
	"errors"
	"sync"

	"github.com/sqweek/dialog"
)

// Dialogs implements ui.Dialogs with sqweek/dialog. Its methods block until
// the user answers, so call them off Fyne's UI thread. The zero value is
// ready to use.
type Dialogs struct{}

// mu serialises the dialogs: GTK is not thread-safe, and two windows could
// ask at once.
var mu sync.Mutex

func filters(b *dialog.FileBuilder) *dialog.FileBuilder {
	return b.
		Filter("Pickle, joblib and PyTorch files", "pkl", "pickle", "pck", "joblib", "pt", "pth", "bin", "ckpt", "npy", "npz").
		Filter("All files", "*")
}

// OpenFile asks for a file to open. It returns "" and a nil error when the
// user cancels.
func (Dialogs) OpenFile(title string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	path, err := filters(dialog.File().Title(title)).Load()
	if errors.Is(err, dialog.ErrCancelled) {
		return "", nil
	}
	return path, err
}

// SaveFile asks for a file to write, starting with the suggested name. It
// returns "" and a nil error when the user cancels.
func (Dialogs) SaveFile(title, suggested string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	b := dialog.File().Title(title).Filter("JSON files", "json").Filter("All files", "*")
	if suggested != "" {
		b = b.SetStartFile(suggested)
	}
	path, err := b.Save()
	if errors.Is(err, dialog.ErrCancelled) {
		return "", nil
	}
	return path, err
}
