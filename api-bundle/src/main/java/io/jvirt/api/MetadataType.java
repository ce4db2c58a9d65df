package io.jvirt.api;

/** Kinds of domain metadata ({@code virDomainMetadataType}); the ordinal is libvirt's number. */
public enum MetadataType {
    /** The {@code <description>} element. */
    DESCRIPTION,
    /** The {@code <title>} element. */
    TITLE,
    /** An element of {@code <metadata>}, identified by its namespace URI. */
    ELEMENT
}
