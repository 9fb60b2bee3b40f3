package view

import (
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"pklx/model"
	"pklx/model/pyrepr"
)

// MaxInline is how many characters of a string or bytes value a label
// shows before cutting it (the full length is shown after the cut).
const MaxInline = 80

// Summary is the one-line description of node n: a repr for scalars
// ('Arun', 3.14, b'\x00', os.system), the type and size for containers
// (list[3], dict[2]), and Class(attr=value, ...) for instances.
func Summary(p *model.Pickle, n model.NodeID) string {
	return summary(p, n, MaxInline)
}

// maxNesting is how deep a summary shows calls inside calls (the
// arguments of an argument's call ...): below it a call is its name and
// "(…)". The graph may be cyclic, and a call may be its own argument.
const maxNesting = 3

func summary(p *model.Pickle, n model.NodeID, width int) string {
	return nestedSummary(p, n, width, 0)
}

// nestedSummary is summary for a value depth levels of calls and
// instances down.
func nestedSummary(p *model.Pickle, n model.NodeID, width, depth int) string {
	if v, ok := Recognized(p, n); ok {
		return v.Summary()
	}
	s := ShapeOf(p, n)
	switch s.Form {
	case FormSeq:
		return fmt.Sprintf("%s[%d]", s.Type, seqLen(p, s))
	case FormMap:
		return fmt.Sprintf("dict[%d]", countKeys(p, n))
	case FormInstance:
		return instanceSummary(p, n, s, width, depth)
	case FormCall:
		return callSummary(p, n, s, depth)
	case FormOther:
		return s.Type
	}
	return scalarRepr(p, n, s, width)
}

func seqLen(p *model.Pickle, s Shape) int {
	if s.Items == model.NoNode {
		return 0
	}
	k := 0
	for _, e := range p.Edges(s.Items) {
		if e.Key == model.RoleItem {
			k++
		}
	}
	return k
}

func countKeys(p *model.Pickle, n model.NodeID) int {
	k := 0
	for _, e := range p.Edges(n) {
		if e.Key >= 0 {
			k++
		}
	}
	return k
}

// shortType is the class name without its module.
func shortType(t string) string {
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}

func instanceSummary(p *model.Pickle, n model.NodeID, s Shape, width, depth int) string {
	var b strings.Builder
	b.WriteString(shortType(s.Type))
	b.WriteByte('(')
	first := true
	for _, st := range []model.NodeID{s.State, s.Slots} {
		if st == model.NoNode {
			continue
		}
		for _, e := range p.Edges(st) {
			if e.Key < 0 {
				continue
			}
			name, ok := attrName(p, e.Key)
			if !ok {
				continue
			}
			if b.Len() > width {
				b.WriteString(", …")
				b.WriteByte(')')
				return b.String()
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(inlineValue(p, e.Val, 24, depth+1))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// inlineValue is a short form of a value inside another's summary, depth
// levels down.
func inlineValue(p *model.Pickle, n model.NodeID, width, depth int) string {
	s := ShapeOf(p, n)
	switch {
	case s.Form == FormScalar:
		return scalarRepr(p, n, s, width)
	case s.Form == FormInstance, s.Form == FormCall && depth >= maxNesting:
		return shortType(s.Type) + "(…)"
	}
	return nestedSummary(p, n, width, depth)
}

// callSummary is name(arg, ...) for call node n of shape s, depth levels
// down.
func callSummary(p *model.Pickle, n model.NodeID, s Shape, depth int) string {
	args := argsOf(p, n)
	parts := make([]string, 0, len(args))
	for i, a := range args {
		if i == 4 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, inlineValue(p, a, 24, depth+1))
	}
	name := s.Type
	if s.Callable != model.NoNode && p.Node(s.Callable).Kind == model.KindCall {
		if depth < maxNesting {
			name = callSummary(p, s.Callable, ShapeOf(p, s.Callable), depth+1)
		} else {
			name += "(…)"
		}
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// scalarRepr is Python's repr of a scalar, cut to about width characters.
func scalarRepr(p *model.Pickle, n model.NodeID, s Shape, width int) string {
	nd := p.Node(n)
	if s.Bytes != nil {
		r := cutBytes(s.Bytes, width)
		if s.Type == "bytearray" {
			return "bytearray(" + r + ")"
		}
		return r
	}
	switch nd.Kind {
	case model.KindNone:
		return "None"
	case model.KindBool:
		if nd.Val != 0 {
			return "True"
		}
		return "False"
	case model.KindInt:
		return fmt.Sprint(p.Int(n))
	case model.KindBigInt:
		return cutText(p.BigInt(n).String(), width+20)
	case model.KindFloat:
		return pyrepr.Float(p.Float(n))
	case model.KindStr:
		return cutStr(p, n, width)
	case model.KindStr8:
		return cutBytes(p.Bytes(n), width)
	case model.KindBytes:
		return cutBytes(p.Bytes(n), width)
	case model.KindByteArray:
		return "bytearray(" + cutBytes(p.Bytes(n), width) + ")"
	case model.KindGlobal:
		m, nm := GlobalName(p, n)
		return m + "." + nm
	case model.KindPersID:
		if t, ok := p.PersIDText(n); ok {
			return "persistent id " + pyrepr.Str(t)
		}
		return "persistent id"
	case model.KindExt:
		return fmt.Sprintf("extension code %d", nd.Val)
	case model.KindBuffer:
		ro := ""
		if nd.Flags&model.FlagReadonly != 0 {
			ro = ", read-only"
		}
		return fmt.Sprintf("out-of-band buffer #%d%s", nd.Val, ro)
	}
	return nd.Kind.String()
}

func cutText(s string, width int) string {
	if len(s) <= width {
		return s
	}
	return s[:width] + fmt.Sprintf("… (%d digits)", len(s))
}

// cutStr is the repr of a str node, cut after width characters with the
// full length noted.
func cutStr(p *model.Pickle, n model.NodeID, width int) string {
	if p.ByteLen(n) > int64(4*width+64) || p.StrHasSurrogate(n) {
		rs := p.StrRunes(n)
		if len(rs) <= width {
			return pyrepr.StrRunes(rs)
		}
		r := pyrepr.StrRunes(rs[:width])
		return r[:len(r)-1] + "…" + r[len(r)-1:] + fmt.Sprintf(" (%d chars)", len(rs))
	}
	s := p.Str(n)
	if utf8.RuneCountInString(s) <= width {
		return pyrepr.Str(s)
	}
	total := utf8.RuneCountInString(s)
	cut := 0
	for i := 0; i < width; i++ {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	r := pyrepr.Str(s[:cut])
	return r[:len(r)-1] + "…" + r[len(r)-1:] + fmt.Sprintf(" (%d chars)", total)
}

func cutBytes(b []byte, width int) string {
	if len(b) <= width {
		return pyrepr.Bytes(b)
	}
	r := pyrepr.Bytes(b[:width])
	return r[:len(r)-1] + "…" + r[len(r)-1:] + fmt.Sprintf(" (%d bytes)", len(b))
}

// KeyRepr is the repr of a dict key node as Python prints it: 'a', 1,
// (1, 2), None. Containers deeper than a few levels, or holding more than
// keyReprValues values in all, are cut with "…".
func KeyRepr(p *model.Pickle, n model.NodeID) string {
	budget := keyReprValues
	return reprBounded(p, n, 3, &budget)
}

// keyReprValues is how many values a key's repr shows at most: a key
// that shares one tuple at every level could otherwise stand for
// billions of them.
const keyReprValues = 64

// reprBounded is KeyRepr for a value depth levels from the cut, with
// *budget values left to show.
func reprBounded(p *model.Pickle, n model.NodeID, depth int, budget *int) string {
	if *budget <= 0 {
		return "…"
	}
	*budget--
	s := ShapeOf(p, n)
	if s.Form == FormScalar {
		return scalarRepr(p, n, s, 1<<20)
	}
	if depth == 0 {
		return "…"
	}
	if s.Form == FormSeq && s.Items != model.NoNode {
		var parts []string
		for _, e := range p.Edges(s.Items) {
			if e.Key != model.RoleItem {
				continue
			}
			if *budget <= 0 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, reprBounded(p, e.Val, depth-1, budget))
		}
		inner := strings.Join(parts, ", ")
		switch s.Type {
		case "tuple":
			if len(parts) == 1 {
				inner += ","
			}
			return "(" + inner + ")"
		case "list":
			return "[" + inner + "]"
		case "frozenset":
			if len(parts) == 0 {
				return "frozenset()"
			}
			return "frozenset({" + inner + "})"
		case "set":
			if len(parts) == 0 {
				return "set()"
			}
			return "{" + inner + "}"
		}
	}
	return summary(p, n, 40)
}

// Label is the text of a child row: "'scores': list[3]", "[2] 3.14",
// ".name = 'Arun'", "callable: os.system", or for a link
// "'b': ↪ same as ['a']" and "↻ cycle to the root".
func Label(p *model.Pickle, parent model.NodeID, c Child) string {
	key := KeyText(p, c)
	var val string
	switch c.Kind {
	case KeyView:
		return key + ": " + c.Text
	case KeyRaw:
		return key + ": " + RawSummary(p, c.Node)
	}
	if c.IsLink(p) {
		val = LinkText(p, parent, c.Node)
	} else {
		val = Summary(p, c.Node)
	}
	switch c.Kind {
	case KeyIndex:
		return key + " " + val
	case KeyAttr:
		return key + " = " + val
	case KeyRoot:
		return val
	}
	return key + ": " + val
}

// KeyText is how a row names its key: "[2]", "'scores'", ".name",
// "callable", "args[0]".
func KeyText(p *model.Pickle, c Child) string {
	switch c.Kind {
	case KeyIndex:
		return fmt.Sprintf("[%d]", c.Index)
	case KeyDict:
		return KeyRepr(p, c.KeyNode)
	case KeyAttr:
		return "." + c.Name
	case KeyRole:
		return c.Name
	case KeyArg:
		return fmt.Sprintf("args[%d]", c.Index)
	case KeyView:
		return c.Name
	case KeyRaw:
		return "{raw}"
	}
	return ""
}

// LinkText describes a link row that refers to node target from a row
// under parent: a cycle when target is parent or one of its owners,
// otherwise where the object is shown.
func LinkText(p *model.Pickle, parent, target model.NodeID) string {
	where := PathOf(p, target)
	if parent != model.NoNode && p.IsAncestor(target, parent) {
		if where == "" {
			return "↻ cycle to the root"
		}
		return "↻ cycle to " + where
	}
	if where == "" {
		return "↪ same as the root"
	}
	return "↪ same as " + where
}

// BigDigits is the decimal text of an int node (any size).
func BigDigits(p *model.Pickle, n model.NodeID) string {
	if p.Node(n).Kind == model.KindBigInt {
		return p.BigInt(n).String()
	}
	return big.NewInt(p.Int(n)).String()
}
