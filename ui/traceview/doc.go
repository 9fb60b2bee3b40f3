// Package traceview is the opcode trace: a Fyne widget with one row per op
// of a decoded pickle, each written as `python -m pickletools` writes it:
//
//	13: (    MARK
//	14: \x8c     SHORT_BINUNICODE 'experiment'
//	26: \x94     MEMOIZE    (as 1)
//	38: u        SETITEMS   (MARK at 13)
//
// that is the byte offset, the opcode byte as repr(opcode.code)[1:-1], four
// spaces per open MARK, the opcode name, the argument (model/view.OpArgText)
// and pickletools' note. Rows are formatted on demand for the visible window
// only, in a ui/viewport with a fixed pool of rows, so a 20-million-op
// pickle scrolls like a 20-op one.
//
// Contract:
//   - The indentation of op i is the number of MARKs open before it. It
//     comes from a sparse index built once per pickle, on first use, in one
//     pass over the op codes: the depth and memo count at every 4096th op,
//     the smallest depth in each 4096-op block, and the rare POPs that
//     remove a MARK (the pass emulates the stack just enough to tell). A row
//     costs a walk of at most 4096 ops from its checkpoint, and consecutive
//     rows share one walk.
//   - Arguments are cut to 160 characters; a huge str or bytes value is
//     sliced before it is repr'd.
//   - Select and Mark never call OnSelected; taps and the keyboard (Up,
//     Down, PageUp, PageDown, Home, End when focused) do.
//   - A View is used from Fyne's goroutine only; it starts no goroutines and
//     holds no package-level state.
package traceview
