package model

// ArgKind is how an opcode's argument is written in the stream, after the
// opcode byte. The names follow CPython's pickletools ArgumentDescriptors.
type ArgKind uint8

// Argument kinds, one per pickletools ArgumentDescriptor.
const (
	ArgNone                 ArgKind = iota // no argument
	ArgUint1                               // 1-byte unsigned int
	ArgUint2                               // 2-byte little-endian unsigned int
	ArgInt4                                // 4-byte little-endian signed int
	ArgUint4                               // 4-byte little-endian unsigned int
	ArgUint8                               // 8-byte little-endian unsigned int
	ArgFloat8                              // 8-byte big-endian IEEE 754 double
	ArgLong1                               // 1-byte length + little-endian two's complement int
	ArgLong4                               // 4-byte length + little-endian two's complement int
	ArgString1                             // 1-byte length + Python 2 str bytes
	ArgString4                             // 4-byte signed length + Python 2 str bytes
	ArgBytes1                              // 1-byte length + bytes
	ArgBytes4                              // 4-byte length + bytes
	ArgBytes8                              // 8-byte length + bytes
	ArgBytearray8                          // 8-byte length + bytearray bytes
	ArgUnicode1                            // 1-byte length + UTF-8
	ArgUnicode4                            // 4-byte length + UTF-8
	ArgUnicode8                            // 8-byte length + UTF-8
	ArgDecimalNLShort                      // decimal int ending in '\n' (00/01 mean False/True)
	ArgDecimalNLLong                       // decimal int with optional 'L', ending in '\n'
	ArgStringNL                            // quoted, escaped Python 2 str literal ending in '\n'
	ArgStringNLNoescape                    // raw text ending in '\n'
	ArgStringNLNoescapePair                // two raw text lines: module '\n' name '\n'
	ArgUnicodeNL                           // raw-unicode-escape text ending in '\n'
	ArgFloatNL                             // float repr ending in '\n'
)

// FixedLen is the number of argument bytes for fixed-size kinds, or the size
// of the length prefix for counted kinds, and 0 for ArgNone and line kinds.
func (k ArgKind) FixedLen() int {
	switch k {
	case ArgUint1, ArgLong1, ArgString1, ArgBytes1, ArgUnicode1:
		return 1
	case ArgUint2:
		return 2
	case ArgInt4, ArgUint4, ArgLong4, ArgString4, ArgBytes4, ArgUnicode4:
		return 4
	case ArgUint8, ArgFloat8, ArgBytes8, ArgBytearray8, ArgUnicode8:
		return 8
	}
	return 0
}

// Counted reports whether the argument is a length prefix followed by that
// many bytes of payload.
func (k ArgKind) Counted() bool {
	switch k {
	case ArgLong1, ArgLong4, ArgString1, ArgString4, ArgBytes1, ArgBytes4, ArgBytes8,
		ArgBytearray8, ArgUnicode1, ArgUnicode4, ArgUnicode8:
		return true
	}
	return false
}

// Lines is the number of '\n'-terminated lines the argument takes (0, 1 or 2).
func (k ArgKind) Lines() int {
	switch k {
	case ArgDecimalNLShort, ArgDecimalNLLong, ArgStringNL, ArgStringNLNoescape, ArgUnicodeNL, ArgFloatNL:
		return 1
	case ArgStringNLNoescapePair:
		return 2
	}
	return 0
}

// OpInfo describes one opcode, as CPython's pickletools does.
type OpInfo struct {
	Valid      bool    // false for bytes that are not opcodes
	Name       string  // pickletools name, e.g. "SHORT_BINUNICODE"
	Arg        ArgKind // how the argument is written
	Proto      uint8   // the protocol that introduced the opcode
	Pops       uint8   // stack items popped (above the MARK when PopsMark)
	PopsMark   bool    // pops everything down to and including the topmost MARK
	Pushes     uint8   // stack items pushed
	PushesMark bool    // pushes a MARK
}

// Opcode bytes, named after pickletools (CamelCase).
const (
	OpMark            byte = '('
	OpStop            byte = '.'
	OpPop             byte = '0'
	OpPopMark         byte = '1'
	OpDup             byte = '2'
	OpFloat           byte = 'F'
	OpInt             byte = 'I'
	OpBinInt          byte = 'J'
	OpBinInt1         byte = 'K'
	OpLong            byte = 'L'
	OpBinInt2         byte = 'M'
	OpNone            byte = 'N'
	OpPersID          byte = 'P'
	OpBinPersID       byte = 'Q'
	OpReduce          byte = 'R'
	OpString          byte = 'S'
	OpBinString       byte = 'T'
	OpShortBinString  byte = 'U'
	OpUnicode         byte = 'V'
	OpBinUnicode      byte = 'X'
	OpAppend          byte = 'a'
	OpBuild           byte = 'b'
	OpGlobal          byte = 'c'
	OpDict            byte = 'd'
	OpEmptyDict       byte = '}'
	OpAppends         byte = 'e'
	OpGet             byte = 'g'
	OpBinGet          byte = 'h'
	OpInst            byte = 'i'
	OpLongBinGet      byte = 'j'
	OpList            byte = 'l'
	OpEmptyList       byte = ']'
	OpObj             byte = 'o'
	OpPut             byte = 'p'
	OpBinPut          byte = 'q'
	OpLongBinPut      byte = 'r'
	OpSetItem         byte = 's'
	OpTuple           byte = 't'
	OpEmptyTuple      byte = ')'
	OpSetItems        byte = 'u'
	OpBinFloat        byte = 'G'
	OpProto           byte = 0x80
	OpNewObj          byte = 0x81
	OpExt1            byte = 0x82
	OpExt2            byte = 0x83
	OpExt4            byte = 0x84
	OpTuple1          byte = 0x85
	OpTuple2          byte = 0x86
	OpTuple3          byte = 0x87
	OpNewTrue         byte = 0x88
	OpNewFalse        byte = 0x89
	OpLong1           byte = 0x8a
	OpLong4           byte = 0x8b
	OpBinBytes        byte = 'B'
	OpShortBinBytes   byte = 'C'
	OpShortBinUnicode byte = 0x8c
	OpBinUnicode8     byte = 0x8d
	OpBinBytes8       byte = 0x8e
	OpEmptySet        byte = 0x8f
	OpAddItems        byte = 0x90
	OpFrozenSet       byte = 0x91
	OpNewObjEx        byte = 0x92
	OpStackGlobal     byte = 0x93
	OpMemoize         byte = 0x94
	OpFrame           byte = 0x95
	OpByteArray8      byte = 0x96
	OpNextBuffer      byte = 0x97
	OpReadonlyBuffer  byte = 0x98
)

// OpName is the pickletools name of an opcode byte, or a description such as
// "<invalid 0xff>" for a byte that is not an opcode.
func OpName(code byte) string {
	if Ops[code].Valid {
		return Ops[code].Name
	}
	const hex = "0123456789abcdef"
	return "<invalid 0x" + string([]byte{hex[code>>4], hex[code&15]}) + ">"
}
