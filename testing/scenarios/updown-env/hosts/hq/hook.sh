#!/bin/sh
# records its whole environment, one file per call
n=$(ls "$(dirname "$0")"/hook-*.env 2>/dev/null | wc -l)
env | sort > "$(dirname "$0")/hook-$n.env"
