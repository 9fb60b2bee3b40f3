//go:build !cgo

package main

import "io"

// buildNote ends "pklx help" in the command-line build.
const buildNote = `
This is the command-line build of pklx (built without cgo): it has no window, so
"pklx [FILE ...]" and "pklx snapshot" need the desktop build (make build).
`

// openWindow explains that this build has no window.
func openWindow(_ []string, stderr io.Writer) int {
	return usageError(stderr, "this command-line build has no window (built without cgo); "+
		"use a subcommand (pklx help) or the desktop build (make build) for the explorer")
}

// cmdSnapshot explains that this build cannot draw the window.
func cmdSnapshot(_ []string, stderr io.Writer) int {
	return usageError(stderr, "snapshot draws the window, which this command-line build (built without cgo) "+
		"does not have; use the desktop build (make build)")
}
