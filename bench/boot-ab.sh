#!/usr/bin/env bash
# A/B of container boots: bin/start until "Registering commands for bundle io.jvirt.shell-bundle" in karaf.log.
# usage: bench/boot-ab.sh ROUNDS A.tar.gz B.tar.gz   (two karaf-dist archives; under the build lock)
# Each archive unpacked on a free ssh port, its first and second start untimed (a distribution that makes a
# class data sharing archive writes it at the first stop), then ROUNDS rounds alternating A B, B A, ...
set -u
rounds=$1; dist_a=$(readlink -f "$2"); dist_b=$(readlink -f "$3")
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
base=$(mktemp -d /tmp/jvirt-boot-ab-XXXX)
declare -A home
for n in A B; do
  [ $n = A ] && dist=$dist_a || dist=$dist_b
  mkdir -p $base/$n; (cd $base/$n && tar xzf $dist); home[$n]=$(ls -d $base/$n/karaf-dist-*)
  port=$((20000 + RANDOM % 20000)); sed -i "s/^sshPort.*/sshPort = $port/" ${home[$n]}/etc/org.apache.karaf.shell.cfg
done
boot() { # $1 = A|B ; prints ms until the shell bundle's commands are registered
  cd ${home[$1]}; local before=$(cat data/log/karaf.log 2>/dev/null | wc -l); local t0=$(date +%s%N)
  bin/start
  for i in $(seq 1 3000); do
    if [ -f data/log/karaf.log ] && tail -n +$((before+1)) data/log/karaf.log | grep -q 'Registering commands for bundle io.jvirt.shell-bundle'; then break; fi
    sleep 0.01
  done
  local t1=$(date +%s%N); echo $(( (t1-t0)/1000000 ))
}
halt() { cd ${home[$1]}; local pid=$(cat karaf.pid); kill $pid; while kill -0 $pid 2>/dev/null; do sleep 0.01; done; }
for n in A B; do boot $n >/dev/null; sleep 3; halt $n; done          # first starts (B writes its archive at this stop)
for n in A B; do boot $n >/dev/null; sleep 2; halt $n; done          # second starts (B checks its archive once)
echo "B archive: $(ls -la ${home[B]}/data/jvirt-cds/ | grep -c jsa) files, $(du -m ${home[B]}/data/jvirt-cds/jvirt.jsa | cut -f1) MiB"
for r in $(seq 1 $rounds); do
  if [ $((r % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for n in $order; do ms=$(boot $n); sleep 2; echo "$n $ms"; halt $n; done
done
rm -rf $base
