package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"pklx/decoder"
	"pklx/decoder/container"
	"pklx/decoder/diagnose"
	"pklx/model/safety"
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
	if r := checkContainer(pos[0], src.Data); r != nil {
		if err := writeReport(stdout, r, *asJSON, diagnose.WriteCheck); err != nil {
			return exitUsage
		}
		return r.ExitCode()
	}
	return diagnose.RunCheck(stdout, pos[0], src.Data, *asJSON)
}

// checkContainer checks a file that decoder/container reads by its
// pickles (a joblib dump, plain or compressed; a legacy PyTorch
// checkpoint; an .npz with object arrays; a pickle compressed in a way
// diagnose cannot undo), so that bytes that belong to the container are
// not read as a damaged pickle. It returns nil for any other file, which
// diagnose checks itself (plain pickles, with its repairs and
// recoveries; zip archives, including PyTorch's; .npy files; files that
// are not pickles at all).
func checkContainer(name string, data []byte) *diagnose.CheckReport {
	if !looksLikeContainer(data) {
		return nil
	}
	c, err := container.Open(name, data)
	if c == nil || errors.Is(err, container.ErrNoPickle) {
		return nil // e.g. an .npz of numbers: diagnose says what it is
	}
	base, comp, _ := strings.Cut(strings.TrimSuffix(c.Format, ")"), " (")
	// diagnose reads gzip, bz2 and zlib itself; decoder/container also
	// reads xz, lzma and lz4.
	own := map[string]bool{"xz": true, "lzma": true, "lz4": true}
	switch {
	case base == "joblib", base == "pytorch legacy", base == "npz":
	case own[comp]:
	case comp == "" && own[base] && err != nil: // could not be decompressed
	default:
		return nil
	}
	o := diagnose.Opened{Format: c.Format, Notes: c.Notes, Err: err}
	for _, part := range c.Parts {
		if part.Kind != container.KindPickle || part.File == nil {
			continue
		}
		name := part.Name
		if len(part.Gaps) > 0 {
			name += " (its offsets leave out the arrays' raw bytes)"
		}
		o.Parts = append(o.Parts, diagnose.Part{Name: name, How: c.Format, Offset: part.Offset,
			Data: part.Data, File: part.File, Err: part.Err})
	}
	if len(o.Parts) == 0 && err == nil {
		return nil
	}
	return diagnose.CheckOpened(name, data, o)
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
	if r := scanContainer(pos[0], src.Data); r != nil {
		if err := writeReport(stdout, r, *asJSON, diagnose.WriteScan); err != nil {
			return exitUsage
		}
		return r.ExitCode()
	}
	return diagnose.RunScan(stdout, pos[0], src.Data, *asJSON)
}

// scanContainer scans the pickles of a joblib or legacy PyTorch file, whose
// pickle streams have raw bytes between or after them that diagnose's own
// reader does not know (it cannot import the container package, which
// imports it). It returns nil for any other file.
func scanContainer(name string, data []byte) *diagnose.ScanReport {
	c, err := container.Open(name, data)
	if err != nil || !strings.HasPrefix(c.Format, "joblib") && c.Format != "pytorch legacy" {
		return nil
	}
	r := &diagnose.ScanReport{Name: name, Size: len(data)}
	for _, part := range c.Parts {
		if part.File == nil || len(part.File.Pickles) == 0 {
			continue
		}
		sp := diagnose.ScanPart{Name: part.Name, How: c.Format, Report: safety.Scan(part.File)}
		if sp.Report.Verdict > r.Verdict {
			r.Verdict = sp.Report.Verdict
		}
		r.Parts = append(r.Parts, sp)
	}
	if len(r.Parts) == 0 {
		return nil
	}
	return r
}

// writeReport writes a check or scan report as indented JSON or as text.
func writeReport[R any](w io.Writer, r R, asJSON bool, text func(io.Writer, R) error) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return text(w, r)
}
