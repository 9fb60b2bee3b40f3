package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"pklx/model/export"
	"pklx/model/ml"
)

func cmdJSON(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("json", stderr)
	path := fs.String("path", "", "export the subtree at this path, e.g. ['scores'][1]")
	typed := fs.Bool("typed", false, "lossless tagged JSON ($tuple, $set, $int, ...)")
	out := fs.String("o", "", "write to this file (atomically) instead of standard output")
	arrays := fs.String("arrays", "", "write each NumPy array and tensor as a .npy file into this folder; the JSON refers to it")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(stderr, "usage: pklx json FILE [--path P] [--typed] [-o OUT] [--arrays DIR]")
	}
	if *arrays != "" && *typed {
		return usageError(stderr, "--arrays applies to plain JSON, not --typed")
	}
	src, f, ok := openFile(pos[0], stderr)
	if !ok {
		return exitUsage
	}
	defer src.Close()
	if len(f.Pickles) == 0 {
		fmt.Fprintf(stderr, "pklx: %s holds no pickle: %s\n", pos[0], strings.Join(f.Notes, " "))
		return exitUsage
	}
	p, n, ok := pickRoot(f, *path, stderr)
	if !ok {
		if f.Err() != nil {
			reportBroken(stderr, f)
			return exitBroken
		}
		return exitUsage
	}
	opts := export.Options{Typed: *typed, Indent: "  "}
	if *arrays != "" {
		if err := os.MkdirAll(*arrays, 0o755); err != nil {
			fmt.Fprintf(stderr, "pklx: %v\n", err)
			return exitUsage
		}
		opts.NPY = ml.NPYDir(*arrays)
	}
	if *out == "" {
		bw := bufio.NewWriter(stdout)
		if err := export.JSON(bw, p, n, opts); err != nil {
			fmt.Fprintf(stderr, "pklx: %v\n", err)
			return exitUsage
		}
		bw.WriteByte('\n')
		bw.Flush()
	} else if err := writeAtomic(*out, func(w io.Writer) error {
		if err := export.JSON(w, p, n, opts); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	}); err != nil {
		fmt.Fprintf(stderr, "pklx: %v\n", err)
		return exitUsage
	}
	if f.Err() != nil {
		reportBroken(stderr, f)
		return exitBroken
	}
	return exitOK
}

// writeAtomic writes a file through a temporary file in the same folder and
// renames it into place, so a failure never leaves half a file.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(tmp)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
