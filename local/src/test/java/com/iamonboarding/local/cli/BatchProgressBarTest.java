package com.iamonboarding.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.iamonboarding.local.cli.BatchProgressBar.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aLineShowsTheBarTheSettledRowsEachCountTheTimeAndTheRate() {
        assertEquals("[##########....................] 17/50  done 15  invited 0  failed 2  running 6  00:42  24.3 rows/min",
                BatchProgressBar.render(new Snapshot(50, 15, 0, 2, 0, 0, 6, Duration.ofSeconds(42))));
    }

    @Test
    void invalidAndNotRunRowsAreSettledNamedWhenThereAreAnyAndLeftOutOfTheRate() {
        assertEquals("[#########.....................] 16/50  done 10  invited 2  failed 1  invalid 3  running 5  1:02:05  0.2 rows/min",
                BatchProgressBar.render(new Snapshot(50, 10, 2, 1, 3, 0, 5, Duration.ofSeconds(3725))));
        assertEquals("[##############################] 4/4  done 0  invited 0  failed 0  invalid 1  not run 3  running 0  00:02  0.0 rows/min",
                BatchProgressBar.render(new Snapshot(4, 0, 0, 0, 1, 3, 0, Duration.ofSeconds(2))));
    }

    @Test
    void theSettledCountTakesTheWidthOfTheTotal() {
        assertEquals("[..............................]   3/120  done 3  invited 0  failed 0  running 10  00:30  6.0 rows/min",
                BatchProgressBar.render(new Snapshot(120, 3, 0, 0, 0, 0, 10, Duration.ofSeconds(30))));
    }

    @Test
    void beforeAnyTimeHasPassedThereIsNoRateAndAnEmptyBatchIsComplete() {
        assertEquals("[..............................]  0/10  done 0  invited 0  failed 0  running 10  00:00  -- rows/min",
                BatchProgressBar.render(new Snapshot(10, 0, 0, 0, 0, 0, 10, Duration.ZERO)));
        assertEquals("[##############################] 0/0  done 0  invited 0  failed 0  running 0  00:00  -- rows/min",
                BatchProgressBar.render(new Snapshot(0, 0, 0, 0, 0, 0, 0, Duration.ZERO)));
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceBlankingWhatAShorterLineLeavesAndEndsWithANewline() {
        BatchProgressBar bar = new BatchProgressBar(out, true, Duration.ofSeconds(10));

        bar.update(new Snapshot(50, 15, 0, 2, 0, 0, 6, Duration.ofSeconds(42)));
        bar.update(new Snapshot(50, 15, 0, 2, 0, 0, 6, Duration.ofSeconds(255)));
        bar.finish(new Snapshot(50, 48, 0, 2, 0, 0, 0, Duration.ofSeconds(300)));

        assertEquals("\r[##########....................] 17/50  done 15  invited 0  failed 2  running 6  00:42  24.3 rows/min"
                + "\r[##########....................] 17/50  done 15  invited 0  failed 2  running 6  04:15  4.0 rows/min "
                + "\r[##############################] 50/50  done 48  invited 0  failed 2  running 0  05:00  10.0 rows/min"
                + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void inALogALineIsPrintedWhenTheCountsChangedAtMostOncePerIntervalAndTheFinalStateAlways() {
        BatchProgressBar bar = new BatchProgressBar(out, false, Duration.ofSeconds(10));

        bar.update(new Snapshot(4, 0, 0, 0, 0, 0, 4, Duration.ofSeconds(5)));
        bar.update(new Snapshot(4, 1, 0, 0, 0, 0, 3, Duration.ofSeconds(8)));
        bar.update(new Snapshot(4, 1, 0, 0, 0, 0, 3, Duration.ofSeconds(15)));
        bar.update(new Snapshot(4, 1, 0, 0, 0, 0, 3, Duration.ofSeconds(30)));
        bar.finish(new Snapshot(4, 3, 0, 1, 0, 0, 0, Duration.ofSeconds(31)));

        assertEquals(List.of(
                "[..............................] 0/4  done 0  invited 0  failed 0  running 4  00:05  0.0 rows/min",
                "[#######.......................] 1/4  done 1  invited 0  failed 0  running 3  00:15  4.0 rows/min",
                "[##############################] 4/4  done 3  invited 0  failed 1  running 0  00:31  7.7 rows/min"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void inALogTheFinalStateIsNotPrintedTwice() {
        BatchProgressBar bar = new BatchProgressBar(out, false, Duration.ofSeconds(10));
        Snapshot done = new Snapshot(1, 1, 0, 0, 0, 0, 0, Duration.ofSeconds(6));

        bar.update(done);
        bar.finish(done);

        assertEquals(List.of("[##############################] 1/1  done 1  invited 0  failed 0  running 0  00:06  10.0 rows/min"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
