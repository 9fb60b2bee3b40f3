package safety

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"pklx/model"
)

// GlobalRef is one place the file names a global: a GLOBAL, STACK_GLOBAL
// or INST op (INST names its class), or an EXT1/EXT2/EXT4 op, which names a
// global through copyreg's extension registry (a table of the loading
// program, unknown to pklx). A global stored in the memo and fetched again
// is one reference: Uses counts the places it is used.
type GlobalRef struct {
	Pickle int    `json:"pickle"`           // index of the pickle in the file
	Source string `json:"source,omitempty"` // the container member it is in, if any
	Offset int64  `json:"offset"`           // byte offset of the op
	Op     string `json:"op"`               // GLOBAL, STACK_GLOBAL, INST, EXT1, EXT2, EXT4
	Module string `json:"module"`           // as written ("" for an extension code)
	Name   string `json:"name"`             // as written, possibly dotted
	Ext    int64  `json:"ext,omitempty"`    // the extension code of EXT ops
	Global string `json:"global"`           // "module.name" or "extension code N"
	Verdict
	Memo bool `json:"memoized,omitempty"` // stored in the memo (so it may be used again)
	Uses int  `json:"uses"`               // references to it in the object graph
}

// Call is one call pickle.load would make, in the order it makes them.
type Call struct {
	Pickle int    `json:"pickle"`
	Source string `json:"source,omitempty"`
	Offset int64  `json:"offset"` // byte offset of the op that makes the call
	Op     string `json:"op"`     // REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ, BUILD, PERSID, BINPERSID
	// Kind is "call" (REDUCE, INST, OBJ: callable(*args)), "new"
	// (NEWOBJ, NEWOBJ_EX: cls.__new__(cls, *args)), "setstate" (BUILD:
	// obj.__setstate__(state), or attribute updates) or "persistent_load"
	// (the loading program's own hook).
	Kind string `json:"kind"`
	// Callable names what is called: "os.system", "result of call at
	// offset 12", "extension code 7", "__setstate__ of collections.OrderedDict
	// (object made at offset 40)".
	Callable string `json:"callable"`
	// CallableOffset is the offset of the op that made the callable (the
	// GLOBAL, the earlier call, ...), or -1.
	CallableOffset int64 `json:"callable_offset"`
	// ArgGlobals are globals handed directly to the call as arguments
	// (the class of copyreg._reconstructor, the function of
	// functools.partial, ...).
	ArgGlobals []string `json:"arg_globals,omitempty"`
	Verdict
}

// PossibleRef is a GLOBAL, INST or STACK_GLOBAL pattern found in bytes the
// decoder did not read (after a failure, or after the last pickle): the
// names a loader might import if the bytes were read after all.
type PossibleRef struct {
	Pickle int    `json:"pickle"` // the pickle whose failure left the bytes unread (-1: trailing data)
	Source string `json:"source,omitempty"`
	Offset int64  `json:"offset"`
	Op     string `json:"op"`
	Module string `json:"module"`
	Name   string `json:"name"`
	Global string `json:"global"`
	Verdict
}

// Finding is one thing worth telling, in plain words.
type Finding struct {
	Rating  Rating `json:"rating"`
	Pickle  int    `json:"pickle"`
	Offset  int64  `json:"offset"` // -1 when it has no place
	Kind    string `json:"kind"`   // global, call, build-on-class, call-of-call, decode-failure, trailing-data, after-failure, limit
	Message string `json:"message"`
}

// Report is what a file would import and run when loaded.
type Report struct {
	// Verdict is the file's rating: the largest of its globals', its
	// calls', the names found in unread bytes, and Unknown when some bytes
	// could not be read.
	Verdict Rating `json:"verdict"`
	// Summary says the verdict in one line.
	Summary  string `json:"summary"`
	Pickles  int    `json:"pickles"`
	Complete bool   `json:"complete"` // every pickle decoded through its STOP
	// Globals lists the global references in op order. Past
	// Options.MaxListed, only references not rated safe are listed;
	// GlobalsTotal counts them all.
	Globals      []GlobalRef `json:"globals"`
	GlobalsTotal int         `json:"globals_total"`
	// Calls lists the calls in the order pickle.load makes them, capped as
	// Globals is; CallsTotal counts them all.
	Calls      []Call `json:"calls"`
	CallsTotal int    `json:"calls_total"`
	// AfterFailure lists names found in bytes the decoder did not read.
	AfterFailure []PossibleRef `json:"after_failure,omitempty"`
	// Findings explain the verdict, most serious first within each pickle.
	Findings []Finding `json:"findings"`
	// Counts of globals and calls by rating.
	Counts map[string]int `json:"counts"`
	// Capped is true when a list was cut at its limit.
	Capped bool `json:"capped,omitempty"`
}

// Options bound a scan's output. The zero value uses the defaults.
type Options struct {
	// MaxListed is how many globals and how many calls are listed in full
	// before only the ones not rated safe are (default 10,000); the verdict
	// always counts every one.
	MaxListed int
	// MaxUnsafe caps the non-safe entries listed past MaxListed, the
	// findings and the after-failure names (default 10,000).
	MaxUnsafe int
}

func (o Options) withDefaults() Options {
	if o.MaxListed <= 0 {
		o.MaxListed = 10000
	}
	if o.MaxUnsafe <= 0 {
		o.MaxUnsafe = 10000
	}
	return o
}

// Scan reports what loading f would import and run. It reads the model
// only; it never resolves a name. Its work is linear in the nodes and edges
// of f (memo references are followed once, never expanded), and it is safe
// on partial models of broken files.
func Scan(f *model.File) *Report {
	return ScanWith(f, Options{})
}

// ScanWith is Scan with bounds on the lists.
func ScanWith(f *model.File, opts Options) *Report {
	opts = opts.withDefaults()
	s := &scanner{opts: opts, r: &Report{Complete: true, Counts: map[string]int{}}}
	r := s.r
	r.Pickles = len(f.Pickles)
	for i, p := range f.Pickles {
		s.pickle(i, p)
	}
	if f.Trailing.Len() > 0 {
		s.trailing(f)
	}
	if len(f.Pickles) == 0 {
		r.Complete = false
		s.verdict(Unknown)
		s.finding(Finding{Rating: Unknown, Pickle: -1, Offset: -1, Kind: "decode-failure", Message: "no pickle was decoded"})
	}
	// Most serious first; op order within a rating.
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Rating > r.Findings[j].Rating })
	r.Summary = s.summary()
	return r
}

type scanner struct {
	opts        Options
	r           *Report
	listedG     int
	listedC     int
	unsafeCount int
	worst       string // the first dangerous thing found, for the summary
	worstUnk    string
	told        map[string]bool // globals already in a finding
}

func (s *scanner) verdict(r Rating) {
	if r > s.r.Verdict {
		s.r.Verdict = r
	}
}

func (s *scanner) finding(f Finding) {
	if len(s.r.Findings) >= s.opts.MaxUnsafe {
		s.r.Capped = true
		return
	}
	s.r.Findings = append(s.r.Findings, f)
}

// pickleScan is the state of one pickle's scan.
type pickleScan struct {
	*scanner
	idx   int
	p     *model.Pickle
	src   string
	gv    map[model.NodeID]Verdict // ratings of global and ext nodes
	crate []Rating                 // call rating per node (calls only)
	argsR []uint8                  // cached direct-global rating of container nodes (0xff: not yet)
	taint []Rating                 // the worst global reachable from each node (lazy)
	uses  map[model.NodeID]int
}

func (s *scanner) pickle(idx int, p *model.Pickle) {
	ps := &pickleScan{scanner: s, idx: idx, p: p, src: p.Source(), gv: map[model.NodeID]Verdict{}}
	ops, named := scanOps(p)
	if named {
		ps.countUses()
	}
	if len(ops) > 0 {
		ps.crate = make([]Rating, p.NumNodes())
	}
	// Globals and calls come out in the order pickle.load meets them.
	n := p.NumNodes()
	for _, i := range ops {
		switch p.OpCode(i) {
		case model.OpGlobal, model.OpStackGlobal, model.OpExt1, model.OpExt2, model.OpExt4:
			if nd := p.NodeMadeBy(i); nd != model.NoNode {
				ps.global(nd, i)
			}
		case model.OpInst:
			nd := p.NodeMadeBy(i)
			if nd == model.NoNode {
				continue
			}
			ps.global(nd, i) // the class
			if int(nd)+1 < n && p.Kind(nd+1) == model.KindCall && int(p.Node(nd+1).Op) == i {
				ps.call(nd+1, i)
			}
		case model.OpReduce, model.OpNewObj, model.OpNewObjEx, model.OpObj:
			if nd := p.NodeMadeBy(i); nd != model.NoNode && p.Kind(nd) == model.KindCall {
				ps.call(nd, i)
			}
		case model.OpBuild:
			for _, ei := range p.EdgesAddedBy(i) {
				ps.build(p.EdgeParent(ei), p.Edge(ei), i)
			}
		case model.OpPersID, model.OpBinPersID:
			if nd := p.NodeMadeBy(i); nd != model.NoNode {
				ps.persid(nd, i)
			}
		}
	}
	if err := p.Err(); err != nil {
		ps.failure(err)
	}
}

// scanOps lists, in op order, the only ops that can name a global or make
// a call: those whose first node is a global, an extension code, a call or
// a persistent id (GLOBAL, STACK_GLOBAL, EXT1/2/4, INST, REDUCE, NEWOBJ,
// NEWOBJ_EX, OBJ, PERSID, BINPERSID make one first), and those that gave a
// BUILD state. It reads each node's kind and flags, not the ops: a file of
// plain data (a list of a million dicts, 18 million ops) has none, and
// costs a pass over its nodes. named reports whether a global or an
// extension code is among the nodes.
func scanOps(p *model.Pickle) (ops []int, named bool) {
	sorted := true
	last := -1
	add := func(op int) {
		if op < last {
			sorted = false
		}
		if op != last {
			ops = append(ops, op)
			last = op
		}
	}
	for n := model.NodeID(0); int(n) < p.NumNodes(); n++ {
		switch k := p.Kind(n); k {
		case model.KindGlobal, model.KindExt, model.KindCall, model.KindPersID:
			named = named || k == model.KindGlobal || k == model.KindExt
			// Only the op's first node counts (INST makes its class,
			// then its call).
			if op := p.Node(n).Op; n == 0 || p.Node(n-1).Op != op {
				add(int(op))
			}
		}
		if p.Flags(n)&model.FlagParts != 0 {
			for j, e := range p.Edges(n) {
				if e.Key == model.RoleState {
					add(p.EdgeOp(p.EdgeIndex(n, j)))
				}
			}
		}
	}
	if !sorted {
		slices.Sort(ops)
		ops = slices.Compact(ops)
	}
	return ops, named
}

// countUses counts the references to each global and extension code: one
// pass over the edges, the stack and the root.
func (ps *pickleScan) countUses() {
	p := ps.p
	ps.uses = map[model.NodeID]int{}
	for i := 0; i < p.NumEdges(); i++ {
		e := p.Edge(i)
		if k := p.Kind(e.Val); k == model.KindGlobal || k == model.KindExt {
			ps.uses[e.Val]++
		}
		if e.Key >= 0 {
			if k := p.Kind(e.Key); k == model.KindGlobal || k == model.KindExt {
				ps.uses[e.Key]++
			}
		}
	}
	for _, it := range p.Stack() {
		if !it.Mark && it.Node >= 0 {
			if k := p.Kind(it.Node); k == model.KindGlobal || k == model.KindExt {
				ps.uses[it.Node]++
			}
		}
	}
	if r := p.Root(); r >= 0 {
		if k := p.Kind(r); k == model.KindGlobal || k == model.KindExt {
			ps.uses[r]++
		}
	}
}

func (ps *pickleScan) offset(op int) int64 { return ps.p.OpOffset(op) }

func (ps *pickleScan) addGlobal(g GlobalRef) {
	s := ps.scanner
	s.r.GlobalsTotal++
	s.r.Counts["globals_"+g.Rating.String()]++
	s.verdict(g.Rating)
	if s.listedG < s.opts.MaxListed {
		s.listedG++
		s.r.Globals = append(s.r.Globals, g)
	} else if g.Rating != Safe && s.unsafeCount < s.opts.MaxUnsafe {
		s.unsafeCount++
		s.r.Globals = append(s.r.Globals, g)
		s.r.Capped = true
	} else {
		s.r.Capped = true
	}
	if g.Rating != Safe && !s.told[g.Global] {
		if s.told == nil {
			s.told = map[string]bool{}
		}
		if len(s.told) < s.opts.MaxUnsafe {
			s.told[g.Global] = true
		}
		ps.finding(Finding{Rating: g.Rating, Pickle: ps.idx, Offset: g.Offset, Kind: "global",
			Message: fmt.Sprintf("%s names %s: %s: %s", g.Op, g.Global, g.Rating, g.Why)})
		ps.remember(g.Rating, g.Global)
	}
}

func (s *scanner) remember(r Rating, what string) {
	if r == Dangerous && s.worst == "" {
		s.worst = what
	}
	if r == Unknown && s.worstUnk == "" {
		s.worstUnk = what
	}
}

// global records the global or extension-code node nd, made by op.
func (ps *pickleScan) global(nd model.NodeID, op int) {
	p := ps.p
	g := GlobalRef{Pickle: ps.idx, Source: ps.src, Offset: ps.offset(op), Op: model.OpName(p.OpCode(op)),
		Memo: p.Node(nd).Flags&model.FlagMemo != 0, Uses: ps.uses[nd]}
	if p.Kind(nd) == model.KindExt {
		g.Ext = int64(p.Node(nd).Val)
		g.Global = "extension code " + strconv.FormatInt(g.Ext, 10)
		g.Verdict = Verdict{Unknown, "an extension code names a global through copyreg's registry, which belongs to the loading program", nil}
	} else {
		g.Module, g.Name = p.Global(nd)
		g.Global = g.Module + "." + g.Name
		g.Verdict = Rate(g.Module, g.Name)
	}
	ps.gv[nd] = g.Verdict
	ps.addGlobal(g)
}

// describe names node n as a callable or object: its global name, or what
// made it.
func (ps *pickleScan) describe(n model.NodeID) (string, int64) {
	p := ps.p
	nd := p.Node(n)
	off := ps.offset(int(nd.Op))
	switch nd.Kind {
	case model.KindGlobal:
		m, nm := p.Global(n)
		return m + "." + nm, off
	case model.KindExt:
		return "extension code " + strconv.FormatUint(nd.Val, 10), off
	case model.KindCall:
		return "result of call at offset " + strconv.FormatInt(off, 10), off
	case model.KindPersID:
		return "persistent object at offset " + strconv.FormatInt(off, 10), off
	}
	return "a " + nd.Kind.String() + " at offset " + strconv.FormatInt(off, 10), off
}

// nodeRating is the rating of calling node n.
func (ps *pickleScan) calleeRating(n model.NodeID) Verdict {
	p := ps.p
	switch p.Kind(n) {
	case model.KindGlobal, model.KindExt:
		if v, ok := ps.gv[n]; ok {
			return v
		}
		return Verdict{Unknown, "a global pklx did not rate", nil}
	case model.KindCall:
		if ps.taintOf(n) == Dangerous {
			return Verdict{Dangerous, "calls the result of a call that involves a dangerous global", []string{srcPklx}}
		}
		return Verdict{Unknown, "calls the result of another call, which pklx cannot know", nil}
	case model.KindPersID:
		return Verdict{Unknown, "calls an object the loading program's persistent_load returned", nil}
	}
	return Verdict{Safe, "not callable: CPython would raise TypeError", nil}
}

// directGlobals is the worst rating among globals and extension codes that
// are direct items, values or keys of container n (cached per node, so a
// tuple shared by many calls is read once).
func (ps *pickleScan) directGlobals(n model.NodeID) Rating {
	p := ps.p
	if ps.argsR == nil {
		ps.argsR = make([]uint8, p.NumNodes())
		for i := range ps.argsR {
			ps.argsR[i] = 0xff
		}
	}
	if ps.argsR[n] != 0xff {
		return Rating(ps.argsR[n])
	}
	r := Safe
	for _, e := range p.Edges(n) {
		if e.Key == model.RoleItem || e.Key >= 0 {
			if v, ok := ps.gv[e.Val]; ok {
				r = maxRating(r, v.Rating)
			}
			if e.Key >= 0 {
				if v, ok := ps.gv[e.Key]; ok {
					r = maxRating(r, v.Rating)
				}
			}
		}
	}
	ps.argsR[n] = uint8(r)
	return r
}

// argGlobals lists the globals handed directly to call n, at most a few.
func (ps *pickleScan) argGlobals(n model.NodeID) (names []string, worst Rating) {
	p := ps.p
	add := func(v model.NodeID) {
		if gv, ok := ps.gv[v]; ok {
			worst = maxRating(worst, gv.Rating)
			if len(names) < 8 {
				nm, _ := ps.describe(v)
				names = append(names, nm)
			}
		}
	}
	for _, e := range p.Edges(n) {
		switch e.Key {
		case model.RoleArg:
			add(e.Val)
		case model.RoleArgs, model.RoleKwargs:
			k := p.Kind(e.Val)
			if k != model.KindTuple && k != model.KindDict {
				add(e.Val)
				continue
			}
			if ps.directGlobals(e.Val) == Safe && !ps.hasDirectGlobal(e.Val) {
				continue
			}
			for i, it := range p.Edges(e.Val) {
				if i >= 64 {
					break
				}
				add(it.Val)
				if it.Key >= 0 {
					add(it.Key)
				}
			}
			worst = maxRating(worst, ps.directGlobals(e.Val))
		}
	}
	return names, worst
}

// hasDirectGlobal reports whether container n holds a global among its
// first items (a cheap check before listing names).
func (ps *pickleScan) hasDirectGlobal(n model.NodeID) bool {
	for i, e := range ps.p.Edges(n) {
		if i >= 64 {
			return false
		}
		if _, ok := ps.gv[e.Val]; ok {
			return true
		}
	}
	return false
}

func (ps *pickleScan) addCall(c Call) {
	s := ps.scanner
	s.r.CallsTotal++
	s.r.Counts["calls_"+c.Rating.String()]++
	s.verdict(c.Rating)
	if s.listedC < s.opts.MaxListed {
		s.listedC++
		s.r.Calls = append(s.r.Calls, c)
	} else if c.Rating != Safe && s.unsafeCount < s.opts.MaxUnsafe {
		s.unsafeCount++
		s.r.Calls = append(s.r.Calls, c)
		s.r.Capped = true
	} else {
		s.r.Capped = true
	}
}

// call records call node nd, made by op.
func (ps *pickleScan) call(nd model.NodeID, op int) {
	p := ps.p
	code := p.OpCode(op)
	c := Call{Pickle: ps.idx, Source: ps.src, Offset: ps.offset(op), Op: model.OpName(code), Kind: "call", CallableOffset: -1}
	if code == model.OpNewObj || code == model.OpNewObjEx {
		c.Kind = "new"
	}
	callee := p.EdgeWithRole(nd, model.RoleCallable)
	if callee == model.NoNode {
		c.Callable = "nothing"
		c.Verdict = Verdict{Unknown, "a call without a callable", nil}
	} else {
		c.Callable, c.CallableOffset = ps.describe(callee)
		c.Verdict = ps.calleeRating(callee)
		if p.Kind(callee) == model.KindCall {
			ps.finding(Finding{Rating: c.Rating, Pickle: ps.idx, Offset: c.Offset, Kind: "call-of-call",
				Message: fmt.Sprintf("%s at offset %d calls the result of the call at offset %d (as getattr(module, name)(...) does): %s",
					c.Op, c.Offset, c.CallableOffset, c.Rating)})
		}
	}
	names, worst := ps.argGlobals(nd)
	c.ArgGlobals = names
	if worst > c.Rating {
		c.Verdict = Verdict{worst, "a " + worst.String() + " global is passed to it as an argument: " + joinNames(names), nil}
	}
	ps.crate[nd] = c.Rating
	ps.addCall(c)
	if c.Rating != Safe {
		ps.remember(c.Rating, c.Callable+" called at offset "+strconv.FormatInt(c.Offset, 10))
		if c.Rating == Dangerous && callee != model.NoNode && p.Kind(callee) != model.KindCall {
			ps.finding(Finding{Rating: c.Rating, Pickle: ps.idx, Offset: c.Offset, Kind: "call",
				Message: fmt.Sprintf("%s at offset %d calls %s: %s: %s", c.Op, c.Offset, c.Callable, c.Rating, c.Why)})
		}
	}
}

func joinNames(n []string) string {
	out := ""
	for i, s := range n {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// build records a BUILD edge: obj.__setstate__(state), or attribute
// updates on obj.
func (ps *pickleScan) build(t model.NodeID, e model.Edge, op int) {
	p := ps.p
	c := Call{Pickle: ps.idx, Source: ps.src, Offset: ps.offset(op), Op: "BUILD", Kind: "setstate", CallableOffset: -1}
	what, off := ps.describe(t)
	c.CallableOffset = off
	switch p.Kind(t) {
	case model.KindGlobal:
		c.Callable = "__setstate__ or setattr on " + what + " itself"
		c.Verdict = Verdict{Dangerous, "BUILD on a class or function sets its attributes (or calls its __setstate__ with the state as self)", []string{srcPklx}}
		ps.finding(Finding{Rating: Dangerous, Pickle: ps.idx, Offset: c.Offset, Kind: "build-on-class",
			Message: fmt.Sprintf("BUILD at offset %d gives state to %s itself, not to an object: it sets class attributes", c.Offset, what)})
	case model.KindCall:
		cls := p.EdgeWithRole(t, model.RoleCallable)
		clsName := "an object"
		if cls != model.NoNode {
			clsName, _ = ps.describe(cls)
		}
		c.Callable = "__setstate__ of " + clsName + " (object made at offset " + strconv.FormatInt(off, 10) + ")"
		r := ps.crate[t]
		switch r {
		case Safe:
			c.Verdict = Verdict{Safe, "sets the state of an object of a class rated safe", nil}
		case Unknown:
			c.Verdict = Verdict{Unknown, "runs __setstate__ of a class pklx cannot judge", nil}
		default:
			c.Verdict = Verdict{Dangerous, "runs __setstate__ of an object made by a dangerous call", []string{srcPklx}}
		}
	case model.KindExt, model.KindPersID:
		c.Callable = "__setstate__ of " + what
		c.Verdict = Verdict{Unknown, "runs __setstate__ of an object pklx cannot know", nil}
	default:
		c.Callable = "__setstate__ of " + what
		c.Verdict = Verdict{Safe, "a builtin container has no __setstate__: CPython would fail, running nothing", nil}
	}
	ps.addCall(c)
	if c.Rating != Safe {
		ps.remember(c.Rating, "BUILD at offset "+strconv.FormatInt(c.Offset, 10))
	}
}

// persid records a persistent id: pickle.load calls the loading program's
// persistent_load hook with it (plain pickle.load refuses).
func (ps *pickleScan) persid(nd model.NodeID, op int) {
	c := Call{Pickle: ps.idx, Source: ps.src, Offset: ps.offset(op), Op: model.OpName(ps.p.OpCode(op)), Kind: "persistent_load",
		Callable: "persistent_load (the loading program's hook)", CallableOffset: -1,
		Verdict: Verdict{Safe, "runs the loading program's own hook, not code named by the file (torch.load loads a tensor storage)", nil}}
	ps.addCall(c)
}

// failure notes a decoding error and scans the bytes that were not read.
func (ps *pickleScan) failure(err error) {
	s := ps.scanner
	s.r.Complete = false
	s.verdict(Unknown)
	off := int64(-1)
	if o, ok := offsetOf(err); ok {
		off = o
	}
	data := ps.p.Data()
	rest := int64(len(data)) - off
	msg := fmt.Sprintf("decoding stopped: %v", err)
	if off >= 0 && rest > 0 {
		msg += fmt.Sprintf("; the %d bytes from offset %d on were not read, so pklx cannot say what they would do", rest, off)
	} else {
		msg += "; the pickle is incomplete, so pklx cannot say what a loader would do past this point"
	}
	ps.finding(Finding{Rating: Unknown, Pickle: ps.idx, Offset: off, Kind: "decode-failure", Message: msg})
	ps.remember(Unknown, "decoding failed")
	if off >= 0 && rest > 0 {
		ps.scanUnread(data, off, int64(len(data)), ps.idx, ps.src)
	}
}

// scanUnread looks for global references in bytes the decoder did not
// read and rates them.
func (s *scanner) scanUnread(data []byte, from, to int64, pickle int, src string) {
	hits := ScanBytes(data, from, to, s.opts.MaxUnsafe-len(s.r.AfterFailure))
	for _, h := range hits {
		h.Pickle = pickle
		h.Source = src
		s.r.AfterFailure = append(s.r.AfterFailure, h)
		s.verdict(h.Rating)
		if h.Rating != Safe {
			s.remember(h.Rating, h.Global+" (possibly referenced after the failure)")
		}
		s.finding(Finding{Rating: h.Rating, Pickle: pickle, Offset: h.Offset, Kind: "after-failure",
			Message: fmt.Sprintf("possibly referenced after the failure: %s pattern naming %s at offset %d: %s: %s", h.Op, h.Global, h.Offset, h.Rating, h.Why)})
	}
}

// trailing notes bytes after the last pickle that do not form one.
func (s *scanner) trailing(f *model.File) {
	t := f.Trailing
	b := f.Data[t.Start:t.End]
	if isPadding(b) {
		s.finding(Finding{Rating: Safe, Pickle: -1, Offset: t.Start, Kind: "trailing-data",
			Message: fmt.Sprintf("%d bytes of padding (whitespace or zeros) after the last pickle", t.Len())})
		return
	}
	s.verdict(Unknown)
	s.remember(Unknown, "data after the last pickle")
	s.finding(Finding{Rating: Unknown, Pickle: -1, Offset: t.Start, Kind: "trailing-data",
		Message: fmt.Sprintf("%d bytes after the last pickle at offset %d are not a pickle pklx can read; pickle.load stops before them, but a program that reads on would meet them", t.Len(), t.Start)})
	s.scanUnread(f.Data, t.Start, t.End, -1, "")
}

func isPadding(b []byte) bool {
	for _, c := range b {
		switch c {
		case 0, ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// taintOf is the worst rating of any global reachable from n through
// edges. It is computed for every node at once, the first time it is
// needed, by propagating ratings from globals to their parents over a
// reverse edge index: each node rises at most twice, so the work is
// linear in nodes and edges, whatever the memo sharing.
func (ps *pickleScan) taintOf(n model.NodeID) Rating {
	if ps.taint == nil {
		ps.computeTaint()
	}
	return ps.taint[n]
}

func (ps *pickleScan) computeTaint() {
	p := ps.p
	nn, ne := p.NumNodes(), p.NumEdges()
	ps.taint = make([]Rating, nn)
	// Reverse index: for each child, the edges that point at it.
	start := make([]int32, nn+1)
	for i := 0; i < ne; i++ {
		e := p.Edge(i)
		start[e.Val+1]++
		if e.Key >= 0 {
			start[e.Key+1]++
		}
	}
	for i := 1; i <= nn; i++ {
		start[i] += start[i-1]
	}
	parents := make([]int32, start[nn])
	fill := make([]int32, nn)
	for q := model.NodeID(0); int(q) < nn; q++ {
		for _, e := range p.Edges(q) {
			parents[start[e.Val]+fill[e.Val]] = q
			fill[e.Val]++
			if e.Key >= 0 {
				parents[start[e.Key]+fill[e.Key]] = q
				fill[e.Key]++
			}
		}
	}
	fill = nil
	var work []model.NodeID
	for nd, v := range ps.gv {
		if v.Rating > Safe {
			ps.taint[nd] = v.Rating
			work = append(work, nd)
		}
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		r := ps.taint[n]
		for _, par := range parents[start[n]:start[n+1]] {
			if ps.taint[par] < r {
				ps.taint[par] = r
				work = append(work, par)
			}
		}
	}
}

func (s *scanner) summary() string {
	r := s.r
	switch r.Verdict {
	case Dangerous:
		return "DANGEROUS: loading this file can run code or touch the system (" + s.worst + ")"
	case Unknown:
		why := s.worstUnk
		if why == "" {
			why = "unknown globals"
		}
		return "UNKNOWN: pklx cannot vouch for this file (" + why + "); nothing on its dangerous lists was found"
	}
	if r.GlobalsTotal == 0 && r.CallsTotal == 0 {
		return "SAFE: plain data, no globals and no calls"
	}
	return fmt.Sprintf("SAFE: %d globals and %d calls, all on pklx's safe lists", r.GlobalsTotal, r.CallsTotal)
}
