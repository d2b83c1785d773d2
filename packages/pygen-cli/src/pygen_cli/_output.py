"""Where the command's words go: results on stdout; progress, warnings and errors on stderr.

Progress bars appear only when stderr is a terminal (never in CI logs or pipes). Every line printed passes through
``redact``, so a secret in play (client secret, token) is never shown, even inside an error from another library.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from ._errors import PygenCLIError

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["Output"]

_REDACTED = "***"
_MIN_SECRET_LENGTH = 4


class Output:
    """The consoles of one command run, honouring ``--verbose`` and ``--quiet``."""

    def __init__(self, *, verbose: bool = False, quiet: bool = False) -> None:
        self.verbose = verbose
        self.quiet = quiet and not verbose
        self._secrets: set[str] = set()
        self.stdout = Console(soft_wrap=True, highlight=False)
        self.stderr = Console(stderr=True, soft_wrap=True, highlight=False)
        self._route_runtime_logs()

    def _route_runtime_logs(self) -> None:
        """The runtime logs retries as warnings and requests as debug lines (Authorization redacted): show the
        retries as warnings, the requests under ``--verbose``, nothing under ``--quiet``."""
        logger = logging.getLogger("pygen_runtime")
        for handler in [h for h in logger.handlers if isinstance(h, _OutputHandler)]:
            logger.removeHandler(handler)
        logger.addHandler(_OutputHandler(self))
        logger.setLevel(logging.DEBUG if self.verbose else logging.WARNING)
        logger.propagate = False

    def add_secrets(self, values: list[str]) -> None:
        # Values shorter than 4 characters are not real secrets (test tokens such as "x"); hiding them would
        # mangle every word that contains them.
        self._secrets.update(value for value in values if len(value) >= _MIN_SECRET_LENGTH)

    def redact(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, _REDACTED)
        return text

    def result(self, text: str = "") -> None:
        """A result line on stdout (also under ``--quiet``: it is what was asked for)."""
        self.stdout.print(self.redact(text), markup=False)

    def info(self, text: str) -> None:
        if not self.quiet:
            self.stderr.print(self.redact(text), markup=False)

    def detail(self, text: str) -> None:
        if self.verbose:
            self.stderr.print(self.redact(text), markup=False, style="dim")

    def warning(self, text: str) -> None:
        if not self.quiet:
            self.stderr.print(self.redact(f"warning: {text}"), markup=False, style="yellow")

    def error(self, text: str) -> None:
        self.stderr.print(self.redact(f"error: {text}"), markup=False, style="bold red")

    @property
    def interactive(self) -> bool:
        return self.stderr.is_terminal and not self.quiet

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        """A spinner on stderr while a step runs (terminal only); a plain line under ``--verbose`` otherwise."""
        if self.interactive:
            with self.stderr.status(self.redact(text)):
                yield
        else:
            self.detail(text)
            yield

    @contextmanager
    def progress(self, text: str, total: int) -> Iterator[_Advance]:
        """A progress bar on stderr (terminal only); ``advance()`` after each unit of work."""
        if not self.interactive:
            self.detail(text)
            yield _Advance(None, None)
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.stderr,
            transient=True,
        ) as progress:
            yield _Advance(progress, progress.add_task(self.redact(text), total=total))

    @contextmanager
    def handle_errors(self) -> Iterator[None]:
        """Known failures become one ``error:`` line and their exit code; the traceback only under ``--verbose``."""
        try:
            yield
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            self.error("interrupted")
            raise typer.Exit(130) from None
        except PygenCLIError as error:
            self._fail(error, str(error), error.exit_code)
        except Exception as error:
            # Errors of pygen's libraries (PygenError) say what is wrong and where; anything else is a bug.
            from pygen_runtime import PygenError

            if isinstance(error, PygenError):
                self._fail(error, str(error), 1)
            self._fail(
                error,
                f"unexpected {type(error).__name__}: {error} (this is a bug in pygen; "
                "please report it with the output of --verbose)",
                1,
            )

    def _fail(self, error: BaseException, message: str, code: int) -> None:
        if self.verbose:
            trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            self.stderr.print(self.redact(trace), markup=False, style="dim")
        self.error(message)
        sys.stderr.flush()
        raise typer.Exit(code) from None


class _OutputHandler(logging.Handler):
    def __init__(self, output: Output) -> None:
        super().__init__()
        self._output = output

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            self._output.warning(message)
        else:
            self._output.detail(message)


class _Advance:
    def __init__(self, progress: Progress | None, task: object) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, steps: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, steps)  # type: ignore[arg-type]
