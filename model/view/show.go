package view

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"pklx/model"
)

// ShowOptions control WriteTree.
type ShowOptions struct {
	MaxDepth int // rows deeper than this are not printed (0: no limit)
	// Rows deeper than maxIndent levels are indented as maxIndent levels
	// followed by their depth in angle brackets, so that output stays linear
	// in the number of rows for any nesting.
	Indent string // per level; "  " when empty
}

// WriteTree prints node n and the rows below it as indented text, one row a
// line, exactly as the window's tree labels them: links are printed as
// links and never followed, so the output is finite for any graph. It uses
// an explicit stack, so any nesting depth is fine. Recognised objects
// (arrays, tensors, DataFrames, estimators, ...) show their ViewChildren:
// the library's view, then {raw} with the raw calls.
func WriteTree(w io.Writer, p *model.Pickle, n model.NodeID, opts ShowOptions) error {
	bw := bufio.NewWriter(w)
	indent := opts.Indent
	if indent == "" {
		indent = "  "
	}
	bw.WriteString(Summary(p, n))
	bw.WriteByte('\n')
	type frame struct {
		node     model.NodeID
		children []Child
		next     int
	}
	stack := []frame{{node: n, children: ViewChildren(p, n)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next >= len(top.children) || (opts.MaxDepth > 0 && len(stack) > opts.MaxDepth) {
			stack = stack[:len(stack)-1]
			continue
		}
		c := top.children[top.next]
		top.next++
		writeIndent(bw, indent, len(stack))
		bw.WriteString(Label(p, top.node, c))
		bw.WriteByte('\n')
		if kids, ok := expand(p, c); ok {
			stack = append(stack, frame{node: c.Node, children: kids})
		}
	}
	return bw.Flush()
}

// maxIndent is the deepest level indented in full by WriteTree.
const maxIndent = 64

func writeIndent(bw *bufio.Writer, indent string, level int) {
	if level <= maxIndent {
		bw.WriteString(strings.Repeat(indent, level))
		return
	}
	bw.WriteString(strings.Repeat(indent, maxIndent))
	bw.WriteString("<")
	bw.WriteString(strconv.Itoa(level))
	bw.WriteString("> ")
}
