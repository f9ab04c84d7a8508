# Front end over CMake and ctest. `make test` and `make regress` set up a bare machine first.
BUILD     ?= build
JOBS      ?= $(shell nproc)
GENERATOR := $(if $(shell command -v ninja),-G Ninja,)
CMAKE_ARGS ?=
PYTHON    ?= python3

.PHONY: all deps configure build test regress lint waves bench plots ser-plot power-plot asan clean

all: build

deps:
	@bash sim/deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(GENERATOR) $(CMAKE_ARGS)

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) --parallel $(JOBS)

# Unit, block and system tests; the ctest summary is the last thing printed.
test: build
	ctest --test-dir $(BUILD) --output-on-failure --parallel $(JOBS) --label-exclude long --no-label-summary

# The main job: every test over several seeds, failures rerun with waves, one merged results.xml.
regress: build
	$(PYTHON) sim/regress.py --build $(BUILD) --jobs $(JOBS) $(REGRESS_ARGS)

lint: deps
	bash sim/lint.sh $(BUILD)

# make waves TEST=<Suite.Name> [SEED=n]
waves: build
	$(PYTHON) sim/waves.py --build $(BUILD) --test "$(TEST)" $(if $(SEED),--seed $(SEED),)

bench: build
	$(PYTHON) sim/bench.py --build $(BUILD)

# Plots people look at: SER vs SNR for PAM-4 (out/plots/ser_vs_snr.svg) and one power-up
# with rails, loads, flow and ASIC temperatures (out/plots/power_up.svg).
plots: ser-plot power-plot

ser-plot: deps configure
	cmake --build $(BUILD) --target pam4_ser_sweep --parallel $(JOBS)
	bash sim/plots/ser_vs_snr.sh $(BUILD)

power-plot: deps configure
	bash sim/plots/power_up.sh $(BUILD)

asan:
	$(MAKE) test BUILD=build-asan CMAKE_ARGS="-DXPO_SANITIZE=ON -DXPO_BENCH=OFF"

clean:
	rm -rf $(BUILD) build-asan
