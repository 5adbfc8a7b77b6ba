package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        // Given: fields 14 (utime) and 15 (stime) are 700 and 300
        String stat = "4242 (gw (eventloop) 1) S 1 4242 4242 0 -1 4194560 1000 0 0 0 700 300 0 0 20 0 31 0 123 "
                + "456789 1234 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        // When / Then
        assertThat(ProcessCpu.parse(stat)).contains(new ProcessCpu.Ticks(700, 300));
        assertThat(ProcessCpu.parse(stat).orElseThrow().userShare()).isEqualTo(0.7);
    }

    @Test
    void refusesWhatIsNoStatLine() {
        assertThat(ProcessCpu.parse("no parenthesis here")).isEmpty();
        assertThat(ProcessCpu.parse("1 (short) S 1 2")).isEmpty();
        assertThat(ProcessCpu.parse("1 (x) S 1 1 1 0 -1 0 0 0 0 0 seven 3 0")).isEmpty();
    }

    @Test
    void followsTheTimeThisProcessSpends() {
        assumeTrue(Files.exists(Path.of("/proc/self/stat")), "needs Linux /proc");
        // Given
        List<ProcessHandle> self = List.of(ProcessHandle.current());
        ProcessCpu.Ticks before = ProcessCpu.of(self).orElseThrow();

        // When: half a second of work in user mode
        long until = System.nanoTime() + 500_000_000L;
        long sum = 0;
        while (System.nanoTime() < until) {
            sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
        }

        // Then: at least some of it counted (ticks are 10 ms), most of it as user time
        ProcessCpu.Ticks spent = ProcessCpu.of(self).orElseThrow().minus(before);
        assertThat(sum).isPositive();
        assertThat(spent.user()).isGreaterThan(10);
        assertThat(spent.userShare()).isGreaterThan(0.5);
    }
}
