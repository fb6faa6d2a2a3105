#!/usr/bin/env python3
"""Download, start and stop a real Neo4j Community 5.26 LTS server for tests and CI.

Only package registries are reachable from the machines this project runs on, so
Maven (``mvn``) is the download client and Maven Central the source:

1. First choice: the server distribution
   ``org.neo4j.assembly:neo4j-community-standalone:<version>:tar.gz:unix``.
   Neo4j stopped attaching that tarball to Central with 5.x (the assembly is built
   with ``<attach>false</attach>``), so this normally fails fast.
2. Fallback: the *same* distribution assembled from Central. The standalone
   assembly's pom (``...:neo4j-community-standalone:<version>:pom``) lists exactly
   the jars of the tarball's ``lib/`` directory as runtime dependencies, so
   ``mvn dependency:copy-dependencies`` of that pom recreates ``lib/``; a default
   ``conf/neo4j.conf`` (the tarball's JVM flags) and empty ``plugins/`` are written
   next to it. The server then runs with the tarball's own entry points
   (``org.neo4j.server.CommunityEntryPoint`` and ``org.neo4j.cli.AdminTool``), i.e.
   what ``bin/neo4j console`` and ``bin/neo4j-admin`` execute, without the scripts.

The installation is cached under ``$ECOSYSTEM_NEO4J_HOME`` (or
``~/.cache/ecosystem/neo4j/``); a second run downloads nothing and needs no Maven.

Python API::

    home = download()                       # cached Neo4j home directory
    with Neo4jServer() as server:           # free loopback port, throw-away data
        driver = neo4j.GraphDatabase.driver(server.uri,
                                            auth=(server.user, server.password))
        ...
        server.stop(keep_data=True)         # e.g. in the middle of a load
        server.start()                      # same port, same data
    # leaving the block stops the server and deletes its directories

Command line::

    python scripts/neo4j_server.py download   # fetch + cache, print the home path
    python scripts/neo4j_server.py run        # start, print export lines, run until
                                              # Ctrl-C / SIGTERM, then stop cleanly
    python scripts/neo4j_server.py versions   # 5.26.x versions listed on Central

Environment: ``ECOSYSTEM_NEO4J_HOME`` (cache root), ``ECOSYSTEM_NEO4J_VERSION``
(override the pinned version), ``JAVA_HOME`` (which ``java`` runs the server).

Only the standard library is used, plus the official ``neo4j`` Python driver for
the readiness check in :meth:`Neo4jServer.start`.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = [
    "DEFAULT_VERSION",
    "Neo4jServer",
    "Neo4jServerError",
    "available_versions",
    "cache_root",
    "download",
    "main",
]

#: Newest 5.26.x (LTS) that Maven Central serves, pinned for reproducible CI runs.
#: Override with ``$ECOSYSTEM_NEO4J_VERSION``; list candidates with ``versions``.
DEFAULT_VERSION = "5.26.30"
VERSION_SERIES = "5.26"

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
HELP_PLUGIN = "org.apache.maven.plugins:maven-help-plugin:3.4.0"
ASSEMBLY_GROUP = "org.neo4j.assembly"
ASSEMBLY_ARTIFACT = "neo4j-community-standalone"
SERVER_MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_MAIN_CLASS = "org.neo4j.cli.AdminTool"
MARKER_FILE = "ECOSYSTEM_NEO4J.json"
MIN_JAVA = 17

#: JVM flags of the 5.26 tarball's ``conf/neo4j.conf`` (``server.jvm.additional``)
#: minus ``-XX:+AlwaysPreTouch``, which would commit the whole heap up front (slow
#: start, large RSS on a small shared machine), plus ``-XX:+ExitOnOutOfMemoryError``.
DEFAULT_JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-XX:+ExitOnOutOfMemoryError",
)

#: Jars the tarball keeps outside ``lib/`` (opt-in products), moved to ``products/``.
_PRODUCT_JAR_PREFIXES = ("neo4j-genai-plugin-",)


class Neo4jServerError(RuntimeError):
    """Raised when Neo4j cannot be downloaded, started or stopped."""


# --------------------------------------------------------------------------- tools


def _java_executable(java: str | None = None) -> str:
    """Return the ``java`` to run Neo4j with (checked to be Java >= 17)."""
    candidate = java
    if candidate is None and os.environ.get("JAVA_HOME"):
        jh = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        if jh.is_file():
            candidate = str(jh)
    if candidate is None:
        candidate = shutil.which("java")
    if candidate is None:
        raise Neo4jServerError(
            "java not found: Neo4j 5.26 needs a Java 17 or 21 runtime "
            "(e.g. Debian's openjdk-17-jre-headless), or set JAVA_HOME"
        )
    try:
        out = subprocess.run(
            [candidate, "-version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError as exc:
        raise Neo4jServerError(f"cannot run {candidate}: {exc}") from exc
    text = out.stderr + out.stdout
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if match is None:
        raise Neo4jServerError(
            f"cannot tell the Java version of {candidate}: {text.strip()!r}"
        )
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0_x" style
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise Neo4jServerError(
            f"{candidate} is Java {major}; Neo4j {VERSION_SERIES} needs Java 17 or 21"
        )
    return candidate


def _mvn_executable() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError(
            "mvn not found: Maven is the download client for Neo4j "
            "(install the Debian package 'maven'), or pre-populate the cache "
            "directory ($ECOSYSTEM_NEO4J_HOME or ~/.cache/ecosystem/neo4j)"
        )
    return mvn


def _run_mvn(
    args: list[str], cwd: Path, timeout: float = 1800.0
) -> subprocess.CompletedProcess[str]:
    """Run ``mvn -B -q ARGS`` in ``cwd``; never raises on a non-zero exit."""
    cmd = [_mvn_executable(), "-B", "-q", "-Dstyle.color=never", *args]
    try:
        return subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise Neo4jServerError(
            f"mvn timed out after {timeout:.0f}s: {' '.join(cmd)}"
        ) from exc


def _tail_text(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _mvn_error(result: subprocess.CompletedProcess[str]) -> str:
    """The essential message of a failed ``mvn`` run (first ``[ERROR]`` line)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    for line in text.splitlines():
        if line.startswith("[ERROR]") and line[7:].strip():
            message = line[7:].strip()
            message = re.sub(
                r"^Failed to execute goal .*? on project [^:]+: ", "", message
            )
            return re.sub(r"\s*-> \[Help \d+\]$", "", message)
    return _tail_text(text, 12) or f"mvn exited with code {result.returncode}"


# -------------------------------------------------------------------------- cache


def cache_root() -> Path:
    """Directory holding cached Neo4j homes: ``$ECOSYSTEM_NEO4J_HOME`` or
    ``~/.cache/ecosystem/neo4j``."""
    env = os.environ.get("ECOSYSTEM_NEO4J_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / ".cache" / "ecosystem" / "neo4j"


def _wanted_version(version: str | None) -> str:
    return version or os.environ.get("ECOSYSTEM_NEO4J_VERSION") or DEFAULT_VERSION


def _is_complete_home(path: Path) -> bool:
    return (path / MARKER_FILE).is_file() and (path / "lib").is_dir()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Exclusive inter-process lock (so parallel test workers download once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _log(msg: str) -> None:
    print(f"[neo4j_server] {msg}", file=sys.stderr, flush=True)


def download(cache_dir: Path | str | None = None, version: str | None = None) -> Path:
    """Fetch Neo4j Community (default :data:`DEFAULT_VERSION`) and return its home.

    The home is ``<cache_dir>/neo4j-community-<version>`` (``cache_dir`` defaults
    to :func:`cache_root`). When it is already complete nothing is downloaded and
    neither Maven nor the network is used. Otherwise Maven fetches the tarball, or
    falls back to assembling the distribution from the standalone pom's
    dependencies (see the module docstring). The home is built in a temporary
    directory beside its final place and renamed into place when complete, under
    a file lock, so an interrupted or concurrent run never leaves a half-made home.
    """
    version = _wanted_version(version)
    root = Path(cache_dir).expanduser().resolve() if cache_dir else cache_root()
    home = root / f"neo4j-community-{version}"
    if _is_complete_home(home):
        return home
    root.mkdir(parents=True, exist_ok=True)
    with _file_lock(root / ".download.lock"):
        if _is_complete_home(home):  # another process finished it meanwhile
            return home
        if home.exists():  # leftover without marker: not ours to trust
            shutil.rmtree(home)
        for stale in root.glob(".tmp-*"):  # from a killed download (we hold the lock)
            shutil.rmtree(stale, ignore_errors=True)
        _mvn_executable()  # fail early with a clear message
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix=".tmp-", dir=root) as tmp_name:
            tmp = Path(tmp_name)
            try:
                built, meta = _download_tarball(version, tmp)
            except Neo4jServerError as tar_err:
                _log(
                    f"no tarball ({tar_err}); assembling it from its Maven dependencies"
                )
                try:
                    built, meta = _assemble_from_maven(version, tmp)
                except Neo4jServerError as asm_err:
                    raise Neo4jServerError(
                        f"could not download Neo4j {version} from Maven Central.\n"
                        f"tarball: {tar_err}\nassembly: {asm_err}"
                    ) from asm_err
            meta.update(
                version=version,
                installed_bytes=_dir_size(built),
                download_seconds=round(time.monotonic() - started, 1),
                created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            )
            (built / MARKER_FILE).write_text(json.dumps(meta, indent=2) + "\n")
            os.rename(built, home)
        _log(
            f"Neo4j {version} installed in {home} ({meta['source']}, "
            f"{meta['installed_bytes'] / 1e6:.0f} MB, {meta['download_seconds']}s)"
        )
    return home


def _download_tarball(version: str, tmp: Path) -> tuple[Path, dict[str, Any]]:
    """Fetch and unpack the ``tar.gz:unix`` distribution into ``tmp``."""
    coords = f"{ASSEMBLY_GROUP}:{ASSEMBLY_ARTIFACT}:{version}:tar.gz:unix"
    dl = tmp / "tarball"
    dl.mkdir()
    result = _run_mvn(
        [
            f"{DEPENDENCY_PLUGIN}:copy",
            f"-Dartifact={coords}",
            f"-DoutputDirectory={dl}",
        ],
        cwd=tmp,
    )
    archives = list(dl.glob("*.tar.gz"))
    if result.returncode != 0 or not archives:
        raise Neo4jServerError(f"{coords}: {_mvn_error(result)}")
    archive = archives[0]
    size = archive.stat().st_size
    extract = tmp / "extract"
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(extract, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise Neo4jServerError(f"cannot unpack {archive.name}: {exc}") from exc
    tops = [p for p in extract.iterdir() if p.is_dir()]
    if len(tops) != 1 or not (tops[0] / "lib").is_dir():
        raise Neo4jServerError(
            f"{archive.name}: unexpected layout {sorted(p.name for p in tops)}"
        )
    archive.unlink()
    return tops[0], {"source": "tarball", "coordinates": coords, "download_bytes": size}


_ASSEMBLY_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ecosystem.tools</groupId>
  <artifactId>neo4j-community-lib</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>
      <type>pom</type>
    </dependency>
  </dependencies>
</project>
"""


def _assemble_from_maven(version: str, tmp: Path) -> tuple[Path, dict[str, Any]]:
    """Recreate the distribution's ``lib/`` from the standalone assembly pom."""
    coords = f"{ASSEMBLY_GROUP}:{ASSEMBLY_ARTIFACT}:{version}:pom"
    project = tmp / "project"
    project.mkdir()
    (project / "pom.xml").write_text(
        _ASSEMBLY_POM.format(
            group=ASSEMBLY_GROUP, artifact=ASSEMBLY_ARTIFACT, version=version
        )
    )
    home = tmp / f"neo4j-community-{version}"
    lib = home / "lib"
    result = _run_mvn(
        [
            f"{DEPENDENCY_PLUGIN}:copy-dependencies",
            "-DincludeScope=runtime",
            "-DexcludeTypes=pom",
            f"-DoutputDirectory={lib}",
        ],
        cwd=project,
    )
    jars = sorted(lib.glob("*.jar")) if lib.is_dir() else []
    if result.returncode != 0 or not jars:
        raise Neo4jServerError(f"{coords}: {_mvn_error(result)}")
    if not list(lib.glob("neo4j-server-*.jar")) or not list(
        lib.glob("neo4j-bolt-*.jar")
    ):
        raise Neo4jServerError(f"{coords}: resolved jars lack neo4j-server/neo4j-bolt")
    download_bytes = sum(j.stat().st_size for j in jars)
    products = home / "products"
    products.mkdir()
    for jar in jars:
        if jar.name.startswith(_PRODUCT_JAR_PREFIXES):
            jar.rename(products / jar.name)
    for sub in ("plugins", "import", "conf"):
        (home / sub).mkdir(exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(
        "# Generated by scripts/neo4j_server.py: Neo4j Community "
        f"{version} assembled from Maven Central ({coords}).\n"
        "# JVM flags as in the distribution's neo4j.conf (without AlwaysPreTouch).\n"
        + "".join(f"server.jvm.additional={flag}\n" for flag in DEFAULT_JVM_FLAGS)
    )
    return home, {
        "source": "maven-assembled",
        "coordinates": coords,
        "download_bytes": download_bytes,
        "jars": len(jars),
    }


def available_versions(series: str = VERSION_SERIES) -> list[str]:
    """Versions ``series.*`` of the standalone assembly listed in Central's metadata.

    Uses Maven only (``dependency:get`` with ``LATEST`` refreshes the artifact's
    ``maven-metadata-*.xml`` in the local repository, which is then read).
    """
    with tempfile.TemporaryDirectory(prefix="neo4j-versions-") as tmp:
        repo_result = _run_mvn(
            [
                f"{HELP_PLUGIN}:evaluate",
                "-Dexpression=settings.localRepository",
                "-DforceStdout",
            ],
            cwd=Path(tmp),
        )
        printed = re.sub(r"\x1b\[[0-9;]*m", "", repo_result.stdout).strip()
        local_repo = Path(printed) if printed else Path.home() / ".m2" / "repository"
        _run_mvn(
            [
                "-U",
                f"{DEPENDENCY_PLUGIN}:get",
                f"-Dartifact={ASSEMBLY_GROUP}:{ASSEMBLY_ARTIFACT}:LATEST:pom",
                "-Dtransitive=false",
            ],
            cwd=Path(tmp),
        )
    meta_dir = local_repo.joinpath(*ASSEMBLY_GROUP.split("."), ASSEMBLY_ARTIFACT)
    found: set[str] = set()
    for meta in meta_dir.glob("maven-metadata-*.xml"):
        found.update(re.findall(r"<version>([^<]+)</version>", meta.read_text()))
    if not found:
        raise Neo4jServerError(f"no Maven metadata found under {meta_dir}")

    def key(v: str) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.-]", v))

    return sorted((v for v in found if v.startswith(series + ".")), key=key)


# ------------------------------------------------------------------------- server


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _die_with_parent() -> None:
    """``preexec_fn``: have the kernel SIGTERM the child when its parent dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux / no libc: best effort only
        return


def _read_tail(path: Path, lines: int) -> str:
    if not path.is_file():
        return ""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 64 * 1024))
        data = fh.read().decode("utf-8", "replace")
    return "\n".join(data.splitlines()[-lines:])


_WORKDIR_PREFIX = "ecosystem-neo4j-"
_OWNER_FILE = "owner.pid"


def _remove_orphaned_workdirs(parent: Path | None) -> None:
    """Delete work directories left by processes that died (e.g. SIGKILLed tests).

    Their servers are gone too: the kernel SIGTERMs a server whose parent dies.
    """
    base = parent if parent is not None else Path(tempfile.gettempdir())
    for workdir in base.glob(_WORKDIR_PREFIX + "*"):
        try:
            owner = int((workdir / _OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(workdir, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            pass


_LIVE_SERVERS: weakref.WeakSet[Neo4jServer] = weakref.WeakSet()


@atexit.register
def _stop_live_servers() -> None:
    for server in list(_LIVE_SERVERS):
        with contextlib.suppress(Exception):
            server.stop()


class Neo4jServer:
    """A real Neo4j server on a loopback port with throw-away data (context manager).

    Attributes (valid from construction; ``uri``/``port`` are final once started):

    * ``uri`` -- ``bolt://127.0.0.1:<port>``
    * ``user`` -- ``"neo4j"``; ``password`` -- random (``secrets``), 32 chars
    * ``database`` -- ``"neo4j"``; ``home`` -- the Neo4j installation directory
    * ``workdir`` -- per-instance directory with ``conf/ data/ logs/ run/ import/``
      (``None`` before the first :meth:`start` and after ``stop(keep_data=False)``)

    :meth:`start` runs the server as a foreground child (``CommunityEntryPoint
    --console-mode``), which the kernel terminates if this process dies.
    ``stop(keep_data=True)`` followed by :meth:`start` restarts it on the same port
    with the same data; ``stop(force=True)`` kills it (SIGKILL) to simulate a crash,
    so that the next start runs recovery.
    """

    user: str = "neo4j"
    database: str = "neo4j"
    host: str = "127.0.0.1"

    def __init__(
        self,
        home: Path | str | None = None,
        *,
        port: int | None = None,
        password: str | None = None,
        heap: str = "512m",
        pagecache: str = "128m",
        startup_timeout: float = 120.0,
        workdir_parent: Path | str | None = None,
        extra_config: Mapping[str, str] | None = None,
        jvm_args: Sequence[str] = (),
        java: str | None = None,
    ) -> None:
        """Prepare (but do not start) a server.

        * ``home``: a Neo4j home (default: :func:`download`, i.e. the cached one).
        * ``port``: Bolt port (default: a free loopback port, picked now).
        * ``password``: default a random ``secrets.token_urlsafe(24)`` (32 chars).
        * ``heap``/``pagecache``: JVM heap (``-Xms``/``-Xmx``) and page cache
          sizes, written like ``512m`` or ``1g``.
        * ``startup_timeout``: seconds :meth:`start` waits for Bolt.
        * ``workdir_parent``: where the work directory is created (default: the
          system temp dir).
        * ``extra_config``: more ``neo4j.conf`` settings; they win over defaults.
        * ``jvm_args``: extra JVM flags, after ``server.jvm.additional``.
        * ``java``: the ``java`` executable (default ``$JAVA_HOME``, ``PATH``).
        """
        self.home: Path = Path(home).resolve() if home is not None else download()
        if not (self.home / "lib").is_dir():
            raise Neo4jServerError(
                f"{self.home} is not a Neo4j home (no lib/ directory)"
            )
        self._port_given = port is not None
        self.port: int = port if port is not None else _free_port(self.host)
        self.password: str = (
            password if password is not None else secrets.token_urlsafe(24)
        )
        self.heap = heap
        self.pagecache = pagecache
        self.startup_timeout = startup_timeout
        self.workdir_parent = (
            Path(workdir_parent) if workdir_parent is not None else None
        )
        self.extra_config: dict[str, str] = dict(extra_config or {})
        self.jvm_args: list[str] = list(jvm_args)
        self._java_arg = java
        self._java: str | None = None
        self.workdir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._console: IO[bytes] | None = None
        self._console_offset = 0
        self._started_once = False
        #: Seconds the last :meth:`start` took until Bolt answered.
        self.last_start_seconds: float | None = None

    # -- public properties -------------------------------------------------------

    @property
    def uri(self) -> str:
        """Bolt URI, ``bolt://127.0.0.1:<port>``."""
        return f"bolt://{self.host}:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``(user, password)`` as the driver's ``auth=`` argument."""
        return (self.user, self.password)

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """PID of the server JVM while it runs."""
        return self._proc.pid if self.running and self._proc is not None else None

    @property
    def logs_dir(self) -> Path | None:
        """Directory with ``neo4j.log``, ``debug.log`` and ``console.log``."""
        return self.workdir / "logs" if self.workdir is not None else None

    @property
    def import_dir(self) -> Path | None:
        """``server.directories.import`` (where ``LOAD CSV`` file URLs point)."""
        return self.workdir / "import" if self.workdir is not None else None

    def env(self) -> dict[str, str]:
        """``NEO4J_URI``/``NEO4J_USERNAME``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``."""
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USERNAME": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    def rss_bytes(self) -> int | None:
        """Resident set size of the server JVM (Linux ``/proc``), or ``None``."""
        pid = self.pid
        if pid is None:
            return None
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
        return int(match.group(1)) * 1024 if match else None

    def log_tail(self, lines: int = 40) -> str:
        """Last lines of the console output and of ``debug.log`` (for error reports)."""
        if self.workdir is None:
            return "(no work directory)"
        parts = []
        for name in ("console.log", "debug.log"):
            text = _read_tail(self.workdir / "logs" / name, lines)
            if text:
                parts.append(f"--- {name} (tail) ---\n{text}")
        return "\n".join(parts) or "(no log output)"

    def __repr__(self) -> str:  # never shows the password
        state = "running" if self.running else "stopped"
        return f"<Neo4jServer {self.uri} {state} home={self.home}>"

    # -- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> Neo4jServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> Neo4jServer:
        """Start the server (no-op if running) and wait until Bolt answers queries.

        The first start creates the work directory and sets the initial password
        with ``neo4j-admin dbms set-initial-password``; later starts reuse data,
        port and password. Raises :class:`Neo4jServerError` (with the log tail) if
        the process exits or Bolt does not answer within ``startup_timeout``.
        """
        if self.running:
            return self
        self._java = self._java or _java_executable(self._java_arg)
        started = time.monotonic()
        if self.workdir is None:
            _remove_orphaned_workdirs(self.workdir_parent)
            self.workdir = Path(
                tempfile.mkdtemp(prefix=_WORKDIR_PREFIX, dir=self.workdir_parent)
            )
            (self.workdir / _OWNER_FILE).write_text(f"{os.getpid()}\n")
        _LIVE_SERVERS.add(self)  # from now on atexit stops it and removes workdir
        data = self.workdir / "data"
        # Only a port we picked ourselves, before it was ever handed out, may change.
        attempts = 1 if (self._port_given or self._started_once) else 3
        for attempt in range(1, attempts + 1):
            if not _port_is_free(self.port, self.host):
                if attempts == 1:
                    raise Neo4jServerError(
                        f"Bolt port {self.host}:{self.port} is already in use"
                    )
                self.port = _free_port(self.host)
            self._write_config()
            if (
                not (data / "dbms" / "auth.ini").exists()
                and not (data / "databases").exists()
            ):
                self._set_initial_password()
            self._launch()
            try:
                self._wait_until_ready(started)
                break
            except Neo4jServerError:
                bind_failed = (
                    "address already in use" in self._console_since_launch().lower()
                )
                self._terminate(timeout=10.0, force=False)
                if bind_failed and attempt < attempts:  # lost a race for the port
                    self.port = _free_port(self.host)
                    continue
                raise
        self._started_once = True
        self.last_start_seconds = time.monotonic() - started
        return self

    def stop(
        self, keep_data: bool = False, timeout: float = 30.0, force: bool = False
    ) -> None:
        """Stop the server; safe to call repeatedly.

        SIGTERM (clean shutdown with checkpoint), then SIGKILL after ``timeout``
        seconds. ``force=True`` sends SIGKILL at once (a crash: the next start
        recovers from the transaction log). ``keep_data=True`` keeps the work
        directory so that :meth:`start` brings the same database back on the same
        port; otherwise the work directory is deleted.
        """
        self._terminate(timeout=timeout, force=force)
        if not keep_data:
            _LIVE_SERVERS.discard(self)
            if self.workdir is not None:
                shutil.rmtree(self.workdir, ignore_errors=True)
                self.workdir = None

    # -- internals ---------------------------------------------------------------

    def _config(self) -> dict[str, str]:
        assert self.workdir is not None
        wd = self.workdir
        bolt = f"{self.host}:{self.port}"
        config = {
            "server.directories.data": str(wd / "data"),
            "server.directories.logs": str(wd / "logs"),
            "server.directories.run": str(wd / "run"),
            "server.directories.import": str(wd / "import"),
            "server.default_listen_address": self.host,
            "server.default_advertised_address": self.host,
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": bolt,
            "server.bolt.advertised_address": bolt,
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "db.tx_log.preallocate": "false",
            "db.tx_log.rotation.retention_policy": "100M size",
            "db.logs.query.enabled": "OFF",
            "db.shutdown_transaction_end_timeout": "5s",
            # Bolt's netty shutdown otherwise idles 2 x 5 s before the JVM exits.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
            "internal.dbms.bolt.netty_server_shutdown_timeout": "5s",
        }
        config.update(self.extra_config)
        return config

    def _write_config(self) -> None:
        """Per-run conf dir: the distribution's conf copied, ``neo4j.conf`` rewritten
        with our settings replacing the distribution's values for the same keys."""
        assert self.workdir is not None
        conf = self.workdir / "conf"
        if conf.exists():
            shutil.rmtree(conf)
        dist_conf = self.home / "conf"
        if dist_conf.is_dir():
            shutil.copytree(dist_conf, conf)
        else:
            conf.mkdir()
        for sub in ("data", "logs", "run", "import"):
            (self.workdir / sub).mkdir(exist_ok=True)
        settings = self._config()
        kept: list[str] = []
        conf_file = conf / "neo4j.conf"
        if conf_file.is_file():
            for line in conf_file.read_text().splitlines():
                key = line.split("=", 1)[0].strip()
                if (
                    "=" in line
                    and not line.lstrip().startswith("#")
                    and key in settings
                ):
                    continue
                kept.append(line)
        kept.append("# --- scripts/neo4j_server.py per-run settings ---")
        kept.extend(f"{k}={v}" for k, v in settings.items())
        conf_file.write_text("\n".join(kept) + "\n")

    def _jvm_flags(self) -> list[str]:
        """``server.jvm.additional`` of the per-run neo4j.conf (default if none),
        without ``-XX:+AlwaysPreTouch`` (see :data:`DEFAULT_JVM_FLAGS`)."""
        assert self.workdir is not None
        flags = []
        for line in (self.workdir / "conf" / "neo4j.conf").read_text().splitlines():
            line = line.strip()
            if line.startswith("server.jvm.additional="):
                flag = line.split("=", 1)[1].strip()
                if flag and flag != "-XX:+AlwaysPreTouch":
                    flags.append(flag)
        return flags or list(DEFAULT_JVM_FLAGS)

    def _classpath(self) -> str:
        assert self.workdir is not None
        parts = [self.home / "plugins", self.workdir / "conf", self.home / "lib"]
        return os.pathsep.join(f"{p}/*" for p in parts if p.is_dir())

    def _child_env(self) -> dict[str, str]:
        assert self.workdir is not None
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.workdir / "conf")
        return env

    def _set_initial_password(self) -> None:
        """``neo4j-admin dbms set-initial-password`` (run via its main class)."""
        assert self.workdir is not None and self._java is not None
        cmd = [
            self._java,
            "-Xmx256m",
            "-cp",
            self._classpath(),
            ADMIN_MAIN_CLASS,
            "dbms",
            "set-initial-password",
            self.password,
        ]
        result = subprocess.run(
            cmd,
            env=self._child_env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if (
            result.returncode != 0
            or not (self.workdir / "data" / "dbms" / "auth.ini").exists()
        ):
            output = _tail_text(
                (result.stdout + result.stderr).replace(self.password, "***")
            )
            raise Neo4jServerError(
                f"neo4j-admin dbms set-initial-password failed:\n{output}"
            )

    def _launch(self) -> None:
        assert self.workdir is not None and self._java is not None
        cmd = [
            self._java,
            "-cp",
            self._classpath(),
            "-Dfile.encoding=UTF-8",
            *self._jvm_flags(),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *self.jvm_args,
            SERVER_MAIN_CLASS,
            f"--home-dir={self.home}",
            f"--config-dir={self.workdir / 'conf'}",
            "--console-mode",
        ]
        if self._console is not None:
            self._console.close()
        self._console = open(self.workdir / "logs" / "console.log", "ab")  # noqa: SIM115
        self._console_offset = self._console.tell()
        in_main_thread = threading.current_thread() is threading.main_thread()
        self._proc = subprocess.Popen(
            cmd,
            cwd=self.workdir,
            env=self._child_env(),
            stdin=subprocess.DEVNULL,
            stdout=self._console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C goes to us; we stop the server in order
            # PDEATHSIG fires when the *thread* that forked exits, so only from main.
            preexec_fn=_die_with_parent if in_main_thread else None,
        )

    def _console_since_launch(self) -> str:
        """Console output of the current (or last) server process."""
        if self.workdir is None:
            return ""
        try:
            with open(self.workdir / "logs" / "console.log", "rb") as fh:
                fh.seek(self._console_offset)
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _wait_until_ready(self, started: float) -> None:
        try:
            import neo4j
            from neo4j.exceptions import AuthError, Neo4jError
        except ImportError as exc:  # pragma: no cover - environment problem
            raise Neo4jServerError(
                "the neo4j Python driver is needed for readiness: pip install neo4j"
            ) from exc
        assert self._proc is not None
        deadline = started + self.startup_timeout
        last_error: BaseException | None = None
        driver = neo4j.GraphDatabase.driver(
            self.uri,
            auth=self.auth,
            connection_timeout=5.0,
            connection_acquisition_timeout=5.0,  # also bounds the Bolt handshake read
            max_transaction_retry_time=0,
        )
        try:
            while True:
                code = self._proc.poll()
                if code is not None:
                    raise Neo4jServerError(
                        f"Neo4j exited ({code}) while starting\n{self.log_tail()}"
                    )
                try:
                    driver.verify_connectivity()
                    driver.execute_query("RETURN 1", database_=self.database)
                    return
                except AuthError as exc:
                    raise Neo4jServerError(
                        f"Neo4j rejected the credentials: {exc}"
                    ) from exc
                except (Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
                    last_error = exc
                if time.monotonic() > deadline:
                    self._terminate(timeout=10.0, force=False)
                    raise Neo4jServerError(
                        f"Neo4j did not answer on {self.uri} within "
                        f"{self.startup_timeout:.0f}s (last error: {last_error!r})\n"
                        f"{self.log_tail()}"
                    )
                time.sleep(0.25)
        finally:
            driver.close()

    def _terminate(self, timeout: float, force: bool) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            if force:
                proc.kill()
            else:
                proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)
        self._proc = None
        if self._console is not None:
            self._console.close()
            self._console = None


# ---------------------------------------------------------------------------- CLI


def _cmd_run(args: argparse.Namespace) -> int:
    stop_requested = threading.Event()
    starting = True

    def on_signal(signum: int, _frame: object) -> None:
        stop_requested.set()
        if starting:  # abort a start in progress; ``finally`` cleans up
            raise KeyboardInterrupt

    server = Neo4jServer(
        home=download(args.cache_dir) if args.cache_dir else None,
        port=args.port,
        heap=args.heap,
        pagecache=args.pagecache,
    )
    previous = {
        s: signal.signal(s, on_signal)
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        _log(f"starting Neo4j from {server.home} ...")
        server.start()
        starting = False
        _log(
            f"Neo4j is up at {server.uri} after {server.last_start_seconds:.1f}s "
            f"(pid {server.pid}, logs in {server.logs_dir}); Ctrl-C or SIGTERM stops it"
        )
        for key, value in server.env().items():
            print(f"export {key}={shlex.quote(value)}")
        sys.stdout.flush()
        while not stop_requested.wait(1.0):
            if not server.running:
                _log(f"Neo4j exited unexpectedly\n{server.log_tail()}")
                return 1
        _log("stopping Neo4j ...")
        return 0
    except KeyboardInterrupt:
        _log("interrupted while starting; stopping Neo4j ...")
        return 130
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``download`` | ``run`` | ``versions`` (see the module doc)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="cache root (default $ECOSYSTEM_NEO4J_HOME or ~/.cache/ecosystem/neo4j)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("download", help="fetch and cache Neo4j, print its home directory")
    run = sub.add_parser(
        "run", help="start a server, print export lines, run until Ctrl-C/SIGTERM"
    )
    run.add_argument(
        "--port", type=int, default=None, help="Bolt port (default: a free one)"
    )
    run.add_argument("--heap", default="512m")
    run.add_argument("--pagecache", default="128m")
    sub.add_parser(
        "versions", help=f"list the {VERSION_SERIES}.x versions on Maven Central"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "download":
            print(download(args.cache_dir))
            return 0
        if args.command == "versions":
            for v in available_versions():
                print(v)
            return 0
        return _cmd_run(args)
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
