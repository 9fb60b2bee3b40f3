package export

// Python 2 names, as CPython's unpickler maps them (Lib/_compat_pickle.py,
// CPython 3.11: IMPORT_MAPPING and NAME_MAPPING after their updates; the
// Windows-only exceptions.WindowsError entry is left out). The unpickler
// applies them in find_class when the protocol in effect is below 3:
// NAME_MAPPING first, then IMPORT_MAPPING for the module alone. The cases
// were printed from the tables by a one-off script, sorted; they are switch
// statements so that they stay read-only.

// mapPy2Name is find_class's renaming of a Python 2 global.
func mapPy2Name(module, name string) (string, string) {
	if m, n, ok := py2Name(module, name); ok {
		return m, n
	}
	if m, ok := py2Module(module); ok {
		return m, name
	}
	return module, name
}

// py2Module is IMPORT_MAPPING.
func py2Module(module string) (string, bool) {
	switch module {
	case "BaseHTTPServer":
		return "http.server", true
	case "CGIHTTPServer":
		return "http.server", true
	case "ConfigParser":
		return "configparser", true
	case "Cookie":
		return "http.cookies", true
	case "Dialog":
		return "tkinter.dialog", true
	case "DocXMLRPCServer":
		return "xmlrpc.server", true
	case "FileDialog":
		return "tkinter.filedialog", true
	case "HTMLParser":
		return "html.parser", true
	case "Queue":
		return "queue", true
	case "ScrolledText":
		return "tkinter.scrolledtext", true
	case "SimpleDialog":
		return "tkinter.simpledialog", true
	case "SimpleHTTPServer":
		return "http.server", true
	case "SimpleXMLRPCServer":
		return "xmlrpc.server", true
	case "SocketServer":
		return "socketserver", true
	case "StringIO":
		return "io", true
	case "Tix":
		return "tkinter.tix", true
	case "Tkconstants":
		return "tkinter.constants", true
	case "Tkdnd":
		return "tkinter.dnd", true
	case "Tkinter":
		return "tkinter", true
	case "UserDict":
		return "collections", true
	case "UserList":
		return "collections", true
	case "UserString":
		return "collections", true
	case "__builtin__":
		return "builtins", true
	case "_abcoll":
		return "collections.abc", true
	case "_elementtree":
		return "xml.etree.ElementTree", true
	case "_winreg":
		return "winreg", true
	case "anydbm":
		return "dbm", true
	case "cPickle":
		return "pickle", true
	case "cStringIO":
		return "io", true
	case "commands":
		return "subprocess", true
	case "cookielib":
		return "http.cookiejar", true
	case "copy_reg":
		return "copyreg", true
	case "dbhash":
		return "dbm.bsd", true
	case "dbm":
		return "dbm.ndbm", true
	case "dumbdbm":
		return "dbm.dumb", true
	case "dummy_thread":
		return "_dummy_thread", true
	case "gdbm":
		return "dbm.gnu", true
	case "htmlentitydefs":
		return "html.entities", true
	case "httplib":
		return "http.client", true
	case "markupbase":
		return "_markupbase", true
	case "repr":
		return "reprlib", true
	case "robotparser":
		return "urllib.robotparser", true
	case "test.test_support":
		return "test.support", true
	case "thread":
		return "_thread", true
	case "tkColorChooser":
		return "tkinter.colorchooser", true
	case "tkCommonDialog":
		return "tkinter.commondialog", true
	case "tkFileDialog":
		return "tkinter.filedialog", true
	case "tkFont":
		return "tkinter.font", true
	case "tkMessageBox":
		return "tkinter.messagebox", true
	case "tkSimpleDialog":
		return "tkinter.simpledialog", true
	case "ttk":
		return "tkinter.ttk", true
	case "urllib2":
		return "urllib.request", true
	case "urlparse":
		return "urllib.parse", true
	case "whichdb":
		return "dbm", true
	case "xmlrpclib":
		return "xmlrpc.client", true
	}
	return "", false
}

// py2Name is NAME_MAPPING.
func py2Name(module, name string) (string, string, bool) {
	switch module + "\x00" + name {
	case "UserDict\x00IterableUserDict":
		return "collections", "UserDict", true
	case "UserDict\x00UserDict":
		return "collections", "UserDict", true
	case "UserList\x00UserList":
		return "collections", "UserList", true
	case "UserString\x00UserString":
		return "collections", "UserString", true
	case "__builtin__\x00basestring":
		return "builtins", "str", true
	case "__builtin__\x00intern":
		return "sys", "intern", true
	case "__builtin__\x00long":
		return "builtins", "int", true
	case "__builtin__\x00reduce":
		return "functools", "reduce", true
	case "__builtin__\x00unichr":
		return "builtins", "chr", true
	case "__builtin__\x00unicode":
		return "builtins", "str", true
	case "__builtin__\x00xrange":
		return "builtins", "range", true
	case "_multiprocessing\x00Connection":
		return "multiprocessing.connection", "Connection", true
	case "_socket\x00fromfd":
		return "socket", "fromfd", true
	case "exceptions\x00ArithmeticError":
		return "builtins", "ArithmeticError", true
	case "exceptions\x00AssertionError":
		return "builtins", "AssertionError", true
	case "exceptions\x00AttributeError":
		return "builtins", "AttributeError", true
	case "exceptions\x00BaseException":
		return "builtins", "BaseException", true
	case "exceptions\x00BufferError":
		return "builtins", "BufferError", true
	case "exceptions\x00BytesWarning":
		return "builtins", "BytesWarning", true
	case "exceptions\x00DeprecationWarning":
		return "builtins", "DeprecationWarning", true
	case "exceptions\x00EOFError":
		return "builtins", "EOFError", true
	case "exceptions\x00EnvironmentError":
		return "builtins", "EnvironmentError", true
	case "exceptions\x00Exception":
		return "builtins", "Exception", true
	case "exceptions\x00FloatingPointError":
		return "builtins", "FloatingPointError", true
	case "exceptions\x00FutureWarning":
		return "builtins", "FutureWarning", true
	case "exceptions\x00GeneratorExit":
		return "builtins", "GeneratorExit", true
	case "exceptions\x00IOError":
		return "builtins", "IOError", true
	case "exceptions\x00ImportError":
		return "builtins", "ImportError", true
	case "exceptions\x00ImportWarning":
		return "builtins", "ImportWarning", true
	case "exceptions\x00IndentationError":
		return "builtins", "IndentationError", true
	case "exceptions\x00IndexError":
		return "builtins", "IndexError", true
	case "exceptions\x00KeyError":
		return "builtins", "KeyError", true
	case "exceptions\x00KeyboardInterrupt":
		return "builtins", "KeyboardInterrupt", true
	case "exceptions\x00LookupError":
		return "builtins", "LookupError", true
	case "exceptions\x00MemoryError":
		return "builtins", "MemoryError", true
	case "exceptions\x00NameError":
		return "builtins", "NameError", true
	case "exceptions\x00NotImplementedError":
		return "builtins", "NotImplementedError", true
	case "exceptions\x00OSError":
		return "builtins", "OSError", true
	case "exceptions\x00OverflowError":
		return "builtins", "OverflowError", true
	case "exceptions\x00PendingDeprecationWarning":
		return "builtins", "PendingDeprecationWarning", true
	case "exceptions\x00ReferenceError":
		return "builtins", "ReferenceError", true
	case "exceptions\x00RuntimeError":
		return "builtins", "RuntimeError", true
	case "exceptions\x00RuntimeWarning":
		return "builtins", "RuntimeWarning", true
	case "exceptions\x00StandardError":
		return "builtins", "Exception", true
	case "exceptions\x00StopIteration":
		return "builtins", "StopIteration", true
	case "exceptions\x00SyntaxError":
		return "builtins", "SyntaxError", true
	case "exceptions\x00SyntaxWarning":
		return "builtins", "SyntaxWarning", true
	case "exceptions\x00SystemError":
		return "builtins", "SystemError", true
	case "exceptions\x00SystemExit":
		return "builtins", "SystemExit", true
	case "exceptions\x00TabError":
		return "builtins", "TabError", true
	case "exceptions\x00TypeError":
		return "builtins", "TypeError", true
	case "exceptions\x00UnboundLocalError":
		return "builtins", "UnboundLocalError", true
	case "exceptions\x00UnicodeDecodeError":
		return "builtins", "UnicodeDecodeError", true
	case "exceptions\x00UnicodeEncodeError":
		return "builtins", "UnicodeEncodeError", true
	case "exceptions\x00UnicodeError":
		return "builtins", "UnicodeError", true
	case "exceptions\x00UnicodeTranslateError":
		return "builtins", "UnicodeTranslateError", true
	case "exceptions\x00UnicodeWarning":
		return "builtins", "UnicodeWarning", true
	case "exceptions\x00UserWarning":
		return "builtins", "UserWarning", true
	case "exceptions\x00ValueError":
		return "builtins", "ValueError", true
	case "exceptions\x00Warning":
		return "builtins", "Warning", true
	case "exceptions\x00ZeroDivisionError":
		return "builtins", "ZeroDivisionError", true
	case "itertools\x00ifilter":
		return "builtins", "filter", true
	case "itertools\x00ifilterfalse":
		return "itertools", "filterfalse", true
	case "itertools\x00imap":
		return "builtins", "map", true
	case "itertools\x00izip":
		return "builtins", "zip", true
	case "itertools\x00izip_longest":
		return "itertools", "zip_longest", true
	case "multiprocessing\x00AuthenticationError":
		return "multiprocessing.context", "AuthenticationError", true
	case "multiprocessing\x00BufferTooShort":
		return "multiprocessing.context", "BufferTooShort", true
	case "multiprocessing\x00ProcessError":
		return "multiprocessing.context", "ProcessError", true
	case "multiprocessing\x00TimeoutError":
		return "multiprocessing.context", "TimeoutError", true
	case "multiprocessing.forking\x00Popen":
		return "multiprocessing.popen_fork", "Popen", true
	case "multiprocessing.process\x00Process":
		return "multiprocessing.context", "Process", true
	case "socket\x00_socketobject":
		return "socket", "SocketType", true
	case "urllib\x00ContentTooShortError":
		return "urllib.error", "ContentTooShortError", true
	case "urllib\x00getproxies":
		return "urllib.request", "getproxies", true
	case "urllib\x00pathname2url":
		return "urllib.request", "pathname2url", true
	case "urllib\x00quote":
		return "urllib.parse", "quote", true
	case "urllib\x00quote_plus":
		return "urllib.parse", "quote_plus", true
	case "urllib\x00unquote":
		return "urllib.parse", "unquote", true
	case "urllib\x00unquote_plus":
		return "urllib.parse", "unquote_plus", true
	case "urllib\x00url2pathname":
		return "urllib.request", "url2pathname", true
	case "urllib\x00urlcleanup":
		return "urllib.request", "urlcleanup", true
	case "urllib\x00urlencode":
		return "urllib.parse", "urlencode", true
	case "urllib\x00urlopen":
		return "urllib.request", "urlopen", true
	case "urllib\x00urlretrieve":
		return "urllib.request", "urlretrieve", true
	case "urllib2\x00HTTPError":
		return "urllib.error", "HTTPError", true
	case "urllib2\x00URLError":
		return "urllib.error", "URLError", true
	case "whichdb\x00whichdb":
		return "dbm", "whichdb", true
	}
	return "", "", false
}
