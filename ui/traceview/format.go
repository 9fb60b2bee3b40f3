package traceview

import (
	"strconv"
	"unicode/utf8"

	"pklx/model"
	"pklx/model/pyrepr"
	"pklx/model/view"
)

// argMax is how many characters of an argument a row shows.
const argMax = 160

// maxIndent is the deepest MARK nesting shown by indentation; deeper rows
// are indented as far and start with the depth in brackets, so a hostile
// pickle of a million MARKs does not make million-space rows.
const maxIndent = 32

// indentLevel is the indentation per open MARK, as pickletools uses.
const indentLevel = 4

// offsetWidth is the width of the offset column for a pickle: pickletools'
// %5d, wider when the offsets need it so the column stays aligned.
func offsetWidth(p *model.Pickle) int {
	w := 5
	if n := p.NumOps(); n > 0 {
		if d := len(strconv.FormatInt(p.OpOffset(n-1), 10)); d > w {
			w = d
		}
	}
	return w
}

// appendRow appends the trace row of op c.i, which c is positioned before,
// in the form `python -m pickletools` prints:
//
//	14: \x8c     SHORT_BINUNICODE 'experiment'
//	38: u        SETITEMS   (MARK at 13)
func appendRow(dst []byte, c *cursor, width int) []byte {
	p, op := c.p, c.i
	off := strconv.AppendInt(nil, c.off, 10)
	for k := len(off); k < width; k++ {
		dst = append(dst, ' ')
	}
	dst = append(dst, off...)
	dst = append(dst, ':', ' ')

	code := c.code()
	col := len(dst)
	dst = appendCodeRepr(dst, code)
	for k := utf8.RuneCount(dst[col:]); k < 4; k++ {
		dst = append(dst, ' ')
	}
	dst = append(dst, ' ')
	dst = appendIndent(dst, c.depth)

	name := model.OpName(code)
	dst = append(dst, name...)
	info := model.Ops[code]
	hasArg := info.Valid && info.Arg != model.ArgNone
	note := ""
	switch {
	case c.popsMark(code):
		if c.depth == 0 {
			note = "no MARK exists on stack"
		} else if m := c.openMark(); m >= 0 {
			note = "(MARK at " + strconv.FormatInt(p.OpOffset(m), 10) + ")"
		} else {
			note = "(MARK at unknown opcode offset)"
		}
	case code == model.OpMemoize:
		note = "(as " + strconv.Itoa(c.memo) + ")"
	}
	if !hasArg && note == "" {
		return dst
	}
	for k := len(name); k < 10; k++ {
		dst = append(dst, ' ')
	}
	if hasArg {
		dst = append(dst, ' ')
		dst = append(dst, view.OpArgText(p, op, argMax)...)
	}
	if note != "" {
		dst = append(dst, ' ')
		dst = append(dst, note...)
	}
	return dst
}

// appendCodeRepr appends repr(opcode.code)[1:-1], the opcode byte as
// pickletools shows it: `(`, `}`, `\x80`, `\x94`.
func appendCodeRepr(dst []byte, code byte) []byte {
	q := pyrepr.Latin1([]byte{code})
	return append(dst, q[1:len(q)-1]...)
}

// appendIndent appends indentLevel spaces per open MARK, up to maxIndent
// levels; deeper rows start with the depth in brackets.
func appendIndent(dst []byte, depth int) []byte {
	if depth <= maxIndent {
		for k := 0; k < depth*indentLevel; k++ {
			dst = append(dst, ' ')
		}
		return dst
	}
	col := len(dst)
	dst = append(dst, '[')
	dst = strconv.AppendInt(dst, int64(depth), 10)
	dst = append(dst, ']')
	for len(dst)-col < maxIndent*indentLevel {
		dst = append(dst, ' ')
	}
	return dst
}
