// Package model is a decoded pickle as plain data: the op index, the object
// graph (nodes and edges) and the byte spans that tie them together.
//
// A *Pickle is built once by a Builder (the decoder owns one) and never
// changes after Finish, so any number of goroutines may read it without
// locks. Everything is stored in flat arrays without pointers, so the
// garbage collector never scans the graph and a file of tens of millions of
// ops stays compact:
//
//   - ops: a sparse index, the offset of every 16th op (0.5 bytes per op);
//     any op is found by stepping over at most 15 ops from a checkpoint;
//   - nodes: 8 bytes (the op that made it, kind, flags); values (ints,
//     floats, strings, bytes) are read back from the op's bytes when asked
//     for, so they cost nothing to keep;
//   - edges: 8 bytes (key or role, child), each parent's edges contiguous
//     and in op order; the parent and the op that added them are kept once
//     per batch (one op adding edges to one parent: 12 bytes), and each
//     parent's range once per parent (8 bytes) behind a rank over a bitmap;
//   - owners: 4 bytes per node.
//
// Arrays of a megabyte or more come from package hugemem, placed and
// advised for 2 MiB pages: on a virtual machine the faults of fresh 4 KiB
// pages cost as much as the decode itself.
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
