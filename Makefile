# Stepwise: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
BIN    = .build/debug/stepwise

.PHONY: deps build test demo bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@echo "demo: not yet available"

bench: deps
	$(SWIFT) build -c release --product stepwise-bench
	.build/release/stepwise-bench

clean:
	rm -rf .build
