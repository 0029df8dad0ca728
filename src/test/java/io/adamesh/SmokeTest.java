package io.adamesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

class SmokeTest {
    @Test void javaIs25() { assertEquals(25, Runtime.version().feature()); }
}
