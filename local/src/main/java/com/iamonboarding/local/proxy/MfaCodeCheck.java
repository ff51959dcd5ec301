package com.iamonboarding.local.proxy;

import com.iamonboarding.mfa.Totp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM's check that moto skips: EnableMFADevice needs two consecutive codes of the device's seed
 * (moto accepts any six characters). The proxy keeps the seed of each device it saw created (in
 * this process's memory only, never logged) and refuses a wrong pair with IAM's
 * {@code InvalidAuthenticationCode}, so that a hire who mistypes a code meets what they would meet
 * on AWS. Codes of the current 30-second step and the two before are accepted, as IAM allows for a
 * clock slightly off. A device the proxy did not see created is left to the emulator.
 */
final class MfaCodeCheck {

    static final int STATUS = 403;
    static final String CODE = "InvalidAuthenticationCode";
    private static final Pattern SERIAL = Pattern.compile("<SerialNumber>([^<]+)</SerialNumber>");
    private static final Pattern SEED = Pattern.compile("<Base32StringSeed>([^<]+)</Base32StringSeed>");

    private final Map<String, String> seeds = new ConcurrentHashMap<>();
    private final Clock clock;

    MfaCodeCheck(Clock clock) {
        this.clock = clock;
    }

    /** After a CreateVirtualMFADevice moto answered: the device's seed (the answer carries it base64-encoded). */
    void observe(RecordedRequest request, byte[] answer) {
        if (!"iam".equals(request.service()) || !"CreateVirtualMFADevice".equals(request.action()) || answer == null) {
            return;
        }
        String xml = new String(answer, StandardCharsets.UTF_8);
        Matcher serial = SERIAL.matcher(xml);
        Matcher seed = SEED.matcher(xml);
        if (serial.find() && seed.find()) {
            seeds.put(serial.group(1), new String(Base64.getDecoder().decode(seed.group(1).trim()), StandardCharsets.US_ASCII));
        }
    }

    /** Before an EnableMFADevice goes to moto: IAM's error when the two codes are not consecutive codes of the seed. */
    Optional<AwsErrorResponses.AwsError> check(RecordedRequest request) {
        if (!"iam".equals(request.service()) || !"EnableMFADevice".equals(request.action())) {
            return Optional.empty();
        }
        String seed = seeds.get(String.valueOf(request.parameter("SerialNumber")));
        if (seed == null) {
            return Optional.empty();
        }
        Totp totp = Totp.fromBase32(seed, Totp.AWS_DIGITS);
        long now = Totp.counterAt(clock.instant());
        String first = request.parameter("AuthenticationCode1");
        String second = request.parameter("AuthenticationCode2");
        for (long counter = now - 2; counter <= now; counter++) {
            if (totp.code(counter).equals(first) && totp.code(counter + 1).equals(second)
                    || totp.code(counter - 1).equals(first) && totp.code(counter).equals(second)) {
                return Optional.empty();
            }
        }
        return Optional.of(new AwsErrorResponses.AwsError(STATUS, CODE, "Authentication code for device is not valid."));
    }
}
