# DreamFrame — two commands on a fresh Debian 12 machine:
#   make run    install what is missing, start local RabbitMQ + Redis, build, run a default batch, print the dataset path
#   make test   the same set-up, then the test suite against the real services
#   make run MODEL=llama   the same batch (smaller by default) with a real LLM: llama.cpp's llama-server on loopback
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:/usr/lib/rabbitmq/bin:$(PATH)

# MODEL=llama: the story model is the local llama-server (make llama) instead of the built-in one. On 2 cores it
# writes ~40-150 tokens/s, so the default batch shrinks to one movie with a small branching (MOVIES=/BRANCHING= win).
MODEL ?=
ifeq ($(MODEL),llama)
MOVIES ?= 1
BRANCHING ?= 2,2,3
LLAMA_RUN_ARGS = --story-model openai --story-model-url "$$DF_LLAMA_URL" --story-model-name "$$DF_LLAMA_MODEL" \
	$${DF_LLAMA_API_KEY:+--api-key-env DF_LLAMA_API_KEY}
else ifneq ($(and $(MODEL),$(filter run,$(MAKECMDGOALS))),)
# Checked only for `make run`: any other target ignores a MODEL variable that happens to be in the environment.
$(error MODEL=$(MODEL): expected MODEL=llama, or no MODEL for the built-in backends)
endif
MOVIES ?= 4
BRANCHING ?= 3,2,3
SEED ?= 1
RENDERERS ?= 2
RUN_ARGS ?=

.PHONY: all deps services services-down llama llama-down prometheus prometheus-down prometheus-check cluster-up cluster-down build release run test unit check bench quality fuzz chaos chaos-short clean distclean help

all: build

help:
	@echo "make run | make test | make unit | make check | make bench | make quality | make fuzz | make chaos | make chaos-short | make services | make services-down | make llama | make llama-down | make prometheus | make prometheus-down | make prometheus-check | make cluster-up | make cluster-down | make clean"

deps:
	@ops/install-deps.sh

services: deps
	@ops/services-up.sh

services-down:
	@ops/services-down.sh redis rabbitmq llama
	@ops/prometheus-down.sh

# The local LLM: llama.cpp's llama-server with SmolLM2-135M-Instruct on 127.0.0.1:$DF_LLAMA_PORT (8093), built once
# per machine into $DF_CACHE_DIR (/var/cache/dreamframe; 12-45 min the first time) by ops/llama-install.sh.
llama: deps
	@ops/llama-up.sh

llama-down:
	@ops/llama-down.sh

# Prometheus (Debian's package) on 127.0.0.1:$DF_PROMETHEUS_PORT (9093): scrapes the stage processes listed in
# .dreamframe/prometheus/targets/dreamframe-*.json and RabbitMQ's prometheus plugin, evaluates ops/prometheus/alerts.yml.
prometheus: deps
	@ops/prometheus-up.sh

prometheus-down:
	@ops/prometheus-down.sh

# The alert rules: valid (promtool check rules) and doing what their unit tests say (promtool test rules).
prometheus-check: deps
	promtool check rules ops/prometheus/alerts.yml
	promtool test rules ops/prometheus/alerts_test.yml

# A three-node RabbitMQ cluster on loopback (ops/cluster-up.sh) plus the local Redis; prints the broker URL list.
cluster-up: deps
	@set -o pipefail; ops/services-up.sh redis | grep -v '^export '
	@ops/cluster-up.sh

cluster-down:
	@ops/cluster-down.sh

build: deps
	swift build

release: deps
	swift build -c release

run: services release $(if $(filter llama,$(MODEL)),llama)
	@source ops/env.sh && .build/release/dreamframe run --movies $(MOVIES) --branching $(BRANCHING) --seed $(SEED) \
		--renderers $(RENDERERS) $(LLAMA_RUN_ARGS) $(RUN_ARGS)

# The layering, imports and file sizes README.md describes; then the fuzzing build path, which no other build compiles
# (ops/fuzz-check.sh: dreamframe-fuzz built as make fuzz builds it, with libFuzzer + ASan and -DDF_FUZZING, and every
# target run once over its seeds; ~2 min of CPU from nothing on 2 cores, seconds once .build-fuzz is built).
check: deps
	@ops/check-architecture.py
	@ops/fuzz-check.sh

# The unit suite alone: no broker, no Redis, no network.
unit: deps
	swift test --filter UnitTests

# The suite starts up to six RabbitMQ nodes of its own on 2 cores while the shared Redis takes every test's writes;
# under that disk load an fsync per write (appendfsync always, the production default) stalled Redis past the clients'
# 30 s connect wait. The tests do not test fsync (repair tests drop state themselves), so their Redis syncs per second.
test: export DF_REDIS_APPENDFSYNC = everysec
#
# The unit suite runs first and alone: its renders, style learning and image decoding are seconds of CPU each, and
# in one process with the integration suite they kept both cooperative threads busy for ~30 s at the start, long
# enough for integration tests' 30 s waits to expire on a 2-core machine.
test: services llama prometheus check prometheus-check
	swift build --build-tests
	swift test --skip-build --filter UnitTests
	@source ops/env.sh && swift test --skip-build --filter IntegrationTests

bench: services release
	@source ops/env.sh && ops/bench.sh

# Dataset quality at the paper's scale: 16 movies at 11,11,11 with the built-in models, then `dreamframe inspect dataset`
# (figures only, never a pass/fail; ops/quality-check.sh, QUALITY_MOVIES / QUALITY_BRANCHING / QUALITY_SIZE / QUALITY_SEED).
quality: deps release
	@ops/quality-check.sh

# Every decoder and parser of outside bytes under libFuzzer + AddressSanitizer, FUZZ_SECONDS (60) each.
fuzz: deps
	swift build --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DDF_FUZZING --product dreamframe-fuzz
	@ops/fuzz.sh

# The Jepsen-style proof: the same seeded batch clean, then ROUNDS rounds under faults (kill -9 of every stage,
# Redis and the RabbitMQ node down, connection resets, a renderer host cut off), datasets compared byte for byte;
# then the cluster scenario (a three-node cluster, the stages' node killed with kill -9 mid-run and restarted).
# Runs on its own RabbitMQ + Redis (ports 5720/6420, node dfchaos@localhost; the cluster 5730-5732/6430, nodes
# dfchaos1..3@localhost; CHAOS_ARGS for more flags, e.g. --no-cluster). Needs root.
ROUNDS ?= 3
CHAOS_SEED ?=
CHAOS_ARGS ?=
chaos: MOVIES = 24
chaos: BRANCHING = 3,3,4
chaos: SEED = 5
chaos: deps release
	@python3 ops/chaos/chaos.py --rounds $(ROUNDS) --movies $(MOVIES) --branching $(BRANCHING) --seed $(SEED) \
		$(if $(CHAOS_SEED),--chaos-seed $(CHAOS_SEED)) $(CHAOS_ARGS)

# One short round: a small batch, one kill per stage, no network cut, no cluster scenario (a few minutes;
# CHAOS_ARGS=--cluster adds it, a few minutes more).
chaos-short: deps release
	@python3 ops/chaos/chaos.py --rounds 1 --movies 6 --branching 2,2,3 --seed 5 --kills 1 --resets 1 --no-cut \
		--no-cluster --deadline 240 $(if $(CHAOS_SEED),--chaos-seed $(CHAOS_SEED)) $(CHAOS_ARGS)

clean:
	rm -rf .build .build-fuzz out

distclean: services-down clean
	rm -rf .dreamframe
