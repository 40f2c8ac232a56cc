#!/usr/bin/env bash
# A throwaway single-node Slurm cluster on this machine, for testing deploy/slurm for real:
# munged, slurmctld and slurmd on localhost, every file (config, spool, logs, sockets, PIDs)
# under one state folder. Needs root and Debian's slurm-wlm + munge (no systemd, no cgroups,
# no accounting daemon).
#
#   local-cluster.sh start DIR   # writes DIR/slurm.conf, starts the daemons, waits for the node
#   local-cluster.sh stop DIR    # stops exactly the daemons that `start DIR` started
#   local-cluster.sh env DIR     # prints `export SLURM_CONF=...` for sbatch/squeue/scancel
set -euo pipefail

die() { echo "local-cluster: $*" >&2; exit 2; }

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: local-cluster.sh start|stop|env DIR"

stop_pid() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

stop() {
  # slurmd first (it owns the job steps), then the controller, then munge.
  stop_pid "$dir/slurmd.pid.keep"
  stop_pid "$dir/slurmctld.pid.keep"
  stop_pid "$dir/munged.pid.keep"
  # Job steps are children of slurmstepd processes that slurmd started: kill any left.
  pkill -KILL -f "slurmstepd.*$dir" 2>/dev/null || true
}

case "$cmd" in
  env) echo "export SLURM_CONF=$dir/slurm.conf"; exit 0 ;;
  stop) stop; exit 0 ;;
  start) ;;
  *) die "unknown command '$cmd' (start, stop or env)" ;;
esac

[ "$(id -u)" = 0 ] || die "must run as root (it starts munged as user munge and slurmd as root)"
for bin in munged slurmctld slurmd sbatch squeue scancel; do
  command -v "$bin" >/dev/null || die "$bin not found: apt-get install -y slurm-wlm munge"
done
id munge >/dev/null 2>&1 || die "user munge missing: apt-get install -y munge"

stop
# Wipe the spool folders at each start: a controller that finds old state recovers old jobs.
rm -rf "$dir/ctld" "$dir/d" "$dir/munge" "$dir/log"
mkdir -p "$dir/ctld" "$dir/d" "$dir/munge/key" "$dir/log"
chmod 755 "$dir"
runuser -u munge -- test -x "$dir" \
  || die "user munge cannot reach $dir: every folder above it must be searchable by others (chmod o+x)"

# munged runs as user munge with its own key, socket and files.
# munged wants its socket folder open to all (execute) and its key private.
dd if=/dev/urandom of="$dir/munge/key/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$dir/munge"
chmod 755 "$dir/munge"
chmod 700 "$dir/munge/key"
chmod 400 "$dir/munge/key/munge.key"
sock="$dir/munge/munge.socket"
runuser -u munge -- /usr/sbin/munged --key-file="$dir/munge/key/munge.key" --socket="$sock" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/key/munged.seed"
for _ in $(seq 1 50); do [ -s "$dir/munge/munged.pid" ] && break; sleep 0.1; done
[ -s "$dir/munge/munged.pid" ] || die "munged did not start: see $dir/munge/munged.log"
cp "$dir/munge/munged.pid" "$dir/munged.pid.keep"

# The node line comes from slurmd -C, so the node is never drained for a CPU/memory mismatch.
node=$(slurmd -C | head -n 1)
nodename=$(echo "$node" | sed -n 's/^NodeName=\([^ ]*\).*/\1/p')
port_base=$(( 20000 + (RANDOM % 20000) ))
cat > "$dir/slurm.conf" <<CONF
ClusterName=lrfinder-test
SlurmctldHost=$nodename(127.0.0.1)
SlurmctldPort=$port_base
SlurmdPort=$((port_base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MpiDefault=none
$node State=UNKNOWN
PartitionName=test Nodes=$nodename Default=YES MaxTime=INFINITE State=UP
CONF

export SLURM_CONF="$dir/slurm.conf"
setsid slurmctld -D -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 < /dev/null &
echo $! > "$dir/slurmctld.pid.keep"
setsid slurmd -D -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 < /dev/null &
echo $! > "$dir/slurmd.pid.keep"

# Ready when the node answers idle.
for _ in $(seq 1 150); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
  case "$state" in idle|idle*) echo "local-cluster: up ($nodename, $dir)"; exit 0 ;; esac
  sleep 0.2
done
echo "local-cluster: the node did not come up (state '${state:-none}'); logs:" >&2
tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
stop
exit 1
