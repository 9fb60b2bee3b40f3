package decoder

// This file is the op scanner behind Dis: a port of pickletools' _genops
// and of its argument readers (read_uint1 ... read_floatnl), including the
// CPython conversions they lean on (int(), float(), codecs.escape_decode,
// the 'raw-unicode-escape' and 'utf-8'/'surrogatepass' decoders), so that
// both the values printed and the messages of rejected arguments match.

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"pklx/model"
	"pklx/model/pyrepr"
)

// disKind is a pickletools StackObject: the type of an item on the emulated
// stack. The names are the StackObject names, which pickletools prints in
// "stack not empty after STOP: [int, list]".
type disKind uint8

const (
	disAny disKind = iota
	disMark
	disInt
	disIntOrBool
	disBool
	disFloat
	disBytesOrStr
	disBytes
	disBytearray
	disStr
	disNone
	disTuple
	disList
	disDict
	disSet
	disFrozenset
	disBuffer
	disStackslice
)

// disKindNames are the StackObject names, indexed by disKind.
var disKindNames = [...]string{
	disAny:        "any",
	disMark:       "mark",
	disInt:        "int",
	disIntOrBool:  "int_or_bool",
	disBool:       "bool",
	disFloat:      "float",
	disBytesOrStr: "bytes_or_str",
	disBytes:      "bytes",
	disBytearray:  "bytearray",
	disStr:        "str",
	disNone:       "None",
	disTuple:      "tuple",
	disList:       "list",
	disDict:       "dict",
	disSet:        "set",
	disFrozenset:  "frozenset",
	disBuffer:     "buffer",
	disStackslice: "stackslice",
}

// disEffect is an opcode's stack_before and stack_after in pickletools.
type disEffect struct {
	before []disKind
	after  []disKind
}

// disMarkIndex is the position of markobject in e.before, or -1.
func (e *disEffect) disMarkIndex() int {
	for i, k := range e.before {
		if k == disMark {
			return i
		}
	}
	return -1
}

var (
	disMarkSlice = []disKind{disMark, disStackslice}
	disAnyOne    = []disKind{disAny}
)

// disEffects is pickletools' stack_before/stack_after for every opcode,
// transcribed from CPython 3.11's pickletools.opcodes;
// TestDisEffectsTable checks it against testdata/opcodes_stack.txt, which
// scripts/gen_fixtures.py writes from pickletools itself.
var disEffects = [256]disEffect{
	model.OpInt:             {nil, []disKind{disIntOrBool}},
	model.OpBinInt:          {nil, []disKind{disInt}},
	model.OpBinInt1:         {nil, []disKind{disInt}},
	model.OpBinInt2:         {nil, []disKind{disInt}},
	model.OpLong:            {nil, []disKind{disInt}},
	model.OpLong1:           {nil, []disKind{disInt}},
	model.OpLong4:           {nil, []disKind{disInt}},
	model.OpString:          {nil, []disKind{disBytesOrStr}},
	model.OpBinString:       {nil, []disKind{disBytesOrStr}},
	model.OpShortBinString:  {nil, []disKind{disBytesOrStr}},
	model.OpBinBytes:        {nil, []disKind{disBytes}},
	model.OpShortBinBytes:   {nil, []disKind{disBytes}},
	model.OpBinBytes8:       {nil, []disKind{disBytes}},
	model.OpByteArray8:      {nil, []disKind{disBytearray}},
	model.OpNextBuffer:      {nil, []disKind{disBuffer}},
	model.OpReadonlyBuffer:  {[]disKind{disBuffer}, []disKind{disBuffer}},
	model.OpNone:            {nil, []disKind{disNone}},
	model.OpNewTrue:         {nil, []disKind{disBool}},
	model.OpNewFalse:        {nil, []disKind{disBool}},
	model.OpUnicode:         {nil, []disKind{disStr}},
	model.OpShortBinUnicode: {nil, []disKind{disStr}},
	model.OpBinUnicode:      {nil, []disKind{disStr}},
	model.OpBinUnicode8:     {nil, []disKind{disStr}},
	model.OpFloat:           {nil, []disKind{disFloat}},
	model.OpBinFloat:        {nil, []disKind{disFloat}},
	model.OpEmptyList:       {nil, []disKind{disList}},
	model.OpAppend:          {[]disKind{disList, disAny}, []disKind{disList}},
	model.OpAppends:         {[]disKind{disList, disMark, disStackslice}, []disKind{disList}},
	model.OpList:            {disMarkSlice, []disKind{disList}},
	model.OpEmptyTuple:      {nil, []disKind{disTuple}},
	model.OpTuple:           {disMarkSlice, []disKind{disTuple}},
	model.OpTuple1:          {[]disKind{disAny}, []disKind{disTuple}},
	model.OpTuple2:          {[]disKind{disAny, disAny}, []disKind{disTuple}},
	model.OpTuple3:          {[]disKind{disAny, disAny, disAny}, []disKind{disTuple}},
	model.OpEmptyDict:       {nil, []disKind{disDict}},
	model.OpDict:            {disMarkSlice, []disKind{disDict}},
	model.OpSetItem:         {[]disKind{disDict, disAny, disAny}, []disKind{disDict}},
	model.OpSetItems:        {[]disKind{disDict, disMark, disStackslice}, []disKind{disDict}},
	model.OpEmptySet:        {nil, []disKind{disSet}},
	model.OpAddItems:        {[]disKind{disSet, disMark, disStackslice}, []disKind{disSet}},
	model.OpFrozenSet:       {disMarkSlice, []disKind{disFrozenset}},
	model.OpPop:             {disAnyOne, nil},
	model.OpDup:             {disAnyOne, []disKind{disAny, disAny}},
	model.OpMark:            {nil, []disKind{disMark}},
	model.OpPopMark:         {disMarkSlice, nil},
	model.OpGet:             {nil, disAnyOne},
	model.OpBinGet:          {nil, disAnyOne},
	model.OpLongBinGet:      {nil, disAnyOne},
	model.OpPut:             {nil, nil},
	model.OpBinPut:          {nil, nil},
	model.OpLongBinPut:      {nil, nil},
	model.OpMemoize:         {disAnyOne, disAnyOne},
	model.OpExt1:            {nil, disAnyOne},
	model.OpExt2:            {nil, disAnyOne},
	model.OpExt4:            {nil, disAnyOne},
	model.OpGlobal:          {nil, disAnyOne},
	model.OpStackGlobal:     {[]disKind{disStr, disStr}, disAnyOne},
	model.OpReduce:          {[]disKind{disAny, disAny}, disAnyOne},
	model.OpBuild:           {[]disKind{disAny, disAny}, disAnyOne},
	model.OpInst:            {disMarkSlice, disAnyOne},
	model.OpObj:             {[]disKind{disMark, disAny, disStackslice}, disAnyOne},
	model.OpNewObj:          {[]disKind{disAny, disAny}, disAnyOne},
	model.OpNewObjEx:        {[]disKind{disAny, disAny, disAny}, disAnyOne},
	model.OpProto:           {nil, nil},
	model.OpStop:            {disAnyOne, nil},
	model.OpFrame:           {nil, nil},
	model.OpPersID:          {nil, disAnyOne},
	model.OpBinPersID:       {disAnyOne, disAnyOne},
}

// disArgClass is the Python type of a decoded argument, which decides its
// repr.
type disArgClass uint8

const (
	disArgNone      disArgClass = iota // no argument (pickletools: arg is None)
	disArgUint                         // u: uint1, uint2, uint4, uint8
	disArgInt                          // i: int4
	disArgBool                         // u is 0 or 1: decimalnl_short "00" / "01"
	disArgDecimal                      // neg, text: canonical digits of int(line)
	disArgLong                         // text: long1/long4 two's complement payload
	disArgFloat                        // f
	disArgBytes                        // text: bytes
	disArgBytearray                    // text: bytearray
	disArgLatin1                       // text: str from bytes.decode('latin-1')
	disArgStr                          // text: str as UTF-8, surrogates allowed
)

// disArg is one decoded opcode argument. text points into the input or into
// the scanner's scratch buffer, and is valid until the next op is read.
type disArg struct {
	class disArgClass
	neg   bool
	u     uint64
	i     int64
	f     float64
	text  []byte
}

// disIntMaxStrDigits is CPython 3.11's default sys.get_int_max_str_digits():
// int() of a longer decimal string and repr() of a longer int raise
// ValueError.
const disIntMaxStrDigits = 4300

// disScanner reads ops and their arguments as pickletools' _genops does.
type disScanner struct {
	data    []byte
	scratch []byte // decoded line arguments
}

// disArgError is an argument reader's ValueError message.
type disArgError string

// readArg reads the argument of the op whose code byte is at pos-1, starting
// at pos. It returns the argument and the offset after it, or pickletools'
// message for an argument it cannot read.
func (s *disScanner) readArg(code byte, pos int64) (disArg, int64, disArgError) {
	data := s.data
	rest := int64(len(data)) - pos
	switch model.Ops[code].Arg {
	case model.ArgNone:
		return disArg{}, pos, ""
	case model.ArgUint1:
		if rest < 1 {
			return disArg{}, 0, "not enough data in stream to read uint1"
		}
		return disArg{class: disArgUint, u: uint64(data[pos])}, pos + 1, ""
	case model.ArgUint2:
		if rest < 2 {
			return disArg{}, 0, "not enough data in stream to read uint2"
		}
		return disArg{class: disArgUint, u: uint64(binary.LittleEndian.Uint16(data[pos:]))}, pos + 2, ""
	case model.ArgInt4:
		if rest < 4 {
			return disArg{}, 0, "not enough data in stream to read int4"
		}
		return disArg{class: disArgInt, i: int64(int32(binary.LittleEndian.Uint32(data[pos:])))}, pos + 4, ""
	case model.ArgUint4:
		if rest < 4 {
			return disArg{}, 0, "not enough data in stream to read uint4"
		}
		return disArg{class: disArgUint, u: uint64(binary.LittleEndian.Uint32(data[pos:]))}, pos + 4, ""
	case model.ArgUint8:
		if rest < 8 {
			return disArg{}, 0, "not enough data in stream to read uint8"
		}
		return disArg{class: disArgUint, u: binary.LittleEndian.Uint64(data[pos:])}, pos + 8, ""
	case model.ArgFloat8:
		if rest < 8 {
			return disArg{}, 0, "not enough data in stream to read float8"
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(data[pos:]))
		return disArg{class: disArgFloat, f: f}, pos + 8, ""
	case model.ArgLong1, model.ArgLong4:
		return s.readLong(code, pos)
	case model.ArgString1, model.ArgString4, model.ArgBytes1, model.ArgBytes4, model.ArgBytes8,
		model.ArgBytearray8, model.ArgUnicode1, model.ArgUnicode4, model.ArgUnicode8:
		return s.readCounted(code, pos)
	}
	return s.readLine(code, pos)
}

// disCountedNames are the pickletools ArgumentDescriptor names of the
// counted kinds, used in its messages.
var disCountedNames = [...]string{
	model.ArgString1:    "string1",
	model.ArgString4:    "string4",
	model.ArgBytes1:     "bytes1",
	model.ArgBytes4:     "bytes4",
	model.ArgBytes8:     "bytes8",
	model.ArgBytearray8: "bytearray8",
	model.ArgUnicode1:   "unicodestring1",
	model.ArgUnicode4:   "unicodestring4",
	model.ArgUnicode8:   "unicodestring8",
}

// readCount reads the length prefix of a counted argument as pickletools'
// read_uint1 / read_int4 / read_uint4 / read_uint8 does.
func (s *disScanner) readCount(k model.ArgKind, pos int64) (n uint64, signed bool, next int64, msg disArgError) {
	data := s.data
	rest := int64(len(data)) - pos
	switch k.FixedLen() {
	case 1:
		if rest < 1 {
			return 0, false, 0, "not enough data in stream to read uint1"
		}
		return uint64(data[pos]), false, pos + 1, ""
	case 4:
		signed = k == model.ArgString4 || k == model.ArgLong4
		if rest < 4 {
			if signed {
				return 0, true, 0, "not enough data in stream to read int4"
			}
			return 0, false, 0, "not enough data in stream to read uint4"
		}
		v := binary.LittleEndian.Uint32(data[pos:])
		if signed {
			return uint64(int64(int32(v))), true, pos + 4, ""
		}
		return uint64(v), false, pos + 4, ""
	default:
		if rest < 8 {
			return 0, false, 0, "not enough data in stream to read uint8"
		}
		return binary.LittleEndian.Uint64(data[pos:]), false, pos + 8, ""
	}
}

func (s *disScanner) readCounted(code byte, pos int64) (disArg, int64, disArgError) {
	k := model.Ops[code].Arg
	name := disCountedNames[k]
	n, signed, pos, msg := s.readCount(k, pos)
	if msg != "" {
		return disArg{}, 0, msg
	}
	if signed && int64(n) < 0 {
		return disArg{}, 0, disArgError(fmt.Sprintf("%s byte count < 0: %d", name, int64(n)))
	}
	if n > math.MaxInt64 {
		return disArg{}, 0, disArgError(fmt.Sprintf("%s byte count > sys.maxsize: %d", name, n))
	}
	rest := uint64(int64(len(s.data)) - pos)
	if n > rest {
		return disArg{}, 0, disArgError(fmt.Sprintf("expected %d bytes in a %s, but only %d remain", n, name, rest))
	}
	end := pos + int64(n)
	payload := s.data[pos:end]
	var class disArgClass
	switch k {
	case model.ArgString1, model.ArgString4:
		class = disArgLatin1
	case model.ArgBytes1, model.ArgBytes4, model.ArgBytes8:
		class = disArgBytes
	case model.ArgBytearray8:
		class = disArgBytearray
	default:
		if m := disCheckUTF8(payload); m != "" {
			return disArg{}, 0, disArgError(m)
		}
		class = disArgStr
	}
	return disArg{class: class, text: payload}, end, ""
}

func (s *disScanner) readLong(code byte, pos int64) (disArg, int64, disArgError) {
	k := model.Ops[code].Arg
	n, _, pos, msg := s.readCount(k, pos)
	if msg != "" {
		return disArg{}, 0, msg
	}
	if k == model.ArgLong4 && int64(n) < 0 {
		return disArg{}, 0, disArgError(fmt.Sprintf("long4 byte count < 0: %d", int64(n)))
	}
	if n > uint64(int64(len(s.data))-pos) {
		if k == model.ArgLong1 {
			return disArg{}, 0, "not enough data in stream to read long1"
		}
		return disArg{}, 0, "not enough data in stream to read long4"
	}
	end := pos + int64(n)
	return disArg{class: disArgLong, text: s.data[pos:end]}, end, ""
}

// line returns the bytes of the '\n'-terminated line at pos without the
// newline, and the offset after the newline; ok is false when no newline
// follows (f.readline() returned the rest of the data).
func (s *disScanner) line(pos int64) (line []byte, next int64, ok bool) {
	rest := s.data[pos:]
	for i, c := range rest {
		if c == '\n' {
			return rest[:i], pos + int64(i) + 1, true
		}
	}
	return nil, 0, false
}

const disNoNewline = "no newline found when trying to read stringnl"

func (s *disScanner) readLine(code byte, pos int64) (disArg, int64, disArgError) {
	k := model.Ops[code].Arg
	if k == model.ArgUnicodeNL {
		line, next, ok := s.line(pos)
		if !ok {
			return disArg{}, 0, "no newline found when trying to read unicodestringnl"
		}
		text, msg := disRawUnicodeEscape(s.scratch[:0], line)
		if msg != "" {
			return disArg{}, 0, disArgError(msg)
		}
		s.scratch = text
		return disArg{class: disArgStr, text: text}, next, ""
	}
	line, next, ok := s.line(pos)
	if !ok {
		return disArg{}, 0, disNoNewline
	}
	switch k {
	case model.ArgDecimalNLShort:
		if len(line) == 2 && line[0] == '0' && (line[1] == '0' || line[1] == '1') {
			return disArg{class: disArgBool, u: uint64(line[1] - '0')}, next, ""
		}
		return s.decimal(line, next)
	case model.ArgDecimalNLLong:
		if len(line) > 0 && line[len(line)-1] == 'L' {
			line = line[:len(line)-1]
		}
		return s.decimal(line, next)
	case model.ArgFloatNL:
		f, ok := disParseFloat(line)
		if !ok {
			return disArg{}, 0, disArgError("could not convert string to float: " + pyrepr.Bytes(line))
		}
		return disArg{class: disArgFloat, f: f}, next, ""
	case model.ArgStringNL:
		data := line
		switch {
		case len(data) > 0 && (data[0] == '"' || data[0] == '\''):
			q := data[0]
			if data[len(data)-1] != q {
				return disArg{}, 0, disArgError(fmt.Sprintf("strinq quote %s not found at both ends of %s",
					pyrepr.Bytes([]byte{q}), pyrepr.Bytes(data)))
			}
			if len(data) >= 2 {
				data = data[1 : len(data)-1]
			} else {
				data = data[:0]
			}
		default:
			return disArg{}, 0, disArgError("no string quotes around " + pyrepr.Bytes(data))
		}
		text, msg := disEscapeDecodeASCII(s.scratch[:0], data)
		if msg != "" {
			return disArg{}, 0, disArgError(msg)
		}
		s.scratch = text
		return disArg{class: disArgStr, text: text}, next, ""
	case model.ArgStringNLNoescape:
		text, msg := disEscapeDecodeASCII(s.scratch[:0], line)
		if msg != "" {
			return disArg{}, 0, disArgError(msg)
		}
		s.scratch = text
		return disArg{class: disArgStr, text: text}, next, ""
	case model.ArgStringNLNoescapePair:
		text, msg := disEscapeDecodeASCII(s.scratch[:0], line)
		if msg != "" {
			return disArg{}, 0, disArgError(msg)
		}
		s.scratch = text
		line2, next2, ok := s.line(next)
		if !ok {
			return disArg{}, 0, disNoNewline
		}
		text = append(text, ' ')
		text, msg = disEscapeDecodeASCII(text, line2)
		if msg != "" {
			return disArg{}, 0, disArgError(msg)
		}
		s.scratch = text
		return disArg{class: disArgStr, text: text}, next2, ""
	}
	// Unreachable: every kind left is a line kind handled above.
	return disArg{}, 0, disArgError("unknown argument kind")
}

// decimal converts a decimalnl line as Python's int(bytes) does.
func (s *disScanner) decimal(line []byte, next int64) (disArg, int64, disArgError) {
	neg, digits, scratch, msg := disParseInt(line, s.scratch[:0])
	if msg != "" {
		return disArg{}, 0, disArgError(msg)
	}
	s.scratch = scratch
	return disArg{class: disArgDecimal, neg: neg, text: digits}, next, ""
}

// disIsSpace is CPython's Py_ISSPACE: ASCII space, \t, \n, \v, \f, \r.
func disIsSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

func disIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// disParseInt mimics CPython 3.11's int(s) for a bytes s in base 10. It
// returns the value as a sign and canonical digits (no leading zeros; "0"
// for zero, which is never negative), appending to scratch when underscores
// must be removed, or the ValueError message.
func disParseInt(s, scratch []byte) (neg bool, digits, scratchOut []byte, msg string) {
	// PyLong_FromString scans a C string: an embedded NUL ends it, and
	// _PyLong_FromBytes then rejects the literal unless the scan reached
	// the real end.
	cs := s
	for i, c := range s {
		if c == 0 {
			cs = s[:i]
			break
		}
	}
	invalid := func() (bool, []byte, []byte, string) {
		r := s
		if len(r) > 200 {
			r = r[:200]
		}
		rep := pyrepr.Bytes(r)
		if len(rep) > 200 {
			rep = rep[:200]
		}
		return false, nil, scratch, "invalid literal for int() with base 10: " + rep
	}
	i := 0
	for i < len(cs) && disIsSpace(cs[i]) {
		i++
	}
	if i < len(cs) && (cs[i] == '+' || cs[i] == '-') {
		neg = cs[i] == '-'
		i++
	}
	if i < len(cs) && cs[i] == '_' {
		return invalid()
	}
	start := i
	ndigits := 0
	underscores := false
	var prev byte
	for i < len(cs) && (disIsDigit(cs[i]) || cs[i] == '_') {
		if cs[i] == '_' {
			if prev == '_' {
				return invalid()
			}
			underscores = true
		} else {
			ndigits++
		}
		prev = cs[i]
		i++
	}
	if prev == '_' {
		return invalid()
	}
	if ndigits > disIntMaxStrDigits {
		return false, nil, scratch, fmt.Sprintf("Exceeds the limit (%d digits) for integer string conversion: "+
			"value has %d digits; use sys.set_int_max_str_digits() to increase the limit", disIntMaxStrDigits, ndigits)
	}
	if ndigits == 0 {
		return invalid()
	}
	run := cs[start:i]
	for i < len(cs) && disIsSpace(cs[i]) {
		i++
	}
	if i != len(cs) || len(cs) != len(s) {
		return invalid()
	}
	if underscores {
		for _, c := range run {
			if c != '_' {
				scratch = append(scratch, c)
			}
		}
		run = scratch
	}
	for len(run) > 1 && run[0] == '0' {
		run = run[1:]
	}
	if len(run) == 1 && run[0] == '0' {
		neg = false
	}
	return neg, run, scratch, ""
}

// disParseFloat mimics CPython 3.11's float(s) for a bytes s, reporting
// whether s is accepted.
func disParseFloat(s []byte) (float64, bool) {
	var buf [64]byte
	clean := buf[:0]
	hasUnderscore := false
	for _, c := range s {
		if c == 0 {
			return 0, false // the C parser stops at NUL, so the end is never reached
		}
		if c == '_' {
			hasUnderscore = true
		}
	}
	if hasUnderscore {
		// _Py_string_to_number_with_underscores: only between digits.
		var prev byte
		for _, c := range s {
			if c == '_' {
				if !disIsDigit(prev) {
					return 0, false
				}
			} else {
				if prev == '_' && !disIsDigit(c) {
					return 0, false
				}
				clean = append(clean, c)
			}
			prev = c
		}
		if prev == '_' {
			return 0, false
		}
	} else {
		clean = s
	}
	// float_from_string_inner strips Py_ISSPACE from both ends.
	for len(clean) > 0 && disIsSpace(clean[0]) {
		clean = clean[1:]
	}
	for len(clean) > 1 && disIsSpace(clean[len(clean)-1]) {
		clean = clean[:len(clean)-1]
	}
	// _PyOS_ascii_strtod: _Py_dg_strtod, then inf/nan.
	i := 0
	neg := false
	if i < len(clean) && (clean[i] == '+' || clean[i] == '-') {
		neg = clean[i] == '-'
		i++
	}
	body := clean[i:]
	switch {
	case disEqualFold(body, "inf"), disEqualFold(body, "infinity"):
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case disEqualFold(body, "nan"):
		return math.NaN(), true
	}
	// digits [ '.' digits ] with at least one digit, then an optional
	// exponent that must have digits.
	j := 0
	mant := 0
	for j < len(body) && disIsDigit(body[j]) {
		j++
		mant++
	}
	if j < len(body) && body[j] == '.' {
		j++
		for j < len(body) && disIsDigit(body[j]) {
			j++
			mant++
		}
	}
	if mant == 0 {
		return 0, false
	}
	if j < len(body) && (body[j] == 'e' || body[j] == 'E') {
		j++
		if j < len(body) && (body[j] == '+' || body[j] == '-') {
			j++
		}
		exp := 0
		for j < len(body) && disIsDigit(body[j]) {
			j++
			exp++
		}
		if exp == 0 {
			return 0, false
		}
	}
	if j != len(body) {
		return 0, false
	}
	// The syntax is now a plain decimal literal, which strconv reads with
	// correct rounding; out-of-range values become ±Inf or ±0 as in C.
	f, err := strconv.ParseFloat(string(clean), 64)
	if err != nil && !disIsRangeErr(err) {
		return 0, false
	}
	return f, true
}

func disIsRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// disEqualFold reports whether b equals the lower-case ASCII word s,
// ignoring ASCII case.
func disEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// disEscapeDecodeASCII appends codecs.escape_decode(s)[0].decode("ascii")
// to dst, or returns the ValueError or UnicodeDecodeError message.
func disEscapeDecodeASCII(dst, s []byte) ([]byte, string) {
	base := len(dst)
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		i++
		if i == len(s) {
			return dst, "Trailing \\ in string"
		}
		c = s[i]
		i++
		switch c {
		case '\n':
		case '\\', '\'', '"':
			dst = append(dst, c)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 't':
			dst = append(dst, '\t')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 'v':
			dst = append(dst, '\v')
		case 'a':
			dst = append(dst, '\a')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			if i < len(s) && s[i] >= '0' && s[i] <= '7' {
				v = v<<3 + int(s[i]-'0')
				i++
				if i < len(s) && s[i] >= '0' && s[i] <= '7' {
					v = v<<3 + int(s[i]-'0')
					i++
				}
			}
			dst = append(dst, byte(v)) // CPython 3.11 keeps the low 8 bits of \400-\777
		case 'x':
			if i+1 < len(s) {
				d1, ok1 := disHexVal(s[i])
				d2, ok2 := disHexVal(s[i+1])
				if ok1 && ok2 {
					dst = append(dst, byte(d1<<4|d2))
					i += 2
					break
				}
			}
			return dst, fmt.Sprintf("invalid \\x escape at position %d", i-2)
		default:
			// Unknown escapes are kept, backslash included.
			dst = append(dst, '\\', c)
		}
	}
	for j, c := range dst[base:] {
		if c >= 0x80 {
			return dst, fmt.Sprintf("'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", c, j)
		}
	}
	return dst, ""
}

func disHexVal(c byte) (uint32, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint32(c - '0'), true
	case c >= 'a' && c <= 'f':
		return uint32(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return uint32(c-'A') + 10, true
	}
	return 0, false
}

// disRawUnicodeEscape appends str(s, 'raw-unicode-escape') to dst as UTF-8
// (lone surrogates in their 3-byte form), or returns the
// UnicodeDecodeError message.
func disRawUnicodeEscape(dst, s []byte) ([]byte, string) {
	for i := 0; i < len(s); {
		c := s[i]
		i++
		if c != '\\' || i >= len(s) {
			dst = disAppendWTF8(dst, uint32(c))
			continue
		}
		start := i - 1
		c = s[i]
		i++
		var count int
		var message string
		switch c {
		case 'u':
			count, message = 4, "truncated \\uXXXX escape"
		case 'U':
			count, message = 8, "truncated \\UXXXXXXXX escape"
		default:
			dst = append(dst, '\\')
			dst = disAppendWTF8(dst, uint32(c))
			continue
		}
		var ch uint32
		for ; count > 0; count-- {
			if i >= len(s) {
				return dst, disRawUnicodeEscapeError(start, i, message)
			}
			d, ok := disHexVal(s[i])
			if !ok {
				return dst, disRawUnicodeEscapeError(start, i, message)
			}
			ch = ch<<4 | d
			i++
		}
		if ch > 0x10ffff {
			return dst, disRawUnicodeEscapeError(start, i, "\\Uxxxxxxxx out of range")
		}
		dst = disAppendWTF8(dst, ch)
	}
	return dst, ""
}

func disRawUnicodeEscapeError(start, end int, reason string) string {
	return fmt.Sprintf("'rawunicodeescape' codec can't decode bytes in position %d-%d: %s", start, end-1, reason)
}

// disAppendWTF8 appends the UTF-8 encoding of code point r to dst, encoding
// surrogates as their 3-byte form, as Python's 'surrogatepass' does.
func disAppendWTF8(dst []byte, r uint32) []byte {
	switch {
	case r < 0x80:
		return append(dst, byte(r))
	case r < 0x800:
		return append(dst, 0xc0|byte(r>>6), 0x80|byte(r)&0x3f)
	case r < 0x10000:
		return append(dst, 0xe0|byte(r>>12), 0x80|byte(r>>6)&0x3f, 0x80|byte(r)&0x3f)
	}
	return append(dst, 0xf0|byte(r>>18), 0x80|byte(r>>12)&0x3f, 0x80|byte(r>>6)&0x3f, 0x80|byte(r)&0x3f)
}

// disCheckUTF8 returns "" when str(b, 'utf-8', 'surrogatepass') succeeds,
// else the UnicodeDecodeError message CPython 3.11 gives.
func disCheckUTF8(b []byte) string {
	if utf8.Valid(b) {
		return "" // well-formed UTF-8 holds no surrogates, and decodes the same
	}
	n := len(b)
	for i := 0; i < n; {
		if b[i] < 0x80 {
			i++
			continue
		}
		size, code := disUTF8Seq(b[i:])
		if size > 0 {
			i += size
			continue
		}
		// The surrogatepass handler accepts a 3-byte encoded surrogate.
		if n-i >= 3 && b[i]&0xf0 == 0xe0 && b[i+1]&0xc0 == 0x80 && b[i+2]&0xc0 == 0x80 {
			ch := uint32(b[i]&0x0f)<<12 | uint32(b[i+1]&0x3f)<<6 | uint32(b[i+2]&0x3f)
			if ch >= 0xd800 && ch <= 0xdfff {
				i += 3
				continue
			}
		}
		var reason string
		end := i + 1
		switch code {
		case 0:
			reason, end = "unexpected end of data", n
		case 1:
			reason = "invalid start byte"
		default:
			reason, end = "invalid continuation byte", i+code-1
		}
		if end == i+1 {
			return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: %s", b[i], i, reason)
		}
		return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: %s", i, end-1, reason)
	}
	return ""
}

func disIsCont(c byte) bool { return c&0xc0 == 0x80 }

// disUTF8Seq classifies the sequence at b[0] >= 0x80 as CPython's
// stringlib utf8_decode does: the size of a valid sequence, or 0 and the
// error code (0 unexpected end of data, 1 invalid start byte, 2-4 invalid
// continuation byte after code-1 bytes).
func disUTF8Seq(b []byte) (size, code int) {
	c := b[0]
	n := len(b)
	switch {
	case c < 0xc2:
		return 0, 1
	case c < 0xe0:
		if n < 2 {
			return 0, 0
		}
		if !disIsCont(b[1]) {
			return 0, 2
		}
		return 2, 0
	case c < 0xf0:
		if n < 3 {
			if n >= 2 {
				c2 := b[1]
				if !disIsCont(c2) || (c2 < 0xa0 && c == 0xe0) || (c2 >= 0xa0 && c == 0xed) {
					return 0, 2
				}
			}
			return 0, 0
		}
		c2, c3 := b[1], b[2]
		if !disIsCont(c2) || (c == 0xe0 && c2 < 0xa0) || (c == 0xed && c2 >= 0xa0) {
			return 0, 2
		}
		if !disIsCont(c3) {
			return 0, 3
		}
		return 3, 0
	case c < 0xf5:
		if n < 4 {
			if n >= 2 {
				c2 := b[1]
				if !disIsCont(c2) || (c2 < 0x90 && c == 0xf0) || (c2 >= 0x90 && c == 0xf4) {
					return 0, 2
				}
				if n >= 3 && !disIsCont(b[2]) {
					return 0, 3
				}
			}
			return 0, 0
		}
		c2 := b[1]
		if !disIsCont(c2) || (c == 0xf0 && c2 < 0x90) || (c == 0xf4 && c2 >= 0x90) {
			return 0, 2
		}
		if !disIsCont(b[2]) {
			return 0, 3
		}
		if !disIsCont(b[3]) {
			return 0, 4
		}
		return 4, 0
	}
	return 0, 1
}
