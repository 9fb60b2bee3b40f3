package main

import (
	"fmt"
	"io"

	"pklx/decoder"
	"pklx/decoder/diagnose"
)

// cmdCheck is "pklx check FILE [--json]": what the file is and why it will
// not load. The logic is diagnose.RunCheck; this parses flags and opens the
// file. Exit 0: a sound pickle; 1: not; 2: usage or I/O error.
func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(stderr, "usage: pklx check FILE [--json]")
	}
	src, err := decoder.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "pklx: %v\n", err)
		return exitUsage
	}
	defer src.Close()
	return diagnose.RunCheck(stdout, pos[0], src.Data, *asJSON)
}

// cmdScan is "pklx scan FILE [--json]": what loading the file would import
// and run. The logic is diagnose.RunScan. Exit 0: nothing dangerous or
// unknown; 1: something dangerous; 3: only unknown globals or unread
// bytes; 2: usage or I/O error.
func cmdScan(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("scan", stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(stderr, "usage: pklx scan FILE [--json]")
	}
	src, err := decoder.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "pklx: %v\n", err)
		return exitUsage
	}
	defer src.Close()
	return diagnose.RunScan(stdout, pos[0], src.Data, *asJSON)
}
