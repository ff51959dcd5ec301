package com.iamonboarding.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliArgumentsTest {

    @Test
    void readsCommandPositionalArgumentsAndOptions() {
        CliArguments cli = CliArguments.parse(new String[] {"onboard", "req.json", "--json", "--lambda-port", "3001",
                "--api-port", "3000", "--parameter", "AccountAlias=demo", "--timeout", "30"});

        assertEquals("onboard", cli.command);
        assertEquals(List.of("req.json"), cli.positional);
        assertTrue(cli.json);
        assertEquals(3001, cli.lambdaPort);
        assertEquals(3000, cli.apiPort);
        assertEquals(30, cli.timeoutSeconds);
        assertEquals(Map.of("AccountAlias", "demo"), cli.parameters);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"invoke", "--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"start-api", "--api-port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"start-api", "--api-port"}));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"onboard", "--parameter", "novalue"}));
    }
}
