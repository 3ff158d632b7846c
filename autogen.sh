#!/bin/sh
# regenerate the build system
set -e
cd "$(dirname "$0")"
autoreconf --install --force
