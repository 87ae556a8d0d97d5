# A thin front door over npm scripts. `make help` lists the targets.
SHELL := /bin/bash
APT_PACKAGES := nats-server prometheus python3-packaging python3-grpcio openssl python3-pip pipenv

.PHONY: help setup build run run-shared experiment experiment-tensorflow test lint bench bench-advise bench-cluster scaling-experiment message-trip pool-overhead nats-floor clean cluster cluster-down

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

setup: ## install what the tests need (Debian packages when missing, npm ci) and build
	@bash scripts/setup-system.sh $(APT_PACKAGES)
	npm ci --no-audit --no-fund
	npm run build

build: ## compile TypeScript into dist/
	npm run build

run: ## the main job on the shipped example (examples/, no ../shared, no network): advise flask with its PyPA advisories
	./bin/maat advise --index examples/flask/flask-graph.json --python 3.8 \
	  --advisories examples/flask/advisories --recommendation stable --budget 10000 flask

run-shared: ## a larger example from ../shared: tensorflow 2.1.0, the whole PyPA advisory database and Thoth's prescriptions
	@test -d ../shared/data || { echo "make run-shared: ../shared/data is absent (it sits beside the repository in the project's workplace); make run needs nothing" >&2; exit 2; }
	./bin/maat advise --index ../shared/data/pypi-graphs/tf21-graph.json --python 3.7 \
	  --advisories ../shared/data/osv-pypa --prescriptions ../shared/data/thoth-prescriptions.tar.gz \
	  --recommendation stable --budget 10000 tensorflow==2.1.0

experiment: ## the Flask experiment: writes docs/flask-experiment.json and .svg (needs ../shared)
	./bin/maat experiment flask --seeds 10 --out docs

experiment-tensorflow: ## the TensorFlow experiment (tensorflow==2.1.0, tf21, py3.7, random scores): writes docs/tensorflow-experiment.json and .svg (needs ../shared)
	@test -f ../shared/data/pypi-graphs/tf21-graph.json || { echo "make experiment-tensorflow: ../shared/data/pypi-graphs/tf21-graph.json is absent (../shared sits beside the repository in the project's workplace): skipped" >&2; exit 0; }
	./bin/maat experiment tensorflow --seeds 10 --out docs

test: ## type-check, lint and run every test
	npm run build
	npm run lint
	npm run test:unit

lint: ## eslint, including the ring boundaries
	npm run lint

bench: ## run the benchmarks (ONLY=name runs those whose file name contains it); figures go into docs/benchmarks.md
	npm run bench -- $(ONLY)

cluster: ## a local cluster on 127.0.0.1: nats-server, maat serve and N workers (N=2, THREADS per worker; SECURE=1: TLS and a token); state in .cluster/
	@THREADS='$(THREADS)' SECURE='$(SECURE)' bash scripts/cluster-up.sh '$(or $(N),2)'

cluster-down: ## stop the cluster of make cluster (TERM, then KILL after a deadline) and remove its JetStream store
	@bash scripts/cluster-down.sh

bench-advise: ## the advise suite (issue 13): every request, objective, predictor and budget; subsets: REQUESTS= OBJECTIVES= PREDICTORS= BUDGETS= SEEDS= EXACT_SECONDS=; search: BATCH= (batch size) IN_FLIGHT= (D) LEAF= (rollouts per request k), default maat advise's; BASELINE=<dist> runs another build beside; OUT=docs writes advise-suite.json/.svg
	ADVISE_REQUESTS='$(REQUESTS)' ADVISE_OBJECTIVES='$(OBJECTIVES)' ADVISE_PREDICTORS='$(PREDICTORS)' ADVISE_BUDGETS='$(BUDGETS)' \
	  ADVISE_SEEDS='$(SEEDS)' ADVISE_BATCH='$(BATCH)' ADVISE_IN_FLIGHT='$(IN_FLIGHT)' ADVISE_LEAF='$(LEAF)' ADVISE_EXACT_SECONDS='$(EXACT_SECONDS)' ADVISE_BASELINE='$(BASELINE)' ADVISE_OUT='$(OUT)' npm run bench -- advise

bench-cluster: ## cluster scaling: stacks/s in process and with 1, 2, 4 worker processes over nats-server, batch sizes 16-1024
	npm run bench -- cluster

scaling-experiment: ## horizontal scaling (docs/scaling.md): embedded vs 1 and 2 workers measured, the protocol model to 256 workers; QUICK=1 short, REPEAT=n runs each (fastest kept); OUT=docs writes docs/scaling-results.md and SVGs; LEAF=k leaf rollouts per request; BATCH=b rollouts per batch; IN_FLIGHT=d of the workloads beside the tf21 mcts D sweep (defaults: the advise defaults); DUMP=file keeps the measurements, FROM=file re-renders from them
	npm run build
	node dist/test/scaling/scaling-experiment.js $(if $(QUICK),--quick) $(if $(OUT),--out $(OUT)) $(if $(REPEAT),--repeat $(REPEAT)) $(if $(LEAF),--leaf $(LEAF)) $(if $(BATCH),--batch $(BATCH)) $(if $(IN_FLIGHT),--in-flight $(IN_FLIGHT)) $(if $(DUMP),--dump $(DUMP)) $(if $(FROM),--from $(FROM))

message-trip: ## one batch's trip phase by phase (docs/scaling.md): a real nats-server and worker service, tf21 mcts, batch 256; LEAF=k (default 8), IN_FLIGHT=d (default 1), BUDGET=n stacks, PREDICTOR=td, WORKLOAD=flask, THREADS=n
	npm run build
	node dist/test/scaling/message-trip.js $(if $(LEAF),--leaf $(LEAF)) $(if $(BUDGET),--budget $(BUDGET)) $(if $(PREDICTOR),--predictor $(PREDICTOR)) $(if $(WORKLOAD),--workload $(WORKLOAD)) $(if $(IN_FLIGHT),--in-flight $(IN_FLIGHT)) $(if $(THREADS),--threads $(THREADS))

pool-overhead: ## where a message's time on the rollout pool goes beyond the kernel's (docs/scaling.md): tf21 mcts batches, one-thread pool; LEAF=k (default 8)
	npm run build
	node dist/test/scaling/pool-overhead.js $(if $(LEAF),--leaf $(LEAF))

nats-floor: ## the floor of a batch's two NATS hops (docs/scaling.md): round trips with no work between two processes, work queue + results stream vs core request/reply
	npm run build
	node dist/test/scaling/nats-floor.js

clean: ## remove build output
	rm -rf dist
