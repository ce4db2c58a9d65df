#!/usr/bin/env bash
# Builds the tiny guest the driver-qemu tests boot: a Debian kernel and a busybox initramfs whose
# init powers the machine off when the ACPI power button is pressed (QMP system_powerdown), runs
# the virtio balloon driver and reports every change of its MemTotal on the serial port
# ("MEMTOTAL <kB>"), loads the pvpanic driver, and panics on purpose after READY when its kernel
# command line says jvirt.panic=1 (the QEMU driver's crash handling is tested with it). With
# jvirt.ip=ADDR/LEN on its command line it puts that address on its virtio NIC (eth0) before READY
# (jvirt.ip=dhcp: asks for a lease, as a guest on a libvirt network does, and reports "NET ADDR/LEN");
# jvirt.gw=ADDR adds a default route, and jvirt.connect=HOST:PORT[,HOST:PORT...] then opens a TCP
# connection to each, sends "hello from the guest" and reports "CONNECT HOST:PORT OK|FAIL".
# Every line typed on its serial port is answered with "GOT <line>" (the console tests type into it).
#
#   build-tiny-guest.sh OUTDIR      -> OUTDIR/vmlinuz, OUTDIR/initrd.gz
#
# Nothing is installed but the cpio tool (when missing); the kernel and busybox packages are only
# downloaded and unpacked. Exit status: 0 built (or already built), 2 cannot build here (the
# message on stderr names what is missing), 1 failed.
set -euo pipefail

out=${1:?usage: build-tiny-guest.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# a guest built by another version of this script is built again
recipe=$(sha1sum < "$0" | cut -c1-40)
if [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.gz" ] && [ "$(cat "$out/RECIPE" 2>/dev/null)" = "$recipe" ]; then
    echo "tiny guest already built in $out"
    exit 0
fi

missing() { echo "build-tiny-guest: cannot build the tiny guest: $*" >&2; exit 2; }

command -v apt-get >/dev/null || missing "apt-get is not available (not Debian?)"
command -v dpkg-deb >/dev/null || missing "dpkg-deb is not available"
if ! command -v cpio >/dev/null; then
    [ "$(id -u)" = 0 ] || missing "cpio is not installed and installing it needs root (apt-get install cpio)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cpio >/dev/null \
        || missing "cpio is not installed and apt-get install cpio failed"
fi

work=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# the newest 6.1 amd64 kernel image apt knows (no -dbg, no -unsigned, no -rt/-cloud flavour)
kpkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null | awk '{print $1}' | sort -V | tail -1)
if [ -z "$kpkg" ]; then
    [ "$(id -u)" = 0 ] || missing "apt knows no linux-image-6.1.0-*-amd64 package and 'apt-get update' needs root"
    apt-get update -qq >/dev/null || true
    kpkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)
fi
[ -n "$kpkg" ] || missing "no linux-image-6.1.0-*-amd64 package in the apt sources"

apt-get download -qq "$kpkg" busybox-static >/dev/null 2>&1 \
    || missing "apt-get download $kpkg busybox-static failed (no network or no apt lists?)"
mkdir kernel bb root
dpkg-deb -x ./"$kpkg"_*.deb kernel
dpkg-deb -x ./busybox-static_*.deb bb

kver=$(ls kernel/lib/modules | head -1)
vmlinuz=$(ls kernel/boot/vmlinuz-* | head -1)
moddir=kernel/lib/modules/$kver/kernel/drivers

mkdir -p root/bin root/sbin root/proc root/sys root/dev root/etc/acpi/PWRF root/lib/modules
cp bb/bin/busybox root/bin/busybox
# in load order: a module comes after the ones it depends on
for m in input/evdev.ko acpi/button.ko virtio/virtio_ring.ko virtio/virtio.ko virtio/virtio_pci_modern_dev.ko \
         virtio/virtio_pci_legacy_dev.ko virtio/virtio_pci.ko virtio/virtio_balloon.ko \
         misc/pvpanic/pvpanic.ko misc/pvpanic/pvpanic-mmio.ko \
         ../net/core/failover.ko net/net_failover.ko net/virtio_net.ko; do
    f=$moddir/$m
    if [ -f "$f" ]; then cp "$f" root/lib/modules/;
    elif [ -f "$f.xz" ]; then xz -dc "$f.xz" > root/lib/modules/"$(basename "$f")";
    else echo "build-tiny-guest: $m not found in $kpkg" >&2; exit 1; fi
done

cat > root/etc/acpi/PWRF/00000080 <<'ACPI'
#!/bin/busybox sh
/bin/busybox poweroff -f
ACPI
chmod 755 root/etc/acpi/PWRF/00000080

cat > root/etc/udhcpc.script <<'DHCP'
#!/bin/busybox sh
# udhcpc's hook: on a lease, the address on the interface and a line on the serial port
case "$1" in
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" dev "$interface"
        echo "NET $ip/${mask:-24}" > /dev/ttyS0
        ;;
esac
DHCP
chmod 755 root/etc/udhcpc.script

cat > root/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in evdev button virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci \
         virtio_balloon pvpanic pvpanic-mmio failover net_failover virtio_net; do
    insmod /lib/modules/$m.ko 2>/dev/null
done
ipaddr=$(sed -n 's/.*jvirt\.ip=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ "$ipaddr" = dhcp ]; then
    # a lease from the network's DHCP server; the script puts the address on eth0 and reports it
    ip link set lo up
    ip link set eth0 up
    # 3 s per try: dnsmasq checks an address with a ping (up to 3 s, answering nothing meanwhile)
    # before it offers it, so a second client's request may wait that long for its ack
    udhcpc -i eth0 -n -q -t 10 -T 3 -x hostname:tinyguest -s /etc/udhcpc.script >/dev/null 2>&1 \
        || echo "NET DHCP FAILED" > /dev/ttyS0
elif [ -n "$ipaddr" ]; then
    ip link set lo up
    ip addr add "$ipaddr" dev eth0 && ip link set eth0 up && echo "NET $ipaddr" > /dev/ttyS0
fi
# typed lines come back as "GOT <line>": what a console types reaches a program in the guest
(while read -r typed; do echo "GOT $typed"; done) < /dev/ttyS0 > /dev/ttyS0 2>/dev/null &
gw=$(sed -n 's/.*jvirt\.gw=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -n "$gw" ] && ip route add default via "$gw"
for target in $(sed -n 's/.*jvirt\.connect=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' '); do
    if echo "hello from the guest" | nc -w 3 "${target%:*}" "${target##*:}" >/dev/null 2>&1; then
        echo "CONNECT $target OK" > /dev/ttyS0
    else
        echo "CONNECT $target FAIL" > /dev/ttyS0
    fi
done
acpid -d -c /etc/acpi >/dev/null 2>&1 &
acpid_pid=$!
# READY only once acpid has opened the power button's event device: a button pressed before
# that would be lost, and the guest would never power off
i=0
while [ $i -lt 300 ] && ! ls -l /proc/$acpid_pid/fd 2>/dev/null | grep -q /dev/input/event; do
    i=$((i + 1))
    sleep 0.1 2>/dev/null || sleep 1
done
echo READY > /dev/ttyS0
if grep -q 'jvirt.panic=1' /proc/cmdline; then
    echo c > /proc/sysrq-trigger
fi
last=
while true; do
    now=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
    if [ "$now" != "$last" ]; then
        echo "MEMTOTAL $now" > /dev/ttyS0
        last=$now
    fi
    sleep 1
done
INIT
chmod 755 root/init

(cd root && find . | cpio -o -H newc --quiet) | gzip -9 > initrd.gz
cp "$vmlinuz" vmlinuz
mv initrd.gz "$out/initrd.gz"
mv vmlinuz "$out/vmlinuz"
echo "$kpkg $kver" > "$out/VERSION"
echo "$recipe" > "$out/RECIPE"
echo "tiny guest built in $out ($kpkg)"
