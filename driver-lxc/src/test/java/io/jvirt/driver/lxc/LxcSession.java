package io.jvirt.driver.lxc;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.jvirt.api.Connection;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * A test's fresh {@link LxcFixture}, a driver on its settings and an {@code lxc:///} connection,
 * made before each test and ended after it (the driver deactivated, then the fixture's containers
 * and relays ended by pid and its files removed). Registered with {@code @RegisterExtension}.
 */
final class LxcSession implements BeforeEachCallback, AfterEachCallback {

    LxcFixture fx;
    LxcDriver driver;
    Connection conn;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        fx = LxcFixture.create();
        driver = new LxcDriver(fx.settings());
        conn = StandaloneConnector.create(null, driver).open("lxc:///");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (driver != null) {
                driver.deactivate();
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }
}
