"""A local Neo4j 5.26 Community server without Docker: jars from Maven Central, run on 127.0.0.1.

The jars are fetched once into the user cache directory (`<cache>/neo4j-<version>/lib`, about 125 MB);
each server instance has its own home folder (`<cache>/instances/<name>`: conf, data, logs, run).
What holds for this route on the build machines is written down in docs/neo4j.md ("Neo4j without Docker").
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ServerError
from kg.settings import cache_root

NEO4J_VERSION = "5.26.30"
JAVA_CANDIDATES = (
    "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
    "/usr/lib/jvm/java-21-openjdk-amd64/bin/java",
)
SUPPORTED_JAVA = (17, 21)
JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED", "-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
]
FETCH_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.twinning-kg</groupId><artifactId>neo4j-jars</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version></dependency>
  </dependencies>
</project>
"""


@dataclass
class LocalServer:
    """One local Neo4j instance: its home folder, Bolt port and initial password."""

    name: str = "default"
    port: int = 7687
    password: str = "twinning-kg"
    heap: str = "768m"
    home: Path | None = None  # None: <cache>/instances/<name>
    settings: dict[str, str] = field(default_factory=dict)  # more neo4j.conf lines, e.g. a memory limit

    def __post_init__(self) -> None:
        self.folder = Path(self.home) if self.home else cache_root() / "instances" / self.name
        self.home = self.folder
        self.lib = cache_root() / f"neo4j-{NEO4J_VERSION}" / "lib"

    # -- paths ---------------------------------------------------------------------------
    @property
    def pid_file(self) -> Path:
        """Where the running server's process id is kept."""
        return self.folder / "run" / "kg-neo4j.pid"

    @property
    def console_log(self) -> Path:
        """The server's console output."""
        return self.folder / "logs" / "console.log"

    @property
    def uri(self) -> str:
        """The Bolt URI of this instance."""
        return f"bolt://127.0.0.1:{self.port}"

    # -- state ---------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid of our running server, or None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            self.pid_file.unlink(missing_ok=True)
            return None
        except PermissionError:
            return pid
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and b"CommunityEntryPoint" not in cmdline.read_bytes():
            self.pid_file.unlink(missing_ok=True)
            return None
        return pid

    def configured_port(self) -> int | None:
        """The Bolt port the instance's configuration names, if it has one."""
        conf = self.folder / "conf" / "neo4j.conf"
        if conf.exists():
            m = re.search(r"^server\.bolt\.listen_address=.*:(\d+)$", conf.read_text(), re.M)
            return int(m.group(1)) if m else None
        return None

    def status(self) -> dict[str, object]:
        """Whether it runs, its port, version and home, as a dict."""
        pid = self.pid()
        port = self.configured_port() or self.port
        return {"running": pid is not None, "pid": pid, "port": port, "uri": f"bolt://127.0.0.1:{port}",
                "version": NEO4J_VERSION, "home": str(self.folder)}

    # -- prerequisites -------------------------------------------------------------------
    def find_java(self) -> str:
        """A Java 17 or 21 executable: KG_JAVA, JAVA_HOME, the Debian paths, then `java` on PATH."""
        candidates = [os.environ.get("KG_JAVA")]
        if os.environ.get("JAVA_HOME"):
            candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
        candidates += list(JAVA_CANDIDATES) + [shutil.which("java")]
        seen = []
        for path in filter(None, candidates):
            if not os.path.exists(path) or path in seen:
                continue
            seen.append(path)
            if java_major_version(path) in SUPPORTED_JAVA:
                return path
        raise ServerError("Java 17 (or 21) is needed to run Neo4j 5.26 and was not found: install it "
                          "(e.g. `apt-get install openjdk-17-jre-headless`) or set KG_JAVA to its `java`.")

    def fetch_jars(self, echo=print) -> None:
        """Fetch the Neo4j Community jars from Maven Central once (about 125 MB)."""
        if self.lib.exists() and any(self.lib.glob(f"neo4j-{NEO4J_VERSION}.jar")):
            return
        mvn = shutil.which("mvn")
        if not mvn:
            raise ServerError("Maven (`mvn`) is needed once to fetch the Neo4j jars from Maven Central and was "
                              "not found: install it (e.g. `apt-get install maven`).")
        work = self.lib.parent
        work.mkdir(parents=True, exist_ok=True)
        pom = work / "pom.xml"
        pom.write_text(FETCH_POM.format(version=NEO4J_VERSION))
        partial = work / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        echo(f"Fetching Neo4j {NEO4J_VERSION} jars from Maven Central into {self.lib} ...")
        result = subprocess.run(
            [mvn, "-B", "-q", "-f", str(pom),
             "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
             "-DincludeScope=runtime", f"-DoutputDirectory={partial}"],
            capture_output=True, text=True)
        if result.returncode != 0:
            tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
            raise ServerError("Maven could not fetch the Neo4j jars: " + " | ".join(tail))
        shutil.rmtree(self.lib, ignore_errors=True)
        partial.rename(self.lib)  # only a complete download becomes lib/

    def write_config(self) -> None:
        """Write neo4j.conf: the port, memory, folders and the extra settings."""
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        h = self.folder.resolve()
        config = {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.pagecache.size": "256m",
            "dbms.usage_report.enabled": "false",
            "db.tx_log.preallocate": "false",
            **{f"server.directories.{d}": str(h / d) for d in ("data", "logs", "run", "plugins", "import")},
            **self.settings,  # the caller's settings win
        }
        lines = [f"{name}={value}" for name, value in config.items()]
        (self.folder / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n")

    # -- actions -------------------------------------------------------------------------
    def start(self, wait: float = 120.0, echo=print) -> dict[str, object]:
        """Start the server and return once Bolt answers; a no-op when it already runs."""
        if self.pid() is not None:
            return {**self.status(), "already_running": True}
        if len(self.password) < 8:
            raise ServerError("Neo4j needs a password of at least 8 characters: set NEO4J_PASSWORD or {parameter}.",
                              parameter="password")
        java = self.find_java()
        if port_in_use(self.port):
            raise ServerError(f"Port {self.port} on 127.0.0.1 is already taken by another program: "
                              "choose another with {parameter} (and set NEO4J_URI to match).", parameter="port")
        self.fetch_jars(echo=echo)
        self.write_config()
        heap = [f"-Xms{min_heap(self.heap)}", f"-Xmx{self.heap}"]
        classpath = f"{self.folder / 'plugins'}/*:{self.lib}/*"
        command = [java, *heap, *JVM_FLAGS, "-cp", classpath, "org.neo4j.server.CommunityEntryPoint",
                   f"--home-dir={self.home}", f"--config-dir={self.folder / 'conf'}", "--console-mode"]
        log = open(self.console_log, "ab")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, cwd=self.home)
        log.close()
        self.pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + wait
        while not port_in_use(self.port):
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(f"Neo4j exited with code {process.returncode} during start-up; "
                                  f"see {self.console_log}: {last_lines(self.console_log)}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"Neo4j did not open port {self.port} within {wait:.0f} s; see {self.console_log}")
            time.sleep(0.3)
        self._ensure_password(deadline)
        return {**self.status(), "already_running": False}

    def _ensure_password(self, deadline: float) -> None:
        """A fresh store has neo4j/neo4j, marked expired: set our password once."""
        import neo4j
        from neo4j import exceptions as errs

        marker = self.folder / "data" / ".kg-password-set"
        auth = ("neo4j", self.password) if marker.exists() else ("neo4j", "neo4j")
        while True:
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=auth) as driver:
                    if not marker.exists():
                        driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                                             old="neo4j", new=self.password, database_="system")
                        marker.write_text("password set by kg server start\n")
                        auth = ("neo4j", self.password)
                        continue
                    driver.verify_connectivity()
                    return
            except (errs.ServiceUnavailable, errs.SessionExpired, OSError, errs.DatabaseUnavailable,
                    errs.TransientError):
                if time.monotonic() > deadline:
                    raise ServerError(f"Neo4j did not answer on {self.uri}; see {self.console_log}") from None
                time.sleep(0.5)
            except errs.AuthError:
                raise ServerError(f"Neo4j on {self.uri} refused the password: this home was set up with "
                                  f"another one ({self.home}); pass that one with {{parameter}}",
                                  parameter="password") from None

    def stop(self, wait: float = 60.0) -> bool:
        """SIGTERM (a clean shutdown), then SIGKILL after `wait` seconds. False if it was not running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL without a clean shutdown: used by the crash test, never by users."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while pid_alive(pid):
                time.sleep(0.1)
            self.pid_file.unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    """Is a process with this id alive?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie child of this process counts as gone
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        if state == "Z":
            os.waitpid(pid, os.WNOHANG)
            return False
    except (OSError, IndexError, ChildProcessError):
        pass
    return True


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Does something listen on this port?"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def java_major_version(java: str) -> int | None:
    """The major version of the default `java`, or None."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def min_heap(heap: str) -> str:
    """The smaller of two heap sizes written as Neo4j takes them (768m, 2g)."""
    return "256m" if heap.endswith("m") and int(heap[:-1]) > 256 else heap


def last_lines(path: Path, n: int = 3) -> str:
    """The last lines of a text file, for an error message."""
    try:
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-n:])
    except OSError:
        return ""
