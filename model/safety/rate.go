package safety

import (
	"strings"
)

// Rating is how much loading something trusts the file: Safe (it only
// builds data), Unknown (pklx cannot tell: a class of some library, an
// extension code, bytes it could not read) or Dangerous (it can run code,
// touch files or the network). Ratings are ordered: the larger wins.
type Rating uint8

// Ratings, in increasing order of concern.
const (
	Safe Rating = iota
	Unknown
	Dangerous
)

var ratingNames = [...]string{Safe: "safe", Unknown: "unknown", Dangerous: "dangerous"}

// String is "safe", "unknown" or "dangerous".
func (r Rating) String() string {
	if int(r) < len(ratingNames) {
		return ratingNames[r]
	}
	return "dangerous"
}

// MarshalText writes the rating's name, so JSON shows "dangerous".
func (r Rating) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a rating's name.
func (r *Rating) UnmarshalText(b []byte) error {
	for i, n := range ratingNames {
		if string(b) == n {
			*r = Rating(i)
			return nil
		}
	}
	*r = Dangerous
	return nil
}

func maxRating(a, b Rating) Rating {
	if a > b {
		return a
	}
	return b
}

// Verdict is the rating of one global, with the reason and the lists that
// say so.
type Verdict struct {
	Rating  Rating   `json:"rating"`
	Why     string   `json:"why"`
	Sources []string `json:"listed_by,omitempty"`
}

// safeTable is safeNames with the torch types the weights_only loader
// builds in loops written out. It is built once and never changed.
var safeTable = func() map[string]listed {
	m := make(map[string]listed, len(safeNames)+200)
	for k, v := range safeNames {
		m[k] = v
	}
	for _, t := range torchStorageTypes {
		m["torch."+t+"Storage"] = l("a tensor storage class", srcTorch, srcPicklescan)
		m["torch.cuda."+t+"Storage"] = l("a tensor storage class", srcTorch)
	}
	for _, t := range torchTensorTypes {
		m["torch."+t+"Tensor"] = l("a tensor class", srcTorch)
		m["torch.cuda."+t+"Tensor"] = l("a tensor class", srcTorch)
		m["torch.sparse."+t+"Tensor"] = l("a sparse tensor class", srcTorch)
	}
	for _, d := range torchDtypes {
		m["torch."+d] = l("a tensor dtype", srcTorch)
	}
	return m
}()

// Rate rates the global module.name as pickle.load would resolve it:
// Python 2 names mapped as CPython's _compat_pickle maps them, every
// dotted prefix of the module and of the name checked (a module below a
// dangerous one is dangerous: os.path as os; a name walked through
// attributes is rated by each step: builtins + getattr.__self__ is
// builtins.getattr first), attribute walks through dunders such as
// __globals__ or __subclasses__ dangerous wherever they start.
func Rate(module, name string) Verdict {
	mm, mn := mapPy2(module, name)
	if mm == module && mn == name {
		return rate1(module, name)
	}
	// A Python 2 name: Python 3 resolves the mapped name, so it decides,
	// unless the name as written is itself dangerous.
	v2 := rate1(mm, mn)
	if isBuiltinsAlias(module) || v2.Rating == Dangerous {
		return v2
	}
	if v1 := rate1(module, name); v1.Rating == Dangerous {
		return v1
	}
	return v2
}

// isBuiltinsAlias reports whether a module is a name of the builtins module.
func isBuiltinsAlias(m string) bool {
	return m == "__builtin__" || m == "__builtins__" || m == "exceptions"
}

func mapPy2(module, name string) (string, string) {
	if full, ok := py2Names[module+"."+name]; ok {
		i := strings.LastIndexByte(full, '.')
		return full[:i], full[i+1:]
	}
	if m, ok := py2Modules[module]; ok {
		return m, name
	}
	return module, name
}

func rate1(module, name string) Verdict {
	if module == "" || name == "" || !validDotted(module) || !validDotted(name) {
		// CPython would fail to import such a name, but a custom
		// Unpickler.find_class may resolve anything: not known safe.
		return Verdict{Unknown, "not a valid Python module and name", nil}
	}
	full := module + "." + name
	// Dotted names: an attribute walk through a dunder reaches code.
	if strings.IndexByte(name, '.') >= 0 {
		for _, part := range strings.Split(name, ".") {
			if walkingAttrs[part] {
				return Verdict{Dangerous, "walks attribute " + part + ", which reaches code, modules or namespaces", []string{srcPklx}}
			}
		}
	}
	// Exact dangerous names, then every prefix of the full dotted path.
	if e, ok := dangerousNames[full]; ok {
		return Verdict{Dangerous, e.why, e.sources}
	}
	if module == "builtins" || isBuiltinsAlias(module) {
		first, _, _ := strings.Cut(name, ".")
		if e, ok := dangerousBuiltins[first]; ok {
			return Verdict{Dangerous, "builtins." + first + ": " + e.why, e.sources}
		}
	}
	if e, ok := safeTable[full]; ok {
		return Verdict{Safe, e.why, e.sources}
	}
	for i := 0; i <= len(module); i++ {
		if i == len(module) || module[i] == '.' {
			if e, ok := dangerousModules[module[:i]]; ok {
				return Verdict{Dangerous, "module " + module[:i] + ": " + e.why, e.sources}
			}
		}
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			p := module + "." + name[:i]
			if e, ok := dangerousNames[p]; ok {
				return Verdict{Dangerous, p + ": " + e.why, e.sources}
			}
			if _, ok := dangerousModules[p]; ok {
				return Verdict{Dangerous, "module " + p + ": " + dangerousModules[p].why, dangerousModules[p].sources}
			}
		}
	}
	if strings.IndexByte(name, '.') >= 0 {
		// An attribute of something: even of a safe class, pklx cannot
		// tell what it is.
		return Verdict{Unknown, "an attribute reached through a dotted name", nil}
	}
	if e, ok := safeModules[module]; ok {
		return Verdict{Safe, e.why, e.sources}
	}
	return Verdict{Unknown, "not on pklx's lists: a class or function of " + module + ", which pklx cannot judge", nil}
}

// validDotted reports whether s is dot-separated Python identifiers (ASCII
// letters, digits and '_', or any non-ASCII byte, not starting with a digit).
func validDotted(s string) bool {
	if s == "" {
		return false
	}
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if start {
				return false
			}
			start = true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			start = false
		case c >= '0' && c <= '9':
			if start {
				return false
			}
		default:
			return false
		}
	}
	return !start
}
