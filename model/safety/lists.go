package safety

// The lists that rate globals, kept as data in this one file. Each entry
// names where it comes from:
//
//   - picklescan: mmaitre314/picklescan src/picklescan/scanner.py,
//     _unsafe_globals and _safe_globals (read at commit 05c3514d).
//   - modelscan: protectai/modelscan modelscan/settings.py,
//     DEFAULT_SETTINGS["unsafe_globals"] (commit 0ed08185).
//   - fickling: trailofbits/fickling fickling/fickle.py, UNSAFE_IMPORTS and
//     SAFE_BUILTINS (commit 002cbb03).
//   - torch: pytorch/pytorch torch/_weights_only_unpickler.py,
//     _get_allowed_globals() (expanded: its loops over dtypes, tensor and
//     storage classes are written out) and _blocklisted_modules
//     (commit 00f730b6).
//   - numpy: the globals NumPy's own ndarray/dtype __reduce__ writes
//     (numpy/core/multiarray.py, numpy/_core/multiarray.py).
//   - cpython: CPython's Lib/_compat_pickle.py (Python 2 names) and the
//     documentation of the named functions.
//   - pklx: added here, with the reason in the entry.

const (
	srcPicklescan = "picklescan"
	srcModelscan  = "modelscan"
	srcFickling   = "fickling"
	srcTorch      = "torch weights_only"
	srcTorchBlock = "torch weights_only blocklist"
	srcNumpy      = "numpy reduce"
	srcCPython    = "cpython"
	srcPklx       = "pklx"
)

// listed is one entry of a list: why it is rated so, and who says so.
type listed struct {
	why     string
	sources []string
}

func l(why string, sources ...string) listed { return listed{why, sources} }

// dangerousModules: every global of the module, and of every module below
// it (os covers os.path), is dangerous.
var dangerousModules = map[string]listed{
	// Processes, shells and the operating system.
	"os":               l("operating-system access: os.system runs shell commands", srcPicklescan, srcModelscan, srcFickling, srcTorchBlock),
	"posix":            l("the os module under its POSIX name: posix.system runs shell commands", srcPicklescan, srcModelscan, srcFickling, srcTorchBlock),
	"nt":               l("the os module under its Windows name: nt.system runs shell commands", srcPicklescan, srcModelscan, srcFickling, srcTorchBlock),
	"subprocess":       l("runs programs", srcPicklescan, srcModelscan, srcFickling),
	"_posixsubprocess": l("runs programs (subprocess's C core)", srcFickling),
	"commands":         l("Python 2 shell commands (commands.getoutput)", srcPicklescan, srcFickling),
	"pty":              l("pty.spawn runs programs", srcPicklescan, srcModelscan, srcFickling),
	"sys":              l("interpreter internals: sys.modules, sys.settrace, ...", srcPicklescan, srcModelscan, srcFickling, srcTorchBlock),
	"shutil":           l("copies, moves and deletes files", srcPicklescan, srcFickling),
	"multiprocessing":  l("starts processes", srcFickling),
	"threading":        l("starts threads that run a callable", srcFickling),
	"_thread":          l("starts threads that run a callable", srcFickling),
	"signal":           l("installs signal handlers", srcFickling),
	"_signal":          l("installs signal handlers", srcFickling),
	"atexit":           l("registers code to run at exit", srcFickling),
	"platform":         l("platform.popen runs shell commands", srcFickling),
	"pexpect":          l("runs programs", srcFickling),
	"pipes":            l("pipes.Template runs shell commands", srcFickling),
	"_osx_support":     l("runs compiler commands", srcFickling),
	"_aix_support":     l("runs system commands", srcFickling),
	"uuid":             l("uuid's private helpers run system commands (uuid.UUID itself is listed as safe)", srcFickling),
	"gc":               l("reaches every live object (gc.get_objects)", srcFickling),
	"site":             l("changes the import path and runs .pth files", srcFickling),
	"mmap":             l("maps files into memory", srcFickling),

	// Running Python code.
	"builtins":           l("builtins other than plain data types: eval, exec, getattr, __import__, open, ...", srcFickling),
	"__builtin__":        l("Python 2 builtins: eval, execfile, getattr, __import__, open, ...", srcFickling),
	"__builtins__":       l("the builtins module under another name", srcFickling),
	"code":               l("runs Python source (code.InteractiveInterpreter.runcode)", srcPicklescan, srcFickling),
	"codeop":             l("compiles Python source", srcFickling),
	"runpy":              l("runs Python modules and code (runpy._run_code)", srcPicklescan, srcModelscan, srcFickling),
	"marshal":            l("marshal.loads builds code objects from bytes", srcFickling),
	"types":              l("types.CodeType and types.FunctionType build functions from bytecode", srcFickling),
	"compile":            l("a module name fickling blocks", srcFickling),
	"exec":               l("a module name fickling blocks", srcFickling),
	"eval":               l("a module name fickling blocks", srcFickling),
	"doctest":            l("runs code in docstrings (doctest.debug_script)", srcPicklescan, srcFickling),
	"_interpreters":      l("runs code in a subinterpreter", srcFickling),
	"_xxsubinterpreters": l("runs code in a subinterpreter", srcFickling),
	"timeit":             l("timeit runs code strings", srcPicklescan, srcFickling),
	"trace":              l("trace.Trace.run runs code strings", srcPicklescan, srcFickling),
	"profile":            l("profile.run runs code strings", srcPicklescan, srcFickling),
	"cProfile":           l("cProfile.run runs code strings", srcPicklescan, srcFickling),
	"pdb":                l("the debugger runs code strings", srcPicklescan, srcFickling),
	"bdb":                l("the debugger base runs code strings", srcPicklescan, srcFickling),
	"inspect":            l("reaches any object's attributes and frames", srcFickling),
	"test":               l("CPython's test support runs code", srcFickling),
	"unittest":           l("loads and runs tests (code)", srcFickling),
	"idlelib":            l("IDLE's interpreter runs code", srcPicklescan, srcFickling),
	"lib2to3":            l("lib2to3 loads pickled grammars and builds labels with eval", srcPicklescan, srcFickling),
	"compileall":         l("compiles and writes .pyc files", srcFickling),
	"py_compile":         l("compiles and writes .pyc files", srcFickling),
	"linecache":          l("reads source files", srcFickling),
	"pydoc":              l("pydoc.locate imports any module; pydoc.pipepager runs shell commands", srcPicklescan, srcFickling),

	// Importing anything.
	"importlib":                  l("imports any module (importlib.import_module)", srcFickling),
	"_frozen_importlib":          l("the import system", srcFickling),
	"_frozen_importlib_external": l("the import system", srcFickling),
	"_imp":                       l("the import system", srcFickling),
	"imp":                        l("imp.load_source runs any file", srcFickling),
	"pkgutil":                    l("pkgutil.resolve_name imports any module and walks attributes", srcFickling),
	"zipimport":                  l("imports code from zip files", srcFickling),

	// Attribute access and call helpers.
	"operator":  l("operator.attrgetter/methodcaller reach and call any attribute", srcPicklescan, srcModelscan, srcFickling),
	"_operator": l("operator's C core: attrgetter, methodcaller", srcFickling),
	"functools": l("functools.partial binds any callable; functools.reduce calls it", srcPicklescan, srcFickling),

	// Loading another pickle (a payload inside the payload).
	"pickle":      l("loads another pickle (pickle.loads)", srcPicklescan, srcModelscan, srcFickling),
	"_pickle":     l("loads another pickle (_pickle.loads)", srcPicklescan, srcFickling),
	"cPickle":     l("Python 2 pickle: loads another pickle", srcPklx),
	"dill":        l("loads dill pickles, which carry code", srcFickling),
	"cloudpickle": l("loads pickles that carry code", srcFickling),
	"joblib":      l("joblib.load loads another pickle", srcFickling),
	"shelve":      l("opens a database of pickles", srcFickling),
	"dbm":         l("opens database files", srcPklx),

	// Native code.
	"ctypes":  l("calls C functions and loads shared libraries", srcPicklescan, srcFickling),
	"_ctypes": l("calls C functions and loads shared libraries", srcFickling),
	"cffi":    l("loads shared libraries and calls C functions", srcPklx),

	// Network.
	"socket":       l("opens network connections", srcPicklescan, srcModelscan, srcFickling),
	"ssl":          l("opens network connections (ssl.get_server_certificate)", srcPicklescan, srcFickling),
	"httplib":      l("Python 2 HTTP client", srcPicklescan, srcModelscan, srcFickling),
	"http":         l("HTTP client and server", srcFickling),
	"urllib":       l("fetches URLs", srcFickling),
	"urllib2":      l("Python 2: fetches URLs", srcFickling),
	"requests":     l("fetches URLs (requests.api)", srcPicklescan, srcModelscan, srcFickling),
	"aiohttp":      l("fetches URLs", srcPicklescan, srcModelscan, srcFickling),
	"asyncio":      l("runs coroutines and subprocesses (asyncio.create_subprocess_shell)", srcPicklescan, srcFickling),
	"webbrowser":   l("opens URLs in a browser (webbrowser.open)", srcPicklescan, srcModelscan, srcFickling),
	"smtplib":      l("sends mail", srcFickling),
	"imaplib":      l("network mail access", srcFickling),
	"ftplib":       l("network file transfer", srcFickling),
	"poplib":       l("network mail access", srcFickling),
	"telnetlib":    l("network sessions", srcFickling),
	"nntplib":      l("network news access", srcFickling),
	"socketserver": l("binds and listens on sockets", srcFickling),
	"xmlrpc":       l("remote procedure calls", srcFickling),
	"select":       l("I/O multiplexing for network access", srcFickling),
	"selectors":    l("I/O multiplexing for network access", srcFickling),

	// Files.
	"tempfile":   l("creates files", srcFickling),
	"filecmp":    l("reads files", srcFickling),
	"fileinput":  l("reads files", srcFickling),
	"glob":       l("lists the file system", srcFickling),
	"difflib":    l("reads files (fickling blocks it)", srcFickling),
	"tarfile":    l("extracts archives (writes files)", srcFickling),
	"zipfile":    l("extracts archives (writes files)", srcFickling),
	"logging":    l("handlers open files and sockets", srcFickling),
	"syslog":     l("writes to the system log", srcFickling),
	"sqlite3":    l("opens and writes database files", srcFickling),
	"_sqlite3":   l("opens and writes database files", srcFickling),
	"distutils":  l("writes files and runs compilers (distutils.file_util.write_file)", srcPicklescan, srcFickling),
	"setuptools": l("runs build commands", srcPklx),

	// Installing things.
	"pip":       l("installs packages", srcPicklescan, srcFickling),
	"venv":      l("creates environments and runs pip", srcPicklescan, srcFickling),
	"ensurepip": l("runs pip (ensurepip._run_pip)", srcPicklescan, srcFickling),

	// Third-party modules known to run code.
	"numpy.f2py":                   l("numpy.f2py helpers call eval on strings", srcPicklescan),
	"numpy.testing._private.utils": l("numpy.testing's runstring is exec", srcPicklescan),
	"numpy.ctypeslib":              l("numpy.ctypeslib.load_library loads shared libraries", srcPklx),
	"torch.utils.bottleneck":       l("runs profilers on scripts", srcPicklescan),
}

// dangerousNames: exact globals ("module.name", the name possibly dotted)
// that are dangerous although their module is not listed whole.
var dangerousNames = map[string]listed{
	"torch._dynamo.guards.GuardBuilder.get":                                     l("evaluates guard code", srcPicklescan),
	"torch._inductor.codecache.compile_file":                                    l("runs a compiler command line", srcPicklescan),
	"torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression": l("evaluates code strings", srcPicklescan),
	"torch.jit.unsupported_tensor_ops.execWrapper":                              l("exec", srcPicklescan),
	"torch.serialization.load":                                                  l("loads another pickle file", srcPicklescan),
	"torch.load":                                                                l("loads another pickle file", srcPklx),
	"torch.utils._config_module.ConfigModule.load_config":                       l("loads a pickle inside the pickle", srcPicklescan),
	"torch.utils.collect_env.run":                                               l("runs shell commands", srcPicklescan),
	"torch.utils.data.datapipes.utils.decoder.basichandlers":                    l("loads a pickle inside the pickle", srcPicklescan),
	"numpy.load":                   l("loads .npy files, which may hold pickles (allow_pickle)", srcPklx),
	"numpy.lib.npyio.load":         l("numpy.load: may load pickles (allow_pickle)", srcPklx),
	"numpy.fromfile":               l("reads any file", srcPklx),
	"numpy.loadtxt":                l("reads any file", srcPklx),
	"pandas.read_pickle":           l("loads another pickle", srcPicklescan),
	"pandas.io.pickle.read_pickle": l("loads another pickle", srcPicklescan),
	"io.open":                      l("the same function as builtins.open", srcPklx),
	"io.FileIO":                    l("opens files", srcPklx),
	"io.open_code":                 l("opens files", srcPklx),
	"_io.open":                     l("the same function as builtins.open", srcPklx),
	"_io.FileIO":                   l("opens files", srcPklx),
	"_codecs.open":                 l("opens files", srcPklx),
	"codecs.open":                  l("opens files", srcPklx),
}

// Reasons for the builtins pklx names as dangerous explicitly (they are
// dangerous through dangerousModules["builtins"] anyway; these give the
// finding a precise reason).
var dangerousBuiltins = map[string]listed{
	"eval":         l("evaluates a Python expression", srcPicklescan, srcModelscan, srcFickling),
	"exec":         l("runs Python code", srcPicklescan, srcModelscan, srcFickling),
	"execfile":     l("Python 2: runs a Python file", srcPklx),
	"compile":      l("compiles Python code", srcPicklescan, srcModelscan, srcFickling),
	"__import__":   l("imports any module", srcModelscan, srcFickling),
	"open":         l("opens files", srcPicklescan, srcModelscan, srcFickling),
	"file":         l("Python 2: opens files", srcPklx),
	"getattr":      l("reads any attribute: getattr(module, 'system')", srcPicklescan, srcModelscan, srcFickling),
	"setattr":      l("sets any attribute", srcFickling),
	"delattr":      l("deletes any attribute", srcFickling),
	"hasattr":      l("runs attribute lookups", srcFickling),
	"globals":      l("reaches a module namespace", srcFickling),
	"locals":       l("reaches a namespace", srcFickling),
	"vars":         l("reaches a namespace", srcFickling),
	"breakpoint":   l("starts the debugger", srcPicklescan, srcModelscan, srcFickling),
	"input":        l("reads the terminal", srcFickling),
	"raw_input":    l("Python 2: reads the terminal", srcPklx),
	"apply":        l("Python 2: calls any callable", srcPicklescan, srcModelscan),
	"reload":       l("Python 2: re-runs a module", srcPklx),
	"type":         l("creates classes", srcFickling),
	"memoryview":   l("low-level memory access", srcFickling),
	"super":        l("reaches base-class methods", srcFickling),
	"classmethod":  l("wraps any callable", srcFickling),
	"staticmethod": l("wraps any callable", srcFickling),
	"property":     l("wraps any callable", srcFickling),
	"help":         l("starts the interactive help (pydoc)", srcFickling),
	"exit":         l("exits the interpreter", srcFickling),
	"quit":         l("exits the interpreter", srcFickling),
	"print":        l("writes output", srcFickling),
}

// safeNames: exact globals that only build data.
var safeNames = map[string]listed{
	// Builtin data types and pure helpers.
	"builtins.set":            l("builds a set", srcTorch, srcFickling),
	"builtins.frozenset":      l("builds a frozenset", srcFickling),
	"builtins.bytearray":      l("builds a bytearray", srcTorch, srcFickling),
	"builtins.bytes":          l("builds bytes", srcFickling),
	"builtins.complex":        l("builds a complex number", srcTorch, srcFickling),
	"builtins.slice":          l("builds a slice", srcFickling),
	"builtins.range":          l("builds a range", srcFickling),
	"builtins.list":           l("builds a list", srcFickling),
	"builtins.dict":           l("builds a dict", srcFickling),
	"builtins.tuple":          l("builds a tuple", srcFickling),
	"builtins.int":            l("builds an int", srcFickling),
	"builtins.float":          l("builds a float", srcFickling),
	"builtins.str":            l("builds a str", srcFickling),
	"builtins.bool":           l("builds a bool", srcFickling),
	"builtins.object":         l("the base class (copyreg._reconstructor names it)", srcFickling),
	"builtins.len":            l("a pure builtin function", srcFickling),
	"builtins.abs":            l("a pure builtin function", srcFickling),
	"builtins.sum":            l("a pure builtin function", srcFickling),
	"builtins.min":            l("a pure builtin function", srcFickling),
	"builtins.max":            l("a pure builtin function", srcFickling),
	"builtins.round":          l("a pure builtin function", srcFickling),
	"builtins.pow":            l("a pure builtin function", srcFickling),
	"builtins.divmod":         l("a pure builtin function", srcFickling),
	"builtins.sorted":         l("a pure builtin function", srcFickling),
	"builtins.reversed":       l("a pure builtin function", srcFickling),
	"builtins.enumerate":      l("a pure builtin function", srcFickling),
	"builtins.zip":            l("a pure builtin function", srcFickling),
	"builtins.map":            l("a pure builtin function (its callable is rated on its own)", srcFickling),
	"builtins.filter":         l("a pure builtin function (its callable is rated on its own)", srcFickling),
	"builtins.iter":           l("a pure builtin function", srcFickling),
	"builtins.next":           l("a pure builtin function", srcFickling),
	"builtins.all":            l("a pure builtin function", srcFickling),
	"builtins.any":            l("a pure builtin function", srcFickling),
	"builtins.hash":           l("a pure builtin function", srcFickling),
	"builtins.id":             l("a pure builtin function", srcFickling),
	"builtins.repr":           l("a pure builtin function", srcFickling),
	"builtins.ascii":          l("a pure builtin function", srcFickling),
	"builtins.bin":            l("a pure builtin function", srcFickling),
	"builtins.hex":            l("a pure builtin function", srcFickling),
	"builtins.oct":            l("a pure builtin function", srcFickling),
	"builtins.ord":            l("a pure builtin function", srcFickling),
	"builtins.chr":            l("a pure builtin function", srcFickling),
	"builtins.isinstance":     l("a pure builtin function", srcFickling),
	"builtins.issubclass":     l("a pure builtin function", srcFickling),
	"builtins.callable":       l("a pure builtin function", srcFickling),
	"builtins.format":         l("a pure builtin function", srcFickling),
	"builtins.Ellipsis":       l("the ... singleton", srcPklx),
	"builtins.NotImplemented": l("the NotImplemented singleton", srcPklx),

	// copyreg and codecs helpers every protocol 0-2 pickle uses.
	"copyreg._reconstructor": l("rebuilds an object of a class (the class is rated on its own)", srcPklx),
	"copyreg.__newobj__":     l("cls.__new__(cls, *args) (the class is rated on its own)", srcPklx),
	"copyreg.__newobj_ex__":  l("cls.__new__(cls, *args, **kwargs) (the class is rated on its own)", srcPklx),
	"_codecs.encode":         l("encodes text to bytes (how protocol 0-2 write bytes)", srcTorch, srcFickling),

	// collections and other value types.
	"collections.OrderedDict": l("builds an ordered dict", srcTorch, srcPicklescan),
	"collections.Counter":     l("builds a Counter", srcTorch),
	"collections.defaultdict": l("builds a defaultdict (its factory is rated on its own)", srcPklx),
	"collections.deque":       l("builds a deque", srcPklx),
	"decimal.Decimal":         l("builds a Decimal", srcPklx),
	"fractions.Fraction":      l("builds a Fraction", srcPklx),
	"uuid.UUID":               l("builds a UUID from its value (uuid's command-running helpers stay dangerous)", srcPklx),

	// NumPy's own reconstruction globals: data only.
	"numpy.core.multiarray._reconstruct":  l("rebuilds an ndarray (NumPy 1)", srcNumpy, srcPicklescan),
	"numpy._core.multiarray._reconstruct": l("rebuilds an ndarray (NumPy 2)", srcNumpy, srcPicklescan),
	"numpy.core.multiarray.scalar":        l("rebuilds a NumPy scalar (NumPy 1)", srcNumpy),
	"numpy._core.multiarray.scalar":       l("rebuilds a NumPy scalar (NumPy 2)", srcNumpy),
	"numpy.core.numeric._frombuffer":      l("rebuilds an ndarray from a buffer (NumPy 1, protocol 5)", srcNumpy),
	"numpy._core.numeric._frombuffer":     l("rebuilds an ndarray from a buffer (NumPy 2, protocol 5)", srcNumpy),
	"numpy.ndarray":                       l("the ndarray class", srcNumpy, srcPicklescan),
	"numpy.dtype":                         l("the dtype class", srcNumpy, srcPicklescan),

	// PyTorch's weights_only allowlist, _get_allowed_globals().
	"torch.nn.parameter.Parameter":                        l("a tensor parameter", srcTorch),
	"torch.serialization._get_layout":                     l("looks up a tensor layout by name", srcTorch),
	"torch.Size":                                          l("a tensor shape", srcTorch),
	"torch.Tensor":                                        l("the tensor class", srcTorch),
	"torch.device":                                        l("a device name", srcTorch),
	"torch._tensor._rebuild_from_type_v2":                 l("rebuilds a tensor subclass", srcTorch),
	"torch._utils._rebuild_parameter":                     l("rebuilds a parameter", srcTorch),
	"torch._utils._rebuild_parameter_with_state":          l("rebuilds a parameter", srcTorch),
	"torch._utils._rebuild_qtensor":                       l("rebuilds a quantized tensor", srcTorch),
	"torch._utils._rebuild_tensor":                        l("rebuilds a tensor", srcTorch),
	"torch._utils._rebuild_tensor_v2":                     l("rebuilds a tensor", srcTorch, srcPicklescan),
	"torch._utils._rebuild_tensor_v3":                     l("rebuilds a tensor", srcTorch),
	"torch._utils._rebuild_sparse_tensor":                 l("rebuilds a sparse tensor", srcTorch),
	"torch._utils._rebuild_meta_tensor_no_storage":        l("rebuilds a meta tensor", srcTorch),
	"torch._utils._rebuild_wrapper_subclass":              l("rebuilds a tensor subclass", srcTorch),
	"torch._utils._rebuild_device_tensor_from_numpy":      l("rebuilds a tensor", srcTorch),
	"torch._utils._rebuild_device_tensor_from_cpu_tensor": l("rebuilds a tensor", srcTorch),
	"torch.per_tensor_affine":                             l("a quantization scheme", srcTorch),
	"torch.per_tensor_symmetric":                          l("a quantization scheme", srcTorch),
	"torch.per_channel_affine":                            l("a quantization scheme", srcTorch),
	"torch.per_channel_symmetric":                         l("a quantization scheme", srcTorch),
	"torch.per_channel_affine_float_qparams":              l("a quantization scheme", srcTorch),
	"torch.storage.TypedStorage":                          l("a tensor storage class", srcTorch),
	"torch.storage.UntypedStorage":                        l("a tensor storage class", srcTorch),
}

// safeModules: every plain (undotted) name in the module is safe.
var safeModules = map[string]listed{
	"datetime": l("dates, times and time zones: values only", srcPklx),
}

// torchStorageTypes are the legacy storage classes (torch.FloatStorage, ...)
// that _get_allowed_globals allows through torch._storage_classes, and
// that picklescan lists as safe.
var torchStorageTypes = []string{
	"Double", "Float", "Half", "Long", "Int", "Short", "Char", "Byte", "Bool",
	"BFloat16", "ComplexDouble", "ComplexFloat", "QUInt8", "QInt8", "QInt32",
	"QUInt4x2", "QUInt2x4",
}

// torchTensorTypes are the legacy tensor classes of torch._tensor_classes.
var torchTensorTypes = []string{
	"Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool",
}

// torchDtypes are str(dtype) of every dtype _get_allowed_globals allows
// (torch.float32, ...; uint1-7 and int1-7 included).
var torchDtypes = []string{
	"float32", "float", "float64", "double", "float16", "half", "bfloat16",
	"complex32", "complex64", "complex128", "cfloat", "cdouble", "chalf",
	"uint8", "int8", "int16", "short", "int32", "int", "int64", "long", "bool",
	"qint8", "quint8", "qint32", "quint4x2", "quint2x4",
	"float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu",
	"uint16", "uint32", "uint64", "bits8", "bits16", "bits1x8", "bits2x4", "bits4x2",
	"uint1", "uint2", "uint3", "uint4", "uint5", "uint6", "uint7",
	"int1", "int2", "int3", "int4", "int5", "int6", "int7",
}

// py2Modules maps Python 2 module names to Python 3 ones, from CPython's
// Lib/_compat_pickle.py IMPORT_MAPPING (the modules that matter here).
var py2Modules = map[string]string{
	"__builtin__": "builtins", "copy_reg": "copyreg", "Queue": "queue",
	"cPickle": "pickle", "exceptions": "builtins", "UserDict": "collections",
	"UserList": "collections", "UserString": "collections", "whichdb": "dbm",
	"StringIO": "io", "cStringIO": "io", "commands": "subprocess",
	"httplib": "http.client", "urllib2": "urllib.request", "urlparse": "urllib.parse",
	"SocketServer": "socketserver", "thread": "_thread", "dummy_thread": "_dummy_thread",
	"repr": "reprlib", "ConfigParser": "configparser", "Cookie": "http.cookies",
	"cookielib": "http.cookiejar", "BaseHTTPServer": "http.server",
	"SimpleHTTPServer": "http.server", "CGIHTTPServer": "http.server",
	"xmlrpclib": "xmlrpc.client", "SimpleXMLRPCServer": "xmlrpc.server",
	"anydbm": "dbm", "dbhash": "dbm.bsd", "gdbm": "dbm.gnu", "robotparser": "urllib.robotparser",
	"_winreg": "winreg", "Tkinter": "tkinter", "__builtins__": "builtins",
}

// py2Names maps Python 2 (module, name) pairs, from CPython's
// Lib/_compat_pickle.py NAME_MAPPING (the ones that change the rating).
var py2Names = map[string]string{
	"__builtin__.xrange":        "builtins.range",
	"__builtin__.reduce":        "functools.reduce",
	"__builtin__.intern":        "sys.intern",
	"__builtin__.unichr":        "builtins.chr",
	"__builtin__.unicode":       "builtins.str",
	"__builtin__.long":          "builtins.int",
	"__builtin__.basestring":    "builtins.str",
	"__builtin__.raw_input":     "builtins.input",
	"itertools.izip":            "builtins.zip",
	"itertools.imap":            "builtins.map",
	"itertools.ifilter":         "builtins.filter",
	"UserDict.IterableUserDict": "collections.UserDict",
	"exceptions.StandardError":  "builtins.Exception",
}

// walkingAttrs are attribute names that walk from any object to code,
// modules or namespaces: a dotted name through one of them is dangerous
// whatever it starts from (builtins.object.__subclasses__, f.__globals__).
var walkingAttrs = map[string]bool{
	"__self__": true, "__globals__": true, "__builtins__": true, "__subclasses__": true,
	"__class__": true, "__base__": true, "__bases__": true, "__mro__": true,
	"__dict__": true, "__module__": true, "__code__": true, "__closure__": true,
	"__func__": true, "__getattribute__": true, "__getattr__": true, "__import__": true,
	"__loader__": true, "__spec__": true, "__init__": true, "__new__": true,
	"__call__": true, "__reduce__": true, "__reduce_ex__": true, "__setstate__": true,
	"__wrapped__": true, "__defaults__": true, "__kwdefaults__": true, "f_globals": true,
	"f_locals": true, "gi_frame": true, "tb_frame": true, "f_back": true,
}
