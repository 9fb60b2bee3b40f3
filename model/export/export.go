package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"

	"pklx/model"
	"pklx/model/ml"
)

// Options select the JSON flavour and bound the work.
type Options struct {
	Typed  bool   // lossless tagged mode
	Indent string // "" for compact, e.g. "  " for pretty

	// Context, when set, cancels the export; JSON then returns an error
	// wrapping the context's error.
	Context context.Context
	// Progress, when set, is called from the exporting goroutine every
	// 65536 values with the number of values written so far.
	Progress func(nodesDone int)
	// MaxNodes bounds the number of values written, counting every repeat
	// of a shared object (plain mode writes a shared object again wherever
	// it recurs, so a small pickle can ask for an exponential output). Zero
	// means DefaultMaxNodes or 4 times the pickle's node count, whichever is
	// larger; a negative value means no limit.
	MaxNodes int
	// MaxBytes bounds the size of the output. Zero means DefaultMaxBytes or
	// 16 times the size of the pickle's input, whichever is larger; a
	// negative value means no limit.
	MaxBytes int64
	// NPY, when set, stores each array that plain mode would write as
	// nested lists (see ml.NPYDir) and returns the reference written
	// instead: {"$npy": ref, "dtype": "<f8", "shape": [3, 4]}.
	NPY func(a *ml.Array) (ref string, err error)
}

// Default limits; see Options.
const (
	DefaultMaxNodes = 1 << 25 // 33,554,432 values
	DefaultMaxBytes = 4 << 30 // 4 GiB
)

// ErrLimit is wrapped by the error JSON returns when the output would exceed
// Options.MaxNodes or Options.MaxBytes.
var ErrLimit = errors.New("export: output limit reached")

// JSON writes node n of p (and everything below it) as JSON to w.
//
// The output is streamed through a bufio.Writer while an explicit stack
// walks the graph, so neither the depth of the nesting nor the size of the
// subtree is limited by the goroutine stack or held in memory as a tree.
// The same input always gives the same bytes. On error the output written so
// far is incomplete JSON.
func JSON(w io.Writer, p *model.Pickle, n model.NodeID, opts Options) error {
	if p == nil {
		return errors.New("export: no pickle")
	}
	if n < 0 || int(n) >= p.NumNodes() {
		return fmt.Errorf("export: node %d is not in the pickle (it has %d nodes)", n, p.NumNodes())
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	e := newEnc(bw, p, opts)
	err := e.run(n)
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("export: %w", ferr)
	}
	return err
}

// mode is how openNode treats a node.
type mode uint8

const (
	mNormal  mode = iota // check for a cycle (plain) or an $id/$ref (typed) first
	mNatural             // typed: the $value of an $id wrapper, written in full
	mBare                // the node's own form, ignoring edges its type does not take (the $value of an extras wrapper)
)

// keyID names the fixed object keys, so that slots stay small.
type keyID uint8

const (
	kNone keyID = iota
	kRef
	kID
	kValue
	kFloat
	kInt
	kBytes
	kByteArray
	kStr8
	kStrCodepoints
	kTuple
	kSet
	kFrozenSet
	kDict
	kComplex
	kGlobal
	kPersID
	kExt
	kOOBBuffer
	kReadonly
	kClass
	kCall
	kNew
	kInst
	kArgs
	kKwargs
	kState
	kStates
	kItems
	kEntries
	kReal
	kImag
)

// String is the key as written.
func (k keyID) String() string {
	switch k {
	case kRef:
		return "$ref"
	case kID:
		return "$id"
	case kValue:
		return "$value"
	case kFloat:
		return "$float"
	case kInt:
		return "$int"
	case kBytes:
		return "$bytes"
	case kByteArray:
		return "$bytearray"
	case kStr8:
		return "$str8"
	case kStrCodepoints:
		return "$str_codepoints"
	case kTuple:
		return "$tuple"
	case kSet:
		return "$set"
	case kFrozenSet:
		return "$frozenset"
	case kDict:
		return "$dict"
	case kComplex:
		return "$complex"
	case kGlobal:
		return "$global"
	case kPersID:
		return "$persid"
	case kExt:
		return "$ext"
	case kOOBBuffer:
		return "$oob_buffer"
	case kReadonly:
		return "readonly"
	case kClass:
		return "$class"
	case kCall:
		return "$call"
	case kNew:
		return "$new"
	case kInst:
		return "$inst"
	case kArgs:
		return "$args"
	case kKwargs:
		return "$kwargs"
	case kState:
		return "$state"
	case kStates:
		return "$states"
	case kItems:
		return "$items"
	case kEntries:
		return "$entries"
	case kReal:
		return "real"
	case kImag:
		return "imag"
	}
	return ""
}

// slotKind is what a slot of a frame writes.
type slotKind uint8

const (
	// One member each.
	sNode       slotKind = iota // node .node, in mode .md
	sName                       // "module.name" of the global .node
	sInt                        // the integer .i
	sGlobalPair                 // [module, name] of the global .node
	sSub                        // a child container, template .tmpl
	// Sequences: any number of members, spliced into the frame.
	qItems   // RoleItem children of .node, from its edge .a
	qRole    // children of .node with role .a
	qEntries // object members: entries of .node, or of .plan when .usePlan
	qPairs   // [key, value] arrays: entries of .node, or of .plan when .usePlan
)

// tmplKind is the child container an sSub slot opens.
type tmplKind uint8

const (
	tItems  tmplKind = iota // array: qItems over .node from edge .a; identity .node2
	tRole                   // array: qRole over .node with role .a
	tOne                    // array: [.node]
	tPairs                  // array: qPairs (.node or .plan)
	tDictOf                 // the entries of .node (or .plan) written as a dict is; identity .node2
	tKV                     // array: [.node, .node2]
)

// slot is one step of a frame: a member or a sequence of members. Slots
// and frames hold no pointers, so the garbage collector never scans the
// stacks of a deep export.
type slot struct {
	key     keyID
	kind    slotKind
	tmpl    tmplKind
	md      mode
	usePlan bool
	node    model.NodeID
	node2   model.NodeID
	a       int32
	plan    planRef
	i       int64
}

// planRef is a list of dict entries to write instead of a node's own:
// e.arena[off : off+n].
type planRef struct{ off, n int32 }

// seg is how a frame is addressed within its parent, for JSON pointers.
type seg struct {
	idx  int32        // array index, or -1
	key  keyID        // a fixed key, when node is NoNode and idx is -1
	node model.NodeID // a dict key node
}

// frame is one open JSON object or array.
type frame struct {
	obj    bool
	n      int32 // members written
	s0, s1 int32 // its slots: e.slots[s0:s1]
	si     int32 // current slot
	qi     int32 // cursor within a sequence slot
	alias0 int32 // its registrations: e.aliases[alias0:]
	arena0 int32 // its plans: e.arena[arena0:]
	seg    seg
}

// enc is the state of one export.
type enc struct {
	p        *model.Pickle
	w        *bufio.Writer
	typed    bool
	indent   string
	proto    int // protocol in effect for Python 2 name mapping
	ctx      context.Context
	progress func(int)
	maxNodes int64
	maxBytes int64
	npy      func(a *ml.Array) (string, error)

	nodes int64 // values written
	out   int64 // bytes written
	err   error // first write error

	frames  []frame
	slots   []slot
	pend    seg // the segment of the next frame pushed
	aliases []model.NodeID

	arena []model.Edge // plans of open frames
	mark  int32        // len(arena) when the node being opened began

	// plain mode: nodes whose JSON is open (cycles), by frame index
	onStack openIndex
	// typed mode: nodes reached more than once, and the ids given so far
	seen, twice []uint64
	ids         map[model.NodeID]int64
	nextID      int64

	names  map[model.NodeID]pyName // globalName's cache
	seed   maphash.Seed
	tmp    []byte // scratch for short texts
	keyBuf []byte // scratch for keys
	hashes []uint64
	sorted []uint64
	b64    [4096]byte
	numBuf [40]byte
}

func newEnc(w *bufio.Writer, p *model.Pickle, o Options) *enc {
	e := &enc{
		p:        p,
		w:        w,
		typed:    o.Typed,
		indent:   o.Indent,
		ctx:      o.Context,
		progress: o.Progress,
		npy:      o.NPY,
		seed:     maphash.MakeSeed(),
	}
	switch {
	case o.MaxNodes > 0:
		e.maxNodes = int64(o.MaxNodes)
	case o.MaxNodes < 0:
		e.maxNodes = 1<<63 - 1
	default:
		e.maxNodes = max(DefaultMaxNodes, 4*int64(p.NumNodes()))
	}
	switch {
	case o.MaxBytes > 0:
		e.maxBytes = o.MaxBytes
	case o.MaxBytes < 0:
		e.maxBytes = 1<<63 - 1
	default:
		e.maxBytes = max(DefaultMaxBytes, 16*int64(len(p.Data())))
	}
	// CPython's unpickler starts at protocol 0 and changes only at PROTO.
	if p.NumOps() > 0 && p.OpCode(0) == model.OpProto {
		e.proto = p.Protocol()
	}
	if !e.typed {
		e.onStack = newOpenIndex(p.NumNodes())
	}
	// The owner tree's depth is a good guess at the nesting to come.
	d := min(p.MaxDepth(), 1<<20) + 8
	e.frames = make([]frame, 0, d)
	e.slots = make([]slot, 0, d+8)
	return e
}

const progressEvery = 1 << 16

// tick counts one value and enforces the limits, the context and the
// progress hook.
func (e *enc) tick() error {
	e.nodes++
	if e.nodes > e.maxNodes {
		return fmt.Errorf("%w: more than %d values written (Options.MaxNodes): "+
			"the subtree shares objects so often that writing every occurrence would not end "+
			"(plain mode writes a shared object again wherever it recurs; typed mode writes it once)",
			ErrLimit, e.maxNodes)
	}
	if e.out > e.maxBytes {
		hint := ""
		if !e.typed {
			hint = ": plain mode writes a shared object again wherever it recurs; typed mode (--typed) writes it once"
		}
		return fmt.Errorf("%w: more than %d bytes written (Options.MaxBytes)%s", ErrLimit, e.maxBytes, hint)
	}
	if e.nodes%progressEvery == 0 {
		if e.progress != nil {
			e.progress(int(e.nodes))
		}
		if e.ctx != nil && e.ctx.Err() != nil {
			return fmt.Errorf("export: canceled after %d values: %w", e.nodes, e.ctx.Err())
		}
	}
	if e.err != nil {
		return fmt.Errorf("export: %w", e.err)
	}
	return nil
}

// run writes root and everything below it.
func (e *enc) run(root model.NodeID) error {
	if e.typed {
		if err := e.countShared(root); err != nil {
			return err
		}
	}
	e.pend = seg{idx: -1, node: model.NoNode}
	if err := e.openNode(root, mNormal); err != nil {
		return err
	}
	for len(e.frames) > 0 {
		if err := e.step(); err != nil {
			return err
		}
	}
	if e.err != nil {
		return fmt.Errorf("export: %w", e.err)
	}
	return nil
}

// step writes the next member of the innermost open frame, or closes it.
func (e *enc) step() error {
	f := &e.frames[len(e.frames)-1]
	if f.si >= f.s1 {
		e.pop()
		return nil
	}
	s := &e.slots[f.si]
	switch s.kind {
	case qItems, qRole:
		want, start := model.RoleItem, int(s.a)
		if s.kind == qRole {
			want, start = s.a, 0
		}
		var edges []model.Edge
		if s.node >= 0 {
			edges = e.p.Edges(s.node)
		}
		j := start + int(f.qi)
		for j < len(edges) && edges[j].Key != want {
			j++
		}
		if j >= len(edges) {
			f.si++
			f.qi = 0
			return nil
		}
		f.qi = int32(j - start + 1)
		e.member(f, kNone, model.NoNode)
		return e.openNode(edges[j].Val, mNormal)
	case qEntries, qPairs:
		var ed model.Edge
		if s.usePlan {
			if f.qi >= s.plan.n {
				f.si++
				f.qi = 0
				return nil
			}
			ed = e.arena[s.plan.off+f.qi]
			f.qi++
		} else {
			edges := e.p.Edges(s.node)
			j := int(f.qi)
			for j < len(edges) && edges[j].Key < 0 {
				j++
			}
			if j >= len(edges) {
				f.si++
				f.qi = 0
				return nil
			}
			ed = edges[j]
			f.qi = int32(j + 1)
		}
		if s.kind == qEntries {
			e.member(f, kNone, ed.Key)
			return e.openNode(ed.Val, mNormal)
		}
		e.member(f, kNone, model.NoNode)
		if err := e.tick(); err != nil {
			return err
		}
		e.mark = int32(len(e.arena))
		e.push(false, model.NoNode,
			slot{kind: sNode, node: ed.Key},
			slot{kind: sNode, node: ed.Val})
		return nil
	}
	// A single member.
	sl := *s
	f.si++
	f.qi = 0
	e.member(f, sl.key, model.NoNode)
	switch sl.kind {
	case sNode:
		return e.openNode(sl.node, sl.md)
	case sName:
		if err := e.tick(); err != nil {
			return err
		}
		m, n := e.globalName(sl.node)
		e.tmp = append(append(append(e.tmp[:0], m...), '.'), n...)
		e.writeWTF8(e.tmp)
	case sInt:
		if err := e.tick(); err != nil {
			return err
		}
		e.wbs(appendInt(e.numBuf[:0], sl.i))
	case sGlobalPair:
		if err := e.tick(); err != nil {
			return err
		}
		m, n := e.globalName(sl.node)
		d := len(e.frames)
		e.wb('[')
		e.nl(d + 1)
		e.writeText(m)
		e.wb(',')
		e.nl(d + 1)
		e.writeText(n)
		e.nl(d)
		e.wb(']')
	case sSub:
		if err := e.tick(); err != nil {
			return err
		}
		e.openSub(&sl)
	}
	return nil
}

// member starts the next member of frame f: the separator, the indentation
// and, in an object, the key (a fixed key k, or the dict key node kn). It
// records the member's segment for a frame the value may open.
func (e *enc) member(f *frame, k keyID, kn model.NodeID) {
	if f.n > 0 {
		e.wb(',')
	}
	e.nl(len(e.frames))
	if f.obj {
		if kn != model.NoNode {
			e.pend = seg{idx: -1, node: kn}
			e.writeKeyNode(kn)
			e.colon()
		} else {
			e.pend = seg{idx: -1, key: k, node: model.NoNode}
			e.writeKey(k)
		}
	} else {
		e.pend = seg{idx: f.n, node: model.NoNode}
	}
	f.n++
}

// push opens an object or array whose members are the given slots. In
// plain mode, ident (unless NoNode) is the node the container stands for:
// a reference back to it while it is open becomes a $ref to it.
func (e *enc) push(obj bool, ident model.NodeID, ss ...slot) {
	s0 := int32(len(e.slots))
	e.slots = append(e.slots, ss...)
	e.frames = append(e.frames, frame{
		obj:    obj,
		s0:     s0,
		s1:     int32(len(e.slots)),
		si:     s0,
		alias0: int32(len(e.aliases)),
		arena0: e.mark,
		seg:    e.pend,
	})
	if obj {
		e.wb('{')
	} else {
		e.wb('[')
	}
	e.register(ident)
}

// register records, in plain mode, that node n's JSON is the innermost open
// frame (unless an outer frame already stands for it).
func (e *enc) register(n model.NodeID) {
	if e.typed || n == model.NoNode {
		return
	}
	if _, open := e.onStack.get(n); open {
		return
	}
	e.onStack.set(n, int32(len(e.frames)-1))
	e.aliases = append(e.aliases, n)
}

// openIndex maps the nodes whose JSON is open to their frames: an array
// over all nodes for pickles of up to denseLimit nodes, else a bitset (for
// the common answer, "not open") in front of a map.
type openIndex struct {
	dense []int32 // frame index + 1; 0 when not open
	bits  []uint64
	m     map[model.NodeID]int32
}

const denseLimit = 1 << 22

func newOpenIndex(nodes int) openIndex {
	if nodes <= denseLimit {
		return openIndex{dense: make([]int32, nodes)}
	}
	return openIndex{bits: make([]uint64, (nodes+63)/64), m: make(map[model.NodeID]int32)}
}

func (o *openIndex) get(n model.NodeID) (int32, bool) {
	if o.dense != nil {
		v := o.dense[n]
		return v - 1, v != 0
	}
	if o.bits[n/64]&(1<<(n%64)) == 0 {
		return 0, false
	}
	return o.m[n], true
}

func (o *openIndex) set(n model.NodeID, fi int32) {
	if o.dense != nil {
		o.dense[n] = fi + 1
		return
	}
	o.bits[n/64] |= 1 << (n % 64)
	o.m[n] = fi
}

func (o *openIndex) del(n model.NodeID) {
	if o.dense != nil {
		o.dense[n] = 0
		return
	}
	o.bits[n/64] &^= 1 << (n % 64)
	delete(o.m, n)
}

// pop closes the innermost frame.
func (e *enc) pop() {
	top := len(e.frames) - 1
	f := &e.frames[top]
	if f.n > 0 {
		e.nl(top)
	}
	if f.obj {
		e.wb('}')
	} else {
		e.wb(']')
	}
	for _, a := range e.aliases[f.alias0:] {
		e.onStack.del(a)
	}
	e.aliases = e.aliases[:f.alias0]
	e.arena = e.arena[:min(int(f.arena0), len(e.arena))]
	e.slots = e.slots[:f.s0]
	e.frames = e.frames[:top]
}

// openSub opens the child container of an sSub slot.
func (e *enc) openSub(s *slot) {
	e.mark = int32(len(e.arena))
	switch s.tmpl {
	case tItems:
		if s.node == model.NoNode {
			e.push(false, model.NoNode)
			return
		}
		e.push(false, s.node2, slot{kind: qItems, node: s.node, a: s.a})
	case tRole:
		e.push(false, model.NoNode, slot{kind: qRole, node: s.node, a: s.a})
	case tOne:
		e.push(false, model.NoNode, slot{kind: sNode, node: s.node})
	case tPairs:
		e.push(false, model.NoNode, slot{kind: qPairs, node: s.node, plan: s.plan, usePlan: s.usePlan})
	case tKV:
		e.push(false, model.NoNode, slot{kind: sNode, node: s.node}, slot{kind: sNode, node: s.node2})
	case tDictOf:
		e.openDictOf(s.node, s.node2)
	}
}

// writeRef writes, in plain mode, {"$ref": pointer} to the open frame fi.
func (e *enc) writeRef(fi int32) {
	ptr := append(e.tmp[:0], '#')
	for j := int32(1); j <= fi; j++ {
		ptr = append(ptr, '/')
		sg := e.frames[j].seg
		switch {
		case sg.idx >= 0:
			ptr = appendInt(ptr, int64(sg.idx))
		case sg.node != model.NoNode:
			start := len(e.keyBuf)
			e.keyBuf = e.appendKeyText(e.keyBuf, sg.node)
			ptr = appendPointerToken(ptr, e.keyBuf[start:])
			e.keyBuf = e.keyBuf[:start]
		default:
			ptr = appendPointerToken(ptr, []byte(sg.key.String()))
		}
	}
	e.tmp = ptr
	d := len(e.frames)
	e.tagOpen(kRef, d)
	e.writeWTF8(ptr)
	e.tagClose(d)
}

// appendPointerToken appends a JSON pointer reference token (RFC 6901):
// "~" becomes "~0" and "/" becomes "~1".
func appendPointerToken(dst, tok []byte) []byte {
	for _, c := range tok {
		switch c {
		case '~':
			dst = append(dst, '~', '0')
		case '/':
			dst = append(dst, '~', '1')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// tagOpen, tagNext and tagClose write a small object directly (no frame)
// whose members hold no nodes. d is the depth of the object itself.
func (e *enc) tagOpen(k keyID, d int) {
	e.wb('{')
	e.nl(d + 1)
	e.writeKey(k)
}

func (e *enc) tagNext(k keyID, d int) {
	e.wb(',')
	e.nl(d + 1)
	e.writeKey(k)
}

func (e *enc) tagClose(d int) {
	e.nl(d)
	e.wb('}')
}

// countShared marks, for typed mode, the nodes reached more than once from
// root (root itself counts as reached once), walking with an explicit stack.
func (e *enc) countShared(root model.NodeID) error {
	words := (e.p.NumNodes() + 63) / 64
	e.seen = make([]uint64, words)
	e.twice = make([]uint64, words)
	e.ids = make(map[model.NodeID]int64)
	var stack []model.NodeID
	visit := func(t model.NodeID) {
		w, b := t/64, uint64(1)<<(t%64)
		if e.seen[w]&b != 0 {
			e.twice[w] |= b
			return
		}
		e.seen[w] |= b
		if len(e.p.Edges(t)) > 0 {
			stack = append(stack, t)
		}
	}
	visit(root)
	for steps := 1; len(stack) > 0; steps++ {
		if steps%progressEvery == 0 && e.ctx != nil && e.ctx.Err() != nil {
			return fmt.Errorf("export: canceled: %w", e.ctx.Err())
		}
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ed := range e.p.Edges(u) {
			if ed.Key >= 0 {
				visit(ed.Key)
			}
			visit(ed.Val)
		}
	}
	return nil
}

// reachedTwice reports, in typed mode, whether n is reached more than once.
func (e *enc) reachedTwice(n model.NodeID) bool {
	return e.twice[n/64]&(uint64(1)<<(n%64)) != 0
}
