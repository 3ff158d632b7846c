# topology.sh (sourced by testing/run after the standard topology, before
# charon starts): hqlan's certificates and servers are ready before the
# first probe
lab_exec hqlan ./servers.sh || return 1
