// Package model is a decoded pickle as plain data: the op index, the object
// graph (nodes and edges) and the byte spans that tie them together.
//
// A *Pickle is built once by a Builder (the decoder owns one) and never
// changes after Finish, so any number of goroutines may read it without
// locks. Everything is stored in flat arrays without pointers: ops are
// 4-byte offsets into the input, nodes 16 bytes, edges 16 bytes, so the
// garbage collector never scans the graph and a file of tens of millions of
// ops stays compact.
//
// Provenance is one lookup in either direction: ops tile the input in order,
// so OpAt(offset) is a binary search; every node records the op that made
// it, and every edge the op that added it (APPEND, SETITEMS, BUILD, ...).
//
// The graph keeps memo sharing and cycles exactly as they are in the file.
// For display and export, each node has one owner: the first place it is
// reached in a depth-first walk from the root (the pickler writes an object
// in full the first time it meets it). Every other edge to it is a link.
// Nothing here recurses over the graph: walks use explicit stacks.
//
// Package model never imports Fyne and builds with CGO_ENABLED=0.
package model
