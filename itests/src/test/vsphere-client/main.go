// An independent vSphere client for jvirt's distribution test: govmomi's own client library
// (Debian's golang-github-vmware-govmomi-dev), not jvirt's SOAP code, so that what the
// distribution reports is checked against what another vSphere client sees.
//
//	vsphere-client -u http://user:pass@127.0.0.1:PORT/sdk
//
// prints one line per virtual machine: name, power state, config.uuid, memory in MB, vCPUs and
// the managed object id, separated by tabs, sorted by name.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"sort"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
)

func main() {
	sdk := flag.String("u", "", "the server's SDK URL, with user:password")
	flag.Parse()
	u, err := url.Parse(*sdk)
	if err != nil || *sdk == "" {
		log.Fatalf("-u: a URL such as http://user:pass@127.0.0.1:8989/sdk is needed")
	}
	ctx := context.Background()
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		log.Fatalf("login: %v", err)
	}
	defer c.Logout(ctx)

	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder,
		[]string{"VirtualMachine"}, true)
	if err != nil {
		log.Fatalf("container view: %v", err)
	}
	defer v.Destroy(ctx)
	var vms []mo.VirtualMachine
	props := []string{"name", "runtime.powerState", "config.uuid", "config.hardware.memoryMB", "config.hardware.numCPU"}
	if err := v.Retrieve(ctx, []string{"VirtualMachine"}, props, &vms); err != nil {
		log.Fatalf("retrieve: %v", err)
	}
	sort.Slice(vms, func(i, j int) bool { return vms[i].Name < vms[j].Name })
	for _, vm := range vms {
		fmt.Printf("%s\t%s\t%s\t%d\t%d\t%s\n", vm.Name, vm.Runtime.PowerState, vm.Config.Uuid,
			vm.Config.Hardware.MemoryMB, vm.Config.Hardware.NumCPU, vm.Self.Value)
	}
}
