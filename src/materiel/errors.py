"""Every error materiel raises on purpose: one root, each error carrying its whole message.

The command line turns them into messages and exit codes in one place (cli/guard.py); a
notebook catches `MaterielError`. Anything else that escapes is a bug of materiel.
"""

from __future__ import annotations


class MaterielError(Exception):
    """The root of materiel's errors: the input, a name or the environment is not as needed."""

    exit_code = 1

    @property
    def message(self) -> str:
        """The error in one line, as the command line prints it after `materiel: `."""
        return str(self)


class ProblemsFound(MaterielError, ValueError):
    """A dataset cannot be used as it is; carries every problem, sorted, with its position."""

    def __init__(self, problems: list, files: int = 0, preface: str = ""):  # of format.problems.Problem
        self.problems = sorted(problems)
        self.files = files
        self.preface = preface  # what the problems stopped (`nothing was written to ...`), if anything
        super().__init__(f"{len(self.problems)} problem(s)")


class UsageError(MaterielError, ValueError):
    """A value given to materiel (an option, a keyword argument) names nothing it knows.

    `option` is the command-line option the value came from, where there is one.
    """

    exit_code = 2

    def __init__(self, message: str, option: str | None = None):
        self.option = option
        super().__init__(message)


class FilterError(UsageError):
    """A filter names an event, source or equipment node the dataset does not have."""


class SettingError(MaterielError, ValueError):
    """An environment variable of materiel's (MATERIEL_DATA, MATERIEL_MAX_FILE_MB) holds a value it
    cannot use; the message names the variable.

    Exit 2, as a usage error: what is wrong is how materiel was called, not the data.
    """

    exit_code = 2


class OutputError(MaterielError, OSError):
    """The output could not be written; the old file, if any, is untouched."""


class CannotAdd(MaterielError, ValueError):
    """A record cannot be added to a file without rewriting what is there; nothing was written."""


class ImportFailed(MaterielError, ValueError):
    """The input of an import cannot be imported as it is, or its output cannot be written."""


class CrosswalkError(MaterielError, ValueError):
    """The crosswalk between two vocabularies cannot be derived from its input."""
