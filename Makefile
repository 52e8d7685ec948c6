# The two commands of the README. Everything else is CMake and ctest.
#   make run   — install missing packages, build, create var/motcua.db with demo data if
#                missing, serve on http://127.0.0.1:8080
#   make test  — build, run every suite (unit, fuzz corpora, HTTP on SQLite and on a throwaway
#                PostgreSQL 15, the browser scenarios), then the unit, fuzz and HTTP suites
#                again built with ASan+UBSan; the Release
#                build (what packagers build) must compile as well
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
RELEASE_BUILD ?= build-release

.PHONY: all deps build run test test-fast test-asan test-release clean fuzz soak package package-test

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	@./$(BUILD)/motcua serve

test-fast: build
	@cd $(BUILD) && ctest -j$(JOBS) --output-on-failure

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
	  -DMOTCUA_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/support/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest -j$(JOBS) -LE e2e --output-on-failure

# Packagers build Release (-O3), where GCC sees more and warns more; it must compile too.
test-release: deps
	@cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE_BUILD) -j$(JOBS) --target motcua

test: test-release test-fast test-asan

# The long proofs of docs/reliability.md, not part of `make test`: every fuzz target for
# FUZZ_SECONDS (default 60), and the load test on both engines.
fuzz: deps
	@bash scripts/fuzz.sh

soak: deps
	@bash scripts/soak.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(RELEASE_BUILD) dist

# make package — dist/motcua_<version>_amd64.deb (dpkg-buildpackage, debian/; see
# docs/operations.md). make package-test — build it, lintian, install, serve a dossier,
# remove, purge: root on a throwaway machine only (.ci/run runs it after make test).
package: deps
	@bash scripts/package.sh

package-test: deps
	@bash scripts/package-test.sh

# make bench — measure motcua against the machine's own floors (bench/run.sh, about 10
# minutes; installs wrk if missing). Never part of `make test`. Results: bench/results/latest.md
# and docs/performance.md.
.PHONY: bench
bench: deps
	@bash bench/run.sh
