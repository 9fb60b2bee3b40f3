package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"pklx/decoder"
	"pklx/decoder/container"
	"pklx/model"
	"pklx/model/view"
)

// Exit codes of the command line.
const (
	exitOK     = 0
	exitBroken = 1
	exitUsage  = 2
)

// cliCommands are the subcommands that never open a window.
var cliCommands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"dis":   cmdDis,
	"show":  cmdShow,
	"json":  cmdJSON,
	"stat":  cmdStat,
	"scan":  cmdScan,
	"check": cmdCheck,
}

// usageError prints a one-line usage problem and returns exitUsage.
func usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "pklx: "+format+"\n", args...)
	return exitUsage
}

// parseFlags parses flags that may come before or after the FILE argument.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("pklx "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// openFile reads and decodes one input; it reports I/O errors itself.
func openFile(path string, stderr io.Writer) (*decoder.Source, *model.File, bool) {
	src, err := decoder.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "pklx: %v\n", err)
		return nil, nil, false
	}
	// Containers (PyTorch zip, joblib, .npy/.npz, compressed pickles) are
	// opened by content; a plain pickle decodes as decoder.Decode does.
	f, _ := container.LoadWith(path, src.Data, decoder.Options{Release: src.Release})
	return src, f, true
}

// reportBroken prints the decoding error in one actionable line.
func reportBroken(stderr io.Writer, f *model.File) {
	if err := f.Err(); err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
	}
}

func cmdDis(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("dis", stderr)
	all := fs.Bool("all", false, "go on through every pickle in the file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(stderr, "usage: pklx dis FILE [--all]")
	}
	src, err := decoder.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "pklx: %v\n", err)
		return exitUsage
	}
	defer src.Close()
	opts := decoder.DisOptions{All: *all, Release: src.Release}
	if looksLikeContainer(src.Data) {
		c, _ := container.Open(pos[0], src.Data)
		err = container.Dis(stdout, c, opts)
	} else {
		// A plain pickle streams straight through, without building a model.
		err = decoder.Dis(stdout, src.Data, opts)
	}
	var de *decoder.DisError
	if errors.As(err, &de) {
		fmt.Fprintf(stderr, "error: %v\n", de)
		return exitBroken
	}
	if err != nil {
		fmt.Fprintf(stderr, "pklx: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// looksLikeContainer tells by the first bytes whether data needs
// decoder/container to disassemble: a zip (PyTorch, .npz), an .npy, a
// compressed stream, a legacy PyTorch checkpoint (its first pickle is the
// magic number 0x1950a86a20f9469cfc6c), or a joblib file (its first
// kilobytes name joblib's array wrapper).
func looksLikeContainer(data []byte) bool {
	head := data[:min(len(data), 1<<16)]
	for _, magic := range []string{
		"PK\x03\x04", "PK\x05\x06", "\x93NUMPY", "\x1f\x8b", "BZh", "\xfd7zXZ\x00",
		"\x04\x22\x4d\x18", "\x5d\x00\x00", "ZF", "\x78\x01", "\x78\x5e", "\x78\x9c", "\x78\xda",
	} {
		if bytes.HasPrefix(head, []byte(magic)) {
			return true
		}
	}
	return bytes.Contains(head[:min(len(head), 32)], []byte("\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19")) ||
		bytes.Contains(head, []byte("joblib.numpy_pickle"))
}

// pickRoot resolves --path in the pickle that holds it and returns the node.
// In a container that is the pickle holding the file's object
// (container.Main: a legacy torch checkpoint's object, not its magic number).
func pickRoot(f *model.File, path string, stderr io.Writer) (*model.Pickle, model.NodeID, bool) {
	i := container.Main(f)
	if i < 0 {
		fmt.Fprintf(stderr, "pklx: %s holds no pickle: %s\n", f.Name, strings.Join(f.Notes, " "))
		return nil, model.NoNode, false
	}
	p := f.Pickles[i]
	root := p.Root()
	if root == model.NoNode {
		for i := len(p.Stack()) - 1; i >= 0; i-- {
			if !p.Stack()[i].Mark {
				root = p.Stack()[i].Node
				break
			}
		}
	}
	if root == model.NoNode {
		fmt.Fprintf(stderr, "pklx: nothing decoded\n")
		return nil, model.NoNode, false
	}
	if path != "" {
		n, err := view.Resolve(p, root, path)
		if err != nil {
			fmt.Fprintf(stderr, "pklx: %v\n", err)
			return nil, model.NoNode, false
		}
		root = n
	}
	return p, root, true
}

func cmdShow(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("show", stderr)
	depth := fs.Int("depth", 0, "print at most N levels below the object (0: all)")
	path := fs.String("path", "", "start at this path, e.g. ['scores'][1]")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(stderr, "usage: pklx show FILE [--depth N] [--path P]")
	}
	src, f, ok := openFile(pos[0], stderr)
	if !ok {
		return exitUsage
	}
	defer src.Close()
	opts := view.ShowOptions{MaxDepth: *depth}
	if *path != "" {
		p, n, ok := pickRoot(f, *path, stderr)
		if !ok {
			return exitUsage
		}
		view.WriteTree(stdout, p, n, opts)
	} else {
		if len(f.Pickles) == 0 {
			fmt.Fprintf(stderr, "pklx: %s holds no pickle: %s\n", pos[0], strings.Join(f.Notes, " "))
			return exitUsage
		}
		for i, p := range f.Pickles {
			if p.Source() != "" {
				fmt.Fprintf(stdout, "# %s (protocol %d)\n", p.Source(), p.Protocol())
			} else if len(f.Pickles) > 1 {
				fmt.Fprintf(stdout, "# pickle %d at offset %d (protocol %d)\n", i, p.Span().Start, p.Protocol())
			}
			if p.Root() != model.NoNode {
				view.WriteTree(stdout, p, p.Root(), opts)
				continue
			}
			fmt.Fprintf(stdout, "# broken: the stack when decoding stopped\n")
			for _, s := range p.Stack() {
				if s.Mark {
					fmt.Fprintf(stdout, "MARK (at offset %d)\n", p.OpOffset(int(s.MarkOp)))
					continue
				}
				view.WriteTree(stdout, p, s.Node, opts)
			}
		}
		if f.Trailing.Len() > 0 {
			fmt.Fprintf(stdout, "# %d trailing bytes at offset %d are not a pickle\n", f.Trailing.Len(), f.Trailing.Start)
		}
	}
	if f.Err() != nil {
		reportBroken(stderr, f)
		return exitBroken
	}
	return exitOK
}

func cmdStat(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("stat", stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(stderr, "usage: pklx stat FILE")
	}
	src, f, ok := openFile(pos[0], stderr)
	if !ok {
		return exitUsage
	}
	defer src.Close()
	writeStat(stdout, f)
	if f.Err() != nil {
		reportBroken(stderr, f)
		return exitBroken
	}
	return exitOK
}

// writeStat prints the summary of a decoded file.
func writeStat(w io.Writer, f *model.File) {
	fmt.Fprintf(w, "file:       %s\n", f.Name)
	fmt.Fprintf(w, "size:       %d bytes\n", len(f.Data))
	if f.Format != "" && f.Format != "pickle" {
		fmt.Fprintf(w, "format:     %s\n", f.Format)
	}
	fmt.Fprintf(w, "pickles:    %d\n", len(f.Pickles))
	for i, p := range f.Pickles {
		fmt.Fprintf(w, "pickle %d:\n", i)
		if p.Source() != "" {
			fmt.Fprintf(w, "  source:     %s\n", p.Source())
		}
		fmt.Fprintf(w, "  span:       %d-%d (%d bytes)\n", p.Span().Start, p.Span().End, p.Span().Len())
		fmt.Fprintf(w, "  protocol:   %d\n", p.Protocol())
		fmt.Fprintf(w, "  ops:        %d\n", p.NumOps())
		fmt.Fprintf(w, "  nodes:      %d\n", p.NumNodes())
		fmt.Fprintf(w, "  edges:      %d\n", p.NumEdges())
		fmt.Fprintf(w, "  memo:       %d\n", p.MemoLen())
		fmt.Fprintf(w, "  max depth:  %d\n", p.MaxDepth())
		globals := globalsOf(p)
		fmt.Fprintf(w, "  globals:    %d\n", len(globals))
		for _, g := range globals {
			fmt.Fprintf(w, "    %s\n", g)
		}
		if len(p.Warnings()) > 0 {
			fmt.Fprintf(w, "  warnings:   %d\n", len(p.Warnings()))
			for i, wn := range p.Warnings() {
				if i == 20 {
					fmt.Fprintf(w, "    …\n")
					break
				}
				fmt.Fprintf(w, "    offset %d (%s): %s\n", wn.Offset, model.OpName(wn.Op), wn.Msg)
			}
		}
		if err := p.Err(); err != nil {
			fmt.Fprintf(w, "  error:      %v\n", err)
		}
	}
	fmt.Fprintf(w, "trailing:   %d bytes\n", f.Trailing.Len())
}

// globalsOf lists the distinct globals a pickle names, sorted.
func globalsOf(p *model.Pickle) []string {
	seen := map[string]bool{}
	for i := 0; i < p.NumNodes(); i++ {
		n := model.NodeID(i)
		if p.Kind(n) == model.KindGlobal {
			m, nm := p.Global(n)
			seen[m+"."+nm] = true
		}
	}
	out := make([]string, 0, len(seen))
	for g := range seen {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// cliUsage is printed by "pklx help".
const cliUsage = `pklx: the Pickle Explorer. It decodes pickles symbolically and never runs them.

usage:
  pklx [FILE ...]                      open the explorer window (the bundled sample without FILE)
  pklx snapshot FILE OUT.png [--size WxH] [--open PATH]... [--select PATH]  render the window on FILE to a PNG and exit
  pklx dis FILE [--all]                disassemble like python -m pickletools
  pklx show FILE [--depth N] [--path P]  print the object tree as the window shows it
  pklx json FILE [--path P] [--typed] [-o OUT] [--arrays DIR]  export to JSON (--arrays: arrays as .npy files)
  pklx stat FILE                       summary: pickles, protocol, ops, nodes, memo, globals
  pklx scan FILE [--json]              what loading it would import and run (exit 1 dangerous, 3 unknown)
  pklx check FILE [--json]             what the file is and why it will not load (exit 1 if not sound)

FILE may be - for standard input. Exit codes: 0 ok, 1 the pickle is broken, 2 usage or I/O error.
`

func isHelp(s string) bool {
	return s == "help" || s == "-h" || s == "--help" || s == "-help"
}
