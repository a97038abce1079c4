"""One way to write a file: every file Yunce writes goes through :func:`write_file`.

Plan, diagnosis, template and 询价单 workbooks, JSON summaries, LP files, project files, the
autosave, column mappings and screenshots are written by :func:`write_file` (logs, which are
appended to, by :func:`append_text`). Whatever library produces the bytes, it guarantees:

* only a regular file is written: a device, FIFO, socket or folder at the target is refused
  (a symbolic link is followed to the file it names);
* an input of the same run (:func:`protect_inputs`) is never overwritten;
* a read-only file is replaced only when allowed (``--force`` on the command line, or the user
  said yes in the app: :func:`allow_replace`);
* the bytes go to a temporary file beside the target, are flushed to disk, and replace the
  target in one rename: on any failure the old file is intact and the temporary file is gone;
* every OS error (name too long, missing or read-only folder, disk full, file-size limit,
  permission) becomes a :class:`WriteError` naming the path and the fix;
* a library object still holding the temporary file when writing fails (openpyxl's ZipFile on a
  full disk) is finalised inside the guarded block, so no "Exception ignored … Traceback"
  reaches the terminal.

Qt-free and library-free: callers pass a function that writes to an open binary file, or (for
libraries that insist on a file name, such as PuLP's writeLP) one that writes to a path.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from planner.text import Msg, bi, localize

__all__ = [
    "ReadOnlyTarget",
    "WriteError",
    "allow_replace",
    "append_text",
    "check_target",
    "ignore_file_size_signal",
    "protect_inputs",
    "write_file",
    "write_policy",
    "write_text",
]

#: A temporary file of a write carries this marker (and the writing process's id), so a
#: temporary file left by a killed process is recognised and removed by the next write.
TEMP_MARK = ".yunce-tmp"
#: Characters of the target's name kept in the temporary file's name (keeps it under NAME_MAX).
_TEMP_NAME_CHARS = 40


class WriteError(Exception):
    """A file could not be written; the message says what to do.

    ``str(exc)`` is Chinese; when raised with a :class:`planner.text.Msg`, ``exc.text("en")``
    gives the English and ``exc.message`` the Msg.
    """

    def text(self, lang: str = "zh") -> str:
        """The message in lang ('zh' or 'en'); the Chinese text when no English was given."""
        return str(localize(self.args[0], lang)) if self.args else ""

    @property
    def message(self) -> Msg:
        """The bilingual message (a plain string becomes a Msg with the same text in both)."""
        m = self.args[0] if self.args else ""
        return m if isinstance(m, Msg) else Msg(str(m))


class ReadOnlyTarget(WriteError):
    """The target is a read-only file; replace it only after the user agreed (``--force``)."""

    def __init__(self, message: Msg, path: Path) -> None:
        super().__init__(message)
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.args[0], self.path))


# --- what a run may write -------------------------------------------------------------------------
_LOCK = threading.Lock()
_protected: list[tuple[Path, tuple[int, int] | None]] = []
_replace_read_only = False
_allowed_once: set[str] = set()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


@contextlib.contextmanager
def protect_inputs(paths: Iterable[str | Path]) -> Iterator[None]:
    """While inside, no write may replace any of these files (the inputs of the run)."""
    entries = []
    for p in paths:
        if p is None or str(p) in ("", "-"):
            continue
        try:
            real = Path(os.path.realpath(p))
        except (OSError, ValueError):
            continue
        entries.append((real, _identity(real)))
    with _LOCK:
        _protected.extend(entries)
    try:
        yield
    finally:
        with _LOCK:
            for e in entries:
                with contextlib.suppress(ValueError):
                    _protected.remove(e)


@contextlib.contextmanager
def write_policy(
    inputs: Iterable[str | Path] = (), replace_read_only: bool = False
) -> Iterator[None]:
    """The rules of one run: its inputs are protected; read-only files replaced only if asked."""
    global _replace_read_only
    with protect_inputs(inputs):
        with _LOCK:
            before, _replace_read_only = _replace_read_only, replace_read_only
        try:
            yield
        finally:
            with _LOCK:
                _replace_read_only = before


def allow_replace(path: str | Path) -> None:
    """The user agreed to replace this read-only file: the next write to it may do so."""
    with _LOCK:
        _allowed_once.add(os.path.realpath(path))


def _is_protected(real: Path) -> bool:
    ident = _identity(real)
    with _LOCK:
        entries = list(_protected)
    return any(p == real or (i is not None and i == ident) for p, i in entries)


# --- messages -------------------------------------------------------------------------------------
def _unchanged(path: Path) -> tuple[str, str]:
    if os.path.exists(path):
        return "原文件未被改动。", " The existing file was not changed."
    return "", ""


def os_error_message(exc: OSError, path: Path) -> Msg:
    """What an OS error while writing path means for the user, and how to fix it."""
    code = exc.errno
    folder = path.parent
    keep_zh, keep_en = _unchanged(path) if code != errno.ENAMETOOLONG else ("", "")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return bi(
            "无法写入 {path}：磁盘空间不足（或超出磁盘配额）。请清理磁盘空间，或保存到其他磁盘。{keep}",
            "Cannot write {path}: the disk is full (or the disk quota is used up). Free some "
            "space or save to another disk.{keep_en}",
            path=path,
            keep=keep_zh,
            keep_en=keep_en,
        )
    if code == errno.EFBIG:
        return bi(
            "无法写入 {path}：文件超过了允许的大小上限（文件系统或系统设置的限制，如 ulimit -f）。"
            "请保存到其他磁盘，或请管理员放宽限制。{keep}",
            "Cannot write {path}: the file is larger than allowed (a limit of the file system or "
            "of the system, such as ulimit -f). Save to another disk or ask the administrator to "
            "raise the limit.{keep_en}",
            path=path,
            keep=keep_zh,
            keep_en=keep_en,
        )
    if code == errno.ENAMETOOLONG:
        return bi(
            "无法写入 {path}：文件名或路径太长，超过了文件系统的上限。请改用较短的文件名或文件夹。",
            "Cannot write {path}: the file name or path is longer than the file system allows. "
            "Use a shorter file or folder name.",
            path=path,
        )
    if code == errno.ENOENT:
        return bi(
            "无法写入 {path}：文件夹 {folder} 不存在。请先创建该文件夹或另选保存位置。",
            "Cannot write {path}: the folder {folder} does not exist. Create the folder first "
            "or choose another location.",
            path=path,
            folder=folder,
        )
    if code == errno.ENOTDIR:
        return bi(
            "无法写入 {path}：路径中的 {folder} 不是文件夹。请另选保存位置。",
            "Cannot write {path}: {folder} in the path is not a folder. Choose another location.",
            path=path,
            folder=folder,
        )
    if code == errno.EISDIR:
        return _folder_message(path)
    if code == errno.EROFS:
        return bi(
            "无法写入 {path}：文件夹 {folder} 所在的磁盘是只读的。请另选保存位置。{keep}",
            "Cannot write {path}: the disk holding {folder} is read-only. Choose another "
            "location.{keep_en}",
            path=path,
            folder=folder,
            keep=keep_zh,
            keep_en=keep_en,
        )
    if code in (errno.EACCES, errno.EPERM, errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return bi(
            "无法写入 {path}：文件可能正在被 Excel/WPS 打开，或没有写入权限。"
            "请关闭该文件后重试，或另存为其他文件名。{keep}",
            "Cannot write {path}: the file may be open in Excel or WPS, or you may not have "
            "permission to write it. Close the file and try again, or save under another "
            "name.{keep_en}",
            path=path,
            keep=keep_zh,
            keep_en=keep_en,
        )
    return bi(
        "无法写入 {path}：{err}。请另选保存位置后重试。{keep}",
        "Cannot write {path}: {err}. Choose another location and try again.{keep_en}",
        path=path,
        err=exc.strerror or exc,
        keep=keep_zh,
        keep_en=keep_en,
    )


def _folder_message(path: Path) -> Msg:
    return bi(
        "无法写入 {path}：该位置是一个文件夹，不是文件。请另选文件名。",
        "Cannot write {path}: that is a folder, not a file. Choose another file name.",
        path=path,
    )


def _folder_permission_message(path: Path) -> Msg:
    keep_zh, keep_en = _unchanged(path)
    return bi(
        "无法写入 {path}：没有在文件夹 {folder} 中写入的权限。请另选保存位置。{keep}",
        "Cannot write {path}: no permission to write in the folder {folder}. Choose another "
        "location.{keep_en}",
        path=path,
        folder=path.parent,
        keep=keep_zh,
        keep_en=keep_en,
    )


def _not_regular_message(path: Path, mode: int) -> Msg:
    if stat.S_ISDIR(mode):
        return _folder_message(path)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what_zh, what_en = "设备", "a device"
    elif stat.S_ISFIFO(mode):
        what_zh, what_en = "命名管道（FIFO）", "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what_zh, what_en = "套接字", "a socket"
    else:
        what_zh, what_en = "特殊文件", "a special file"
    return bi(
        "无法写入 {path}：该位置是一个{what}，不是普通文件，云策不会写入或替换它。请另选文件名"
        "（要输出到屏幕请用 -）。",
        "Cannot write {path}: it is {what_en}, not a regular file, and Yunce does not write to "
        "or replace it. Choose another file name (use - for the screen).",
        path=path,
        what=what_zh,
        what_en=what_en,
    )


# --- checking a target ----------------------------------------------------------------------------
def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


def check_target(path: str | Path, replace_read_only: bool | None = None) -> Path:
    """The real file a write to path would replace (symbolic links followed).

    Raises WriteError when path cannot or must not be written — not a regular file, an input
    of this run, a missing or unwritable folder, a name too long — and ReadOnlyTarget when it
    is a read-only file not allowed to be replaced. Nothing is written.
    """
    if str(path) in ("", "-"):
        raise WriteError(
            Msg(
                "没有给出文件名（- 只能用于输出到屏幕的 JSON）。请给出要写入的文件名。",
                "No file name was given (- is only for JSON to the screen). Give the name of the "
                "file to write.",
            )
        )
    shown = Path(path)
    try:
        real = Path(os.path.realpath(os.path.abspath(path)))
    except (OSError, ValueError) as exc:
        raise WriteError(
            os_error_message(exc if isinstance(exc, OSError) else OSError(str(exc)), shown)
        ) from None
    folder = real.parent
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteError(os_error_message(exc, shown)) from None
    except ValueError:  # a NUL character in the name
        raise WriteError(
            bi(
                "无法写入 {path}：文件名中含有不允许的字符。请另选文件名。",
                "Cannot write {path}: the file name holds a character that is not allowed. "
                "Choose another file name.",
                path=shown,
            )
        ) from None
    if st is None:
        try:
            fst = os.stat(folder)
        except OSError as exc:
            raise WriteError(os_error_message(exc, shown)) from None
        if not stat.S_ISDIR(fst.st_mode):
            raise WriteError(os_error_message(OSError(errno.ENOTDIR, "not a folder"), shown))
        if len(os.fsencode(real.name)) > _name_max(folder):
            raise WriteError(os_error_message(OSError(errno.ENAMETOOLONG, "too long"), shown))
        if not os.access(folder, os.W_OK | os.X_OK):
            raise WriteError(_folder_permission_message(shown))
        return real
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(_not_regular_message(shown, st.st_mode))
    if _is_protected(real):
        raise WriteError(
            bi(
                "无法写入 {path}：它是本次读取的输入文件，写入会覆盖它。请另选输出文件名。",
                "Cannot write {path}: it is an input read in this run, and writing would "
                "overwrite it. Choose another output file name.",
                path=shown,
            )
        )
    read_only = not (st.st_mode & 0o222) or not os.access(real, os.W_OK)
    if read_only:
        with _LOCK:
            allowed = _replace_read_only or str(real) in _allowed_once
        if not (replace_read_only or (replace_read_only is None and allowed)):
            raise ReadOnlyTarget(
                bi(
                    "{path} 是只读文件，云策没有替换它。要替换，请在命令后加 --force"
                    "（或在云策中确认替换），或另存为其他文件名。",
                    "{path} is a read-only file; Yunce did not replace it. To replace it add "
                    "--force to the command (or confirm in Yunce), or save under another name.",
                    path=shown,
                ),
                shown,
            )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(_folder_permission_message(shown))
    return real


# --- writing ----------------------------------------------------------------------------------------
def ignore_file_size_signal() -> None:
    """Past a file-size limit (RLIMIT_FSIZE) a write then fails with EFBIG instead of the
    process being killed by SIGXFSZ. Call from the main thread (the CLI and the app do)."""
    sig = getattr(signal, "SIGXFSZ", None)
    if sig is None or threading.current_thread() is not threading.main_thread():
        return
    with contextlib.suppress(ValueError, OSError):
        signal.signal(sig, signal.SIG_IGN)


def _umask() -> int:
    with _LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # not checked: a leftover is swept only on POSIX
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def temp_prefix(real: Path) -> str:
    """The start of the name of every temporary file (or folder) a write of real makes."""
    return f".{real.name[:_TEMP_NAME_CHARS]}{TEMP_MARK}."


def _sweep_leftovers(real: Path) -> None:
    """Remove temporary files of this target left by writers that were killed (their process
    is gone), so an interrupted save leaves nothing behind once the next save runs."""
    prefix = temp_prefix(real)
    with contextlib.suppress(OSError):
        for entry in os.scandir(real.parent):
            if not entry.name.startswith(prefix) or entry.is_symlink():
                continue
            pid_text = entry.name[len(prefix) :].split(".", 1)[0]
            if (
                pid_text.isdigit()
                and int(pid_text) != os.getpid()
                and not _pid_alive(int(pid_text))
            ):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


class _Swallow:
    """Collects 'Exception ignored' reports while a failed write's objects are finalised."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def __call__(self, unraisable: Any) -> None:
        self.seen.append(unraisable.exc_type)


_FINALISE_LOCK = threading.Lock()


def _finalise(exc: BaseException) -> None:
    """Let go of what a failed producer left open, with 'Exception ignored' reports swallowed:
    a ZipFile that openpyxl never closed would otherwise print a traceback when collected."""
    with _FINALISE_LOCK:
        previous = sys.unraisablehook
        sys.unraisablehook = _Swallow()
        try:
            seen: set[int] = set()
            e: BaseException | None = exc
            while e is not None and id(e) not in seen:
                seen.add(id(e))
                if e.__traceback__ is not None:
                    traceback.clear_frames(e.__traceback__)
                e = e.__context__ or e.__cause__
            gc.collect()
        finally:
            sys.unraisablehook = previous


def _discard(tmp: str) -> None:
    if tmp:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_file(
    path: str | Path,
    produce: Callable[[IO[bytes]], Any] | Callable[[str], Any],
    *,
    takes_path: bool = False,
    replace_read_only: bool | None = None,
    durable: bool = True,
) -> Path:
    """Write a file safely (see the module docstring); returns the path written (as given).

    produce(fh) writes the bytes to an open binary file; with takes_path=True,
    produce(temp_path) writes a file at that path itself. replace_read_only: True/False
    overrides the run's rule (write_policy, allow_replace). Raises WriteError (ReadOnlyTarget
    for a read-only file); any other exception of produce is re-raised, the old file intact.
    """
    shown = Path(path)
    real = check_target(path, replace_read_only)
    ignore_file_size_signal()
    _sweep_leftovers(real)
    try:
        old_mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        old_mode = None
    tmp = ""
    try:
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f"{temp_prefix(real)}{os.getpid()}.", suffix=".tmp", dir=real.parent
            )
        except PermissionError:
            raise WriteError(_folder_permission_message(shown)) from None
        except OSError as exc:
            raise WriteError(os_error_message(exc, shown)) from None
        if takes_path:
            os.close(fd)
            produce(tmp)  # type: ignore[arg-type]
            if durable:
                _fsync_path(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                produce(fh)  # type: ignore[arg-type]
                fh.flush()
                if durable:
                    os.fsync(fh.fileno())
        # the permissions a plain open() would give (0o666 & ~umask), not mkstemp's 0600
        os.chmod(tmp, 0o666 & ~_umask())
        if old_mode is not None and not old_mode & 0o200 and os.name == "nt":
            os.chmod(real, old_mode | stat.S_IWRITE)  # Windows refuses to replace a read-only file
        os.replace(tmp, real)
        tmp = ""
        if durable:
            _fsync_folder(real.parent)
    except WriteError:
        _discard(tmp)
        raise
    except OSError as exc:
        _finalise(exc)
        _discard(tmp)
        raise WriteError(os_error_message(exc, shown)) from None
    except BaseException as exc:
        _finalise(exc)
        _discard(tmp)
        wrapped = _wrapped_os_error(exc)
        if wrapped is not None:  # e.g. XlsxWriter's FileCreateError(OSError) at close()
            raise WriteError(os_error_message(wrapped, shown)) from None
        raise
    finally:
        with _LOCK:
            _allowed_once.discard(str(real))
    return shown


def _wrapped_os_error(exc: BaseException) -> OSError | None:
    """The OSError a library wrapped in its own exception (as its argument, cause or context);
    None for anything else (a bug stays a bug and is not reported as a disk problem)."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
        return None
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno is not None:
            return e
        inner = next((a for a in e.args if isinstance(a, OSError)), None)
        if inner is not None and inner.errno is not None:
            return inner
        e = e.__cause__ or e.__context__
    return None


def write_text(
    path: str | Path, text: str, *, replace_read_only: bool | None = None, durable: bool = True
) -> Path:
    """Write UTF-8 text through :func:`write_file`."""
    data = text.encode("utf-8")
    return write_file(
        path, lambda fh: fh.write(data), replace_read_only=replace_read_only, durable=durable
    )


#: A log grows to this size, then is renamed to NAME.1 (one older generation kept).
LOG_ROTATE_BYTES = 5 * 1024 * 1024


def append_text(path: str | Path, text: str) -> Path:
    """Append UTF-8 text to a log file: a regular file only (never a FIFO, which would hang, or
    a device), never an input of the run; rotated at LOG_ROTATE_BYTES. Raises WriteError."""
    shown = Path(path)
    real = check_target(path, replace_read_only=False)
    ignore_file_size_signal()
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        with contextlib.suppress(FileNotFoundError):
            if os.stat(real).st_size > LOG_ROTATE_BYTES:
                os.replace(real, real.with_name(real.name + ".1"))
        fd = os.open(real, flags, 0o666)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped in after the check
                raise WriteError(_not_regular_message(shown, os.fstat(fd).st_mode))
            data = text.encode("utf-8")
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteError(os_error_message(exc, shown)) from None
    return shown
