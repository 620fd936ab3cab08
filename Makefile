# The README's two commands: `make run` and `make test`. Everything else is a convenience.
BUILD ?= build
JOBS ?= $(shell nproc)
PLENARY := $(BUILD)/src/cli/plenary
DB ?= sqlite:var/plenary.db
CMAKE_FLAGS ?=

.PHONY: run test build deps test-deps bench format check-format clean

# Installs what is missing, builds (Release), creates var/plenary.db and serves the WGEC demo
# on http://127.0.0.1:8080 until Ctrl-C.
run: deps build
	@mkdir -p var
	$(PLENARY) serve --db $(DB)

# Everything CI runs: the build with warnings as errors, unit and end-to-end tests on SQLite and
# on a throwaway PostgreSQL 15, and the browser test in Chromium.
test: test-deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLENARY_WERROR=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	@if [ -f tests/browser/package.json ]; then \
	  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error); fi
	tools/check-layering
	tools/with-postgres ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

build:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@tools/install-deps run

test-deps:
	@tools/install-deps test

# Benchmarks against their peers (nginx, Python baselines); not part of `make test`.
# BENCH_FLAGS=--full adds the largest shapes (100M votes, 10M comments: tens of minutes).
bench: deps
	@tools/install-deps bench
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLENARY_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	bench/run-all $(BUILD) $(BENCH_FLAGS)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

check-format:
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD)
