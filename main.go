// Command pklx is the Pickle Explorer: a desktop explorer and command-line
// tool for Python pickle files that never executes them.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.pklx")
	w := a.NewWindow("Pickle Explorer")
	w.SetContent(widget.NewLabel("pklx"))
	w.ShowAndRun()
}
