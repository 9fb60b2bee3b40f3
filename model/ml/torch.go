package ml

import (
	"fmt"
	"strings"

	"pklx/model"
)

// TensorView is a PyTorch tensor or parameter: dtype, shape, stride,
// device, requires_grad, and the values read from its storage.
type TensorView struct {
	Class string // "torch.Tensor" or "torch.nn.Parameter"
	Array
	TorchDType   string // "float32", "int64", "bfloat16", ...
	Device       string // the storage's location: "cpu", "cuda:0"
	RequiresGrad bool
	StorageKey   string // the storage's key (its zip member data/<key>)
	StorageType  string // "torch.FloatStorage"
	StorageNumel int64
	Storage      model.NodeID // the persistent id node
	Node         model.NodeID
}

// Type is torch.Tensor or torch.nn.Parameter.
func (v *TensorView) Type() string { return v.Class }

// Summary is "torch.Tensor (float32, 3×4, cpu)".
func (v *TensorView) Summary() string {
	s := fmt.Sprintf("%s (%s, %s, %s", v.Class, v.TorchDType, ShapeText(v.Shape), v.Device)
	if v.RequiresGrad {
		s += ", requires_grad"
	}
	return s + ")"
}

// Rows are the dtype, shape, stride, storage, requires_grad and values.
func (v *TensorView) Rows() []Row {
	rows := []Row{
		{Name: "dtype", Text: "torch." + v.TorchDType, Node: model.NoNode},
		{Name: "shape", Text: shapeTuple(v.Shape), Node: model.NoNode},
		{Name: "stride", Text: shapeTuple(v.Strides), Node: model.NoNode},
		{Name: "device", Text: v.Device, Node: model.NoNode},
		{Name: "requires_grad", Text: fmt.Sprint(pyBool(v.RequiresGrad)), Node: model.NoNode},
	}
	st := fmt.Sprintf("%s '%s', %d items", shortName(v.StorageType), v.StorageKey, v.StorageNumel)
	if v.Offset != 0 {
		st += fmt.Sprintf(", from item %d", v.Offset)
	}
	if k := sharing(v.P, v.Storage, v.StorageKey); k > 0 {
		st += fmt.Sprintf(" (shared with %d other tensor", k)
		if k > 1 {
			st += "s"
		}
		st += ")"
	}
	rows = append(rows, Row{Name: "storage", Text: st, Node: v.Storage})
	rows = append(rows, Row{Name: "values", Text: v.Text(rowText), Node: model.NoNode})
	return rows
}

// WriteJSON writes the values as nested lists.
func (v *TensorView) WriteJSON(w *JSONWriter) error { return w.Array(&v.Array) }

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// torchStorages maps storage classes to their dtype and NumPy item type.
var torchStorages = map[string]struct {
	dtype string
	np    string
}{
	"FloatStorage": {"float32", "<f4"}, "DoubleStorage": {"float64", "<f8"}, "HalfStorage": {"float16", "<f2"},
	"BFloat16Storage": {"bfloat16", "<u2"}, "LongStorage": {"int64", "<i8"}, "IntStorage": {"int32", "<i4"},
	"ShortStorage": {"int16", "<i2"}, "CharStorage": {"int8", "|i1"}, "ByteStorage": {"uint8", "|u1"},
	"BoolStorage": {"bool", "|b1"}, "ComplexFloatStorage": {"complex64", "<c8"},
	"ComplexDoubleStorage": {"complex128", "<c16"}, "QInt8Storage": {"qint8", "|i1"},
	"QUInt8Storage": {"quint8", "|u1"}, "QInt32Storage": {"qint32", "<i4"},
	"QUInt4x2Storage": {"quint4x2", "|u1"}, "QUInt2x4Storage": {"quint2x4", "|u1"},
}

// TorchStorage is what a storage's persistent id says:
// ('storage', storage_type, key, location, numel[, view_metadata]).
type TorchStorage struct {
	Type     string // "torch.FloatStorage"
	DType    string // "float32"
	Elem     DType  // its item type, for reading bytes
	Key      string
	Location string
	Numel    int64
	// ViewOffset is where a legacy view storage starts in its root
	// storage, in items (view_metadata), and ViewKey the view's key.
	ViewOffset int64
	ViewKey    string
	BFloat16   bool
}

// ReadTorchStorage reads the persistent id tuple of a storage.
func ReadTorchStorage(g Graph, pidTuple model.NodeID) (TorchStorage, error) {
	var s TorchStorage
	if pidTuple < 0 || g.Kind(pidTuple) != model.KindTuple {
		return s, fmt.Errorf("the persistent id is not a tuple")
	}
	it := items(g, pidTuple)
	if len(it) < 5 {
		return s, fmt.Errorf("the persistent id has %d items, not 5", len(it))
	}
	if t, ok := text(g, it[0]); !ok || t != "storage" {
		return s, fmt.Errorf("the persistent id is not a storage")
	}
	s.Type = globalName(g, it[1])
	if s.Type == "" {
		return s, fmt.Errorf("the storage type is not a class")
	}
	info, ok := torchStorages[shortName(s.Type)]
	if !ok {
		return s, fmt.Errorf("unknown storage type %s", s.Type)
	}
	s.DType = info.dtype
	s.Elem, _ = parseTypeStr(info.np)
	s.BFloat16 = info.dtype == "bfloat16"
	if k, ok := text(g, it[2]); ok {
		s.Key = k
	} else if v, ok := intOf(g, it[2]); ok {
		s.Key = fmt.Sprint(v)
	}
	s.Location, _ = text(g, it[3])
	s.Numel, _ = intOf(g, it[4])
	if len(it) >= 6 && g.Kind(it[5]) == model.KindTuple {
		vm := items(g, it[5])
		if len(vm) >= 2 {
			s.ViewKey, _ = text(g, vm[0])
			s.ViewOffset, _ = intOf(g, vm[1])
		}
	}
	return s, nil
}

// tensorView reads _rebuild_tensor_v2(storage, storage_offset, size,
// stride, requires_grad, backward_hooks[, metadata]), the older
// _rebuild_tensor(storage, storage_offset, size, stride), and
// _rebuild_parameter(tensor, requires_grad, backward_hooks).
func tensorView(p *model.Pickle, g Graph, n model.NodeID) (View, bool) {
	name := callee(g, n)
	a := args(g, n)
	if strings.HasPrefix(name, "torch._utils._rebuild_parameter") {
		if len(a) < 2 || callee(g, a[0]) == "" || strings.HasPrefix(callee(g, a[0]), "torch._utils._rebuild_parameter") {
			return nil, false
		}
		inner, ok := tensorView(p, g, a[0])
		if !ok {
			return nil, false
		}
		t := *inner.(*TensorView)
		t.Class, t.Node = "torch.nn.Parameter", n
		if rg, ok := intOf(g, a[1]); ok {
			t.RequiresGrad = rg != 0
		}
		return &t, true
	}
	if len(a) < 4 {
		return nil, false
	}
	pid := a[0]
	if g.Kind(pid) != model.KindPersID {
		return nil, false
	}
	st, err := ReadTorchStorage(g, role(g, pid, model.RolePID))
	if err != nil {
		return nil, false
	}
	off, ok1 := intOf(g, a[1])
	size, ok2 := ints(g, a[2])
	stride, ok3 := ints(g, a[3])
	if !ok1 || !ok2 || !ok3 || len(size) != len(stride) {
		return nil, false
	}
	v := &TensorView{Class: "torch.Tensor", TorchDType: st.DType, Device: st.Location, StorageKey: st.Key,
		StorageType: st.Type, StorageNumel: st.Numel, Storage: pid, Node: n}
	if len(a) >= 5 {
		if rg, ok := intOf(g, a[4]); ok {
			v.RequiresGrad = rg != 0
		}
	}
	v.P = p
	v.DType, v.Shape, v.Strides, v.Offset = st.Elem, size, stride, off+st.ViewOffset
	v.BFloat16 = st.BFloat16
	if st.BFloat16 || st.DType == "float16" {
		v.Bits = 16
	}
	v.Where = "storage '" + st.Key + "'"
	if ext := p.Extern(); ext != nil {
		if b, ok := ext.ExternBytes(p, pid); ok {
			v.Data = b
		}
		if bo, ok := ext.(BigEndianStorages); ok && bo.BigEndianStorages() && v.DType.Size > 1 {
			v.DType.Order = '>'
		}
	}
	if v.Data == nil {
		v.Missing = "the storage bytes are outside the pickle (open the whole checkpoint to read them)"
	}
	v.validate()
	return v, true
}

// BigEndianStorages is implemented by the Extern of a PyTorch checkpoint
// whose byteorder member says "big": its storages are read big-endian.
type BigEndianStorages interface {
	BigEndianStorages() bool
}

// sharing counts the other persistent ids of p that name storage key.
func sharing(p *model.Pickle, self model.NodeID, key string) int {
	if p == nil || key == "" {
		return 0
	}
	g := PickleGraph(p)
	k := 0
	for i := 0; i < p.NumNodes(); i++ {
		n := model.NodeID(i)
		if n == self || p.Kind(n) != model.KindPersID {
			continue
		}
		if s, err := ReadTorchStorage(g, role(g, n, model.RolePID)); err == nil && s.Key == key {
			k++
		}
	}
	return k
}
