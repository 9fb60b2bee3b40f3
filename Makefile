# pklx — the Pickle Explorer.
#
#   make run [FILE=x.pkl]   install missing system packages, build, open the explorer
#   make cli                the command line alone, without cgo: bin/pklx-cli
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
CLI_BIN := bin/pklx-cli
# Every Go file we own, NUL-separated; testdata/ may hold deliberately odd input.
GO_FILES := find . -path ./.git -prune -o -path '*/testdata' -prune -o -name '*.go' -type f -print0
FILE ?=

# Debian/Ubuntu packages. Build: cgo toolchain and the headers go-gl/glfw and
# Fyne's GTK file dialogs link against. Test: a virtual X server and the tools
# the smoke test uses to look at the window's pixels.
BUILD_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxrandr-dev \
	libxxf86vm-dev libxi-dev libxcursor-dev libxinerama-dev libxext-dev libgtk-3-dev
TEST_PKGS := xvfb xauth xclip imagemagick xdotool
# The desktop test: the freedesktop.org tools that install runs, and gio and
# xdg-mime to ask what a file is and open it the way a file manager does.
DESKTOP_PKGS := xdg-utils shared-mime-info desktop-file-utils libglib2.0-bin dbus

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

.PHONY: help deps deps-build deps-test check-go check-display build cli run test \
	vet fmt fmt-check test-go nocgo smoke fuzz clean
.PHONY: deps-desktop stage install uninstall package-linux desktop-test bench

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

build: check-go ## build bin/pklx (the window and the command line)
	"$(GO)" build -o $(BIN) .

cli: check-go ## build bin/pklx-cli: the command line alone, static, without cgo (no GL/X11/GTK needed)
	CGO_ENABLED=0 "$(GO)" build -o $(CLI_BIN) .

run: check-display deps-build build ## build and open the explorer on FILE (default: the bundled sample)
	./$(BIN) $(if $(FILE),"$(FILE)")

test: deps vet fmt-check test-go nocgo smoke desktop-test ## everything CI runs

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

nocgo: check-go ## decoder/, model/ and the command-line build must build (and the CLI pass its tests) without cgo
	CGO_ENABLED=0 "$(GO)" build ./decoder/... ./model/...
	CGO_ENABLED=0 "$(GO)" build -o /dev/null .
	CGO_ENABLED=0 "$(GO)" test .

smoke: deps-test ## real window under Xvfb: snapshot + dis golden (scripts/smoke.sh)
	scripts/smoke.sh

fuzz: check-go ## fuzz the decoder for 60 s
	"$(GO)" test -run='^$$' -fuzz=FuzzDecode -fuzztime=60s ./decoder

# ---- Install, uninstall and the Linux package ---------------------------------
# `make install` is per user (~/.local/bin, ${XDG_DATA_HOME:-~/.local/share});
# `make install PREFIX=/usr/local` (as root) is for everyone; DESTDIR stages for
# a distribution package. `make uninstall` takes the same PREFIX and DESTDIR.
# Both run scripts/install.sh and scripts/uninstall.sh, which are also the
# install.sh and uninstall.sh of the tarball `make package-linux` writes, so
# both ways install exactly the same files.
PREFIX ?=
DESTDIR ?=
VERSION := $(shell sed -n 's/^ *Version *= *"\([^"]*\)".*/\1/p' FyneApp.toml)
# Lazy: only the targets that use it run go env.
DIST_NAME = pklx-$(VERSION)-linux-$(shell "$(GO)" env GOARCH)
STAGE = bin/dist/$(DIST_NAME)
# hicolor sizes rendered from the 512x512 assets/icon.png (plus it, and icon.svg).
ICON_SIZES := 16 22 24 32 48 64 128 256

deps-desktop: ## install missing system packages needed by the desktop test
	@$(call apt_ensure,$(DESKTOP_PKGS),desktop test)

stage: build ## assemble bin/dist/pklx-VERSION-linux-ARCH/: the files install copies
	@stage="$(STAGE)"; \
	rm -rf "$$stage"; \
	mkdir -p "$$stage/bin" "$$stage/share/applications" "$$stage/share/mime/packages" \
		"$$stage/share/icons/hicolor/512x512/apps" "$$stage/share/icons/hicolor/scalable/apps"; \
	install -m 0755 $(BIN) "$$stage/bin/pklx"; \
	install -m 0644 assets/desktop/io.github.pklx.desktop "$$stage/share/applications/"; \
	install -m 0644 assets/desktop/io.github.pklx.xml "$$stage/share/mime/packages/"; \
	install -m 0644 assets/icon.png "$$stage/share/icons/hicolor/512x512/apps/io.github.pklx.png"; \
	install -m 0644 assets/icon.svg "$$stage/share/icons/hicolor/scalable/apps/io.github.pklx.svg"; \
	if command -v convert >/dev/null 2>&1; then \
		for n in $(ICON_SIZES); do \
			mkdir -p "$$stage/share/icons/hicolor/$${n}x$${n}/apps"; \
			convert assets/icon.png -resize "$${n}x$${n}" -strip \
				-define png:exclude-chunks=date,time \
				"PNG32:$$stage/share/icons/hicolor/$${n}x$${n}/apps/io.github.pklx.png"; \
		done; \
		echo "stage: $$stage (icons 512 + $(ICON_SIZES) + scalable)"; \
	elif [ -n "$${PKLX_NEED_ICONS:-}" ]; then \
		echo "stage: ImageMagick's convert is needed for the small icons: run 'make deps-test'"; \
		exit 1; \
	else \
		echo "stage: $$stage (no ImageMagick 'convert': only the 512 px and scalable icons;"; \
		echo "       desktops scale them, or run 'make deps-test' and install again for sharper small icons)"; \
	fi

# Passed through the environment, not the command line, so any path works.
install uninstall: export PREFIX := $(PREFIX)
install uninstall: export DESTDIR := $(DESTDIR)

install: stage ## install pklx, its desktop entry, file types and icons (user-level; PREFIX=/usr/local for all)
	scripts/install.sh --from "$(STAGE)"

uninstall: ## remove everything install put in place (give the same PREFIX)
	scripts/uninstall.sh

package-linux: export PKLX_NEED_ICONS := 1
package-linux: stage ## bin/dist/pklx-VERSION-linux-ARCH.tar.gz: binary, desktop files, icons, install.sh
	@stage="$(STAGE)"; \
	install -m 0755 scripts/install.sh scripts/uninstall.sh "$$stage/"; \
	install -m 0644 assets/desktop/Makefile.dist "$$stage/Makefile"; \
	tar -C bin/dist --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime="@$$(git log -1 --format=%ct 2>/dev/null || date +%s)" \
		-czf "bin/dist/$(DIST_NAME).tar.gz" "$(DIST_NAME)"; \
	echo "package-linux: bin/dist/$(DIST_NAME).tar.gz"; \
	tar -tzvf "bin/dist/$(DIST_NAME).tar.gz" | awk '!/^d/ { print "  " $$3 "\t" $$6 }'

desktop-test: deps-test deps-desktop build ## Xvfb: install to a temporary HOME, open files as a file manager does, uninstall
	scripts/test_desktop.sh

bench: build cli ## side-by-side benchmark against CPython (scripts/bench.py), written to BENCHMARKS.md
	python3 scripts/bench.py --pklx $(BIN) --pklx-cli $(CLI_BIN) --runs 3 $(BENCH_ARGS)

clean: ## remove build output (not Go's build cache)
	rm -rf bin
	rm -f shot*.png *.test *.prof
