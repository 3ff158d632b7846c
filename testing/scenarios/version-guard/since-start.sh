#!/bin/bash
# since-start.sh: what hq's charon logged since restart.sh started it
tail -n +$(($(cat "$LAB_DIR/hq/log-start") + 1)) "$LAB_DIR/hq/charon.log"
