package view

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"pklx/model"
	"pklx/model/pyrepr"
)

// Segment is the path step that reaches child c from its parent, written as
// Python would index the loaded object: [2], ['scores'], [(1, 2)], .name.
// Parts of a call that Python cannot index are written in braces:
// {callable}, {args}[0], {state}, {kwargs}, {pid}.
func Segment(p *model.Pickle, c Child) string {
	switch c.Kind {
	case KeyIndex:
		return fmt.Sprintf("[%d]", c.Index)
	case KeyDict:
		return "[" + KeyRepr(p, c.KeyNode) + "]"
	case KeyAttr:
		if isIdent(c.Name) {
			return "." + c.Name
		}
		return ".__dict__[" + pyrepr.Str(c.Name) + "]"
	case KeyRole:
		return "{" + c.Name + "}"
	case KeyArg:
		return fmt.Sprintf("{args}[%d]", c.Index)
	}
	return ""
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

// PathOf is the path from the top-level object to node n along its owner
// chain ("" for the top-level object itself), e.g. ['layers'][0].weight.
func PathOf(p *model.Pickle, n model.NodeID) string {
	_, rows, ok := rowChain(p, n)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(Segment(p, r.child))
	}
	return b.String()
}

// PathError is a path that does not parse or does not lead anywhere.
type PathError struct {
	Path string
	Pos  int // byte position in Path where it went wrong
	Msg  string
}

func (e *PathError) Error() string {
	return fmt.Sprintf("path %s: at position %d: %s", e.Path, e.Pos, e.Msg)
}

// step is one parsed path segment.
type step struct {
	kind  KeyKind // KeyIndex/KeyDict (bracket), KeyAttr (.name), KeyRole ({name}), KeyArg ({args}[i])
	canon string  // canonical repr of a bracket literal, the name for attrs and roles
	index *big.Int
	pos   int
}

// Resolve follows path from node start and returns the node it names.
// Brackets index sequences by position (negative counts from the end) and
// dicts by key; .name reads an instance attribute; {callable}, {args}[i],
// {state}, {kwargs} and {pid} reach the parts of a call.
func Resolve(p *model.Pickle, start model.NodeID, path string) (model.NodeID, error) {
	steps, err := parsePath(path)
	if err != nil {
		return model.NoNode, err
	}
	cur := start
	for _, st := range steps {
		cs := Children(p, cur)
		next := -1
		switch st.kind {
		case KeyIndex:
			s := ShapeOf(p, cur)
			if s.Form == FormSeq || (s.Form != FormMap && st.index != nil && !hasDictKeys(cs)) {
				if st.index == nil || !st.index.IsInt64() {
					return model.NoNode, &PathError{path, st.pos, "a sequence index must be an int"}
				}
				i := int(st.index.Int64())
				items := 0
				for _, c := range cs {
					if c.Kind == KeyIndex {
						items++
					}
				}
				if i < 0 {
					i += items
				}
				for k, c := range cs {
					if c.Kind == KeyIndex && c.Index == i {
						next = k
					}
				}
				if next < 0 {
					return model.NoNode, &PathError{path, st.pos, fmt.Sprintf("index %s out of range (%d items)", st.index, items)}
				}
				break
			}
			for k, c := range cs {
				if (c.Kind == KeyDict || c.Kind == KeyAttr) && KeyRepr(p, c.KeyNode) == st.canon {
					next = k
				}
			}
			if next < 0 {
				return model.NoNode, &PathError{path, st.pos, "no key " + st.canon}
			}
		case KeyAttr:
			for k, c := range cs {
				if c.Kind == KeyAttr && c.Name == st.canon {
					next = k
				}
			}
			if next < 0 {
				return model.NoNode, &PathError{path, st.pos, "no attribute " + st.canon}
			}
		case KeyRole:
			for k, c := range cs {
				if c.Kind == KeyRole && c.Name == st.canon {
					next = k
					break
				}
			}
			if next < 0 {
				return model.NoNode, &PathError{path, st.pos, "no {" + st.canon + "} here"}
			}
		case KeyArg:
			for k, c := range cs {
				if c.Kind == KeyArg && st.index != nil && st.index.IsInt64() && int64(c.Index) == st.index.Int64() {
					next = k
				}
			}
			if next < 0 {
				// A call whose rows show its arguments tuple as {args}
				// (Segment writes its items as {args}[i] too).
				for _, c := range cs {
					if c.Kind == KeyRole && c.Name == "args" && st.index != nil && st.index.IsInt64() {
						cs = Children(p, c.Node)
						for k, a := range cs {
							if a.Kind == KeyIndex && int64(a.Index) == st.index.Int64() {
								next = k
							}
						}
						break
					}
				}
			}
			if next < 0 {
				return model.NoNode, &PathError{path, st.pos, "no such argument"}
			}
		}
		cur = cs[next].Node
	}
	return cur, nil
}

func hasDictKeys(cs []Child) bool {
	for _, c := range cs {
		if c.Kind == KeyDict {
			return true
		}
	}
	return false
}

func parsePath(path string) ([]step, error) {
	var steps []step
	i := 0
	for i < len(path) {
		switch c := path[i]; {
		case c == ' ':
			i++
		case c == '.':
			j := i + 1
			for j < len(path) && (isIdentByte(path[j])) {
				j++
			}
			name := path[i+1 : j]
			if name == "__dict__" && j < len(path) && path[j] == '[' {
				lit, end, err := parseLiteral(path, j+1)
				if err != nil {
					return nil, err
				}
				s, ok := lit.(string)
				if !ok {
					return nil, &PathError{path, j, "an attribute name must be a str"}
				}
				steps = append(steps, step{kind: KeyAttr, canon: s, pos: i})
				i = end
				continue
			}
			if name == "" {
				return nil, &PathError{path, i, "expected an attribute name after '.'"}
			}
			steps = append(steps, step{kind: KeyAttr, canon: name, pos: i})
			i = j
		case c == '{':
			j := strings.IndexByte(path[i:], '}')
			if j < 0 {
				return nil, &PathError{path, i, "unclosed '{'"}
			}
			name := path[i+1 : i+j]
			end := i + j + 1
			if name == "args" && end < len(path) && path[end] == '[' {
				lit, e2, err := parseLiteral(path, end+1)
				if err != nil {
					return nil, err
				}
				bi, ok := lit.(*big.Int)
				if !ok {
					return nil, &PathError{path, end, "an argument index must be an int"}
				}
				steps = append(steps, step{kind: KeyArg, index: bi, pos: i})
				i = e2
				continue
			}
			switch name {
			case "callable", "args", "kwargs", "state", "pid":
			default:
				return nil, &PathError{path, i, "unknown part {" + name + "}"}
			}
			steps = append(steps, step{kind: KeyRole, canon: name, pos: i})
			i = end
		case c == '[':
			lit, end, err := parseLiteral(path, i+1)
			if err != nil {
				return nil, err
			}
			st := step{kind: KeyIndex, canon: canonical(lit), pos: i}
			if bi, ok := lit.(*big.Int); ok {
				st.index = bi
			}
			steps = append(steps, st)
			i = end
		default:
			return nil, &PathError{path, i, fmt.Sprintf("unexpected %q", c)}
		}
	}
	return steps, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// tupleLit is a parsed tuple literal.
type tupleLit []any

// bytesLit is a parsed bytes literal.
type bytesLit []byte

// parseLiteral parses a Python literal starting at i and the closing ']'
// after it; it returns the value and the position after the ']'.
func parseLiteral(path string, i int) (any, int, error) {
	v, j, err := parseValue(path, i)
	if err != nil {
		return nil, 0, err
	}
	j = skipSpace(path, j)
	if j >= len(path) || path[j] != ']' {
		return nil, 0, &PathError{path, j, "expected ']'"}
	}
	return v, j + 1, nil
}

func skipSpace(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

func parseValue(s string, i int) (any, int, error) {
	i = skipSpace(s, i)
	if i >= len(s) {
		return nil, i, &PathError{s, i, "expected a value"}
	}
	switch c := s[i]; {
	case c == '\'' || c == '"':
		str, j, err := parseQuoted(s, i)
		return str, j, err
	case c == 'b' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"'):
		str, j, err := parseQuoted(s, i+1)
		if err != nil {
			return nil, 0, err
		}
		b := make([]byte, 0, len(str))
		for _, r := range str {
			b = append(b, byte(r))
		}
		return bytesLit(b), j, nil
	case c == '(':
		var items tupleLit
		j := skipSpace(s, i+1)
		for j < len(s) && s[j] != ')' {
			v, k, err := parseValue(s, j)
			if err != nil {
				return nil, 0, err
			}
			items = append(items, v)
			k = skipSpace(s, k)
			if k < len(s) && s[k] == ',' {
				k++
			}
			j = skipSpace(s, k)
		}
		if j >= len(s) {
			return nil, 0, &PathError{s, i, "unclosed '('"}
		}
		return items, j + 1, nil
	default:
		j := i
		for j < len(s) && strings.IndexByte("],) ", s[j]) < 0 {
			j++
		}
		word := s[i:j]
		switch word {
		case "None":
			return nil, j, nil
		case "True":
			return true, j, nil
		case "False":
			return false, j, nil
		}
		if bi, ok := new(big.Int).SetString(strings.ReplaceAll(word, "_", ""), 10); ok {
			return bi, j, nil
		}
		if f, err := strconv.ParseFloat(word, 64); err == nil {
			return f, j, nil
		}
		return nil, 0, &PathError{s, i, fmt.Sprintf("not a literal: %q", word)}
	}
}

// parseQuoted parses a quoted Python string with the common escapes.
func parseQuoted(s string, i int) (string, int, error) {
	q := s[i]
	var b strings.Builder
	j := i + 1
	for j < len(s) {
		c := s[j]
		if c == q {
			return b.String(), j + 1, nil
		}
		if c == '\\' && j+1 < len(s) {
			j++
			switch e := s[j]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'x', 'u', 'U':
				n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
				if j+n < len(s) {
					if v, err := strconv.ParseUint(s[j+1:j+1+n], 16, 32); err == nil {
						b.WriteRune(rune(v))
						j += n + 1
						continue
					}
				}
				b.WriteByte('\\')
				b.WriteByte(e)
			default:
				b.WriteByte(e)
			}
			j++
			continue
		}
		b.WriteByte(c)
		j++
	}
	return "", 0, &PathError{s, i, "unclosed string"}
}

// canonical is the repr KeyRepr would give for a parsed literal.
func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case *big.Int:
		return x.String()
	case float64:
		return pyrepr.Float(x)
	case string:
		return pyrepr.Str(x)
	case bytesLit:
		return pyrepr.Bytes(x)
	case tupleLit:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = canonical(it)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprint(v)
}
