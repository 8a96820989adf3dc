"""scripts/qgis_chroot.py's machine-reading parts (the chroot itself runs in CI): the Debian
mirror comes from this machine's apt sources in either format, skipping security and
third-party archives, and the chroot's venv is rebuilt when a requirements file changes."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import qgis_chroot  # noqa: E402


def apt_dir(tmp_path, sources=None, lists=None):
    folder = tmp_path / "apt"
    (folder / "sources.list.d").mkdir(parents=True)
    for name, text in (sources or {}).items():
        (folder / "sources.list.d" / name).write_text(text)
    if lists is not None:
        (folder / "sources.list").write_text(lists)
    return str(folder)


def test_deb822_sources_skip_security_and_third_party(tmp_path):
    folder = apt_dir(tmp_path, sources={
        "a-node.sources": "Types: deb\nURIs: https://node.invalid/node_20.x\nSuites: nodistro\n",
        "debian.sources": ("Types: deb\nURIs: http://security.invalid/debian-security\n"
                           "Suites: bookworm-security\n\n"
                           "Types: deb\nURIs: http://off.invalid/debian\nSuites: bookworm\n"
                           "Enabled: no\n\n"
                           "Types: deb\nURIs: http://mirror.invalid/debian/\n"
                           "Suites: bookworm bookworm-updates\nComponents: main\n")})
    assert qgis_chroot.host_mirror(folder) == "http://mirror.invalid/debian"


def test_one_line_sources_list(tmp_path):
    folder = apt_dir(tmp_path, lists=(
        "# comment\ndeb [signed-by=/k.gpg] http://mirror.invalid/debian trixie main\n"))
    assert qgis_chroot.host_mirror(folder) == "http://mirror.invalid/debian"


def test_no_mirror_is_a_plain_error(tmp_path):
    with pytest.raises(SystemExit, match="No Debian mirror"):
        qgis_chroot.host_mirror(apt_dir(tmp_path))


def test_venv_digest_follows_included_requirement_files(tmp_path, monkeypatch):
    (tmp_path / "requirements-dev.txt").write_text("-r requirements-extra.txt\npytest==7.4.4\n")
    (tmp_path / "requirements-extra.txt").write_text("dask==1\n")
    monkeypatch.setattr(qgis_chroot, "ROOT", str(tmp_path))
    before = qgis_chroot.requirements_digest()
    (tmp_path / "requirements-extra.txt").write_text("dask==2\n")
    assert qgis_chroot.requirements_digest() != before


def test_the_repository_names_no_host():
    """The mirror and proxies come from the machine: the script holds no host name."""
    with open(os.path.join(ROOT, "scripts", "qgis_chroot.py"), encoding="utf-8") as fh:
        source = fh.read()
    assert "://" not in source.replace('"://"', "")   # no mirror or registry URL written in
