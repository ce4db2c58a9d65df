package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** The parser reuses one reader per thread: documents parsed on many threads at once stay apart. */
class ConcurrentParseTest {

    private static String doc(int i) {
        return "<domain type='test'><name>d" + i + "</name><memory>" + (1024 + i) + "</memory><vcpu>" + (1 + i % 8)
            + "</vcpu><os><type>hvm</type></os></domain>";
    }

    @Test
    void manyThreadsParseTheirOwnDocuments() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                work.add(pool.submit(() -> {
                    for (int i = base; i < base + 1000; i++) {
                        DomainDef def = DomainXml.parse(doc(i));
                        assertEquals("d" + i, def.name());
                        assertEquals(1024 + i, def.memoryKiB());
                        assertEquals(1 + i % 8, def.vcpus());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMalformedDocumentDoesNotSpoilTheNextOne() {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse("<domain type='test'><name>x</na"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("ok", DomainXml.parse(doc(0).replace("d0", "ok")).name());
    }
}
