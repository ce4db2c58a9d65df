package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One escaping rule for every XML jvirt writes (domain XML, converters, SOAP requests). */
class XmlEscapeTest {

    @Test
    void markupBecomesEntitiesAndWhatXmlCannotCarryIsLeftOut() {
        assertEquals("&lt;a b=&quot;1&quot; c=&apos;2&apos;&gt;&amp;", XmlEscape.text("<a b=\"1\" c='2'>&"));
        assertEquals("a\tb\nc\rd", XmlEscape.text("a\tb\nc\rd"));
        assertEquals("ab", XmlEscape.text("a\u0000\u0001\u001b\uFFFE\uFFFFb"));
        assertEquals("x\uD83D\uDE00y", XmlEscape.text("x\uD83D\uDE00y"), "a surrogate pair is one character");
        assertEquals("xy", XmlEscape.text("x\uD83Dy\uDE00"), "lone surrogates are not");
    }

    @Test
    void aDescriptionWithControlCharactersIsWrittenAsAWellFormedDocument() {
        DomainDef def = DomainXml.parse("<domain type='test'><name>a</name><memory>1024</memory>"
            + "<os><type>hvm</type></os></domain>");
        def.description("line\u0007one <b>&");
        String xml = DomainXml.format(def);
        DomainDef again = DomainXml.parse(xml);
        assertEquals("lineone <b>&", again.description());
    }

    @Test
    void attributeValuesKeepTabsAndLineEndsThroughAParser() {
        assertEquals("a&#9;b&#10;c&#13;d&amp;\uD83D\uDE00", XmlEscape.attribute("a\tb\nc\rd&\uD83D\uDE00"));
        String xml = new XmlText().open("domain", "type", "test").text("name", "a")
            .empty("description", "x", "line\none").close("domain").toString();
        assertEquals("<domain type='test'><name>a</name><description x='line&#10;one'/></domain>", xml);
    }
}
