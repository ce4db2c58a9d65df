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

	"github.com/vmware/govmomi/simulator"
)

func main() {
	mode := flag.String("mode", "esx", "esx (a standalone host) or vpx (a vCenter)")
	listen := flag.String("l", "127.0.0.1:0", "loopback address and port to listen on")
	user := flag.String("user", "", "the only user accepted (any user and password when empty)")
	pass := flag.String("pass", "", "that user's password")
	useTLS := flag.Bool("tls", false, "serve https with a self-signed certificate")
	product := flag.String("product", "", "the productLineId to report instead of the mode's (gsx: a GSX server)")
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
