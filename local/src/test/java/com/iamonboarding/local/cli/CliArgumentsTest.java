package com.iamonboarding.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void batchReadsItsFileAndOptions() {
        CliArguments cli = CliArguments.parse(new String[] {"batch", "cohort.csv", "--skip-invalid", "--iam-write-rate", "2.5",
                "--timeout", "60"});

        assertEquals("batch", cli.command);
        assertEquals(List.of("cohort.csv"), cli.positional);
        assertEquals("SKIP", cli.onInvalidRows);
        assertEquals(2.5, cli.iamWriteRate);
        assertEquals(60, cli.timeoutSeconds);
        assertEquals(0, cli.onePostPerRow);

        CliArguments plain = CliArguments.parse(new String[] {"batch", "leavers.jsonl"});
        assertEquals("REJECT", plain.onInvalidRows);
        assertEquals(0.0, plain.iamWriteRate);
        assertEquals(900, plain.timeoutSeconds);
        assertEquals(5, CliArguments.parse(new String[] {"batch", "c.csv", "--one-post-per-row", "5"}).onePostPerRow);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"batch", "c.csv", "--iam-write-rate", "0"}))
                .getMessage().contains("--iam-write-rate"));
        String help = CliArguments.parse(new String[] {"batch", "--help"}).help;
        assertTrue(help.contains("--skip-invalid") && help.contains("--iam-write-rate") && help.contains("--iam"), help);
        assertTrue(CliArguments.USAGE.contains("batch"), CliArguments.USAGE);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"invoke", "--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"start-api", "--api-port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"start-api", "--api-port"}));
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"onboard", "--parameter", "novalue"}));
    }

    @Test
    void errorsNameTheOptionOrParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"onboard", "r.json", "--bogus"}))
                .getMessage().contains("--bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"start-api", "--api-port", "70000"}))
                .getMessage().contains("--api-port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"invoke", "CreateUserFunction"}))
                .getMessage().contains("--event"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"onboard"}))
                .getMessage().contains("<request.json>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"onboard", "r.json", "--iam", "maybe"}))
                .getMessage().contains("--iam"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"deploy"}))
                .getMessage().contains("deploy"));
    }

    @Test
    void eachCommandHasItsOwnHelpAndTheTopLevelUsageListsTheCommands() {
        CliArguments help = CliArguments.parse(new String[] {"onboard", "--help"});

        assertEquals("onboard", help.command);
        assertTrue(help.help.contains("--as-hire") && help.help.contains("--timeout") && help.help.contains("--iam"), help.help);
        assertFalse(help.help.contains("--describe"), "only onboard's own options");
        for (String command : List.of("onboard", "invoke", "start-api", "may")) {
            assertTrue(CliArguments.USAGE.contains(command), CliArguments.USAGE);
        }
        assertTrue(CliArguments.USAGE.contains("AWS_ENDPOINT_URL"));
    }

    @Test
    void mayCollectsItsContextValuesAndAsHireIsAnOnboardOption() {
        CliArguments may = CliArguments.parse(new String[] {"may", "hire:developer", "s3:GetObject", "arn:aws:s3:::b/k",
                "--context", "aws:MultiFactorAuthPresent=true", "--context", "aws:SourceIp=10.0.0.1", "--json"});

        assertEquals(List.of("hire:developer", "s3:GetObject", "arn:aws:s3:::b/k"), may.positional);
        assertEquals(Map.of("aws:MultiFactorAuthPresent", List.of("true"), "aws:SourceIp", List.of("10.0.0.1")), may.context);
        assertTrue(may.json);
        assertTrue(CliArguments.parse(new String[] {"onboard", "r.json", "--as-hire"}).asHire);
        assertThrows(IllegalArgumentException.class, () -> CliArguments.parse(new String[] {"invoke", "F", "-e", "e.json", "--as-hire"}));
    }
}
