package diagnose

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/safety"
)

// Exit codes of pklx check and pklx scan.
const (
	ExitOK        = 0 // check: a sound pickle; scan: nothing dangerous or unknown
	ExitBroken    = 1 // check: not a sound pickle
	ExitDangerous = 1 // scan: something dangerous
	ExitUsage     = 2 // usage or I/O error (the callers' own)
	ExitUnknown   = 3 // scan: only unknown things
)

// PickleInfo summarises one decoded pickle.
type PickleInfo struct {
	Offset   int64 `json:"offset"`
	End      int64 `json:"end"`
	Protocol int   `json:"protocol"`
	Ops      int   `json:"ops"`
	Complete bool  `json:"complete"`
}

func infoOf(p *model.Pickle) PickleInfo {
	return PickleInfo{p.Span().Start, p.Span().End, p.Protocol(), p.NumOps(), p.Complete()}
}

// ErrorInfo is a decoding error: where, which op, and why.
type ErrorInfo struct {
	Offset int64  `json:"offset"`
	Op     string `json:"op,omitempty"`
	Reason string `json:"reason"`
	Cause  string `json:"cause"` // the sentinel: "pickle exhausted before STOP", "unknown opcode", ...
}

// PartCheck is the check of one part of a file.
type PartCheck struct {
	Part
	Sound     bool         `json:"sound"`
	Pickles   []PickleInfo `json:"pickles"`
	Error     *ErrorInfo   `json:"error,omitempty"`
	Unpack    string       `json:"unpack_error,omitempty"`
	Diagnoses []Diagnosis  `json:"diagnoses,omitempty"` // about the part itself (unpacked parts only)
	Recovered []PickleInfo `json:"recovered,omitempty"` // pickles found after the failure
}

// CheckReport is what pklx check says about a file.
type CheckReport struct {
	Name      string      `json:"file"`
	Size      int         `json:"size"`
	Format    string      `json:"format"` // what the file is, in a few words
	Sound     bool        `json:"sound"`
	Diagnoses []Diagnosis `json:"diagnoses"`
	Parts     []PartCheck `json:"parts"`
}

// Check diagnoses a file and every pickle stream inside it.
func Check(name string, data []byte) *CheckReport {
	f, _ := decoder.Decode(data, decoder.Options{Name: name})
	r := &CheckReport{Name: name, Size: len(data), Diagnoses: Diagnose(data, f)}
	parts := Parts(name, data, f)
	r.Sound = len(data) > 0
	for _, d := range r.Diagnoses {
		if d.Severity == Error {
			r.Sound = false // a damaged container, even when its pickles decode
		}
	}
	r.Format = r.Diagnoses[0].Title
	if r.Diagnoses[0].Code == "pickle" {
		r.Format = fmt.Sprintf("pickle, protocol %d, %d pickle(s)", f.Pickles[0].Protocol(), len(f.Pickles))
	}
	for _, p := range parts {
		// In compressed data, images or archives any "pickle" found after
		// a failure would be chance: recover only in pickle streams.
		pc := checkPart(p, !notPickle(r.Diagnoses) || p.How != "file")
		if p.File != nil && p.How != "file" {
			pc.Diagnoses = Diagnose(p.Data, p.File)
		}
		if !pc.Sound {
			r.Sound = false
		}
		r.Parts = append(r.Parts, pc)
	}
	return r
}

// checkPart checks one part: its pickles, the error that stopped it, and,
// when recover is set, the complete pickles found after that error.
func checkPart(p Part, recover bool) PartCheck {
	pc := PartCheck{Part: p}
	if p.Err != nil {
		pc.Unpack = errUnpack(p.Err)
	}
	if p.File == nil {
		return pc
	}
	pc.Sound = p.File.Err() == nil && len(p.File.Pickles) > 0 && p.Err == nil
	for _, q := range p.File.Pickles {
		pc.Pickles = append(pc.Pickles, infoOf(q))
	}
	if _, e := failing(p.File); e != nil {
		pc.Error = errorInfo(e)
		if recover {
			for _, q := range Recover(p.Data, e.Offset+1) {
				pc.Recovered = append(pc.Recovered, infoOf(q))
			}
		}
	}
	return pc
}

// errorInfo is a decoding error for the report.
func errorInfo(e *decoder.Error) *ErrorInfo {
	ei := &ErrorInfo{Offset: e.Offset, Reason: e.Detail, Cause: e.Err.Error()}
	if e.HasOp && model.Ops[e.Op].Valid {
		ei.Op = model.OpName(e.Op)
	}
	return ei
}

// notPickle reports whether the file's first diagnosis names a format that
// is not a pickle stream.
func notPickle(ds []Diagnosis) bool {
	if len(ds) == 0 {
		return false
	}
	switch ds[0].Code {
	case "pickle", "truncated", "bad-length", "bad-opcode", "unsupported", "memo", "bad-stack", "bad-argument", "limit", "broken", "crlf", "trailing-data":
		return false
	}
	return true
}

// ExitCode is ExitOK for a sound file, ExitBroken otherwise.
func (r *CheckReport) ExitCode() int {
	if r.Sound {
		return ExitOK
	}
	return ExitBroken
}

// WriteCheck prints a check report in plain words.
func WriteCheck(w io.Writer, r *CheckReport) error {
	ew := &errWriter{w: w}
	ew.printf("file:     %s (%d bytes)\n", r.Name, r.Size)
	ew.printf("format:   %s\n", r.Format)
	if r.Sound {
		ew.printf("result:   sound: every pickle in it decodes completely\n")
	} else {
		ew.printf("result:   NOT a sound pickle\n")
	}
	writeDiagnoses(ew, "", r.Diagnoses)
	for _, p := range r.Parts {
		ind := ""
		if p.How != "file" || len(r.Parts) > 1 {
			ew.printf("\ninside: %s\n", partLabel(p.Part))
			ind = "  "
		}
		if p.Unpack != "" {
			ew.printf("%sunpacking: %s\n", ind, p.Unpack)
		}
		if p.File == nil {
			continue
		}
		if p.How != "file" {
			if p.Sound {
				ew.printf("%sresult:   sound: decodes completely\n", ind)
			} else {
				ew.printf("%sresult:   does not decode completely\n", ind)
			}
		}
		for i, q := range p.Pickles {
			if q.Ops == 0 {
				continue // nothing decoded: the diagnosis says what the bytes are
			}
			state := "complete"
			if !q.Complete {
				state = "incomplete"
			}
			ew.printf("%spickle %d: offset %d-%d, protocol %d, %d ops, %s\n", ind, i, q.Offset, q.End, q.Protocol, q.Ops, state)
		}
		if e := p.Error; e != nil {
			op := ""
			if e.Op != "" {
				op = ", op " + e.Op
			}
			ew.printf("%serror:    at offset %d (%#x)%s: %s\n", ind, e.Offset, e.Offset, op, e.Reason)
		}
		if p.How != "file" {
			writeDiagnoses(ew, ind, p.Diagnoses)
		}
		if len(p.Recovered) > 0 {
			ew.printf("%srecovered after the failure: %d pickle(s) that decode completely\n", ind, len(p.Recovered))
			for _, q := range p.Recovered {
				ew.printf("%s  offset %d-%d, protocol %d, %d ops (pklx dis/show cannot reach it; cut the file at offset %d to load it)\n", ind, q.Offset, q.End, q.Protocol, q.Ops, q.Offset)
			}
		}
	}
	return ew.err
}

func writeDiagnoses(ew *errWriter, ind string, ds []Diagnosis) {
	for _, d := range ds {
		at := ""
		if d.Offset >= 0 {
			at = fmt.Sprintf(" (offset %d)", d.Offset)
		}
		ew.printf("\n%s[%s] %s%s\n", ind, d.Severity, d.Title, at)
		ew.printf("%s  %s\n", ind, d.Explain)
		ew.printf("%s  what to do: %s\n", ind, d.Action)
	}
}

// ScanPart is the safety report of one part of a file.
type ScanPart struct {
	Name   string         `json:"name"`
	How    string         `json:"how"`
	What   string         `json:"what,omitempty"` // for a part that does not decode: what pklx check says it is
	Unpack string         `json:"unpack_error,omitempty"`
	Report *safety.Report `json:"report"`
}

// ScanReport is what pklx scan says about a file.
type ScanReport struct {
	Name    string        `json:"file"`
	Size    int           `json:"size"`
	Verdict safety.Rating `json:"verdict"`
	Parts   []ScanPart    `json:"parts"`
}

// Scan rates what loading the file, or the pickles inside it, would
// import and run (see package safety).
func Scan(name string, data []byte) *ScanReport {
	r := &ScanReport{Name: name, Size: len(data)}
	for _, p := range Parts(name, data, nil) {
		sp := ScanPart{Name: p.Name, How: p.How}
		if p.Err != nil {
			sp.Unpack = errUnpack(p.Err)
		}
		f := p.File
		if f == nil {
			f = &model.File{Name: name, Data: p.Data}
		}
		sp.Report = safety.Scan(f)
		if p.File != nil && p.File.Err() != nil {
			if ds := Diagnose(p.Data, p.File); len(ds) > 0 {
				sp.What = ds[0].Title
			}
		}
		if p.Err != nil && sp.Report.Verdict < safety.Unknown {
			// Part of the data could not be unpacked: not known safe.
			sp.Report.Verdict = safety.Unknown
			sp.Report.Summary = "UNKNOWN: part of the data could not be unpacked (" + sp.Unpack + ")"
		}
		if sp.Report.Verdict > r.Verdict {
			r.Verdict = sp.Report.Verdict
		}
		r.Parts = append(r.Parts, sp)
	}
	return r
}

// ExitCode is ExitOK when nothing is dangerous or unknown, ExitDangerous
// when something is dangerous, ExitUnknown when only unknown things were
// found.
func (r *ScanReport) ExitCode() int {
	switch r.Verdict {
	case safety.Dangerous:
		return ExitDangerous
	case safety.Unknown:
		return ExitUnknown
	}
	return ExitOK
}

// WriteScan prints a scan report in plain words.
func WriteScan(w io.Writer, r *ScanReport) error {
	ew := &errWriter{w: w}
	ew.printf("file:    %s (%d bytes)\n", r.Name, r.Size)
	if len(r.Parts) != 1 || r.Parts[0].How != "file" {
		ew.printf("overall: %s (the worst of the parts below)\n", strings.ToUpper(r.Verdict.String()))
	}
	for _, p := range r.Parts {
		if p.How != "file" {
			ew.printf("\n== inside: %s (%s)\n", p.Name, p.How)
		} else {
			ew.printf("\n")
		}
		if p.Unpack != "" {
			ew.printf("unpacking: %s\n", p.Unpack)
		}
		if p.What != "" {
			ew.printf("what it is: %s\n", p.What)
		}
		if ew.err == nil {
			ew.err = safety.WriteText(w, p.Report)
		}
	}
	return ew.err
}

// RunCheck is pklx check on data already read: it prints the report (as
// JSON when asJSON) and returns the exit code.
func RunCheck(w io.Writer, name string, data []byte, asJSON bool) int {
	r := Check(name, data)
	var err error
	if asJSON {
		err = writeJSON(w, r)
	} else {
		err = WriteCheck(w, r)
	}
	if err != nil {
		return ExitUsage
	}
	return r.ExitCode()
}

// RunScan is pklx scan on data already read: it prints the report (as
// JSON when asJSON) and returns the exit code.
func RunScan(w io.Writer, name string, data []byte, asJSON bool) int {
	r := Scan(name, data)
	var err error
	if asJSON {
		err = writeJSON(w, r)
	} else {
		err = WriteScan(w, r)
	}
	if err != nil {
		return ExitUsage
	}
	return r.ExitCode()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
