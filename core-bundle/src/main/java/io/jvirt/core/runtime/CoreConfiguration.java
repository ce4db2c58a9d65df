package io.jvirt.core.runtime;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt core", description = "Connection defaults of the jvirt core (PID io.jvirt.core)")
@interface CoreConfiguration {

    @AttributeDefinition(name = "Default URI",
        description = "The URI opened when none is given; the LIBVIRT_DEFAULT_URI environment variable wins")
    String default_uri() default ConnectorImpl.BUILTIN_DEFAULT_URI;

    @AttributeDefinition(name = "URI aliases",
        description = "alias=uri pairs (as libvirt's uri_aliases); an alias given to open() stands for its URI",
        required = false)
    String[] uri_aliases() default {};

    @AttributeDefinition(name = "Files of read-only connections",
        description = "The only directory whose files read-only connections (and console viewers) may make jvirt read: "
            + "test:///PATH node files, files given to console commands. Unset: none at all. Read-write connections read any file.",
        required = false)
    String readonly_files_dir() default "";
}
