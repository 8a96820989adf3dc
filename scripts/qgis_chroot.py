"""The whole test suite on QGIS 3.40 and 3.44, in a Debian 13 (trixie) chroot (``make test-qgis-versions``).

Debian 13 ships QGIS 3.40 and its backports QGIS 3.44, with Python 3.13, numpy 2, rasterio 1.4
and urllib3 2: the platform most QGIS users will have next. The chroot is built ONCE with
debootstrap outside the repository and reused; a version switch is one ``apt-get install`` in
place. Nothing machine-specific is written into the repository: the Debian mirror comes from
this machine's apt sources, apt proxy settings, CA certificates and pip configuration are
copied in, so a machine behind a package proxy works as it does outside the chroot.

    sudo python3 scripts/qgis_chroot.py build            # once (3-4 minutes); no-op when ready
    sudo python3 scripts/qgis_chroot.py test 3.40        # switch if needed, then `make test`
    sudo python3 scripts/qgis_chroot.py test 3.44 -- tests/core/test_plain_roundtrip.py
    sudo python3 scripts/qgis_chroot.py qt6-check        # QGIS's pyqt5_to_pyqt6 check (QGIS 4)
    sudo python3 scripts/qgis_chroot.py shell 3.44       # a shell in the chroot, for debugging

FLACRASTER_CHROOT overrides the chroot folder (default /var/lib/flacraster-ci/trixie);
../shared (real rasters the tests use when present) is bind-mounted read-only beside the
copy of the repository, FLACRASTER_SHARED names another folder.
/proc, /sys and /dev are mounted only while a command runs; afterwards every process still
running inside the chroot (a crashed run's nginx, Xvfb, qgis) is stopped by PID and the mounts
are removed, also when the run fails or is interrupted.
"""

import argparse
import contextlib
import fcntl
import glob
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROOT = os.environ.get("FLACRASTER_CHROOT", "/var/lib/flacraster-ci/trixie")
SUITE = "trixie"
# QGIS version -> the apt release that has it (Debian 13 itself, or its backports).
RELEASES = {"3.40": SUITE, "3.44": f"{SUITE}-backports"}
QGIS_PACKAGES = ("qgis", "python3-qgis", "qgis-providers")
# Beyond the plugin's own APT_PACKAGES (read from the Makefile): make runs the suite, gcc builds
# pyflac (it publishes no wheels) for the tests parametrised over both FLAC bindings.
CI_PACKAGES = ("make", "gcc", "ca-certificates", "procps")
SRC = "/srv/flacraster-src"        # inside the chroot: a fresh copy of the repository per run
VENV = "/opt/flacraster-venv"      # inside the chroot: built from the project's requirements
READY = ".flacraster-ready"
COPY_EXCLUDES = (".venv", ".git", "dist", "build", "__pycache__", ".pytest_cache",
                 ".hypothesis", "bench/work")


def log(message):
    print(f"[qgis-chroot] {message}", flush=True)


def run(cmd, **kwargs):
    log(" ".join(shlex.quote(c) for c in cmd))
    return subprocess.run(cmd, check=True, **kwargs)


# -- what we take from this machine ---------------------------------------------------------

def host_mirror(apt_dir="/etc/apt"):
    """The first Debian archive URI in this machine's apt sources (not security, not 3rd party)."""
    entries = []   # (uri, suites)
    for path in sorted(glob.glob(f"{apt_dir}/sources.list.d/*.sources")):
        with open(path, encoding="utf-8") as fh:
            for stanza in re.split(r"\n\s*\n", fh.read()):
                fields = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", stanza, re.M))
                if fields.get("Enabled", "yes").lower() == "no":
                    continue
                for uri in fields.get("URIs", "").split():
                    entries.append((uri, fields.get("Suites", "").split()))
    for path in [f"{apt_dir}/sources.list"] + sorted(glob.glob(f"{apt_dir}/sources.list.d/*.list")):
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    m = re.match(r"\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
                    if m:
                        entries.append((m.group(1), [m.group(2)]))
    debian_suites = ("bookworm", "trixie", "forky", "stable", "testing", "sid", "unstable")
    for uri, suites in entries:
        if any(s.split("-")[0] in debian_suites and "security" not in s for s in suites):
            return uri.rstrip("/")
    sys.exit(f"No Debian mirror found in {apt_dir}/sources.list(.d): set one up first")


def apt_proxy_files():
    """apt.conf.d snippets that configure a proxy (copied so the chroot reaches the mirror)."""
    found = []
    for path in sorted(glob.glob("/etc/apt/apt.conf.d/*")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            with open(path, encoding="utf-8") as fh:
                if re.search(r"Acquire::\S*Proxy|Acquire\s*{[^}]*Proxy", fh.read(), re.I | re.S):
                    found.append(path)
    return found


def pip_environment():
    """The PIP_* variables (and proxy variables) of this process, passed into the chroot."""
    keep = {"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"}
    return {k: v for k, v in os.environ.items() if k.startswith("PIP_") or k in keep}


def copy_host_settings(chroot):
    """CA certificates, resolver, apt proxy and pip configuration: refreshed on every run."""
    for src in ["/etc/resolv.conf", "/etc/pip.conf"] + apt_proxy_files():
        if os.path.isfile(src):
            dst = chroot + src
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(src, dst)
    for folder in ("/etc/xdg/pip", "/usr/local/share/ca-certificates"):
        if os.path.isdir(folder):
            shutil.copytree(folder, chroot + folder, dirs_exist_ok=True)
    for key in ("cert", "global.cert"):       # a pip `cert =` file outside the usual bundle
        path = pip_setting(key)
        if path and os.path.isfile(path) and not os.path.exists(chroot + path):
            os.makedirs(os.path.dirname(chroot + path), exist_ok=True)
            shutil.copy(path, chroot + path)


def pip_setting(key):
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run([sys.executable, "-m", "pip", "config", "get", key],
                             capture_output=True, text=True, check=True).stdout.strip()
        return out or None
    return None


def install_host_ca_bundle(chroot):
    """This machine's CA bundle replaces the chroot's after update-ca-certificates: a proxy
    certificate added by other means than /usr/local/share/ca-certificates still works."""
    bundle = "/etc/ssl/certs/ca-certificates.crt"
    if os.path.isfile(bundle) and os.path.isdir(chroot + "/etc/ssl/certs"):
        shutil.copy(bundle, chroot + bundle)


def apt_packages():
    """The plugin's Debian packages, declared once in the Makefile."""
    out = subprocess.run(["make", "-s", "-C", ROOT, "print-apt-packages"], capture_output=True,
                         text=True, check=True).stdout
    return out.split()


# -- mounts and leftover processes ----------------------------------------------------------

def processes_inside(chroot):
    real = os.path.realpath(chroot)
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            with contextlib.suppress(OSError):
                if os.path.realpath(f"/proc/{entry}/root") == real:
                    pids.append(int(entry))
    return pids


def stop_processes_inside(chroot):
    """SIGTERM, then SIGKILL after a grace period, every process whose root is the chroot."""
    pids = processes_inside(chroot)
    if not pids:
        return
    log(f"stopping leftover processes in the chroot: {pids}")
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            pids = processes_inside(chroot)
            if not pids:
                return
            time.sleep(0.1)


MOUNTS = (("proc", "/proc", ["-t", "proc", "proc"]),
          ("sysfs", "/sys", ["-t", "sysfs", "sysfs"]),
          ("dev", "/dev", ["--bind", "/dev"]),
          ("devpts", "/dev/pts", ["--bind", "/dev/pts"]),
          ("shm", "/dev/shm", ["-t", "tmpfs", "-o", "mode=1777", "shm"]))


def mounted(path):
    real = os.path.realpath(path)
    with open("/proc/self/mounts", encoding="utf-8") as fh:
        return any(line.split()[1] == real for line in fh)


# The real rasters and seed vectors beside the repository (tests skip without them), read-only.
SHARED = os.environ.get("FLACRASTER_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
SHARED_IN_CHROOT = os.path.join(os.path.dirname(SRC), "shared")


def unmount_all(chroot):
    for target in [SHARED_IN_CHROOT] + [t for _name, t, _args in reversed(MOUNTS)]:
        path = chroot + target
        if mounted(path):
            if subprocess.run(["umount", path]).returncode != 0:
                subprocess.run(["umount", "-l", path])
    # An empty mount point would look like a ../shared without its files: the tests must skip.
    with contextlib.suppress(OSError):
        os.rmdir(chroot + SHARED_IN_CHROOT)


@contextlib.contextmanager
def mounts(chroot):
    """/proc, /sys, /dev only while a command runs; processes left inside are stopped by PID
    and everything is unmounted in the ``finally``, whatever happened."""
    stop_processes_inside(chroot)
    unmount_all(chroot)                      # a crashed earlier run's mounts
    try:
        for _name, target, args in MOUNTS:
            os.makedirs(chroot + target, exist_ok=True)
            run(["mount"] + args + [chroot + target])
        if os.path.isdir(SHARED):
            os.makedirs(chroot + SHARED_IN_CHROOT, exist_ok=True)
            run(["mount", "--bind", SHARED, chroot + SHARED_IN_CHROOT])
            run(["mount", "-o", "remount,bind,ro", chroot + SHARED_IN_CHROOT])
        yield
    finally:
        stop_processes_inside(chroot)
        unmount_all(chroot)


def in_chroot(chroot, command, env=None, check=True):
    base = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
    base.update(pip_environment())
    base.update(env or {})
    cmd = ["chroot", chroot, "/bin/bash", "-c", command]
    log(f"(chroot) {command}")
    return subprocess.run(cmd, env=base, check=check).returncode


@contextlib.contextmanager
def locked(chroot):
    """One user of the chroot at a time (two CI runs would switch versions under each other)."""
    os.makedirs(os.path.dirname(chroot), exist_ok=True)
    with open(chroot + ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


# -- build, switch, venv, test --------------------------------------------------------------

def build(chroot):
    if os.path.exists(os.path.join(chroot, READY)):
        log(f"chroot ready at {chroot}")
        return
    if shutil.which("debootstrap") is None:
        run(["apt-get", "install", "-y", "-qq", "debootstrap"])
    mirror = host_mirror()
    partial = chroot + ".partial"
    if os.path.isdir(partial):
        stop_processes_inside(partial)
        unmount_all(partial)
        shutil.rmtree(partial)
    started = time.monotonic()
    run(["debootstrap", "--variant=minbase", SUITE, partial, mirror])
    with open(partial + "/etc/apt/sources.list", "w", encoding="utf-8") as fh:
        for suite in (SUITE, f"{SUITE}-updates", f"{SUITE}-backports"):
            fh.write(f"deb {mirror} {suite} main\n")
    # No service starts inside the chroot (installing nginx would otherwise bind port 80).
    with open(partial + "/usr/sbin/policy-rc.d", "w", encoding="utf-8") as fh:
        fh.write("#!/bin/sh\nexit 101\n")
    os.chmod(partial + "/usr/sbin/policy-rc.d", 0o755)
    copy_host_settings(partial)
    with mounts(partial):
        packages = " ".join(sorted(set(apt_packages()) | set(CI_PACKAGES)))
        in_chroot(partial, "apt-get update -qq && apt-get install -y -qq "
                           f"{packages} >/tmp/apt-install.log && update-ca-certificates")
    os.rename(partial, chroot)
    with open(os.path.join(chroot, READY), "w", encoding="utf-8") as fh:
        fh.write(f"built in {time.monotonic() - started:.0f} s from {SUITE}\n")
    log(f"chroot built in {time.monotonic() - started:.0f} s at {chroot}")


def installed_qgis(chroot):
    out = subprocess.run(["chroot", chroot, "dpkg-query", "-W", "-f=${Version}", "qgis"],
                         capture_output=True, text=True).stdout
    m = re.match(r"(?:\d+:)?(\d+\.\d+)", out)
    return m.group(1) if m else None


PIN = "/etc/apt/preferences.d/flacraster-qgis-downgrade"


def switch(chroot, version):
    """Install QGIS ``version`` in place. Up to the backports: ``-t trixie-backports`` (apt
    then takes the matching qgis-common, libqgis... from there too). Back down: apt never
    downgrades on its own, so a temporary pin above 1000 makes trixie's versions win."""
    if installed_qgis(chroot) == version:
        return
    started = time.monotonic()
    release = RELEASES[version]
    packages = " ".join(QGIS_PACKAGES)
    if release == SUITE:
        with open(chroot + PIN, "w", encoding="utf-8") as fh:
            fh.write(f"Package: *\nPin: release n={SUITE}\nPin-Priority: 1001\n")
        try:
            in_chroot(chroot, f"apt-get install -y -qq --allow-downgrades {packages} "
                              ">/tmp/apt-switch.log")
        finally:
            os.remove(chroot + PIN)
    else:
        in_chroot(chroot, f"apt-get install -y -qq -t {release} {packages} >/tmp/apt-switch.log")
    got = installed_qgis(chroot)
    if got != version:
        sys.exit(f"asked for QGIS {version}, the chroot has {got}")
    log(f"switched to QGIS {version} in {time.monotonic() - started:.0f} s")


def requirements_digest(name="requirements-dev.txt", digest=None):
    """Of the venv's requirements file and every file it includes with ``-r``/``-c``."""
    digest = digest or hashlib.sha256()
    path = os.path.join(ROOT, name)
    with open(path, "rb") as fh:
        text = fh.read()
    digest.update(name.encode() + b"\0" + text)
    for line in text.decode("utf-8").splitlines():
        m = re.match(r"\s*(?:-r|-c|--requirement|--constraint)\s*=?\s*(\S+)", line)
        if m:
            requirements_digest(os.path.relpath(os.path.join(os.path.dirname(path), m.group(1)),
                                                ROOT), digest)
    return digest.hexdigest()


def ensure_venv(chroot):
    """The venv (system site packages: QGIS, numpy, rasterio from Debian) from the project's
    requirements; rebuilt when a requirements file changes, so new dev requirements flow in."""
    stamp = chroot + VENV + "/.requirements-sha256"
    digest = requirements_digest()
    if os.path.exists(stamp) and open(stamp, encoding="utf-8").read() == digest:
        return
    shutil.rmtree(chroot + VENV, ignore_errors=True)
    in_chroot(chroot, f"python3 -m venv --system-site-packages {VENV}")
    copy_repo(chroot)
    in_chroot(chroot, f"{VENV}/bin/python -m pip install -q -r {SRC}/requirements-dev.txt")
    with open(stamp, "w", encoding="utf-8") as fh:
        fh.write(digest)


def copy_repo(chroot):
    """A fresh copy of the working tree (tracked or not), without venvs, caches and git."""
    dst = chroot + SRC
    shutil.rmtree(dst, ignore_errors=True)
    ignore = shutil.ignore_patterns(*[p for p in COPY_EXCLUDES if "/" not in p], "*.pyc")
    shutil.copytree(ROOT, dst, ignore=ignore, symlinks=True)
    for path in COPY_EXCLUDES:
        if "/" in path:
            shutil.rmtree(os.path.join(dst, path), ignore_errors=True)


def test(chroot, version, pytest_args):
    """`make test` (the README's test command, same pytest invocation) on QGIS ``version``."""
    with locked(chroot):
        build(chroot)
        install_host_ca_bundle(chroot)
        copy_host_settings(chroot)
        with mounts(chroot):
            switch(chroot, version)
            ensure_venv(chroot)
            copy_repo(chroot)
            make = f"make -C {SRC} VENV={VENV}"
            if pytest_args:
                command = (f"{make} deps && cd {SRC} && QT_QPA_PLATFORM=offscreen "
                           f"XDG_RUNTIME_DIR=$(mktemp -d) {VENV}/bin/python -m pytest "
                           f"-p no:cacheprovider --qgis_disable_gui "
                           + " ".join(shlex.quote(a) for a in pytest_args))
            else:
                command = f"{make} test"
            started = time.monotonic()
            rc = in_chroot(chroot, command, check=False)
            log(f"QGIS {version}: exit code {rc} after {time.monotonic() - started:.0f} s")
            return rc


QT6_APT = ("python3-pyqt6", "python3-pyqt6.qsci", "python3-pyqt6.qtsvg")
QT6_VENV = "/opt/flacraster-qt6check"
QT6_COPY = "/tmp/flacraster-qt6check"
# The script imports qgis for enum introspection when it can; QGIS's Qt 5 bindings next to
# PyQt6 in one process would clash, so it runs with qgis hidden (Qt's own enums still apply).
QT6_RUN = ("import runpy, sys; sys.modules['qgis'] = None; sys.argv = ['pyqt5to6', sys.argv[1]]; "
           "runpy.run_module('pyqt5to6.pyqt5to6', run_name='__main__')")


def qt6_check(chroot):
    """QGIS's pyqt5_to_pyqt6 over a copy of the package: clean means it changes nothing and
    prints no warning. It edits files in place, hence the copy and the diff afterwards."""
    with locked(chroot):
        build(chroot)
        install_host_ca_bundle(chroot)
        copy_host_settings(chroot)
        with mounts(chroot):
            in_chroot(chroot, "dpkg -s " + " ".join(QT6_APT) + " >/dev/null 2>&1 || "
                      "(apt-get update -qq && apt-get install -y -qq " + " ".join(QT6_APT)
                      + " >/tmp/apt-qt6.log)")
            copy_repo(chroot)
            in_chroot(chroot, f"test -x {QT6_VENV}/bin/python || python3 -m venv "
                              f"--system-site-packages {QT6_VENV}; {QT6_VENV}/bin/python -m pip "
                              f"install -q -r {SRC}/requirements-qt6check.txt")
            command = (f"rm -rf {QT6_COPY} && cp -r {SRC}/flac_raster_qgis {QT6_COPY} && "
                       f"QT_QPA_PLATFORM=offscreen {QT6_VENV}/bin/python -c "
                       f"{shlex.quote(QT6_RUN)} {QT6_COPY} 2>&1 | tee /tmp/qt6check.log; "
                       f"diff -ru {SRC}/flac_raster_qgis {QT6_COPY} > /tmp/qt6check.diff; "
                       f"changed=$?; cat /tmp/qt6check.diff; "
                       f"if [ $changed -ne 0 ] || grep -qE 'WARNING|ERROR' /tmp/qt6check.log; "
                       f"then echo 'qt6-check: changes or warnings above'; exit 1; fi; "
                       f"echo 'qt6-check: clean (pyqt5_to_pyqt6 changes nothing)'")
            return in_chroot(chroot, command, check=False)


def shell(chroot, version):
    with locked(chroot):
        build(chroot)
        with mounts(chroot):
            if version:
                switch(chroot, version)
            copy_repo(chroot)
            return in_chroot(chroot, f"cd {SRC} && exec bash -i", check=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build")
    t = sub.add_parser("test")
    t.add_argument("version", choices=sorted(RELEASES))
    t.add_argument("pytest_args", nargs="*")
    sub.add_parser("qt6-check")
    s = sub.add_parser("shell")
    s.add_argument("version", nargs="?", choices=sorted(RELEASES))
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("debootstrap, chroot and mount need root: run this with sudo")
    # SIGTERM (a CI timeout) unwinds through the finally blocks like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.command == "build":
        with locked(CHROOT):
            build(CHROOT)
        return 0
    if args.command == "test":
        return test(CHROOT, args.version, args.pytest_args)
    if args.command == "qt6-check":
        return qt6_check(CHROOT)
    return shell(CHROOT, args.version)


if __name__ == "__main__":
    sys.exit(main())
