package export

import (
	"bytes"

	"pklx/model"
)

// Reading values. The model keeps one op offset in 16 and finds the others
// by scanning (model.Pickle.OpOffset), so each node's op is looked up once
// here, and global names are cached.

// opOf is the opcode and the argument bytes (a view into the input) of the
// op that made node n.
func (e *enc) opOf(n model.NodeID) (code byte, arg []byte) {
	data := e.p.Data()
	off := e.p.OpOffset(int(e.p.Node(n).Op))
	end := min(model.OpEnd(data, off), e.p.Span().End)
	return data[off], data[off+1 : end]
}

// payloadOf is the value bytes of a string-like op: after the length
// prefix for counted arguments, without the newline for line arguments.
func payloadOf(code byte, arg []byte) []byte {
	k := model.Ops[code].Arg
	switch {
	case k.Counted():
		if w := k.FixedLen(); w <= len(arg) {
			return arg[w:]
		}
		return nil
	case k.Lines() == 1 && len(arg) > 0 && arg[len(arg)-1] == '\n':
		return arg[:len(arg)-1]
	}
	return arg
}

// strText is a str node's text as UTF-8 with lone surrogates encoded as
// "surrogatepass" does: a view into the input, except for the protocol 0
// UNICODE op, whose raw-unicode-escape text is decoded into a new slice.
func (e *enc) strText(n model.NodeID) []byte {
	code, arg := e.opOf(n)
	raw := payloadOf(code, arg)
	if code != model.OpUnicode {
		return raw
	}
	return appendWTF8(nil, model.DecodeRawUnicodeEscape(raw))
}

// blob is the content of a bytes, bytearray or Python 2 str node: a view
// into the input, except for the protocol 0 STRING op, which is unquoted and
// unescaped into a new slice. Trailing spaces, tabs and CRs after the quote
// are dropped first, as the decoder accepts them (model.Pickle.Bytes does
// not, and returns the quoted text for such a STRING).
func (e *enc) blob(n model.NodeID) []byte {
	code, arg := e.opOf(n)
	raw := payloadOf(code, arg)
	if code == model.OpString {
		b, _ := model.UnquoteString(bytes.TrimRight(raw, " \t\r"))
		return b
	}
	return raw
}

// pyName is a global's module and name.
type pyName struct{ module, name string }

// globalName is a global's module and name, with Python 2 names mapped as
// the unpickler maps them when the protocol is below 3.
func (e *enc) globalName(n model.NodeID) (string, string) {
	if v, ok := e.names[n]; ok {
		return v.module, v.name
	}
	m, name := e.p.Global(n)
	if e.proto < 3 {
		m, name = mapPy2Name(m, name)
	}
	if e.names == nil {
		e.names = make(map[model.NodeID]pyName)
	}
	e.names[n] = pyName{m, name}
	return m, name
}
