package com.iamonboarding.local.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The one-line progress of {@code bin/local batch}. On a terminal the line is redrawn in place at
 * every update, so the operator watches one line move. In a log (CI, a pipe) a redraw would be
 * noise, so a line is printed only when the counts changed, and no more than once per interval,
 * which keeps a long cohort's log readable; the final state is always printed.
 *
 * <p>Time is read from the snapshots, never from a clock, so that what is printed depends only on
 * what the caller reports.
 */
public final class BatchProgressBar {

    static final int WIDTH = 30;

    /**
     * Where a batch stands. Succeeded, invited and failed rows have run; invalid and not-run rows
     * never will; together they are settled, and the bar shows how many of all rows are.
     */
    public record Snapshot(int total, int succeeded, int invited, int failed, int invalid, int notRun, int running,
                           Duration elapsed) {

        public Snapshot {
            Objects.requireNonNull(elapsed, "elapsed");
        }

        /** Rows that ran to an end. */
        public int finished() {
            return succeeded + invited + failed;
        }

        /** Rows whose status will not change any more. */
        public int settled() {
            return finished() + invalid + notRun;
        }

        boolean sameCountsAs(Snapshot other) {
            return other != null && total == other.total && succeeded == other.succeeded && invited == other.invited
                    && failed == other.failed && invalid == other.invalid && notRun == other.notRun && running == other.running;
        }
    }

    private final PrintStream out;
    private final boolean interactive;
    private final Duration logInterval;
    private Snapshot lastPrinted;
    private int lastLength;

    /**
     * @param interactive true when {@code out} is a terminal: the line is redrawn with {@code \r}
     * @param logInterval otherwise, the least time between two printed lines
     */
    public BatchProgressBar(PrintStream out, boolean interactive, Duration logInterval) {
        this.out = out;
        this.interactive = interactive;
        this.logInterval = logInterval;
    }

    /** Shows {@code progress}: redrawn on a terminal; in a log, when it changed and the interval has passed. */
    public synchronized void update(Snapshot progress) {
        if (interactive) {
            redraw(progress);
            return;
        }
        boolean due = lastPrinted == null
                || !progress.sameCountsAs(lastPrinted) && progress.elapsed().compareTo(lastPrinted.elapsed().plus(logInterval)) >= 0;
        if (due) {
            print(progress);
        }
    }

    /** Shows the final state and ends the line, so that what is printed next starts on its own. */
    public synchronized void finish(Snapshot progress) {
        if (interactive) {
            redraw(progress);
            out.println();
            out.flush();
        } else if (!progress.equals(lastPrinted)) {
            print(progress);
        }
    }

    private void redraw(Snapshot progress) {
        String line = render(progress);
        // Blanks over what is left of a longer previous line.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
        lastPrinted = progress;
    }

    private void print(Snapshot progress) {
        out.println(render(progress));
        out.flush();
        lastPrinted = progress;
    }

    /**
     * {@code [##########....................] 17/50  done 15  invited 0  failed 2  running 6  00:42  24.3 rows/min};
     * invalid and not-run rows are named only when there are any. The settled count is padded to the
     * width of the total, so the line does not jump as it grows. The rate counts the rows that ran.
     */
    public static String render(Snapshot progress) {
        StringBuilder line = new StringBuilder(96);
        line.append('[').append(bar(progress)).append("] ");
        int digits = Integer.toString(progress.total()).length();
        line.append(String.format(Locale.ROOT, "%" + digits + "d/%d", progress.settled(), progress.total()));
        line.append("  done ").append(progress.succeeded());
        line.append("  invited ").append(progress.invited());
        line.append("  failed ").append(progress.failed());
        if (progress.invalid() > 0) {
            line.append("  invalid ").append(progress.invalid());
        }
        if (progress.notRun() > 0) {
            line.append("  not run ").append(progress.notRun());
        }
        line.append("  running ").append(progress.running());
        line.append("  ").append(clock(progress.elapsed()));
        line.append("  ").append(rate(progress)).append(" rows/min");
        return line.toString();
    }

    /** A batch of no rows has nothing left to do: its bar is full. */
    private static String bar(Snapshot progress) {
        int filled = progress.total() <= 0 ? WIDTH : (int) Math.min(WIDTH, (long) progress.settled() * WIDTH / progress.total());
        return "#".repeat(filled) + ".".repeat(WIDTH - filled);
    }

    /** {@code mm:ss}, and {@code h:mm:ss} from the first hour on. */
    static String clock(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        long hours = seconds / 3600;
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }

    /** Rows run per minute; "--" before any time has passed, when there is no rate yet. */
    static String rate(Snapshot progress) {
        long millis = progress.elapsed().toMillis();
        if (millis <= 0) {
            return "--";
        }
        return String.format(Locale.ROOT, "%.1f", progress.finished() * 60_000d / millis);
    }
}
