"""Where the data is: the files named (folders expanded), or the default when none are."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..errors import SettingError
from ..format.problems import Problem
from ..format.text import shortened

DEFAULT_DATA = Path("data") / "claims.yaml"
ENV_VAR = "MATERIEL_DATA"


def packaged_dataset() -> Path:
    """The Palmyra dataset shipped inside the package."""
    return Path(str(resources.files("materiel").joinpath("data", "claims.yaml")))


def default_paths(cwd: Path | None = None) -> list[Path]:
    """Where the data is when no `--data` is given: MATERIEL_DATA, ./data/claims.yaml, the package.

    MATERIEL_DATA set to the empty string counts as unset; set to anything else, every part of
    it must name a file or folder (a stray `:` would otherwise read nothing and report `OK`).
    """
    env = os.environ.get(ENV_VAR, "")
    if env:
        parts = env.split(os.pathsep)
        if not any(p.strip() for p in parts):
            raise SettingError(f"{ENV_VAR} is set to {shortened(env)!r}, which names no file or folder; "
                               f"name them (separated by `{os.pathsep}`), or unset it")
        if not all(p.strip() for p in parts):
            raise SettingError(f"{ENV_VAR} is set to {shortened(env)!r}, which has an empty part; "
                               f"separate its files and folders by one `{os.pathsep}` each")
        return [Path(p) for p in parts]
    local = (cwd or Path.cwd()) / DEFAULT_DATA
    return [DEFAULT_DATA if cwd is None else local] if local.is_file() else [packaged_dataset()]


def _missing(path: Path) -> str:
    """Why a path names no file: there is none, or its symbolic links go round in a loop."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a loop of symbolic links: it names no file"
        if err.errno not in (errno.ENOENT, errno.ENOTDIR):
            return f"cannot read it: {err.strerror}"
    return "no such file or folder"


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[Problem]]:
    """Files named, and every `*.yaml`/`*.yml` of folders named (sorted); each file once."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                problems.append(Problem(str(path), 1, 1, "no-data", "",
                                        "the folder holds no .yaml or .yml file"))
        elif path.exists():
            found = [path]
        else:
            problems.append(Problem(str(path), 1, 1, "no-data", "", _missing(path)))
            found = []
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems
