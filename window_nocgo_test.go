//go:build !cgo

package main

import (
	"bytes"
	"strings"
	"testing"
)

// The command-line build has no window: asked for one it fails with a usage
// error that names the desktop build, and its help says so; the subcommands
// work as in the desktop build.
func TestCommandLineBuildHasNoWindow(t *testing.T) {
	for _, args := range [][]string{{}, {"assets/sample.pkl"}, {"snapshot", "assets/sample.pkl", "out.png"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitUsage {
			t.Errorf("pklx %v: exit %d, want %d", args, code, exitUsage)
		}
		if !strings.Contains(errb.String(), "desktop build") {
			t.Errorf("pklx %v: stderr %q does not name the desktop build", args, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"help"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "command-line build") {
		t.Errorf("pklx help: exit %d, output does not mention the command-line build:\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"stat", "assets/sample.pkl"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "protocol") {
		t.Errorf("pklx stat assets/sample.pkl: exit %d, output:\n%s", code, out.String())
	}
}
