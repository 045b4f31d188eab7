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
	$(SWIFT) build --product stepwise
	$(SWIFT) test --skip-build

demo: deps
	@scripts/demo.sh

bench: deps
	$(SWIFT) build -c release --product stepwise-bench
	.build/release/stepwise-bench

clean:
	rm -rf .build
