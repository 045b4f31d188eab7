# Stepwise: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift

.PHONY: deps build test unit-test asan conformance demo bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Every test: Swift unit, contract and end-to-end tests, LuaKit's C boundary under AddressSanitizer, then the
## third-party (MSAL) conformance check.
test: unit-test asan conformance

unit-test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) build --product stepwise
	$(SWIFT) test --skip-build

## LuaKit's error trampoline, hooks, allocator and conversions, driven hard in a build with AddressSanitizer.
asan: deps
	@echo "asan: building stepwise-lua-stress with --sanitize=address (log: .build-asan.log)"
	@$(SWIFT) build --sanitize=address --build-path .build-asan --product stepwise-lua-stress >.build-asan.log 2>&1 \
	  || { grep -v "Cannot export local symbol" .build-asan.log; exit 1; }
	.build-asan/debug/stepwise-lua-stress

conformance: deps
	tests/conformance/run.sh

demo: deps
	@scripts/demo.sh

## Benchmarks of design §8 (release build); figures in bench-results/.
bench: deps
	scripts/bench.sh

clean:
	rm -rf .build .build-* .venv-conformance bench-results
