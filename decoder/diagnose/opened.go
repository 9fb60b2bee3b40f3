package diagnose

import (
	"errors"
	"fmt"
	"strings"

	"pklx/decoder"
)

// Opened is what a container reader found in a file whose pickles are
// not simply its bytes: a joblib dump (arrays' raw bytes between the
// pickle's ops), a legacy PyTorch checkpoint (pickles, then raw
// storages), an .npz archive, a compressed file. decoder/container reads
// these; it imports this package, so the command hands its findings over
// in this form.
type Opened struct {
	// Format names the container as decoder/container does: "joblib",
	// "joblib (xz)", "pytorch legacy", "npz", "pickle (lz4)".
	Format string
	// Notes say what was found, in plain words.
	Notes []string
	// Parts are the pickle streams, decoded (How is Format; Offset is -1
	// when Data is not the file's own bytes).
	Parts []Part
	// Err is why reading stopped, if it did: a decoding error with its
	// offset in the file (in the decompressed data for a compressed file),
	// a broken container structure or a decompression error.
	Err error
}

// CheckOpened is Check for a file a container reader has opened: the file
// is described by its container and checked by its pickles, so the raw
// bytes between a joblib pickle's ops or after a legacy checkpoint's
// pickles are not mistaken for damage. It is sound when every pickle
// stream decodes completely and the container is whole.
func CheckOpened(name string, data []byte, o Opened) *CheckReport {
	r := &CheckReport{Name: name, Size: len(data), Sound: len(o.Parts) > 0 && o.Err == nil}
	r.Diagnoses = append(r.Diagnoses, containerDiagnosis(o))
	if o.Err != nil {
		r.Diagnoses = append(r.Diagnoses, openedErrorDiagnosis(o))
	}
	pickles := 0
	for _, p := range o.Parts {
		// Recovery would search bytes the container already accounts for.
		// A part's offsets are its own (a joblib stream's leave out the
		// arrays' bytes); the diagnosis of Err above has the file's.
		pc := checkPart(p, false)
		if p.File != nil {
			pickles += len(p.File.Pickles)
			for _, d := range globalsDiagnoses(p.File) {
				if d.Code != "joblib" { // read as joblib.load reads it
					pc.Diagnoses = append(pc.Diagnoses, d)
				}
			}
		}
		if !pc.Sound {
			r.Sound = false
		}
		r.Parts = append(r.Parts, pc)
	}
	r.Format = fmt.Sprintf("%s, %d pickle(s)", o.Format, pickles)
	return r
}

// containerDiagnosis says what the container is and how it was read.
func containerDiagnosis(o Opened) Diagnosis {
	notes := strings.Join(o.Notes, " ")
	base, comp, _ := strings.Cut(strings.TrimSuffix(o.Format, ")"), " (")
	in := ""
	if comp != "" {
		in = ", " + comp + "-compressed"
		notes += " Offsets are in the decompressed data."
	}
	switch base {
	case "joblib":
		return Diagnosis{"joblib-file", "A joblib file (joblib.dump)" + in,
			notes + " pklx reads the pickle past each array's raw bytes, as joblib.load does, and checks the pickle streams below.",
			"Load it with joblib.load (run pklx scan FILE first if you do not trust it).", Info, -1}
	case "pytorch legacy":
		return Diagnosis{"pytorch-legacy", "A PyTorch checkpoint in the legacy format" + in,
			notes + " The raw tensor storages after the pickles are data, not damage; the pickles are checked below.",
			"Load it with torch.load(FILE, weights_only=True); run pklx scan FILE first to see what it imports.", Info, -1}
	case "npz":
		return Diagnosis{"npz-pickles", "A NumPy .npz archive with object arrays" + in,
			notes + " The pickles of the object arrays are checked below.",
			"Load it with numpy.load(FILE, allow_pickle=True) only if you trust it; run pklx scan FILE first.", Info, -1}
	}
	if comp == "" {
		// The format is the compression: the data inside could not be read.
		return Diagnosis{"compressed", "The file is " + base + "-compressed", notes,
			"Get the file again and compare its size with the original's; a complete file decompresses.", Warning, 0}
	}
	return Diagnosis{"compressed-pickle", "A " + comp + "-compressed " + base,
		notes + " The pickle inside is checked below.",
		"Load it through the decompressor (or joblib.load / pandas.read_pickle, which detect the compression).", Info, -1}
}

// openedErrorDiagnosis explains why reading a container stopped.
func openedErrorDiagnosis(o Opened) Diagnosis {
	var de *decoder.Error
	if !errors.As(o.Err, &de) {
		return Diagnosis{"container-damaged", "The " + o.Format + " file is damaged",
			o.Err.Error() + ".",
			"Get the file again and compare its size with the original's, or save it again.", Error, -1}
	}
	switch {
	case errors.Is(de.Err, decoder.ErrTruncated):
		return Diagnosis{"truncated", "The file was cut short",
			de.Error() + ". The file is shorter than what was written, as an interrupted download, copy or save leaves it.",
			"Get the file again and compare its size with the original's, or save it again and let the save finish.", Error, de.Offset}
	case errors.Is(de.Err, decoder.ErrUnknownOpcode):
		return Diagnosis{"bad-opcode", "A byte that is no opcode: the file is damaged here",
			de.Error() + ". The bytes were changed or lost at this point (disk or transfer damage, or two files joined).",
			"Get the file again.", Error, de.Offset}
	}
	return Diagnosis{"broken", "The pickle does not decode", de.Error() + ".", "Get the file again.", Error, de.Offset}
}
