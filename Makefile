# pklx — the Pickle Explorer.
#
#   make run [FILE=x.pkl]   install missing system packages, build, open the explorer
#   make test               install what tests need (incl. Xvfb), vet, gofmt, race tests, smoke test
#   make help               list every target
#
# System packages are checked with dpkg and installed with apt-get (as root, or
# through sudo). The Go build cache is Go's default, so warm rebuilds are quick;
# the first build of Fyne compiles its cgo parts and takes several minutes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Go: the one on PATH, else the standard tarball location.
GO ?= $(or $(shell command -v go 2>/dev/null),$(wildcard /usr/local/go/bin/go))
export GO
# The oldest Go we promise to work with. go.mod's own go line may be newer; Go
# 1.21+ downloads that toolchain by itself (GOTOOLCHAIN=auto, the default).
GO_MIN := 1.24
GO_MOD := $(shell sed -n 's/^go \([0-9.]*\).*/\1/p' go.mod 2>/dev/null)

BIN := bin/pklx
# Every Go file we own, NUL-separated; testdata/ may hold deliberately odd input.
GO_FILES := find . -path ./.git -prune -o -path '*/testdata' -prune -o -name '*.go' -type f -print0
FILE ?=

# Debian/Ubuntu packages. Build: cgo toolchain and the headers go-gl/glfw and
# Fyne's GTK file dialogs link against. Test: a virtual X server and the tools
# the smoke test uses to look at the window's pixels.
BUILD_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxrandr-dev \
	libxxf86vm-dev libxi-dev libxcursor-dev libxinerama-dev libxext-dev libgtk-3-dev
TEST_PKGS := xvfb xauth xclip imagemagick xdotool

# Overridable so the install path can be exercised without installing anything:
#   make deps-build BUILD_PKGS='gcc no-such-pkg' APT_GET='echo apt-get'
APT_GET ?= apt-get
SUDO ?= sudo

# apt_ensure(packages, what): install the packages dpkg does not report as
# installed. Root installs directly, others through sudo; with neither, print
# the command to run and fail.
define apt_ensure
if ! command -v dpkg >/dev/null 2>&1; then \
	echo "deps: no dpkg: not Debian/Ubuntu. Install the equivalents of these $(2) packages yourself:"; \
	echo "  $(strip $(1))"; \
	exit 0; \
fi; \
missing=""; \
for p in $(1); do \
	case "$$(dpkg -s "$$p" 2>/dev/null || true)" in \
	*"Status: install ok installed"*) ;; \
	*) missing="$$missing $$p" ;; \
	esac; \
done; \
if [ -z "$$missing" ]; then \
	echo "deps: all $(words $(1)) $(2) packages are installed"; \
	exit 0; \
fi; \
echo "deps: missing $(2) packages:$$missing"; \
if [ "$$(id -u)" -eq 0 ]; then \
	sudo=""; \
elif command -v $(SUDO) >/dev/null 2>&1; then \
	sudo="$(SUDO) "; \
else \
	echo "deps: not root and no sudo; as an administrator, run:"; \
	echo "  sudo $(APT_GET) update && sudo DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y --no-install-recommends$$missing"; \
	exit 1; \
fi; \
echo "deps: installing:$$missing"; \
$${sudo}env DEBIAN_FRONTEND=noninteractive $(APT_GET) update; \
$${sudo}env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y --no-install-recommends $$missing
endef

.PHONY: help deps deps-build deps-test check-go check-display build run test \
	vet fmt fmt-check test-go nocgo smoke fuzz clean

help: ## list the targets
	@echo "usage: make TARGET [FILE=path/to/file.pkl]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14 | sed 's/^/  /'

deps: check-go ## install every missing system package (build + test) with apt-get
	@$(call apt_ensure,$(BUILD_PKGS) $(TEST_PKGS),build and test)

deps-build: check-go ## install missing system packages needed to build
	@$(call apt_ensure,$(BUILD_PKGS),build)

deps-test: ## install missing system packages needed by the smoke test
	@$(call apt_ensure,$(TEST_PKGS),test)

check-go: ## check that Go (>= 1.24) is installed
	@if [ -z "$(GO)" ]; then \
		echo "go: not found on PATH or in /usr/local/go/bin."; \
		echo "    pklx needs Go >= $(GO_MIN): https://go.dev/doc/install (then: export PATH=\$$PATH:/usr/local/go/bin)"; \
		exit 1; \
	fi; \
	v=$$(cd / && "$(GO)" env GOVERSION); \
	n=$${v#go}; n=$${n%%[!0-9.]*}; \
	if [ -z "$$n" ]; then \
		echo "go: $(GO) is $$v; cannot compare it with $(GO_MIN), carrying on"; \
	elif [ "$$(printf '%s\n' "$(GO_MIN)" "$$n" | sort -V | head -n1)" != "$(GO_MIN)" ]; then \
		echo "go: $(GO) is $$v; pklx needs Go >= $(GO_MIN): https://go.dev/doc/install"; \
		exit 1; \
	else \
		echo "go: $$v at $(GO) (go.mod asks for $(GO_MOD))"; \
	fi

check-display:
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
		echo "run: no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so there is nowhere to open a window."; \
		echo "     From a desktop session this just works; over SSH use 'ssh -X' (or -Y)."; \
		echo "     Headless, 'make build' and then, for a picture of the window:"; \
		echo "       xvfb-run -a ./$(BIN) snapshot $(or $(FILE),assets/sample.pkl) shot.png"; \
		echo "     or the command-line views: ./$(BIN) dis|show|json|stat FILE"; \
		exit 1; \
	fi

build: check-go ## build bin/pklx
	"$(GO)" build -o $(BIN) .

run: check-display deps-build build ## build and open the explorer on FILE (default: the bundled sample)
	./$(BIN) $(if $(FILE),"$(FILE)")

test: deps vet fmt-check test-go nocgo smoke ## everything CI runs

vet: check-go ## go vet
	"$(GO)" vet ./...

fmt: check-go ## gofmt -w every Go file
	$(GO_FILES) | xargs -0 -r "$$("$(GO)" env GOROOT)/bin/gofmt" -l -w

fmt-check: check-go ## fail if any Go file is not gofmt'ed
	@out=$$($(GO_FILES) | xargs -0 -r "$$("$(GO)" env GOROOT)/bin/gofmt" -l); \
	if [ -n "$$out" ]; then \
		echo "gofmt: these files need formatting (run 'make fmt'):"; \
		echo "$$out" | sed 's/^/  /'; \
		exit 1; \
	fi; \
	echo "gofmt: all files formatted"

test-go: check-go ## go test -race ./...
	"$(GO)" test -race ./...

nocgo: check-go ## decoder/ and model/ must build without cgo
	CGO_ENABLED=0 "$(GO)" build ./decoder/... ./model/...

smoke: deps-test ## real window under Xvfb: snapshot + dis golden (scripts/smoke.sh)
	scripts/smoke.sh

fuzz: check-go ## fuzz the decoder for 60 s
	"$(GO)" test -run='^$$' -fuzz=FuzzDecode -fuzztime=60s ./decoder

clean: ## remove build output (not Go's build cache)
	rm -rf bin
	rm -f shot*.png *.test *.prof
