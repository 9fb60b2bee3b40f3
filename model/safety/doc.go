// Package safety tells what loading a pickle would import and run, without
// importing or running anything.
//
// Scan walks a decoded *model.File in op order and lists every global the
// file names (GLOBAL, STACK_GLOBAL, the class of INST, and EXT codes, which
// name a global through copyreg's registry) with the op and byte offset,
// and every call pickle.load would make (REDUCE, NEWOBJ, NEWOBJ_EX, INST,
// OBJ, BUILD as __setstate__ or attribute updates, and persistent_load), in
// the order it would make them. Each global is rated Safe, Unknown or
// Dangerous by Rate against lists kept as data in lists.go, each entry
// citing its source (picklescan, fickling, modelscan, PyTorch's
// weights_only allowlist, NumPy's reduce globals, CPython). The file's
// verdict is the worst rating found.
//
// The patterns that defeat simple scanners are handled from the object
// graph rather than the op text: a global fetched from the memo is the same
// node wherever it is used; a dotted name (protocol 4 qualnames) is rated
// by every prefix and by the attributes it walks; a call whose callable is
// itself a call result (getattr(__import__('os'), 'system')(...)) is
// dangerous when anything it reaches is; BUILD on a global sets class
// attributes; a global handed to a call as an argument (the class of
// copyreg._reconstructor, the function of functools.partial) rates the
// call. Bytes the decoder could not read make a file at least Unknown, and
// ScanBytes looks through them for GLOBAL and STACK_GLOBAL patterns,
// reported as possibly referenced after the failure.
//
// All work is linear in the nodes and edges (memo sharing is never
// expanded) and nothing recurses over the graph. The ops are not walked:
// the ops that name a global or make a call are found from the nodes they
// made (and BUILD from its state edges), so plain data costs one pass over
// the nodes' kinds. A Report marshals to JSON. Speed, on the project's
// 2-core machine (go test -run '^$' -bench Scan -benchmem ./model/safety):
// a torch.save-style state dict of 20,000 tensors (1.5 MB, 120,000 calls)
// in 55-90 ms, 17 MB allocated; 200,000 small dicts (3.6 million ops, no
// global) in 3-8 ms (the op walk took 40-65 ms).
//
// Package safety never imports Fyne and builds with CGO_ENABLED=0.
package safety
