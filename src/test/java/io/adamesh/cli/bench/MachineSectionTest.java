package io.adamesh.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineSectionTest {
    @Test void readsTheFirstModelNameFromCpuinfo() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
                "model\t\t: 85", "model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", "",
                "processor\t: 1", "model name\t: Something Else");
        assertEquals("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", MachineSection.cpuModel(cpuinfo));
    }

    @Test void cpuModelIsUnknownWithoutCpuinfo() {
        assertEquals("unknown", MachineSection.cpuModel(List.of()));
    }

    @Test void readsTotalMemoryInMebibytes() {
        assertEquals(24105L, MachineSection.totalMemoryMb(List.of("MemTotal:       24683748 kB", "MemFree: 1 kB")));
        assertNull(MachineSection.totalMemoryMb(List.of("MemFree: 1 kB")));
    }
}
