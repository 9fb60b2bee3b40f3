package view

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"pklx/model"
	"pklx/model/pyrepr"
)

// maxExactLong is the longest LONG1/LONG4 payload, in bytes, that OpArgText
// converts to decimal (about 1,200 digits); longer ones are described.
const maxExactLong = 512

// maxParsedLine is the longest INT, LONG or FLOAT text line OpArgText parses
// as a number; longer lines are shown as written.
const maxParsedLine = 4096

// OpArgText is op's argument as `python -m pickletools` prints it: ints in
// decimal, True/False for INT's 01/00, repr of str, bytes and bytearray
// values ('a', b'\x00', bytearray(b”)), Python's float repr, and
// 'module name' for GLOBAL and INST. It is "" for ops without an argument.
// The notes pickletools adds after the argument ("(MARK at 13)", "(as 4)")
// need the ops before op and are the trace's business.
//
// The text is cut to at most max characters (runes), ending in "…" when it
// was cut; max <= 0 means no limit. Only a bounded prefix of a long value is
// read, so a 500 MB string costs as much as a short one; the quote character
// of a cut str or bytes repr is the one its prefix would get.
//
// Arguments that pickletools would reject (a truncated op, an INT line that
// is not a number) are shown as written rather than failing.
func OpArgText(p *model.Pickle, op int, max int) string {
	code := p.OpCode(op)
	info := model.Ops[code]
	if !info.Valid || info.Arg == model.ArgNone {
		return ""
	}
	arg := p.OpArg(op)
	limit := len(arg)
	if max > 0 && limit > 4*max+16 {
		limit = 4*max + 16
	}
	var buf []byte
	cut := false
	k := info.Arg
	switch {
	case k.Counted():
		n := k.FixedLen()
		if len(arg) < n {
			return cutArg(truncatedArg(arg), max, false)
		}
		payload := arg[n:]
		if size := model.ReadUint(arg[:n]); size < uint64(len(payload)) {
			payload = payload[:size]
		}
		if k == model.ArgLong1 || k == model.ArgLong4 {
			buf = appendLong(buf, payload)
			break
		}
		if max > 0 && len(payload) > 4*max+16 {
			payload = cutAtRune(payload, 4*max+16)
			cut = true
		}
		switch k {
		case model.ArgString1, model.ArgString4:
			buf = pyrepr.AppendLatin1(buf, payload)
		case model.ArgBytes1, model.ArgBytes4, model.ArgBytes8:
			buf = pyrepr.AppendBytes(buf, payload)
		case model.ArgBytearray8:
			buf = pyrepr.AppendByteArray(buf, payload)
		default: // ArgUnicode1, ArgUnicode4, ArgUnicode8
			buf = pyrepr.AppendStr(buf, payload)
		}
	case k.Lines() > 0:
		buf, cut = appendLineArg(buf, k, arg, limit, max)
	default:
		n := k.FixedLen()
		if len(arg) < n {
			return cutArg(truncatedArg(arg), max, false)
		}
		switch k {
		case model.ArgInt4:
			buf = strconv.AppendInt(buf, int64(int32(binary.LittleEndian.Uint32(arg))), 10)
		case model.ArgFloat8:
			buf = pyrepr.AppendFloat(buf, math.Float64frombits(binary.BigEndian.Uint64(arg)))
		default: // ArgUint1, ArgUint2, ArgUint4, ArgUint8
			buf = strconv.AppendUint(buf, model.ReadUint(arg[:n]), 10)
		}
	}
	return cutArg(string(buf), max, cut)
}

// appendLineArg formats the argument of an op whose argument is one or two
// '\n'-terminated lines, reading at most limit bytes of it.
func appendLineArg(buf []byte, k model.ArgKind, arg []byte, limit, max int) ([]byte, bool) {
	cut := false
	if k == model.ArgStringNLNoescapePair {
		// 'module name': two escape-decoded lines joined by a space.
		head := arg[:limit]
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			// A module name longer than the cut (or no newline at all).
			return pyrepr.AppendLatin1(buf, model.EscapeDecode(head)), limit < len(arg)
		}
		rest := arg[i+1:]
		if len(rest) > 0 && rest[len(rest)-1] == '\n' {
			rest = rest[:len(rest)-1]
		}
		if room := limit - i - 1; len(rest) > room {
			rest, cut = rest[:room], true
		}
		name := append(model.EscapeDecode(head[:i]), ' ')
		name = append(name, model.EscapeDecode(rest)...)
		return pyrepr.AppendLatin1(buf, name), cut
	}
	line := arg
	if len(line) > 0 && line[len(line)-1] == '\n' {
		line = line[:len(line)-1]
	}
	switch k {
	case model.ArgDecimalNLShort, model.ArgDecimalNLLong, model.ArgFloatNL:
		if len(line) <= maxParsedLine {
			if v, ok := parseNumberLine(buf, k, line); ok {
				return v, false
			}
		}
	}
	if k == model.ArgUnicodeNL && max > 0 {
		// A \UXXXXXXXX escape is ten bytes for one character.
		limit = min(len(line), 10*max+16)
	}
	if len(line) > limit {
		line, cut = cutAtRune(line, limit), true
	}
	switch k {
	case model.ArgStringNL:
		// pickletools strips the quotes and undoes the escapes.
		if len(line) >= 2 && (line[0] == '\'' || line[0] == '"') && (cut || line[len(line)-1] == line[0]) {
			inner := line[1:]
			if !cut {
				inner = inner[:len(inner)-1]
			}
			return pyrepr.AppendLatin1(buf, model.EscapeDecode(inner)), cut
		}
		return pyrepr.AppendLatin1(buf, line), cut
	case model.ArgStringNLNoescape:
		return pyrepr.AppendLatin1(buf, model.EscapeDecode(line)), cut
	case model.ArgUnicodeNL:
		return append(buf, pyrepr.StrRunes(model.DecodeRawUnicodeEscape(line))...), cut
	}
	// A number pickletools could not parse: show the text.
	return append(buf, pyrepr.Latin1(line)...), cut
}

// parseNumberLine formats an INT, LONG or FLOAT line as Python's int() or
// float() would read it, and reports whether it could.
func parseNumberLine(buf []byte, k model.ArgKind, line []byte) ([]byte, bool) {
	if k == model.ArgDecimalNLShort {
		switch string(line) {
		case "00":
			return append(buf, "False"...), true
		case "01":
			return append(buf, "True"...), true
		}
	}
	s := strings.TrimSpace(string(line))
	if k == model.ArgFloatNL {
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil && !isRangeErr(err) || strings.HasPrefix(strings.TrimLeft(s, "+-"), "0x") {
			return buf, false
		}
		return pyrepr.AppendFloat(buf, f), true
	}
	if k == model.ArgDecimalNLLong {
		s = strings.TrimSuffix(s, "L")
	}
	if s == "" || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
		return buf, false
	}
	v, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), 10)
	if !ok {
		return buf, false
	}
	return v.Append(buf, 10), true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// appendLong formats a LONG1/LONG4 payload (little-endian two's complement)
// in decimal, or describes it when it is too long to convert on every redraw.
func appendLong(buf, payload []byte) []byte {
	if len(payload) > maxExactLong {
		buf = append(buf, "<int of "...)
		buf = strconv.AppendInt(buf, int64(len(payload)), 10)
		return append(buf, " bytes>"...)
	}
	return model.DecodeLong(payload).Append(buf, 10)
}

// truncatedArg shows the bytes of an argument cut short by the end of the input.
func truncatedArg(arg []byte) string {
	return "<truncated " + pyrepr.Bytes(arg) + ">"
}

// cutAtRune is b[:n] moved back, if need be, to the start of a UTF-8
// sequence, so that a cut never splits a character.
func cutAtRune(b []byte, n int) []byte {
	if n >= len(b) {
		return b
	}
	for i := 0; i < 3 && n > 0 && b[n]&0xc0 == 0x80; i++ {
		n--
	}
	return b[:n]
}

// cutArg cuts s to max runes, the last one "…", when it is longer or when
// the value behind it was already cut.
func cutArg(s string, max int, cut bool) string {
	if max <= 0 {
		if cut {
			return s + "…"
		}
		return s
	}
	if !cut && len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			if !cut && utf8.RuneCountInString(s[i:]) == 1 {
				return s
			}
			return s[:i] + "…"
		}
		n++
	}
	if cut {
		return s + "…"
	}
	return s
}
