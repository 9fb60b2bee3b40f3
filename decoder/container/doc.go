// Package container opens the files that hold pickles inside something
// else, found by content and never by file name: PyTorch checkpoints
// (the zip archive of torch.save, and the legacy format of pickles back to
// back followed by raw storages), joblib dumps (whose arrays are raw bytes
// written between the ops of the pickle, uncompressed or compressed with
// zlib, gzip, bz2, xz, lzma or lz4), NumPy .npy and .npz files, other zip
// archives of pickles, and compressed pickles.
//
// Open returns a Container: its format, notes, and parts (pickle streams
// decoded, storages, inline arrays, other members, each with the bytes
// and where they lie in the file). Load is the one entry point the
// commands and the window call instead of decoder.Decode: a *model.File
// whose Pickles are all the pickles of all parts, each labelled with
// Source() and carrying a model.Extern that resolves what its objects
// refer to outside the pickle (a tensor's storage, a joblib array's
// bytes), so that model/ml can show values. Dis disassembles every pickle
// stream of a container, each under a header line naming its member.
//
// Nothing is imported or run. Sizes read from the file (zip entries, npy
// headers, legacy storage counts, joblib array shapes) are checked
// against the bytes that remain before anything is allocated;
// decompression is bounded by diagnose.DecompressLimit; stored zip
// members are slices of the (memory-mapped) input, not copies.
//
// Package container never imports Fyne and builds with CGO_ENABLED=0.
package container
