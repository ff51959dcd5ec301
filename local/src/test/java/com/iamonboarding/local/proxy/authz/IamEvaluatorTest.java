package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamEvaluatorTest {

    @Test
    void aCheckoutWithoutTheNpmPackagesSaysWhatToRun(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("local/iam-evaluator"));
        Files.writeString(checkout.resolve("local/iam-evaluator/evaluate.mjs"), "");

        IamEvaluatorNotInstalledException missing = assertThrows(IamEvaluatorNotInstalledException.class,
                () -> IamEvaluator.start(checkout, Duration.ofSeconds(5)));

        assertTrue(missing.getMessage().contains("run `npm ci --prefix local/iam-evaluator`"), missing.getMessage());
    }
}
