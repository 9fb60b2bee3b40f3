package ml

import (
	"fmt"
	"strings"

	"pklx/model"
)

// EstimatorView is a scikit-learn estimator: its class, the version that
// pickled it, its hyper-parameters (state keys that do not end in "_") and
// its fitted attributes (keys ending in "_").
type EstimatorView struct {
	Class   string
	Version string
	Params  []Row // hyper-parameters, Node the value (Text is filled by Rows)
	Fitted  []Row // fitted attributes, Node the value
	Private []Row // other keys starting with "_"
	Node    model.NodeID
	p       *model.Pickle
	depth   int
}

// Type is the estimator's class.
func (v *EstimatorView) Type() string { return v.Class }

// Summary is "RandomForestClassifier (sklearn 1.2.1, 17 parameters, fitted)".
func (v *EstimatorView) Summary() string {
	s := shortName(v.Class) + " ("
	if v.Version != "" {
		s += "sklearn " + v.Version + ", "
	}
	s += fmt.Sprintf("%d parameters", len(v.Params))
	if len(v.Fitted) > 0 {
		s += ", fitted"
	}
	return s + ")"
}

// Rows are the version, the hyper-parameters, then the fitted attributes
// (named "name_ (fitted)"), then private state, each with a short text of
// its value (made here, not when the view is made, so that Summary stays
// cheap).
func (v *EstimatorView) Rows() []Row {
	rows := []Row{}
	if v.Version != "" {
		rows = append(rows, Row{Name: "_sklearn_version", Text: v.Version, Node: model.NoNode})
	}
	for _, group := range [][]Row{v.Params, v.Fitted, v.Private} {
		for _, r := range group {
			r.Text = inlineNode(v.p, r.Node, v.depth+1)
			rows = append(rows, r)
		}
	}
	return rows
}

// estimatorView reads an estimator's state dict.
func estimatorView(p *model.Pickle, g Graph, n model.NodeID, class string, state model.NodeID, d int) (View, bool) {
	if state < 0 || g.Kind(state) != model.KindDict {
		return nil, false
	}
	v := &EstimatorView{Class: class, Node: n, p: p, depth: d}
	sawVersion := false
	for _, e := range entries(g, state) {
		k, ok := text(g, e.Key)
		if !ok {
			continue
		}
		r := Row{Name: k, Node: e.Val}
		switch {
		case k == "_sklearn_version":
			v.Version, _ = text(g, e.Val)
			sawVersion = true
		case strings.HasSuffix(k, "_") && !strings.HasPrefix(k, "_"):
			r.Name += " (fitted)"
			v.Fitted = append(v.Fitted, r)
		case strings.HasPrefix(k, "_"):
			v.Private = append(v.Private, r)
		default:
			v.Params = append(v.Params, r)
		}
	}
	if !sawVersion {
		// Not an estimator (BaseEstimator.__getstate__ always adds the
		// version): some other sklearn object, such as a tree's Tree.
		return nil, false
	}
	return v, true
}
