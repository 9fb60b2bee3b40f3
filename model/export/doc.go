// Package export writes a decoded pickle's objects as JSON, without running
// anything: what the decoder read, shown the way a user expects data
// (plain mode) or tagged so that nothing is lost (typed mode).
//
// JSON streams node n and everything below it through a bufio.Writer. The
// walk keeps its own stack of open JSON containers, so a pickle nested a
// million levels deep exports like a flat one, and no tree is built in
// memory. Output is deterministic: containers in file order, dict keys in
// first-insertion order.
//
// Sharing and cycles: plain mode writes a shared object again wherever it
// recurs and turns a cycle into {"$ref": "#/json/pointer"} to the open
// ancestor it closes on; because repeating shared objects can grow without
// bound (a "memo bomb" doubles at every level), Options.MaxNodes and
// Options.MaxBytes stop the export with an error wrapping ErrLimit. Typed
// mode writes each shared object once, as {"$id": n, "$value": ...}, and
// every later occurrence as {"$ref": n}.
//
// The mapping rules are listed in README.md in this directory.
//
// Package export never imports Fyne and builds with CGO_ENABLED=0.
package export
