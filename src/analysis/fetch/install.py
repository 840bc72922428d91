"""Putting a checked download in place: an archive's data members extracted into a new folder swapped in whole
(bytes counted as they are written), and the tidy-up of what an interrupted fetch left."""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from analysis import paths
from analysis.errors import (
    Location,
    NotBLSDataError,
    UnsafeArchiveError,
)
from analysis.fetch.checks import check_member_content, safe_member_path
from analysis.fetch.http import discard
from analysis.fetch.options import Target
from analysis.sources import archives
from analysis.sources.archives import ArchiveLimits


# ----------------------------------------------------------------------------------------------- install
def _strip_prefix(names: Sequence[str], stem: str) -> int:
    """How many leading folders to drop: BLS's own ``oesm23nat/`` folder when every member is inside it."""
    parts = [PurePosixPath(n.replace("\\", "/")).parts for n in names]
    if parts and all(len(p) > 1 and p[0].lower() == stem.lower() for p in parts):
        return 1
    return 0


def install_archive(part: Path, target: Target, members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> list[dict]:
    """Extract the data members of a checked archive into ``data/raw/bls/<stem>/`` (a new folder swapped in
    whole). The bytes written are counted: a member that expands beyond its declared size is a zip bomb."""
    root = paths.downloads_dir()
    stem = target.key
    final = root / stem
    staging = root / f".{stem}.new"
    retired = root / f".{stem}.old"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    drop = _strip_prefix([m.filename for m in members], stem)
    installed: list[dict] = []
    guard = archives.ArchiveGuard(target.name, limits)
    try:
        with zipfile.ZipFile(part) as archive:
            guard.admit(target.name, members)
            for info in members:
                relative = PurePosixPath(*safe_member_path(info.filename, archive=target.name).parts[drop:])
                destination = staging / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                if not destination.resolve().is_relative_to(staging.resolve()):
                    raise UnsafeArchiveError(
                        "an archive member whose path escapes its folder (zip-slip)",
                        location=Location(file=target.name),
                        found=info.filename,
                    )
                digest = hashlib.sha256()
                with destination.open("wb") as sink:
                    written = guard.extract(archive, info, sink, label=target.name, on_chunk=digest.update)
                    sink.flush()
                    os.fsync(sink.fileno())
                with destination.open("rb") as handle:
                    head = handle.read(4096)
                check_member_content(head, name=info.filename, archive=target.name)
                installed.append(
                    {
                        "path": f"{stem}/{relative.as_posix()}",
                        "member": info.filename,
                        "size": written,
                        "sha256": digest.hexdigest(),
                    }
                )
    except zipfile.BadZipFile as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NotBLSDataError(
            f"a damaged ZIP archive ({exc})", location=Location(file=target.name), expected="a complete ZIP archive"
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, final, retired)
    return installed


def _swap_in(staging: Path, final: Path, retired: Path) -> None:
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
    shutil.rmtree(retired, ignore_errors=True)


def recover_interrupted() -> None:
    """Tidy what an interrupted fetch left: staging folders are dropped; a retired folder whose replacement
    never arrived is put back."""
    root = paths.downloads_dir()
    if not root.is_dir():
        return
    for path in root.iterdir():
        name = path.name
        if name.startswith(".") and name.endswith(".new") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith(".") and name.endswith(".old") and path.is_dir():
            final = root / name[1 : -len(".old")]
            if final.exists():
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.replace(path, final)
        elif name.startswith(".") and ".tmp-" in name and path.is_file():
            discard(path)
