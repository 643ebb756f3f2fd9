// SPDX-License-Identifier: GPL-2.0
/*
 * tf-python: a CPython launcher that runs only the code the kernel's
 * trusted_for(2) policy accepts.
 *
 *   tf-python [-h | -V] (SCRIPT | -c CODE | -m MODULE | -) [ARG]...
 *
 * Every file that Python opens as code goes through an open_code hook
 * (PEP 578, PyFile_SetOpenCodeHook()): imported modules and their cached
 * bytecode, .pth files, zip archives on sys.path, runpy's files.  The
 * hook opens the file (O_RDONLY | O_CLOEXEC), asks
 * trusted_for(fd, TRUSTED_FOR_EXECUTION, 0), and on success gives Python
 * a file object on that same descriptor, so what Python reads is what
 * the kernel checked; on refusal it raises _trusted_for.RefusedError, a
 * PermissionError naming the file.  An import whose module file is
 * refused fails with ImportError.
 *
 * CPython 3.11 does not open the main script through the hook (Py_RunMain()
 * reopens it with fopen()), nor -c code or standard input, so the launcher
 * handles those itself, as Documentation/userspace-api/trusted_for.rst asks:
 *
 *  - SCRIPT is opened and checked before the interpreter starts, then
 *    read from the checked descriptor and run as __main__;
 *  - "-" (or no argument) checks standard input, fd 0, and runs what is
 *    read from it; with a policy other than 0 a pipe or a terminal is
 *    refused, a regular file redirected from a trusted mount is not;
 *  - -c CODE comes from no file: it runs only if the kernel accepts code
 *    that is not a regular file, which the launcher asks about an
 *    anonymous pipe (refused whenever fs.trusted_for_policy is not 0, and
 *    unlike the sysctl, readable by any user);
 *  - -m MODULE runs the module through runpy, whose files go through the
 *    hook.
 *
 * Python's environment variables are ignored (PYTHONPATH, PYTHONSTARTUP,
 * PYTHONHOME, PYTHONINSPECT...: they can name code to run), the user site
 * directory is not added, and no bytecode is written (-B): the launcher
 * loads only code that is installed, and never creates code files.
 * A refused SCRIPT, standard input or -c exits with status 126; a usage
 * error with 2.  Any error of trusted_for(2) other than EACCES refuses as
 * well.
 *
 * The exec securebits of Linux 6.14 (the series' first patches carry them)
 * may make the launcher stricter, never less strict: they are read once, at
 * start, and where trusted_for(2) accepted the code,
 *
 *  - SECBIT_EXEC_RESTRICT_FILE: SCRIPT and every file of the open_code hook
 *    must also pass execveat(fd, "", argv, envp, AT_EMPTY_PATH |
 *    AT_EXECVE_CHECK), the checks of an execution of that file;
 *  - SECBIT_EXEC_DENY_INTERACTIVE: -c CODE is refused, and standard input
 *    (a file redirected to it, a pipe, a terminal) runs only if fd 0 passes
 *    that check.
 *
 * The launcher never sets them: the process that starts it does, and any
 * process may, without privilege.  AT_EXECVE_CHECK is asked about every file
 * and standard input whatever the bits say, as mainline asks of interpreters
 * (the security modules and IMA then see every file that runs); the bits say
 * whether its refusal counts.  A kernel without them reports none set, and
 * then trusted_for(2) alone decides.
 *
 * Whether the kernel has trusted_for(2) is told once, at start, from its
 * sysctl and without calling it (its number may be another system call on a
 * kernel without it; a seccomp filter may answer ENOSYS on one with it):
 *
 *  - /proc/sys/fs/trusted_for_policy on procfs: the kernel has it, and every
 *    error of a check refuses the code, ENOSYS too;
 *  - procfs's /proc/sys/fs without it, as on mainline: the launcher never
 *    calls it and does what interpreters written for mainline do: if the
 *    kernel knows AT_EXECVE_CHECK, the securebits alone decide (none set:
 *    the code runs whatever the check answers); if it knows neither, it refuses to start,
 *    since nothing could be asked;
 *  - no procfs on /proc/sys/fs (no /proc): it cannot tell, and refuses to
 *    start.
 *
 * TF_PYTHON_VERBOSE=1 prints each check and its answer on standard error.
 *
 * Built with -DTF_NOCHECK, the same launcher without any check: the
 * baseline of the startup benchmark, and the proof that the tests can fail.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/securebits.h>
#include <linux/trusted-for.h>

/* Linux 6.14's values, for headers without the series' patches 1 and 2. */
#ifndef AT_EXECVE_CHECK
#define AT_EXECVE_CHECK 0x10000
#endif
#ifndef SECBIT_EXEC_RESTRICT_FILE
#define SECBIT_EXEC_RESTRICT_FILE (1 << 8)
#endif
#ifndef SECBIT_EXEC_DENY_INTERACTIVE
#define SECBIT_EXEC_DENY_INTERACTIVE (1 << 10)
#endif

#define PROG "tf-python"
#define EXIT_REFUSED 126
#define EXIT_USAGE 2

static int verbose;

#ifndef TF_NOCHECK
/* The exec securebits of the process, read at start. */
static int restrict_file, deny_interactive;

/*
 * Set at start when the kernel has no trusted_for(2) but knows
 * AT_EXECVE_CHECK: the securebits alone decide.
 */
static int securebits_only;

/* What the launcher can tell, at start, of the kernel's trusted_for(2). */
enum tf_support {
	TF_PRESENT,	/* its sysctl is on procfs: ask it, every error refuses */
	TF_ABSENT,	/* procfs's /proc/sys/fs without it: never ask it */
	TF_UNKNOWN,	/* no procfs on /proc/sys/fs: refuse to start */
};

static int on_procfs(const char *path)
{
	struct statfs sfs;

	return !statfs(path, &sfs) && sfs.f_type == PROC_SUPER_MAGIC;
}

static enum tf_support trusted_for_support(void)
{
	if (on_procfs("/proc/sys/fs/trusted_for_policy"))
		return TF_PRESENT;
	if (on_procfs("/proc/sys/fs"))
		return TF_ABSENT;
	return TF_UNKNOWN;
}

/* Where code comes from, for the securebits' rules. */
enum origin {
	ORIGIN_FILE,	/* SCRIPT, or a file of the open_code hook */
	ORIGIN_STDIN,	/* standard input */
};

/*
 * What refused the last check_fd(): trusted_for, or AT_EXECVE_CHECK under
 * the securebit that asked for it.
 */
static const char *refused_by;

/* Ask trusted_for(2): may the content read from fd be executed? 0 or errno. */
static int ask_trusted_for(int fd, const char *what)
{
	int err = 0;

	if (syscall(__NR_trusted_for, fd, TRUSTED_FOR_EXECUTION, 0))
		err = errno;
	if (verbose)
		fprintf(stderr, PROG ": trusted_for %s: %s\n", what,
			err ? strerror(err) : "ok");
	return err;
}

/* execveat(fd, "", ..., AT_EMPTY_PATH | AT_EXECVE_CHECK): 0 or errno. */
static int execve_check_err(int fd)
{
	char *const argv[] = { PROG, NULL }, *const envp[] = { NULL };

	if (syscall(__NR_execveat, fd, "", argv, envp, AT_EMPTY_PATH | AT_EXECVE_CHECK))
		return errno;
	return 0;
}

/*
 * Ask execveat(AT_EXECVE_CHECK): would executing fd's file be allowed?  The
 * answer counts only when @enforce says a securebit asks for it.
 */
static int ask_execve_check(int fd, const char *what, int enforce)
{
	int err = execve_check_err(fd);

	if (verbose)
		fprintf(stderr, PROG ": AT_EXECVE_CHECK %s: %s%s\n", what,
			err ? strerror(err) : "ok", enforce ? "" : " (not enforced)");
	return enforce ? err : 0;
}

/*
 * May the code read from fd run?  0 or an errno: trusted_for(2) first, then
 * AT_EXECVE_CHECK, which is always asked (mainline asks interpreters to, so
 * that the security modules and IMA see every file that runs) but enforced
 * only if the securebit for code of that origin is set.
 */
static int check_fd(int fd, const char *what, enum origin origin)
{
	int err = securebits_only ? 0 : ask_trusted_for(fd, what);

	refused_by = "trusted_for";
	if (err)
		return err;
	if (origin == ORIGIN_FILE) {
		refused_by = "AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE";
		return ask_execve_check(fd, what, restrict_file);
	}
	refused_by = "AT_EXECVE_CHECK, SECBIT_EXEC_DENY_INTERACTIVE";
	return ask_execve_check(fd, what, deny_interactive);
}

static void refused_message(const char *what, int err)
{
	if (err == EACCES)
		fprintf(stderr, PROG ": %s: %s (refused by %s)\n", what,
			strerror(err), refused_by);
	else
		fprintf(stderr, PROG ": %s: %s failed, refusing: %s\n",
			what, refused_by, strerror(err));
}

/*
 * RefusedError, raised by the open_code hook, made on first use: the hook
 * may refuse a file of the interpreter's own startup (the encodings), before
 * anything imported the _trusted_for module that holds it.
 */
static PyObject *refused_error;

static PyObject *get_refused_error(void)
{
	if (!refused_error)
		refused_error = PyErr_NewExceptionWithDoc("_trusted_for.RefusedError",
			"trusted_for(2) or the exec securebits refused to let a file be run as code.",
			PyExc_PermissionError, NULL);
	return refused_error;
}

static struct PyModuleDef trusted_for_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "_trusted_for",
	.m_doc = "trusted_for(2) checks of the tf-python launcher.",
	.m_size = -1,
};

static PyObject *init_trusted_for_module(void)
{
	PyObject *m = PyModule_Create(&trusted_for_module);

	if (!m)
		return NULL;
	if (!get_refused_error() || PyModule_AddObjectRef(m, "RefusedError", refused_error)) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}

/*
 * The open_code hook: open PATH, check the descriptor, and return a
 * buffered reader on that same descriptor.
 */
static PyObject *open_code_hook(PyObject *path, void *userdata)
{
	PyObject *bytes, *io, *raw = NULL, *file = NULL;
	int fd, err;

	(void)userdata;
	if (!PyUnicode_FSConverter(path, &bytes))
		return NULL;
	fd = open(PyBytes_AS_STRING(bytes), O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
		goto out;
	}
	err = check_fd(fd, PyBytes_AS_STRING(bytes), ORIGIN_FILE);
	if (err) {
		char msg[160];
		PyObject *exc, *type = get_refused_error();

		close(fd);
		if (!type)
			goto out;
		if (err == EACCES)
			snprintf(msg, sizeof(msg), "%s (refused by %s)", strerror(err), refused_by);
		else
			snprintf(msg, sizeof(msg), "%s failed, refusing: %s", refused_by,
				 strerror(err));
		exc = PyObject_CallFunction(type, "isO", err, msg, path);
		if (exc) {
			PyErr_SetObject(type, exc);
			Py_DECREF(exc);
		}
		goto out;
	}
	io = PyImport_ImportModule("_io");
	if (io)
		raw = PyObject_CallMethod(io, "FileIO", "is", fd, "rb");
	if (!raw) {
		Py_XDECREF(io);
		close(fd);
		goto out;
	}
	/* The raw file owns fd now; name it as open(path) would. */
	if (PyObject_SetAttrString(raw, "name", path) == 0)
		file = PyObject_CallMethod(io, "BufferedReader", "O", raw);
	Py_DECREF(raw);
	Py_DECREF(io);
out:
	Py_DECREF(bytes);
	return file;
}

/*
 * Make an import whose module file is refused fail with ImportError.  The
 * hook raises RefusedError, an OSError, which the callers of open_code
 * expect from an open: importlib ignores a cached .pyc it cannot open (and
 * reads and checks the source instead), site skips such a .pth file.  So
 * only the loaders of source and bytecode modules turn a refusal of the
 * module's own file into ImportError, once the interpreter started: a
 * refused file of its startup (encodings, site) stays a fatal error that
 * names the file.  This is, in C so that nothing is compiled at each start:
 *
 *	class CheckedSourceFileLoader(SourceFileLoader):
 *	    def get_data(self, path):
 *	        try:
 *	            return FileLoader.get_data(self, path)
 *	        except RefusedError as e:
 *	            if path != self.path:
 *	                raise
 *	            raise ImportError(f"cannot import {self.name!r}: "
 *	                              f"{path}: {e.strerror}",
 *	                              name=self.name, path=path) from None
 *
 * and the same for SourcelessFileLoader, in a FileFinder path hook that
 * replaces the default one.
 */
static PyObject *file_loader_get_data;	/* FileLoader.get_data */

static PyObject *checked_get_data(PyObject *unused, PyObject *const *args, Py_ssize_t nargs)
{
	PyObject *data, *own_path, *name = NULL, *type, *value, *tb, *strerror = NULL, *msg;
	int same;

	(void)unused;
	if (nargs != 2) {
		PyErr_SetString(PyExc_TypeError, "get_data() takes exactly one argument");
		return NULL;
	}
	data = PyObject_Vectorcall(file_loader_get_data, args, 2, NULL);
	if (data || !PyErr_ExceptionMatches(refused_error))
		return data;
	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	own_path = PyObject_GetAttrString(args[0], "path");
	same = own_path ? PyObject_RichCompareBool(args[1], own_path, Py_EQ) : -1;
	Py_XDECREF(own_path);
	if (same == 0) {
		/* Not the module's file (its cached bytecode): as it was. */
		PyErr_Restore(type, value, tb);
		return NULL;
	}
	if (same == 1)
		name = PyObject_GetAttrString(args[0], "name");
	if (name)
		strerror = PyObject_GetAttrString(value, "strerror");
	if (strerror) {
		msg = PyUnicode_FromFormat("cannot import %R: %S: %S", name, args[1], strerror);
		if (msg) {
			PyErr_SetImportError(msg, name, args[1]);
			Py_DECREF(msg);
		}
	}
	Py_XDECREF(strerror);
	Py_XDECREF(name);
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	return NULL;
}

static PyMethodDef checked_get_data_def = {
	"get_data", (PyCFunction)(void (*)(void))checked_get_data, METH_FASTCALL,
	"Return the data from path as raw bytes; ImportError if trusted_for refused the module.",
};

static int install_import_refusals(void)
{
	PyObject *ext, *func = NULL, *method = NULL, *loaders = NULL, *hook = NULL;
	PyObject *hooks, *cache;
	Py_ssize_t i;
	int ret = -1;

	if (!get_refused_error())
		return -1;
	ext = PyImport_ImportModule("_frozen_importlib_external");
	if (!ext)
		return -1;
	file_loader_get_data = PyObject_GetAttrString(ext, "FileLoader");
	if (file_loader_get_data)
		Py_SETREF(file_loader_get_data, PyObject_GetAttrString(file_loader_get_data, "get_data"));
	if (file_loader_get_data)
		func = PyCFunction_New(&checked_get_data_def, NULL);
	if (func)
		method = PyInstanceMethod_New(func);	/* binds self, as a def does */
	if (method)
		loaders = PyObject_CallMethod(ext, "_get_supported_file_loaders", NULL);
	if (!loaders || !PyList_Check(loaders))
		goto out;
	/* [(loader class, suffixes)...]: wrap the source and bytecode loaders. */
	for (i = 0; i < PyList_GET_SIZE(loaders); i++) {
		PyObject *pair = PyList_GET_ITEM(loaders, i), *base, *cls, *base_name;
		const char *wanted[] = { "SourceFileLoader", "SourcelessFileLoader" };
		size_t w;

		if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2)
			goto out;
		base = PyTuple_GET_ITEM(pair, 0);
		for (w = 0; w < 2; w++) {
			PyObject *known = PyObject_GetAttrString(ext, wanted[w]);

			Py_XDECREF(known);
			if (!known)
				goto out;
			if (known == base)
				break;
		}
		if (w == 2)
			continue;
		base_name = PyUnicode_FromFormat("Checked%s", wanted[w]);
		if (!base_name)
			goto out;
		cls = PyObject_CallFunction((PyObject *)&PyType_Type, "N(O){sOss}", base_name,
					    base, "get_data", method, "__module__", "_trusted_for");
		if (!cls)
			goto out;
		pair = Py_BuildValue("(NO)", cls, PyTuple_GET_ITEM(pair, 1));
		if (!pair || PyList_SetItem(loaders, i, pair))
			goto out;
	}
	{
		PyObject *finder = PyObject_GetAttrString(ext, "FileFinder"), *path_hook, *args;

		path_hook = finder ? PyObject_GetAttrString(finder, "path_hook") : NULL;
		args = PyList_AsTuple(loaders);
		if (path_hook && args)
			hook = PyObject_Call(path_hook, args, NULL);
		Py_XDECREF(args);
		Py_XDECREF(path_hook);
		Py_XDECREF(finder);
		if (!hook)
			goto out;
	}
	/* Replace the default FileFinder hook, and forget its finders. */
	hooks = PySys_GetObject("path_hooks");		/* borrowed */
	cache = PySys_GetObject("path_importer_cache");	/* borrowed */
	if (!hooks || !PyList_Check(hooks) || !cache || !PyDict_Check(cache))
		goto out;
	for (i = 0; i < PyList_GET_SIZE(hooks); i++) {
		PyObject *name = PyObject_GetAttrString(PyList_GET_ITEM(hooks, i), "__name__");
		int is_file_finder;

		if (!name)
			PyErr_Clear();
		is_file_finder = name && PyUnicode_Check(name) &&
				 PyUnicode_CompareWithASCIIString(name, "path_hook_for_FileFinder") == 0;
		Py_XDECREF(name);
		if (is_file_finder && PyList_SetItem(hooks, i, Py_NewRef(hook)))
			goto out;
	}
	PyDict_Clear(cache);
	ret = 0;
out:
	Py_XDECREF(hook);
	Py_XDECREF(loaders);
	Py_XDECREF(method);
	Py_XDECREF(func);
	Py_DECREF(ext);
	return ret;
}
#endif /* !TF_NOCHECK */

static void usage(FILE *f)
{
	fprintf(f, "usage: " PROG " [-h | -V] (SCRIPT | -c CODE | -m MODULE | -) [ARG]...\n"
		"Runs Python code only if trusted_for(2) accepts it, and the exec\n"
		"securebits' AT_EXECVE_CHECK too when they are set.\n");
}

/* Read all of fd into a new bytes object. */
static PyObject *read_all(int fd)
{
	size_t len = 0, size = 65536;
	char *buf = malloc(size);
	PyObject *bytes;
	ssize_t n;

	if (!buf)
		return PyErr_NoMemory();
	for (;;) {
		if (len == size) {
			char *p = realloc(buf, size *= 2);

			if (!p) {
				free(buf);
				return PyErr_NoMemory();
			}
			buf = p;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return PyErr_SetFromErrno(PyExc_OSError);
		}
		if (n == 0)
			break;
		len += n;
	}
	bytes = PyBytes_FromStringAndSize(buf, len);
	free(buf);
	return bytes;
}

/* Compile SOURCE (bytes or str) as FILENAME and run it as __main__. */
static int run_main_source(PyObject *source, const char *filename, const char *file_attr)
{
	PyObject *main, *dict, *name = NULL, *code = NULL, *res = NULL;

	main = PyImport_AddModule("__main__");	/* borrowed */
	if (!main)
		return -1;
	dict = PyModule_GetDict(main);
	if (file_attr) {
		PyObject *f = PyUnicode_DecodeFSDefault(file_attr);

		if (!f || PyDict_SetItemString(dict, "__file__", f) ||
		    PyDict_SetItemString(dict, "__cached__", Py_None)) {
			Py_XDECREF(f);
			return -1;
		}
		Py_DECREF(f);
	}
	name = PyUnicode_DecodeFSDefault(filename);
	if (name)
		/* compile() reads PEP 263 coding cookies and refuses NUL bytes. */
		code = PyObject_CallFunction(PyDict_GetItemString(PyEval_GetBuiltins(), "compile"),
					     "OOsii", source, name, "exec", 0, 1);
	if (code)
		res = PyEval_EvalCode(code, dict, dict);
	Py_XDECREF(name);
	Py_XDECREF(code);
	if (!res)
		return -1;
	Py_DECREF(res);
	return 0;
}

/* Put PATH first in sys.path, as python does for its script's directory. */
static int set_path0(const char *path)
{
	PyObject *sys_path = PySys_GetObject("path");	/* borrowed */
	PyObject *p;
	int ret;

	if (!sys_path)
		return -1;
	p = PyUnicode_DecodeFSDefault(path);
	if (!p)
		return -1;
	ret = PyList_Insert(sys_path, 0, p);
	Py_DECREF(p);
	return ret;
}

enum mode { MODE_SCRIPT, MODE_COMMAND, MODE_MODULE, MODE_STDIN };

int main(int argc, char **argv)
{
	enum mode mode;
	const char *target = NULL;	/* script, code or module */
	char **py_argv;
	int py_argc, first, fd = -1, ret = 0;
	char exe[PATH_MAX], path0[PATH_MAX];
	ssize_t exe_len;
	PyConfig config;
	PyStatus status;

	verbose = getenv("TF_PYTHON_VERBOSE") && strcmp(getenv("TF_PYTHON_VERBOSE"), "0");

	/* The command line: one mode, then the program's own arguments. */
	first = 1;
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		printf(PROG " (Python %s)%s\n", PY_VERSION,
#ifdef TF_NOCHECK
		       ", built without trusted_for checks"
#else
		       ""
#endif
		       );
		return 0;
	}
	if (argc < 2 || !strcmp(argv[1], "-")) {
		mode = MODE_STDIN;
		first = 1;	/* sys.argv[0] is "-", or "" with no argument */
	} else if (!strcmp(argv[1], "-c") || !strcmp(argv[1], "-m")) {
		if (argc < 3) {
			fprintf(stderr, PROG ": %s needs an argument\n", argv[1]);
			usage(stderr);
			return EXIT_USAGE;
		}
		mode = argv[1][1] == 'c' ? MODE_COMMAND : MODE_MODULE;
		target = argv[2];
		first = 2;	/* sys.argv[0] is "-c" or "-m" (runpy sets the path) */
		argv[2] = argv[1];
	} else {
		if (!strcmp(argv[1], "--"))
			first++;
		if (first >= argc || (first == 1 && argv[1][0] == '-')) {
			if (first < argc)
				fprintf(stderr, PROG ": unknown option %s\n", argv[1]);
			usage(stderr);
			return EXIT_USAGE;
		}
		mode = MODE_SCRIPT;
		target = argv[first];
	}
	if (argc < 2) {
		static char *no_args[] = { "", NULL };

		py_argv = no_args;
		py_argc = 1;
	} else {
		py_argv = argv + first;
		py_argc = argc - first;
	}

	/* Check what comes from no module import before Python starts. */
	if (mode == MODE_SCRIPT) {
		fd = open(target, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, PROG ": can't open file '%s': %s\n", target,
				strerror(errno));
			return EXIT_USAGE;
		}
	} else if (mode == MODE_STDIN) {
		fd = STDIN_FILENO;
	}
#ifndef TF_NOCHECK
	{
		int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);

		/* Unreadable securebits cannot be honoured: refuse everything. */
		if (bits < 0) {
			perror(PROG ": PR_GET_SECUREBITS");
			return EXIT_REFUSED;
		}
		restrict_file = !!(bits & SECBIT_EXEC_RESTRICT_FILE);
		deny_interactive = !!(bits & SECBIT_EXEC_DENY_INTERACTIVE);
	}
	/*
	 * Which interface the kernel has: trusted_for(2) from its sysctl, and
	 * AT_EXECVE_CHECK from execveat(2), which answers EBADF about no
	 * descriptor where it knows the flag (EINVAL where it does not).
	 */
	switch (trusted_for_support()) {
	case TF_PRESENT:
		break;
	case TF_ABSENT:
		if (execve_check_err(-1) != EBADF) {
			fprintf(stderr, PROG ": no trusted_for(2) and no AT_EXECVE_CHECK: "
				"nothing can be asked, refusing\n");
			return EXIT_REFUSED;
		}
		securebits_only = 1;
		if (verbose)
			fprintf(stderr, PROG ": no trusted_for(2): the exec securebits decide\n");
		break;
	case TF_UNKNOWN:
		fprintf(stderr, PROG ": no procfs on /proc/sys/fs: cannot tell whether the "
			"kernel has trusted_for(2), refusing\n");
		return EXIT_REFUSED;
	}
	if (fd >= 0) {
		int err = check_fd(fd, mode == MODE_SCRIPT ? target : "<stdin>",
				   mode == MODE_SCRIPT ? ORIGIN_FILE : ORIGIN_STDIN);

		if (err) {
			refused_message(mode == MODE_SCRIPT ? target : "<stdin>", err);
			return EXIT_REFUSED;
		}
	} else if (mode == MODE_COMMAND) {
		int pipefd[2], err;

		if (pipe2(pipefd, O_CLOEXEC)) {
			perror(PROG ": pipe");
			return EXIT_REFUSED;
		}
		err = securebits_only ? 0 :
		      ask_trusted_for(pipefd[0], "code that is not in a regular file (a pipe)");
		close(pipefd[0]);
		close(pipefd[1]);
		if (err) {
			if (err == EACCES)
				fprintf(stderr, PROG ": -c: inline code refused: trusted_for refuses "
					"code that is not in a regular file (fs.trusted_for_policy is "
					"not 0): %s\n", strerror(err));
			else
				fprintf(stderr, PROG ": -c: trusted_for failed, refusing: %s\n",
					strerror(err));
			return EXIT_REFUSED;
		}
		/* Inline code is in no file that a check could accept. */
		if (deny_interactive) {
			fprintf(stderr, PROG ": -c: inline code refused: "
				"SECBIT_EXEC_DENY_INTERACTIVE is set\n");
			return EXIT_REFUSED;
		}
	}
	if (PyFile_SetOpenCodeHook(open_code_hook, NULL) ||
	    PyImport_AppendInittab("_trusted_for", init_trusted_for_module)) {
		fprintf(stderr, PROG ": cannot install the open_code hook\n");
		return EXIT_REFUSED;
	}
#endif

	PyConfig_InitPythonConfig(&config);
	config.use_environment = 0;
	config.user_site_directory = 0;
	config.write_bytecode = 0;
	config.parse_argv = 0;
	/* Find the standard library from where the launcher really is. */
	exe_len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (exe_len > 0) {
		exe[exe_len] = '\0';
		status = PyConfig_SetBytesString(&config, &config.executable, exe);
		if (PyStatus_Exception(status))
			goto fail;
	}
	status = PyConfig_SetBytesString(&config, &config.program_name, argv[0]);
	if (PyStatus_Exception(status))
		goto fail;
	status = PyConfig_SetBytesArgv(&config, py_argc, py_argv);
	if (PyStatus_Exception(status))
		goto fail;
	status = Py_InitializeFromConfig(&config);
	if (PyStatus_Exception(status))
		goto fail;
	PyConfig_Clear(&config);

#ifndef TF_NOCHECK
	if (install_import_refusals())
		goto error;
#endif
	switch (mode) {
	case MODE_SCRIPT:
		if (!realpath(target, path0))
			snprintf(path0, sizeof(path0), "%s", target);
		if (set_path0(dirname(path0)))
			goto error;
		/* fallthrough */
	case MODE_STDIN: {
		PyObject *source;

		if (mode == MODE_STDIN && isatty(fd)) {
			PyCompilerFlags cf = _PyCompilerFlags_INIT;

			if (set_path0(""))
				goto error;
			ret = PyRun_InteractiveLoopFlags(stdin, "<stdin>", &cf) ? 1 : 0;
			break;
		}
		if (mode == MODE_STDIN && set_path0(""))
			goto error;
		source = read_all(fd);
		if (mode == MODE_SCRIPT)
			close(fd);
		if (!source)
			goto error;
		ret = run_main_source(source, mode == MODE_SCRIPT ? target : "<stdin>",
				      mode == MODE_SCRIPT ? target : NULL);
		Py_DECREF(source);
		if (ret)
			goto error;
		break;
	}
	case MODE_COMMAND: {
		PyObject *source = PyUnicode_DecodeFSDefault(target);

		if (!source || set_path0(""))
			goto error;
		ret = run_main_source(source, "<string>", NULL);
		Py_DECREF(source);
		if (ret)
			goto error;
		break;
	}
	case MODE_MODULE: {
		PyObject *runpy, *res;

		if (!getcwd(path0, sizeof(path0)) || set_path0(path0))
			goto error;
		runpy = PyImport_ImportModule("runpy");
		if (!runpy)
			goto error;
		res = PyObject_CallMethod(runpy, "_run_module_as_main", "si", target, 1);
		Py_DECREF(runpy);
		if (!res)
			goto error;
		Py_DECREF(res);
		break;
	}
	}
	if (Py_FinalizeEx() < 0)
		return 120;
	return ret;

error:
	/* Prints the traceback; on SystemExit, exits with its status. */
	PyErr_Print();
	Py_FinalizeEx();
	return 1;
fail:
	PyConfig_Clear(&config);
	Py_ExitStatusException(status);
}
