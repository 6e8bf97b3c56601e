# Gateboard — see README.md. Every target works on a fresh clone.
SWIFT      ?= swift
PREFIX     ?= /usr/local
CONFIG     ?= debug
BIN_DIR     = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path)
SCRATCH    ?= scratch

.PHONY: build run test bench stress sample man install clean

build:
	$(SWIFT) build -c $(CONFIG)

# Opens the TUI on a fresh scratch copy of sample-data/, so a demo never dirties the repo.
# Its decisions are signed by the fictional people's demo keys (sample-data/keys/, demoKeys:).
run: build
	rm -rf "$(SCRATCH)/board" && mkdir -p "$(SCRATCH)" && cp -R sample-data "$(SCRATCH)/board"
	"$(BIN_DIR)/gateboard" --board "$(SCRATCH)/board"

# One build of the binary and the tests, then the suite as three test processes side by side
# (Tests/run-tests.sh says why). `swift test` alone runs the same tests in one process.
test:
	SWIFT="$(SWIFT)" Tests/run-tests.sh

# Release build, synthetic boards (cached in bench-data/), gateboard vs taskwarrior side by side.
# Quick run: make bench BENCH_SIZES="100 1000" BENCH_BIG_EVENTS=100000 BENCH_RUNS=3
bench:
	@Tests/Bench/bench.sh

# The long reliability runs: hundreds of kill -9s, 100,000+ fuzzed inputs, 20,000 tamperings.
stress:
	SWIFT="$(SWIFT)" sh Tests/Stress/stress.sh

# Regenerates sample-data/ by running the real binary through months of history.
sample: build
	GATEBOARD_BIN="$(BIN_DIR)/gateboard" Tests/SampleBoard/build-sample.sh

# The man page, generated from the argument parser by swift-argument-parser's generate-manual
# plugin (it comes with the package's dependency, so this works offline). The generated page is
# committed as docs/man/gateboard.1: `make install` installs it without running the plugin, and
# it can be read in the repository. Run `make man` after changing a command or an option (a test
# checks the committed page names every command and option). Its date is the last commit that
# changed the CLI, so regenerating an unchanged CLI changes nothing.
MAN_DATE   ?= $(shell git log -1 --format=%cs -- Sources/gateboard 2>/dev/null)
man:
	$(SWIFT) package generate-manual --configuration $(CONFIG) $(if $(MAN_DATE),--date $(MAN_DATE))
	mkdir -p docs/man
	cp .build/plugins/GenerateManual/outputs/gateboard/gateboard.1 docs/man/gateboard.1

install:
	$(SWIFT) build -c release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/gateboard" "$(DESTDIR)$(PREFIX)/bin/gateboard"
	install -m 0644 docs/man/gateboard.1 "$(DESTDIR)$(PREFIX)/share/man/man1/gateboard.1"

clean:
	rm -rf .build "$(SCRATCH)"
