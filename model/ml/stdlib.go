package ml

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"pklx/model"
	"pklx/model/pyrepr"
)

// ValueView is a standard library value shown as Python's repr:
// datetime.datetime(2024, 1, 2, 3, 4, 5), Decimal('3.14'), (1.5-2j),
// UUID('...'), PurePosixPath('/tmp'), re.compile('a+'), range(0, 5), ...
type ValueView struct {
	Class string
	Repr  string
	Extra []Row
	Node  model.NodeID
}

// Type is the value's class.
func (v *ValueView) Type() string { return v.Class }

// Summary is the repr.
func (v *ValueView) Summary() string { return v.Repr }

// Rows are details beyond the repr (an ISO form, a total).
func (v *ValueView) Rows() []Row { return v.Extra }

// PlainValueView is a ValueView with a plain JSON form: a datetime's ISO
// string, a Decimal's string, a UUID's or a path's string, a timedelta's
// total seconds.
type PlainValueView struct {
	ValueView
	JSON any // written by JSONWriter.Value
}

// WriteJSON writes the plain value.
func (v *PlainValueView) WriteJSON(w *JSONWriter) error { return w.Value(v.JSON) }

// stdlibView recognises standard library values made by calling a name.
func stdlibView(p *model.Pickle, g Graph, n model.NodeID, name string, d int) (View, bool) {
	a := args(g, n)
	switch name {
	case "datetime.datetime", "datetime.date", "datetime.time":
		return dateView(p, g, n, name, a, d)
	case "datetime.timedelta":
		td, ok := readTimedelta(g, n)
		if !ok {
			return nil, false
		}
		return &PlainValueView{ValueView: ValueView{Class: name, Repr: td.repr(), Node: n,
			Extra: []Row{{Name: "str", Text: td.str(), Node: model.NoNode}}}, JSON: td.seconds()}, true
	case "datetime.timezone":
		tz, ok := tzRepr(p, g, n, d)
		if !ok {
			return nil, false
		}
		return &ValueView{Class: name, Repr: tz.repr, Node: n}, true
	case "decimal.Decimal":
		if len(a) == 1 {
			if s, ok := text(g, a[0]); ok {
				return &PlainValueView{ValueView: ValueView{Class: name, Repr: "Decimal(" + pyrepr.Str(s) + ")", Node: n}, JSON: s}, true
			}
		}
	case "builtins.complex":
		if len(a) == 2 && p.Kind(a[0]) == model.KindFloat && p.Kind(a[1]) == model.KindFloat {
			// No plain form here: model/export writes builtins.complex
			// itself, as {"real": re, "imag": im}.
			c := complex(p.Float(a[0]), p.Float(a[1]))
			return &ValueView{Class: "complex", Repr: pyComplex(c, 64), Node: n}, true
		}
	case "collections.OrderedDict":
		if len(a) == 0 {
			return &ValueView{Class: name, Repr: fmt.Sprintf("OrderedDict[%d]", len(entries(g, n))), Node: n}, true
		}
	case "collections.defaultdict":
		f := "None"
		if len(a) >= 1 {
			if gn := globalName(g, a[0]); gn != "" {
				f = strings.TrimPrefix(gn, "builtins.")
			}
		}
		return &ValueView{Class: name, Repr: fmt.Sprintf("defaultdict(%s)[%d]", f, len(entries(g, n))), Node: n}, true
	case "collections.deque":
		k := len(items(g, n))
		if len(a) >= 1 && g.Kind(a[0]) == model.KindList {
			k += len(items(g, a[0]))
		}
		r := fmt.Sprintf("deque[%d]", k)
		if len(a) >= 2 {
			if m, ok := intOf(g, a[1]); ok {
				r += fmt.Sprintf(" (maxlen=%d)", m)
			}
		}
		return &ValueView{Class: name, Repr: r, Node: n}, true
	case "collections.Counter":
		if len(a) == 1 && g.Kind(a[0]) == model.KindDict {
			return &ValueView{Class: name, Repr: fmt.Sprintf("Counter[%d]", len(entries(g, a[0]))), Node: n}, true
		}
	case "pathlib.PurePosixPath", "pathlib.PosixPath", "pathlib.Path", "pathlib.PureWindowsPath",
		"pathlib.WindowsPath", "pathlib.PurePath":
		parts := make([]string, 0, len(a))
		for _, x := range a {
			s, ok := text(g, x)
			if !ok {
				return nil, false
			}
			parts = append(parts, s)
		}
		path := joinPath(parts, strings.Contains(name, "Windows"))
		return &PlainValueView{ValueView: ValueView{Class: name, Repr: shortName(name) + "(" + pyrepr.Str(path) + ")", Node: n}, JSON: path}, true
	case "re._compile":
		if len(a) == 2 {
			flags, _ := intOf(g, a[1])
			pat := inlineNode(p, a[0], d+1)
			isStr := p.Kind(a[0]) == model.KindStr
			r := "re.compile(" + pat
			if f := reFlags(flags, isStr); f != "" {
				r += ", " + f
			}
			return &ValueView{Class: "re.Pattern", Repr: r + ")", Node: n}, true
		}
	case "builtins.range", "builtins.xrange":
		v := make([]int64, len(a))
		for i, x := range a {
			var ok bool
			if v[i], ok = intOf(g, x); !ok {
				return nil, false
			}
		}
		switch {
		case len(v) == 3 && v[2] != 1:
			return &ValueView{Class: "range", Repr: fmt.Sprintf("range(%d, %d, %d)", v[0], v[1], v[2]), Node: n}, true
		case len(v) >= 2:
			return &ValueView{Class: "range", Repr: fmt.Sprintf("range(%d, %d)", v[0], v[1]), Node: n}, true
		case len(v) == 1:
			return &ValueView{Class: "range", Repr: fmt.Sprintf("range(0, %d)", v[0]), Node: n}, true
		}
	case "builtins.slice":
		if len(a) == 3 {
			return &ValueView{Class: "slice", Repr: fmt.Sprintf("slice(%s, %s, %s)", inlineNode(p, a[0], d+1), inlineNode(p, a[1], d+1), inlineNode(p, a[2], d+1)), Node: n}, true
		}
	}
	return nil, false
}

// stdlibInstance recognises standard library objects pickled as
// instances: uuid.UUID (state {'int': ...}).
func stdlibInstance(p *model.Pickle, g Graph, n model.NodeID, class string, state model.NodeID) (View, bool) {
	if class != "uuid.UUID" || state < 0 || g.Kind(state) != model.KindDict {
		return nil, false
	}
	iv := get(g, state, "int")
	if iv < 0 {
		return nil, false
	}
	var x *big.Int
	switch p.Kind(iv) {
	case model.KindInt, model.KindBigInt:
		x = p.BigInt(iv)
	default:
		return nil, false
	}
	if x.Sign() < 0 || x.BitLen() > 128 {
		return nil, false
	}
	h := fmt.Sprintf("%032x", x)
	s := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	return &PlainValueView{ValueView: ValueView{Class: class, Repr: "UUID('" + s + "')", Node: n}, JSON: s}, true
}

func joinPath(parts []string, windows bool) string {
	sep := "/"
	if windows {
		sep = `\`
	}
	if len(parts) == 0 {
		return "."
	}
	first := parts[0]
	if strings.HasSuffix(first, sep) {
		return first + strings.Join(parts[1:], sep)
	}
	return strings.Join(parts, sep)
}

// reFlags writes re flags as a pattern's repr does (re.UNICODE is implied
// for str patterns and left out).
func reFlags(f int64, isStr bool) string {
	names := []struct {
		bit  int64
		name string
	}{{1, "re.TEMPLATE"}, {2, "re.IGNORECASE"}, {4, "re.LOCALE"}, {8, "re.MULTILINE"}, {16, "re.DOTALL"},
		{32, "re.UNICODE"}, {64, "re.VERBOSE"}, {128, "re.DEBUG"}, {256, "re.ASCII"}}
	if isStr {
		f &^= 32
	}
	var out []string
	for _, x := range names {
		if f&x.bit != 0 {
			out = append(out, x.name)
			f &^= x.bit
		}
	}
	if f != 0 {
		out = append(out, fmt.Sprintf("0x%x", f))
	}
	return strings.Join(out, "|")
}

// timedelta is days, seconds and microseconds as Python normalises them.
type timedelta struct{ days, secs, us int64 }

func readTimedelta(g Graph, n model.NodeID) (timedelta, bool) {
	if callee(g, n) != "datetime.timedelta" {
		return timedelta{}, false
	}
	a := args(g, n)
	var v [3]int64
	for i := 0; i < 3 && i < len(a); i++ {
		x, ok := intOf(g, a[i])
		if !ok {
			return timedelta{}, false
		}
		v[i] = x
	}
	if v[1] < 0 || v[1] >= 86400 || v[2] < 0 || v[2] >= 1e6 || v[0] > 999999999 || v[0] < -999999999 {
		return timedelta{}, false
	}
	return timedelta{v[0], v[1], v[2]}, true
}

func (t timedelta) repr() string {
	var parts []string
	if t.days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", t.days))
	}
	if t.secs != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", t.secs))
	}
	if t.us != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", t.us))
	}
	if len(parts) == 0 {
		return "datetime.timedelta(0)"
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

// str is str(timedelta): "-1 day, 0:00:05.000007".
func (t timedelta) str() string {
	s := fmt.Sprintf("%d:%02d:%02d", t.secs/3600, t.secs/60%60, t.secs%60)
	if t.us != 0 {
		s += fmt.Sprintf(".%06d", t.us)
	}
	if t.days != 0 {
		unit := "days"
		if t.days == 1 || t.days == -1 {
			unit = "day"
		}
		s = fmt.Sprintf("%d %s, %s", t.days, unit, s)
	}
	return s
}

func (t timedelta) seconds() float64 {
	return float64(t.days*86400+t.secs) + float64(t.us)/1e6
}

// tz is what a tzinfo node says: its repr, and its UTC offset for
// isoformat when it is a fixed datetime.timezone.
type tz struct {
	repr     string
	offset   timedelta
	hasFixed bool
}

func tzRepr(p *model.Pickle, g Graph, n model.NodeID, d int) (tz, bool) {
	switch callee(g, n) {
	case "datetime.timezone":
		a := args(g, n)
		if len(a) == 0 {
			return tz{}, false
		}
		td, ok := readTimedelta(g, a[0])
		if !ok {
			return tz{}, false
		}
		if len(a) == 1 && td == (timedelta{}) {
			return tz{repr: "datetime.timezone.utc", hasFixed: true}, true
		}
		r := "datetime.timezone(" + td.repr()
		if len(a) >= 2 {
			r += ", " + inlineNode(p, a[1], d+1)
		}
		return tz{repr: r + ")", offset: td, hasFixed: true}, true
	case "zoneinfo.ZoneInfo._unpickle":
		a := args(g, n)
		if len(a) >= 1 {
			return tz{repr: "zoneinfo.ZoneInfo(key=" + inlineNode(p, a[0], d+1) + ")"}, true
		}
	case "pytz._UTC":
		return tz{repr: "<UTC>", hasFixed: true}, true
	}
	return tz{repr: inlineNode(p, n, d+1)}, true
}

// isoOffset is "+05:30" for a fixed offset.
func (t tz) isoOffset() string {
	secs := t.offset.days*86400 + t.offset.secs
	sign := "+"
	if secs < 0 {
		sign = "-"
		secs = -secs
	}
	s := fmt.Sprintf("%s%02d:%02d", sign, secs/3600, secs/60%60)
	if secs%60 != 0 {
		s += fmt.Sprintf(":%02d", secs%60)
	}
	return s
}

// dateView reads datetime.datetime(bytes[, tzinfo]), datetime.date(bytes)
// and datetime.time(bytes[, tzinfo]): the packed byte forms of their
// __reduce__ (protocol 2 writes the bytes as _codecs.encode of latin-1

// clockText is the repr and ISO text of a datetime.datetime or
// datetime.time: fields are the leading constructor arguments (up to the
// minute), then seconds and microseconds as Python's repr shows them (only
// when not zero), the tzinfo and fold; datePart is the ISO date and "T"
// before the time, if any.
func clockText(class string, fields []int, ss, us int, datePart string, zone *tz, fold bool) (repr, iso string) {
	hh, mm := fields[len(fields)-2], fields[len(fields)-1]
	if us != 0 {
		fields = append(fields, ss, us)
	} else if ss != 0 {
		fields = append(fields, ss)
	}
	repr = class + "(" + joinInts(fields)
	iso = datePart + fmt.Sprintf("%02d:%02d:%02d", hh, mm, ss)
	if us != 0 {
		iso += fmt.Sprintf(".%06d", us)
	}
	if zone != nil {
		repr += ", tzinfo=" + zone.repr
		if zone.hasFixed {
			iso += zone.isoOffset()
		}
	}
	if fold {
		repr += ", fold=1"
	}
	return repr + ")", iso
}

// text).
func dateView(p *model.Pickle, g Graph, n model.NodeID, name string, a []model.NodeID, d int) (View, bool) {
	if len(a) == 0 {
		return nil, false
	}
	b, _, missing := bufferBytes(p, a[0])
	if missing != "" {
		return nil, false
	}
	var zone *tz
	if len(a) >= 2 && p.Kind(a[1]) != model.KindNone {
		z, _ := tzRepr(p, g, a[1], d)
		zone = &z
	}
	v := &PlainValueView{ValueView: ValueView{Class: name, Node: n}}
	switch name {
	case "datetime.date":
		if len(b) != 4 {
			return nil, false
		}
		y, m, d := int(b[0])<<8|int(b[1]), int(b[2]), int(b[3])
		if !validDate(y, m, d) {
			return nil, false
		}
		v.Repr = fmt.Sprintf("datetime.date(%d, %d, %d)", y, m, d)
		v.JSON = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case "datetime.datetime":
		if len(b) != 10 {
			return nil, false
		}
		y, m, d := int(b[0])<<8|int(b[1]), int(b[2]&0x7f), int(b[3])
		fold := b[2]&0x80 != 0
		hh, mm, ss := int(b[4]), int(b[5]), int(b[6])
		us := int(b[7])<<16 | int(b[8])<<8 | int(b[9])
		if !validDate(y, m, d) || hh > 23 || mm > 59 || ss > 59 || us > 999999 {
			return nil, false
		}
		v.Repr, v.JSON = clockText("datetime.datetime", []int{y, m, d, hh, mm}, ss, us,
			fmt.Sprintf("%04d-%02d-%02dT", y, m, d), zone, fold)
	case "datetime.time":
		if len(b) != 6 {
			return nil, false
		}
		hh, mm, ss := int(b[0]&0x7f), int(b[1]), int(b[2])
		fold := b[0]&0x80 != 0
		us := int(b[3])<<16 | int(b[4])<<8 | int(b[5])
		if hh > 23 || mm > 59 || ss > 59 || us > 999999 {
			return nil, false
		}
		v.Repr, v.JSON = clockText("datetime.time", []int{hh, mm}, ss, us, "", zone, fold)
	}
	v.Extra = []Row{{Name: "isoformat", Text: v.JSON.(string), Node: model.NoNode}}
	return v, true
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

func validDate(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}
