# flac_raster_qgis — every set-up step lives here so a fresh Debian 12 machine needs only `make`.
# `make demo` runs the headless end-to-end demo; `make test` runs the whole suite.

SHELL := /bin/bash
PYTHON_SYS := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
PLUGIN := flac_raster_qgis
APT_PACKAGES := qgis python3-qgis qgis-providers python3-rasterio python3-mutagen \
	python3-requests python3-numpy python3-dev python3-venv flac nginx xvfb \
	pyqt5-dev-tools qttools5-dev-tools python3-matplotlib
export QT_QPA_PLATFORM ?= offscreen
# Qt wants a private runtime folder; headless machines and CI have none.
export XDG_RUNTIME_DIR ?= $(shell d=/tmp/runtime-$$(id -u); mkdir -p $$d && chmod 700 $$d && echo $$d)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help deps apt venv demo test test-core bench fuzz reliability ts qm changelog package deploy qgis clean

help:
	@echo "make demo     headless end-to-end demo (installs what is missing)"
	@echo "make screenshot  the data-source page under Xvfb -> docs/images/source_select.png"
	@echo "make test     the whole test suite against the real QGIS 3.22 (installs what is missing)"
	@echo "make test-qgis-versions  the whole suite on QGIS 3.40 and 3.44 (Debian 13 chroot, root)"
	@echo "make qt6-check  QGIS's pyqt5_to_pyqt6 migration check over the package (QGIS 4 / Qt 6)"
	@echo "make bench    benchmarks -> bench/results.json and docs/benchmarks.md"
	@echo "make fuzz     long fuzzing run (hypothesis, FUZZ_EXAMPLES=2000, then atheris)"
	@echo "make reliability  fault/fuzz/safety tests -> docs/reliability.md"
	@echo "make package  dist/$(PLUGIN)-<version>.zip for Plugins > Install from ZIP"
	@echo "make package-ci  the same files through qgis-plugin-ci (committed HEAD)"
	@echo "make ts       refresh i18n/*.ts from the code and list untranslated strings"
	@echo "make qm       compile i18n/*.ts into $(PLUGIN)/i18n/*.qm"
	@echo "make qgis     desktop QGIS with the plugin in a throw-away profile (needs a display)"
	@echo "make deploy   install the plugin (and plibflac) into a QGIS profile and enable it"
	@echo "make qgis-process-smoke  qgis_process in a fresh profile: list, run, --json"

deps: apt venv $(PLUGIN)/metadata.txt

# apt: only when a package is missing, so a ready machine pays nothing.
apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# The Debian packages, for scripts/qgis_chroot.py (declared once, here).
.PHONY: print-apt-packages
print-apt-packages:
	@echo $(APT_PACKAGES)

venv: $(VENV)/.stamp

$(VENV)/.stamp: requirements-dev.txt
	@test -x $(PY) || $(PYTHON_SYS) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# The package's metadata.txt is a copy of the single top-level source.
$(PLUGIN)/metadata.txt: metadata.txt
	cp metadata.txt $@

demo: deps
	$(PY) -m scripts.demo

# The data-source page in action, under Xvfb (a real X server): docs/images/source_select.png.
.PHONY: screenshot
screenshot: deps
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m scripts.screenshot_source_select

test: deps
	$(PY) -m pytest -p no:cacheprovider --qgis_disable_gui tests

# The whole suite on QGIS 3.40 (Debian 13) and 3.44 (its backports), in a debootstrap chroot
# built once outside the repository (scripts/qgis_chroot.py; needs root). One version:
# `make test-qgis-3.44`; a few tests: `sudo python3 scripts/qgis_chroot.py test 3.44 -- tests/x.py`.
QGIS_VERSIONS := 3.40 3.44
SUDO_ROOT = $(if $(filter 0,$(shell id -u)),,sudo -E)
.PHONY: test-qgis-versions $(addprefix test-qgis-,$(QGIS_VERSIONS))
test-qgis-versions: $(addprefix test-qgis-,$(QGIS_VERSIONS))

$(addprefix test-qgis-,$(QGIS_VERSIONS)): test-qgis-%:
	$(SUDO_ROOT) $(PYTHON_SYS) scripts/qgis_chroot.py test $*

# QGIS 4 (Qt 6) readiness: QGIS's own pyqt5_to_pyqt6 script (PyPI: qgis-pyqt5to6) must leave
# the package unchanged (scoped enums, QVariant types, exec()). It needs Python >= 3.12 and
# PyQt6, hence the Debian 13 chroot.
.PHONY: qt6-check
qt6-check:
	$(SUDO_ROOT) $(PYTHON_SYS) scripts/qgis_chroot.py qt6-check

test-core: deps
	$(PY) -m pytest -p no:cacheprovider --qgis_disable_gui tests/core

# The codecs we are compared with (imagecodecs, pcodec) are for the benchmark only; --no-deps
# so the venv keeps Debian's numpy that rasterio and QGIS are built against.
bench: deps
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -r bench/requirements.txt
	$(PY) -m bench.run

# Fuzzing: the hypothesis campaigns with a large budget and random inputs, then atheris
# (coverage-guided) over the readers. The suite itself runs 30 derandomised examples per test.
FUZZ_EXAMPLES ?= 2000
ATHERIS_RUNS ?= 20000
FUZZ_TESTS := tests/core/test_fuzz_plain.py tests/core/test_fuzz_streaming.py \
	tests/core/test_fuzz_legacy.py tests/core/test_fuzz_limits.py

fuzz: deps
	FLACRASTER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:cacheprovider \
		--qgis_disable_gui -q $(FUZZ_TESTS)
	$(PY) -m tests.fuzz_atheris -runs=$(ATHERIS_RUNS)

# docs/reliability.md from the fault, fuzz, untrusted-input and data-safety tests.
RELIABILITY_TESTS := tests/core/test_http_faults.py tests/core/test_http_nginx.py \
	tests/core/test_reader_faults.py $(FUZZ_TESTS) tests/core/test_untrusted.py \
	tests/core/test_data_safety.py
# Issue 13's network items: origins, redirects, deadlines, redaction, the verified cache.
RELIABILITY_TESTS += tests/core/test_origin_policy.py tests/core/test_redaction.py \
	tests/core/test_verified_cache.py tests/qgis/test_qgis_origin.py

reliability: deps
	FLACRASTER_WRITE_RELIABILITY=1 $(PY) -m pytest -p no:cacheprovider --qgis_disable_gui \
		-q $(RELIABILITY_TESTS) $(wildcard tests/qgis/test_source_select_safety.py)

# Translations: i18n/*.ts are the sources, compiled INTO the package (QGIS only loads
# flac_raster_qgis/i18n/*.qm). `make ts` refreshes them from the code and lists what is left.
LANGS := fr de
LRELEASE := $(shell command -v lrelease || echo /usr/lib/qt5/bin/lrelease)

ts: apt
	$(PYTHON_SYS) -m scripts.ts_update $(LANGS)
	@$(PYTHON_SYS) -m scripts.ts_status $(LANGS) || echo "-> translate the entries above in i18n/*.ts, then make qm"

qm: apt
	@mkdir -p $(PLUGIN)/i18n
	@for ts in i18n/$(PLUGIN)_*.ts; do \
		$(LRELEASE) -silent -removeidentical $$ts -qm $(PLUGIN)/i18n/$$(basename $${ts%.ts}).qm || exit 1; \
	done; ls $(PLUGIN)/i18n/*.qm

# metadata.txt's changelog= is generated from CHANGELOG.md (a test fails when they differ).
changelog:
	$(PYTHON_SYS) -m scripts.changelog --write
	cp metadata.txt $(PLUGIN)/metadata.txt

package: deps qm
	$(PY) -m scripts.build_package

# The same zip through qgis-plugin-ci (.qgis-plugin-ci), from a clone of HEAD.
.PHONY: package-ci
package-ci: deps
	$(PY) -m scripts.package_ci

# Install into your real default QGIS profile (QGIS_PROFILE_DIR=... for another one,
# DEPLOY_MODE=copy for a copy instead of a symlink): plugin, plibflac in <profile>/python, enabled.
deploy: deps qm
	PY=$(PY) scripts/deploy_plugin.sh

# Fresh-machine check: a throw-away HOME, `deploy` into it, qgis_process list + runs + --json.
.PHONY: qgis-process-smoke
qgis-process-smoke: deps qm
	PY=$(PY) scripts/qgis_process_smoke.sh

# A desktop QGIS with the plugin enabled in a throw-away profile (needs a display).
qgis: deps qm
	PY=$(PY) scripts/run_qgis.sh

clean:
	rm -rf dist build .pytest_cache .hypothesis bench/work
	find . -name __pycache__ -prune -exec rm -rf {} +
