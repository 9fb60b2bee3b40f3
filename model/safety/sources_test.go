package safety_test

import (
	"strings"
	"testing"

	"pklx/model/safety"
)

// The globals other scanners flag, copied from their sources as data:
// pklx must rate every one dangerous. "module *" means any name of the
// module (tested with a made-up name).
var (
	// mmaitre314/picklescan src/picklescan/scanner.py, _unsafe_globals.
	picklescanUnsafe = []string{
		"__builtin__ eval", "__builtin__ compile", "__builtin__ getattr", "__builtin__ apply", "__builtin__ exec",
		"__builtin__ open", "__builtin__ breakpoint", "builtins eval", "builtins compile", "builtins getattr",
		"builtins apply", "builtins exec", "builtins open", "builtins breakpoint", "aiohttp *", "asyncio *", "bdb *",
		"commands *", "ctypes *", "functools partial", "httplib *", "numpy.f2py *", "numpy.testing._private.utils *",
		"nt *", "posix *", "operator attrgetter", "operator itemgetter", "operator methodcaller", "os *",
		"requests.api *", "runpy *", "shutil *", "socket *", "ssl *", "subprocess *", "sys *",
		"code InteractiveInterpreter.runcode", "cProfile runctx", "cProfile run", "distutils.file_util *",
		"doctest debug_script", "ensurepip _run_pip", "idlelib.autocomplete AutoComplete.get_entity",
		"idlelib.autocomplete AutoComplete.fetch_completions", "idlelib.calltip Calltip.fetch_tip",
		"idlelib.calltip get_entity", "idlelib.debugobj ObjectTreeItem.SetText",
		"idlelib.pyshell ModifiedInterpreter.runcode", "idlelib.pyshell ModifiedInterpreter.runcommand",
		"idlelib.run Executive.runcode", "lib2to3.pgen2.grammar Grammar.loads", "lib2to3.pgen2.pgen ParserGenerator.make_label",
		"pdb *", "pickle *", "_pickle *", "pip *", "pty *", "profile Profile.run", "profile Profile.runctx", "pydoc *",
		"timeit *", "torch._dynamo.guards GuardBuilder.get", "torch._inductor.codecache compile_file",
		"torch.fx.experimental.symbolic_shapes ShapeEnv.evaluate_guards_expression",
		"torch.jit.unsupported_tensor_ops execWrapper", "torch.serialization load",
		"torch.utils._config_module ConfigModule.load_config", "torch.utils.bottleneck.__main__ run_cprofile",
		"torch.utils.bottleneck.__main__ run_autograd_prof", "torch.utils.collect_env run",
		"torch.utils.data.datapipes.utils.decoder basichandlers", "trace Trace.run", "trace Trace.runctx", "venv *",
		"webbrowser *",
	}
	// protectai/modelscan modelscan/settings.py, unsafe_globals (all severities).
	modelscanUnsafe = []string{
		"__builtin__ __import__", "builtins __import__", "runpy *", "os *", "nt *", "posix *", "socket *",
		"subprocess *", "sys *", "operator attrgetter", "pty *", "pickle *", "webbrowser *", "httplib *",
		"requests.api *", "aiohttp.client *",
	}
	// trailofbits/fickling fickling/fickle.py, UNSAFE_IMPORTS (whole modules).
	ficklingUnsafe = "__builtin__ __builtins__ builtins os posix nt subprocess sys pty commands multiprocessing " +
		"_posixsubprocess code codeop runpy marshal types compile exec eval doctest _interpreters _xxsubinterpreters " +
		"importlib _frozen_importlib _frozen_importlib_external _imp imp pkgutil zipimport gc site unittest inspect " +
		"test _operator operator functools cProfile profile pdb bdb timeit trace socket ssl httplib http urllib " +
		"urllib2 requests aiohttp asyncio webbrowser smtplib imaplib ftplib poplib telnetlib nntplib ctypes _ctypes " +
		"pickle _pickle dill cloudpickle joblib shutil tempfile filecmp distutils pydoc pexpect pipes venv ensurepip " +
		"pip idlelib lib2to3 socketserver xmlrpc signal _signal threading _thread atexit sqlite3 _sqlite3 fileinput " +
		"glob platform linecache difflib compileall py_compile mmap select selectors logging syslog tarfile zipfile " +
		"shelve uuid _osx_support _aix_support"
)

func TestOtherScannersLists(t *testing.T) {
	check := func(list, mod, name string) {
		if name == "*" {
			name = "pklx_any_name"
		}
		if v := safety.Rate(mod, name); v.Rating != safety.Dangerous {
			t.Errorf("%s flags %s.%s; pklx rates it %s (%s)", list, mod, name, v.Rating, v.Why)
		}
	}
	for _, e := range picklescanUnsafe {
		m, n, _ := strings.Cut(e, " ")
		check("picklescan", m, n)
	}
	for _, e := range modelscanUnsafe {
		m, n, _ := strings.Cut(e, " ")
		check("modelscan", m, n)
	}
	for _, m := range strings.Fields(ficklingUnsafe) {
		check("fickling", m, "*")
		check("fickling", m+".sub", "*")
	}
}
