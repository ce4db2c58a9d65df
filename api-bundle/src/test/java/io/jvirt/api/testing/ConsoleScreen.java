package io.jvirt.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jvirt.api.DomainConsole;

/**
 * What a console shows, read by a thread of its own until the console ends (its end, or the
 * failure the read raised, is part of what it shows), and typing into it: for tests of
 * {@link DomainConsole}s of any driver, local or over the wire.
 */
public final class ConsoleScreen implements AutoCloseable {

    private final DomainConsole console;
    private final StringBuffer seen = new StringBuffer();
    private final Thread reader;
    private volatile boolean ended;
    private volatile IOException failure;

    public ConsoleScreen(DomainConsole console) {
        this.console = console;
        this.reader = new Thread(this::read, "console-screen");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = console.input().read(buf, 0, buf.length)) >= 0;) {
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                synchronized (this) {
                    notifyAll();
                }
            }
        } catch (IOException e) {
            failure = e;
            seen.append("\n[read failed: ").append(e.getMessage()).append("]");
        }
        ended = true;
        synchronized (this) {
            notifyAll();
        }
    }

    public DomainConsole console() {
        return console;
    }

    /** Types {@code line} and a carriage return (what a terminal sends for Enter). */
    public void type(String line) throws IOException {
        console.output().write((line + "\r").getBytes(StandardCharsets.ISO_8859_1));
        console.output().flush();
    }

    /**
     * Types {@code line} until the guest answers it with "GOT line" (the tiny guest's answer; the
     * first lines may come before its reader runs), at most two minutes.
     */
    public void converse(String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!shows("GOT " + line)) {
            if (System.nanoTime() > deadline || ended) {
                throw new AssertionError("the guest never answered GOT " + line + "; the console showed:\n" + seen);
            }
            type(line);
            awaitText("GOT " + line, Duration.ofSeconds(3));
        }
    }

    /**
     * Types {@code line} once (a shell command whose output {@code answer} the line itself does not
     * contain: the terminal echoes what is typed) and waits, at most {@code timeout}, for the answer.
     */
    public void converse(String line, String answer, Duration timeout) throws IOException, InterruptedException {
        type(line);
        if (!awaitText(answer, timeout)) {
            throw new AssertionError("the answer '" + answer + "' never came; the console showed:\n" + seen);
        }
    }

    /** Waits until the screen shows {@code text} or the console ended, at most {@code timeout}; whether it shows it. */
    public boolean awaitText(String text, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (long left; !shows(text) && !ended && (left = until - System.nanoTime()) > 0;) {
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return shows(text);
    }

    public boolean shows(String text) {
        return seen.toString().contains(text);
    }

    /** Whether the console's input ended (-1 or a failure). */
    public boolean ended() {
        return ended;
    }

    /** The failure that ended the reading, null when it ended with -1 or goes on. */
    public IOException failure() {
        return failure;
    }

    @Override
    public String toString() {
        return seen.toString();
    }

    /** Closes the console and waits (at most 10 s) for the reader to see its end. */
    @Override
    public void close() throws InterruptedException {
        console.close();
        reader.join(10_000);
    }
}
