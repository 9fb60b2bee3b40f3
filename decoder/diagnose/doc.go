// Package diagnose says what a file is when it is not a sound pickle, why
// it will not load, and what can still be read from it.
//
// Diagnose decides by content, never by file name: compressed data (gzip,
// bz2, zlib, with xz, LZ4, Zstandard and legacy LZMA recognised), zip
// archives (a PyTorch torch.save checkpoint has */data.pkl), NumPy .npy
// files, HDF5, safetensors, HTML pages saved instead of the file, Git LFS
// pointers, Apple Pkl configuration files (which share the .pkl
// extension), JSON, CSV and other text; and for pickles that fail, why: cut
// short, a corrupt length field, a byte that is no opcode, line ends
// converted to CRLF (found by decoding the file with CRLF turned back to
// LF), a memo reference to a never-stored object, a newer protocol. It also
// notes bytes after STOP and what they look like, and files that NumPy 1
// cannot read because NumPy 2 wrote them (numpy._core).
//
// Parts unpacks the pickle streams inside a file (decompressed data within
// a bound against decompression bombs, zip members, the pickle of an
// object .npy); Recover finds complete pickles after a failure, with
// bounded work. Check and Scan, and RunCheck and RunScan that print them,
// are the logic of the pklx check and pklx scan commands, so the commands
// stay thin and are tested here. CheckOpened checks a file that
// decoder/container (which imports this package) has opened: a joblib dump,
// a legacy PyTorch checkpoint, an .npz, an xz/lzma/lz4 file, whose bytes
// between and after the pickles belong to the container, not to damage.
//
// Package diagnose never imports Fyne and builds with CGO_ENABLED=0.
package diagnose
