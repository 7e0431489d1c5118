#!/usr/bin/env bash
# Fills the npm cache with what test/package/pack.test.ts installs without network: devgen's
# tarball into a new project, then the tools `devgen init` adds to it.
#
# `npm ci` caches the package tarballs of the lock file but not the registry metadata an install
# without a lock file resolves versions against, and a new user project has no lock file. So
# this runs the same installs once with network (reusing every cached tarball), which caches
# exactly the metadata and tarballs the offline installs then resolve to. .ci/run calls it after
# `npm ci`; run it once by hand before the pack test on a machine where .ci/run has not run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && npm pack --silent --pack-destination "$tmp" >/dev/null)
mkdir "$tmp/project"
cd "$tmp/project"
npm install --prefer-offline --no-audit --no-fund "$tmp"/devgen-*.tgz
npx devgen init >/dev/null
npm install --prefer-offline --no-audit --no-fund
