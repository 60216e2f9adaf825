# Paved. `make run` starts the demo; `make test` runs every test.
GO       ?= go
BIN      ?= bin/paved
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
export CGO_ENABLED := 1

.PHONY: all build run test test-sqlite test-postgres lint fmt-check vet bench bench-stores clean screenshots

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/paved

## run: the full product on the built-in simulated organisation
ADDR ?= 127.0.0.1:8080
run: build
	./$(BIN) demo --addr $(ADDR)

## test: format and vet checks, then every test with the race detector on SQLite; when
## PAVED_TEST_POSTGRES names a Postgres server (a postgres:// URL whose role may create
## databases; .ci/run starts a throwaway one), then test-postgres.
test: fmt-check vet test-sqlite $(if $(PAVED_TEST_POSTGRES),test-postgres)

test-sqlite:
	env -u PAVED_TEST_POSTGRES $(GO) test -race -count=1 -timeout 20m ./...

## test-postgres: the store, rescoring, collector, dashboard and end-to-end suites again,
## each test on a fresh database of the server PAVED_TEST_POSTGRES names
POSTGRES_SUITES ?= ./db/... ./internal/... ./collectors/... ./ui/... ./cmd/paved/...
test-postgres:
	@test -n "$(PAVED_TEST_POSTGRES)" || { echo "test-postgres: set PAVED_TEST_POSTGRES to a postgres:// URL"; exit 1; }
	$(GO) test -race -count=1 -timeout 30m $(POSTGRES_SUITES)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## lint: golangci-lint at the pinned version (.golangci.yml); .ci/run installs it with
## `go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)`
GOLANGCI_VERSION ?= v2.15.0
GOLANGCI_LINT    ?= $(shell command -v golangci-lint 2>/dev/null || echo $$(go env GOPATH)/bin/golangci-lint)
lint: fmt-check vet
	@test -x "$(GOLANGCI_LINT)" || { echo "golangci-lint not found: go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)"; exit 1; }
	$(GOLANGCI_LINT) run ./...

## bench: the benchmarks on the large simulated organisation on SQLite, one package at a
## time so they do not compete for the 2 cores, each repeated BENCH_COUNT times; then
## benchstat prints the median of every figure with its spread. When PAVED_TEST_POSTGRES
## names a Postgres server, bench-stores follows.
BENCH_COUNT ?= 3
BENCHSTAT   ?= $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench:
	env -u PAVED_TEST_POSTGRES PAVED_BENCH_LARGE=1 $(GO) test -p 1 -run '^$$' -bench . -benchtime 1x -count $(BENCH_COUNT) -timeout 120m ./... | tee bench.out
	@$(BENCHSTAT) bench.out
	$(if $(PAVED_TEST_POSTGRES),@$(MAKE) --no-print-directory bench-stores)

## bench-stores: SQLite beside Postgres (the server PAVED_TEST_POSTGRES names) on the
## large organisation: every Benchmark*Stores of STORE_BENCHES (ui: pages; rescore: full
## rescore; db: a page's Apply; githubsrc: the whole first collection) holds the same
## data on both stores and alternates them within one run, so load on the machine
## weighs on both alike; it prints each store's figures prefixed sqlite_ and postgres_,
## and Postgres ÷ SQLite as *_postgres/sqlite. benchstat prints their medians.
STORE_BENCHES ?= ./db/ ./ui/ ./internal/rescore/ ./collectors/githubsrc/
bench-stores:
	@test -n "$(PAVED_TEST_POSTGRES)" || { echo "bench-stores: set PAVED_TEST_POSTGRES to a postgres:// URL"; exit 1; }
	PAVED_BENCH_LARGE=1 $(GO) test -p 1 -run '^$$' -bench 'Stores$$' -benchtime 1x -count $(BENCH_COUNT) -timeout 120m $(STORE_BENCHES) | tee bench-stores.out
	@$(BENCHSTAT) bench-stores.out

## screenshots: every page at 1440 and 390 px, from the browser tests, into ./screenshots
screenshots:
	PAVED_SCREENSHOTS=$(CURDIR)/screenshots $(GO) test -count=1 -run '^TestBrowser$$' ./ui/

clean:
	rm -rf bin bench.out bench-stores.out screenshots
