package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/**
 * The generated round trip: {@value #DEFAULT_COUNT} random valid definitions from
 * {@link DomainModelGenerator} (seeded: {@code -Djvirt.generator.seed=N} and
 * {@code -Djvirt.generator.count=N} replay or widen a run), each formatted and parsed under
 * VALIDATE (which adds libvirt's defaults), then formatted, parsed and formatted again to the
 * same string (a fixed point), and each valid against libvirt's domain.rng. A failure names the
 * seed of the definition that broke.
 */
class GeneratedRoundTripTest {

    static final int DEFAULT_COUNT = 10_000;

    @Test
    void randomDefinitionsAreFixedPointsAndSchemaValid() {
        LibvirtSchemas.require();
        long seed = Long.getLong("jvirt.generator.seed", 20_150_615L);
        int count = Integer.getInteger("jvirt.generator.count", DEFAULT_COUNT);
        List<String> problems = new ArrayList<>();
        int devices = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count && problems.size() < 10; i++) {
            long s = seed + i;
            String once;
            String built = null;
            try {
                DomainDef def = new DomainModelGenerator(s).next();
                devices += def.devices().size();
                // a definition built in code has none of libvirt's defaults yet (implicit controllers, console
                // aliasing, ...): its first parse, under VALIDATE, adds them, and from there it must be a fixed point
                built = DomainXml.format(def, -1, true);
                once = DomainXml.format(DomainXml.parse(built, true, DomainDefDefaults.NONE), -1, true);
            } catch (VirtException e) {
                problems.add("seed " + s + ": the generated definition was refused: " + e.getMessage() + "\n" + built);
                continue;
            }
            try {
                String twice = DomainXml.format(DomainXml.parse(once, true, DomainDefDefaults.NONE), -1, true);
                if (!once.equals(twice)) {
                    problems.add("seed " + s + ": not a fixed point: " + io.jvirt.api.testing.Conformance.diff(once, twice)
                        + "\n" + once);
                    continue;
                }
            } catch (VirtException e) {
                problems.add("seed " + s + ": its own output was refused: " + e.getMessage() + "\n" + once);
                continue;
            }
            List<String> invalid = LibvirtSchemas.problems("domain.rng", once);
            if (!invalid.isEmpty()) {
                problems.add("seed " + s + ": not valid against domain.rng: " + invalid + "\n" + once);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("generated round trip: %d definitions (%d devices) from seed %d in %d ms, %d problems%n",
            count, devices, seed, ms, problems.size());
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems);
    }
}
