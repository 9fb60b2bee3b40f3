// Package view turns a *model.Pickle into what people read: tree rows that
// read like Python ('scores': list[3], [2] 3.14, Student(name='Arun')),
// links for memo sharing and cycles, range groups for huge containers, and
// paths written as Python would index the loaded object (['scores'][1],
// [0].weight, [(1, 2)]).
//
// The window's tree and the `pklx show` command both use this package, so
// they always agree. Nothing here recurses over the graph: labels look only
// a bounded number of nodes deep, and paths follow owner chains.
//
// A few builtin reconstructions are shown as the value they make, the way a
// Python user thinks of them: builtins.set(list) and frozenset(list) as a
// set, _codecs.encode(text, 'latin1') as bytes, bytearray(...) as a
// bytearray, copyreg._reconstructor(cls, object, None) + BUILD as an
// instance of cls, and any class call with a dict state as an instance whose
// attributes are its children.
package view
