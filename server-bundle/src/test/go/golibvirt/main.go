// A go-libvirt client (github.com/digitalocean/go-libvirt, Debian's package) for jvirt's server
// tests: connects to a libvirt UNIX socket, opens a URI, lists every domain with its state, then
// destroys and starts the named domain, printing what it sees after each step, one fact a line.
//
// usage: golibvirt SOCKET URI DOMAIN
package main

import (
	"fmt"
	"os"
	"time"

	libvirt "github.com/digitalocean/go-libvirt"
	"github.com/digitalocean/go-libvirt/socket/dialers"
)

func fail(step string, err error) {
	fmt.Printf("error %s: %v\n", step, err)
	os.Exit(1)
}

func state(l *libvirt.Libvirt, d libvirt.Domain) int32 {
	s, _, err := l.DomainGetState(d, 0)
	if err != nil {
		fail("state", err)
	}
	return s
}

func main() {
	if len(os.Args) != 4 {
		fmt.Println("usage: golibvirt SOCKET URI DOMAIN")
		os.Exit(2)
	}
	l := libvirt.NewWithDialer(dialers.NewLocal(dialers.WithSocket(os.Args[1]), dialers.WithLocalTimeout(10*time.Second)))
	if err := l.ConnectToURI(libvirt.ConnectURI(os.Args[2])); err != nil {
		fail("connect", err)
	}
	fmt.Println("connected")
	domains, _, err := l.ConnectListAllDomains(1, libvirt.ConnectListDomainsActive|libvirt.ConnectListDomainsInactive)
	if err != nil {
		fail("list", err)
	}
	for _, d := range domains {
		fmt.Printf("domain %s id=%d state=%d\n", d.Name, d.ID, state(l, d))
	}
	d, err := l.DomainLookupByName(os.Args[3])
	if err != nil {
		fail("lookup", err)
	}
	if err := l.DomainDestroy(d); err != nil {
		fail("destroy", err)
	}
	fmt.Printf("destroyed %s state=%d\n", d.Name, state(l, d))
	if err := l.DomainCreate(d); err != nil {
		fail("start", err)
	}
	fmt.Printf("started %s state=%d\n", d.Name, state(l, d))
	if err := l.DomainDestroy(d); err != nil {
		fail("destroy", err)
	}
	if _, err := l.DomainLookupByName("nosuch"); err != nil {
		fmt.Printf("lookup nosuch: %v\n", err)
	}
	if err := l.Disconnect(); err != nil {
		fail("disconnect", err)
	}
	fmt.Println("disconnected")
}
