# Paved. `make run` starts the demo; `make test` runs every test.
GO       ?= go
BIN      ?= bin/paved
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
export CGO_ENABLED := 1

.PHONY: all build run test test-race lint fmt-check vet bench clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/paved

## run: the full product on the built-in simulated organisation
run: build
	./$(BIN) demo

## test: format and vet checks, then every test with the race detector
test: fmt-check vet
	$(GO) test -race -count=1 -timeout 20m ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## lint: gofmt, go vet, and golangci-lint when it is installed
lint: fmt-check vet
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run ./...; \
	else echo "golangci-lint not installed; ran gofmt and go vet"; fi

## bench: the benchmarks on the large simulated organisation, one package at a time so
## they do not compete for the 2 cores, each repeated BENCH_COUNT times; then medians.
BENCH_COUNT ?= 3
bench:
	PAVED_BENCH_LARGE=1 $(GO) test -p 1 -run '^$$' -bench . -benchtime 1x -count $(BENCH_COUNT) -timeout 120m ./... | tee bench.out
	@$(GO) run ./cmd/benchreport < bench.out

clean:
	rm -rf bin bench.out
