package io.jvirt.api.domain;

import static io.jvirt.api.domain.FeaturesDefTest.domain;
import static io.jvirt.api.domain.FeaturesDefTest.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

class ClockDefTest {

    @Test
    void absentClockIsWrittenAsUtc() {
        DomainDef def = DomainXml.parse(domain(""));
        assertNull(def.clock());
        assertEquals("<clock offset='utc'/>", section(DomainXml.format(def), "clock"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<clock offset='localtime'/>|<clock offset='localtime'/>",
        "<clock/>|<clock offset='utc'/>",
        "<clock offset='utc' adjustment='reset'/>|<clock offset='utc' adjustment='reset'/>",
        "<clock offset='localtime' adjustment='-30'/>|<clock offset='variable' adjustment='-30' basis='localtime'/>",
        "<clock offset='variable' adjustment='3600'/>|<clock offset='variable' adjustment='3600' basis='utc'/>",
        "<clock offset='timezone' timezone='Europe/Paris'/>|<clock offset='timezone' timezone='Europe/Paris'/>",
        "<clock offset='absolute' start='1234567890'/>|<clock offset='absolute' start='1234567890'/>"})
    void offsetsFormatCanonically(String in, String out) {
        String xml = DomainXml.format(DomainXml.parse(domain(in), true));
        assertEquals(out, section(xml, "clock"));
        assertEquals(xml, DomainXml.format(DomainXml.parse(xml, true)));
    }

    @Test
    void timersParseFormatAndCopy() {
        DomainDef def = DomainXml.parse(domain("<clock offset='utc'><timer name='rtc' tickpolicy='catchup' "
            + "track='guest'><catchup threshold='123' slew='120' limit='10000'/></timer>"
            + "<timer name='tsc' frequency='3504000000' mode='native'/><timer name='hpet' present='no'/></clock>"), true);
        ClockDef c = def.clock();
        assertEquals(3, c.timers().size());
        assertEquals("catchup", c.timer("rtc").tickpolicy());
        assertEquals(120L, c.timer("rtc").catchupSlew());
        assertEquals(3504000000L, c.timer("tsc").frequency());
        assertEquals(Boolean.FALSE, c.timer("hpet").present());
        assertEquals("""
              <clock offset='utc'>
                <timer name='rtc' tickpolicy='catchup' track='guest'>
                  <catchup threshold='123' slew='120' limit='10000'/>
                </timer>
                <timer name='tsc' frequency='3504000000' mode='native'/>
                <timer name='hpet' present='no'/>
              </clock>""", section(DomainXml.format(def), "clock"));

        DomainDef copy = def.copy();
        copy.clock().offset("localtime").timer("hpet").present(true);
        copy.clock().timers().remove(0);
        assertEquals("utc", def.clock().offset());
        assertEquals(3, def.clock().timers().size());
        assertFalse(def.clock().timer("hpet").present());

        DomainDef built = DomainXml.parse(domain(""));
        built.clock(new ClockDef().offset("localtime").addTimer(new TimerDef("pit").tickpolicy("delay")));
        assertTrue(DomainXml.format(built).contains("<clock offset='localtime'>\n    <timer name='pit' tickpolicy='delay'/>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<clock offset='gmt'/>", "<clock offset='utc' adjustment='soon'/>",
        "<clock offset='variable' basis='gmt'/>", "<clock offset='timezone'/>", "<clock offset='absolute'/>",
        "<clock><timer/></clock>", "<clock><timer name='sundial'/></clock>",
        "<clock><timer name='pit' present='maybe'/></clock>", "<clock><timer name='pit' tickpolicy='skip'/></clock>",
        "<clock><timer name='rtc' track='moon'/></clock>", "<clock><timer name='tsc' mode='fast'/></clock>",
        "<clock><timer name='tsc' frequency='-1'/></clock>",
        "<clock><timer name='rtc'><catchup slew='x'/></timer></clock>"})
    void badValuesAreXmlErrors(String clock) {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(domain(clock)));
        assertEquals(ErrorCode.XML_ERROR, e.code());
    }
}
