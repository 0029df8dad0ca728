package io.adamesh.cli;

/** The product version; a test keeps it equal to the version in pom.xml. */
public final class Version {
    public static final String NUMBER = "0.1.0-SNAPSHOT";

    private Version() {}
}
