# Stepwise: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift

.PHONY: deps build test unit-test conformance demo bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Every test: Swift unit, contract and end-to-end tests, then the third-party (MSAL) conformance check.
test: unit-test conformance

unit-test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) build --product stepwise
	$(SWIFT) test --skip-build

conformance: deps
	tests/conformance/run.sh

demo: deps
	@scripts/demo.sh

## Benchmarks of design §8 (release build); figures in bench-results/.
bench: deps
	scripts/bench.sh

clean:
	rm -rf .build .build-* .venv-conformance bench-results
