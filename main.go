// Command pklx is the Pickle Explorer: a desktop explorer and command-line
// tool for Python pickle files that decodes them symbolically and never
// imports, resolves or runs anything from them.
//
// Without a subcommand it opens the explorer window on the named files (the
// bundled sample when none is named); the subcommands (dis, show, json, stat,
// scan, check, snapshot) are described by "pklx help".
//
// The same package builds two ways. The desktop build (cgo, the default) has
// the window and every subcommand; window.go is its only file that imports
// Fyne. Built with CGO_ENABLED=0 (make cli), it is the command line alone: a
// static binary that needs no GL, X11 or GTK libraries, starts in a
// millisecond instead of tens, and runs on servers and in CI images; asked for
// a window it says which build to use (window_nocgo.go).
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if isHelp(args[0]) {
			fmt.Fprint(stdout, cliUsage+buildNote)
			return exitOK
		}
		if cmd, ok := cliCommands[args[0]]; ok {
			return cmd(args[1:], stdout, stderr)
		}
		if args[0] == "snapshot" {
			return cmdSnapshot(args[1:], stderr)
		}
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			return usageError(stderr, "unknown option %s (see pklx help)", a)
		}
	}
	return openWindow(args, stderr)
}
