package decoder

import (
	"errors"
	"fmt"

	"pklx/model"
)

// Sentinel causes, for errors.Is. Invalid input wraps one of these;
// ErrUnsupported marks input that is valid but beyond what pklx reads.
var (
	ErrTruncated      = errors.New("pickle exhausted before STOP")
	ErrUnknownOpcode  = errors.New("unknown opcode")
	ErrStackUnderflow = errors.New("stack underflow")
	ErrNoMark         = errors.New("no MARK on the stack")
	ErrMemoMissing    = errors.New("memo key not found")
	ErrBadArgument    = errors.New("bad argument")
	ErrBadStack       = errors.New("wrong object on the stack")
	ErrUnsupported    = errors.New("unsupported")
	ErrCanceled       = errors.New("decoding canceled")
	ErrLimit          = errors.New("beyond pklx's limits")
)

// Error is a decoding failure at a byte offset.
type Error struct {
	Offset int64  // offset of the failing op's opcode byte, or of the end of data when it ended before STOP
	Op     byte   // the failing opcode byte (meaningful when HasOp)
	HasOp  bool   // false when the data ended between ops
	Err    error  // the sentinel cause
	Detail string // what exactly went wrong, e.g. "memo key 7 not found"
}

// Error reads like "pickle: BINGET at offset 0x1f: memo key 7 not found".
func (e *Error) Error() string {
	where := fmt.Sprintf("at offset %#x", e.Offset)
	if e.HasOp {
		where = model.OpName(e.Op) + " " + where
	}
	msg := e.Detail
	if msg == "" {
		msg = e.Err.Error()
	}
	return "pickle: " + where + ": " + msg
}

// Unwrap returns the sentinel cause.
func (e *Error) Unwrap() error { return e.Err }

// OpName is the failing opcode's pickletools name, or "" when there is none.
func (e *Error) OpName() string {
	if !e.HasOp {
		return ""
	}
	return model.OpName(e.Op)
}
