// vcsim for jvirt's driver-esx tests: VMware's vSphere API simulator (govmomi's simulator
// library, as Debian packages it without the vcsim program) on a loopback port.
//
// It prints one line "URL <url>" once it listens, then serves until killed or until its
// standard input closes (so a test JVM that dies never leaves a simulator behind).
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	mode := flag.String("mode", "esx", "esx (a standalone host) or vpx (a vCenter)")
	listen := flag.String("l", "127.0.0.1:0", "loopback address and port to listen on")
	user := flag.String("user", "", "the only user accepted (any user and password when empty)")
	pass := flag.String("pass", "", "that user's password")
	useTLS := flag.Bool("tls", false, "serve https with a self-signed certificate")
	product := flag.String("product", "", "the productLineId to report instead of the mode's (gsx: a GSX server)")
	autostart := flag.Bool("autostart", false, "give every host the HostAutoStartManager a real host has (the simulator has none)")
	guest := flag.Bool("guest", false, "fill the VMs' summary.quickStats and the first VM's guest.hostName, as a host and VMware Tools report them")
	flag.Parse()

	model := simulator.ESX()
	if *mode == "vpx" {
		model = simulator.VPX()
	}
	defer model.Remove()
	if *product != "" {
		// the simulator has no GSX mode; a host that names its product line gsx is one to libvirt
		model.ServiceContent.About.ProductLineId = *product
	}
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	if *autostart {
		addAutoStartManagers(*mode == "vpx")
	}
	if *guest {
		fillGuestReports()
	}
	model.Service.Listen = &url.URL{Host: *listen}
	if *user != "" {
		model.Service.Listen.User = url.UserPassword(*user, *pass)
	}
	if *useTLS {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()
	u := *server.URL
	u.User = nil
	fmt.Printf("URL %s\n", u.String())
	os.Stdout.Sync()
	io.Copy(io.Discard, os.Stdin)
}

// autoStartManager is a host's HostAutoStartManager as ESX keeps it: system defaults and the list
// of VMs that take part in autostart, changed only through ReconfigureAutostart.
type autoStartManager struct {
	mo.HostAutoStartManager
}

// addAutoStartManagers serves one manager per host. On ESX it takes the reference the host already
// names (ha-autostart-mgr); vCenter hosts each get their own.
func addAutoStartManagers(vpx bool) {
	for _, e := range simulator.Map.All("HostSystem") {
		host := e.(*simulator.HostSystem)
		m := &autoStartManager{}
		m.Self = types.ManagedObjectReference{Type: "HostAutoStartManager"}
		if !vpx && host.ConfigManager.AutoStartManager != nil {
			m.Self = *host.ConfigManager.AutoStartManager
		}
		// a fresh ESX host: autostart off, two minutes between starts and stops
		m.Config.Defaults = &types.AutoStartDefaults{
			Enabled:          types.NewBool(false),
			StartDelay:       120,
			StopDelay:        120,
			WaitForHeartbeat: types.NewBool(false),
			StopAction:       "PowerOff",
		}
		ref := simulator.Map.Put(m).Reference()
		host.ConfigManager.AutoStartManager = &ref
	}
}

// ReconfigureAutostart merges the spec as ESX does: the defaults it gives replace the current
// ones, each powerInfo replaces the VM's entry (or adds one), and a VM whose start and stop
// actions are both "none" leaves the list. A key that is no VM is refused.
func (m *autoStartManager) ReconfigureAutostart(req *types.ReconfigureAutostart) soap.HasFault {
	body := &methods.ReconfigureAutostartBody{}
	for _, pi := range req.Spec.PowerInfo {
		if _, ok := simulator.Map.Get(pi.Key).(*simulator.VirtualMachine); !ok {
			body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "powerInfo.key"})
			return body
		}
	}
	if d := req.Spec.Defaults; d != nil {
		cur := m.Config.Defaults
		if d.Enabled != nil {
			cur.Enabled = d.Enabled
		}
		if d.StartDelay != 0 {
			cur.StartDelay = d.StartDelay
		}
		if d.StopDelay != 0 {
			cur.StopDelay = d.StopDelay
		}
		if d.WaitForHeartbeat != nil {
			cur.WaitForHeartbeat = d.WaitForHeartbeat
		}
		if d.StopAction != "" {
			cur.StopAction = d.StopAction
		}
	}
	for _, pi := range req.Spec.PowerInfo {
		kept := m.Config.PowerInfo[:0]
		for _, old := range m.Config.PowerInfo {
			if old.Key != pi.Key {
				kept = append(kept, old)
			}
		}
		m.Config.PowerInfo = kept
		if !strings.EqualFold(pi.StartAction, "none") || !strings.EqualFold(pi.StopAction, "none") {
			m.Config.PowerInfo = append(m.Config.PowerInfo, pi)
		}
	}
	body.Res = &types.ReconfigureAutostartResponse{}
	return body
}

// fillGuestReports gives every VM the memory figures a host reports for a running VM (the
// simulator reports none) and the first VM by name the host name its VMware Tools would report;
// the others report none, as a guest without Tools.
func fillGuestReports() {
	var vms []*simulator.VirtualMachine
	for _, e := range simulator.Map.All("VirtualMachine") {
		vms = append(vms, e.(*simulator.VirtualMachine))
	}
	sort.Slice(vms, func(i, j int) bool { return vms[i].Name < vms[j].Name })
	for i, vm := range vms {
		mb := vm.Config.Hardware.MemoryMB
		q := &vm.Summary.QuickStats
		q.GuestMemoryUsage = mb / 4
		q.HostMemoryUsage = mb/2 + 7
		q.BalloonedMemory = mb / 8
		q.SwappedMemory = 1
		if i == 0 {
			vm.Guest.HostName = strings.ToLower(strings.ReplaceAll(vm.Name, "_", "-")) + ".guest.example"
		}
	}
}
