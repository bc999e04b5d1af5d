"""``kiln.io.gfile`` (and TF1's ``kiln.compat.v1.gfile``): TF's file API over
local files, on Python's ``open``/``os``/``shutil``/``glob``.

Errors are TF's: ``NotFoundError`` for a missing path, ``AlreadyExistsError``
for a copy or rename onto an existing file without ``overwrite``,
``FailedPreconditionError`` for a directory where a file is needed,
``PermissionDeniedError`` for reading a file opened for writing (and the other
way round), with TF's messages (``"d/x; No such file or directory"``). Only
local paths: TF's other file systems (``gs://``, ``ram://``) are not served.
"""

import errno as _errno
import glob as _glob
import os as _os
import shutil as _shutil

from . import errors as _errors

_MODES = ("r", "w", "a", "r+", "w+", "a+")
_ERRNO_CLASSES = {
    _errno.ENOENT: _errors.NotFoundError,
    _errno.ENOTDIR: _errors.FailedPreconditionError,
    _errno.EISDIR: _errors.FailedPreconditionError,
    _errno.ENOTEMPTY: _errors.FailedPreconditionError,
    _errno.EEXIST: _errors.AlreadyExistsError,
    _errno.EACCES: _errors.PermissionDeniedError,
    _errno.EPERM: _errors.PermissionDeniedError,
}


def _os_error(error, path):
    """The kiln.errors exception TF raises for an OSError on `path` ("path; reason")."""
    cls = _ERRNO_CLASSES.get(error.errno, _errors.UnknownError)
    return cls(None, None, f"{path}; {error.strerror}")


def _check_path(path):
    if isinstance(path, bytes):
        return path.decode()
    try:
        return _os.fspath(path)
    except TypeError:
        raise TypeError(f"A gfile path must be a string, bytes or os.PathLike, got "
                        f"{type(path).__name__}.") from None


class GFile:
    """A file, as ``tf.io.gfile.GFile(name, mode)``. Opened on first use (as TF
    opens it), so a missing file raises ``NotFoundError`` at the first read. A
    mode without ``b`` reads and writes ``str``, with ``b`` ``bytes``; writes accept
    both. Reading after ``close()`` opens the file again from the start (TF does)."""

    def __init__(self, name, mode="r"):
        if mode.replace("b", "") not in _MODES:
            raise _errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self._name = name
        self._mode = mode
        self._binary = "b" in mode
        self._file = None

    @property
    def name(self):
        return self._name

    @property
    def mode(self):
        return self._mode

    def _open(self):
        if self._file is None:
            try:
                self._file = open(_check_path(self._name), self._mode.replace("b", "") + "b")  # noqa: SIM115
            except OSError as e:
                raise _os_error(e, self._name) from None
        return self._file

    def _readable(self):
        if self._mode.replace("b", "") in ("w", "a"):
            raise _errors.PermissionDeniedError(None, None, "File isn't open for reading")
        return self._open()

    def _decode(self, data):
        return data if self._binary else data.decode()

    def read(self, n=-1):
        """Up to n characters or bytes (all that is left for n=-1)."""
        return self._decode(self._readable().read(-1 if n is None else n))

    def readline(self):
        return self._decode(self._readable().readline())

    def readlines(self):
        return [self._decode(line) for line in self._readable().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, data):
        """Writes a str (as UTF-8) or bytes."""
        if self._mode.replace("b", "") == "r":
            raise _errors.PermissionDeniedError(None, None, "File isn't open for writing")
        self._open().write(data.encode() if isinstance(data, str) else bytes(data))

    def seek(self, offset=None, whence=0, position=None):
        """Moves to a byte offset (TF's ``position=`` spelling too)."""
        if position is not None:
            offset = position
        self._open().seek(offset, whence)

    def tell(self):
        return self._open().tell()

    def size(self):
        """The size of the file on disk in bytes (unflushed writes not counted, as TF)."""
        return stat(self._name).length

    def seekable(self):
        return True

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FileStatistics:
    """What ``stat`` returns: ``length`` in bytes, ``mtime_nsec``, ``is_directory``."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory


def exists(path):
    return _os.path.exists(_check_path(path))


def isdir(path):
    return _os.path.isdir(_check_path(path))


def listdir(path):
    """The names in a directory (not sorted, as TF); NotFoundError if it is none."""
    path = _check_path(path)
    if not _os.path.isdir(path):
        raise _errors.NotFoundError(None, None, f"Could not find directory {path}")
    return _os.listdir(path)


def glob(pattern):
    """The paths matching a shell pattern (a list; empty when none match)."""
    return _glob.glob(_check_path(pattern))


def makedirs(path):
    """Creates a directory and its parents; an existing directory is fine."""
    try:
        _os.makedirs(_check_path(path), exist_ok=True)
    except OSError as e:
        raise _os_error(e, path) from None


def mkdir(path):
    """Creates one directory (its parent must exist); an existing directory is fine (TF)."""
    try:
        _os.mkdir(_check_path(path))
    except FileExistsError:
        if not _os.path.isdir(path):
            raise _errors.AlreadyExistsError(None, None, f"{path}; File exists") from None
    except OSError as e:
        raise _os_error(e, path) from None


def remove(path):
    """Deletes a file (a directory is a FailedPreconditionError: use rmtree)."""
    path = _check_path(path)
    if _os.path.isdir(path):
        raise _errors.FailedPreconditionError(None, None, f"{path}; Is a directory")
    try:
        _os.remove(path)
    except OSError as e:
        raise _os_error(e, path) from None


def rmtree(path):
    """Deletes a directory and everything under it."""
    path = _check_path(path)
    if not _os.path.exists(path):
        raise _errors.NotFoundError(None, None, f"{path} not found")
    try:
        _shutil.rmtree(path)
    except OSError as e:
        raise _os_error(e, path) from None


def _transfer(operation, src, dst, overwrite):
    """operation(src, dst) with TF's checks: src must exist, dst must not unless overwrite."""
    src, dst = _check_path(src), _check_path(dst)
    if not _os.path.exists(src):
        raise _errors.NotFoundError(None, None, f"{src}; No such file or directory")
    if not overwrite and _os.path.exists(dst):
        raise _errors.AlreadyExistsError(None, None, "file already exists")
    try:
        operation(src, dst)
    except OSError as e:
        raise _os_error(e, src) from None


def rename(src, dst, overwrite=False):
    """Moves src to dst; AlreadyExistsError if dst exists and not overwrite."""
    _transfer(_os.replace, src, dst, overwrite)


def copy(src, dst, overwrite=False):
    """Copies the file src to dst; AlreadyExistsError if dst exists and not overwrite."""
    _transfer(_shutil.copyfile, src, dst, overwrite)


def stat(path):
    """A FileStatistics of path; NotFoundError if it does not exist."""
    try:
        s = _os.stat(_check_path(path))
    except OSError as e:
        raise _os_error(e, path) from None
    return FileStatistics(s.st_size, s.st_mtime_ns, _os.path.isdir(path))


def walk(top, topdown=True, onerror=None):
    """(directory, subdirectory names, file names) for top and every directory
    under it, as ``os.walk`` (nothing for a missing top, as TF)."""
    return _os.walk(_check_path(top), topdown=topdown, onerror=onerror)


def join(path, *paths):
    return _os.path.join(path, *paths)


def get_registered_schemes():
    """The file systems served: local files only."""
    return ["", "file"]


# TF1's names (tf.compat.v1.gfile).
V1_NAMES = {"GFile": GFile, "Open": GFile, "FastGFile": GFile, "Copy": copy,
            "DeleteRecursively": rmtree, "Exists": exists, "Glob": glob, "IsDirectory": isdir,
            "ListDirectory": listdir, "MakeDirs": makedirs, "MkDir": mkdir, "Remove": remove,
            "Rename": rename, "Stat": stat, "Walk": walk}
V2_NAMES = ("GFile", "copy", "exists", "get_registered_schemes", "glob", "isdir", "join",
            "listdir", "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk")
