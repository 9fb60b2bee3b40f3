//go:build cgo

package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"pklx/assets"
	"pklx/ui"
	"pklx/ui/native"
)

// buildNote ends "pklx help": the desktop build has nothing to add.
const buildNote = ""

// appID is the application ID, as in FyneApp.toml.
const appID = "io.github.pklx"

// newApp makes the Fyne app with the metadata of FyneApp.toml, which a
// plain "go build" does not embed: the ID, name, icon and the fyneDo
// migration (every widget update goes through fyne.Do).
func newApp() fyne.App {
	app.SetMetadata(fyne.AppMetadata{
		ID:         appID,
		Name:       "Pickle Explorer",
		Version:    "0.1.0",
		Build:      1,
		Icon:       fyne.NewStaticResource("icon.png", assets.Icon),
		Migrations: map[string]bool{"fyneDo": true},
	})
	return app.NewWithID(appID)
}

// openWindow opens the explorer on the files and returns when it closes.
func openWindow(files []string, _ io.Writer) int {
	ui.Run(newApp(), files, native.Dialogs{})
	return exitOK
}

// cmdSnapshot renders the real window on a file to a PNG.
func cmdSnapshot(args []string, stderr io.Writer) int {
	fs := newFlagSet("snapshot", stderr)
	size := fs.String("size", "1400x900", "window size WxH")
	var opts ui.SnapshotOptions
	fs.Func("open", "open the row at this path first (repeatable; PATH{raw} opens its {raw} row)", func(p string) error {
		opts.Open = append(opts.Open, p)
		return nil
	})
	fs.StringVar(&opts.Select, "select", "", "select the row at this path")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 2 {
		return usageError(stderr, "usage: pklx snapshot FILE OUT.png [--size WxH] [--open PATH]... [--select PATH]")
	}
	w, h, ok := parseSize(*size)
	if !ok {
		return usageError(stderr, "bad --size %q, want WxH such as 1400x900", *size)
	}
	if err := ui.Snapshot(newApp(), pos[0], pos[1], w, h, opts); err != nil {
		fmt.Fprintf(stderr, "pklx: snapshot: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func parseSize(s string) (int, int, bool) {
	ws, hs, ok := strings.Cut(s, "x")
	if !ok {
		return 0, 0, false
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil || w < 100 || h < 100 || w > 10000 || h > 10000 {
		return 0, 0, false
	}
	return w, h, true
}
