package com.iamonboarding.enrolment;

import com.iamonboarding.common.AwsErrors;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The invitation e-mail (SES v2, from the stack's sender identity): the account's sign-in URL and
 * the link to the enrolment page with the token in the URL fragment, so that it never appears in a
 * request line or an access log. No credential besides that link.
 */
public class InvitationMail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final SesV2Client ses;
    private final String sender;

    public InvitationMail(SesV2Client ses, String sender) {
        this.ses = ses;
        this.sender = sender;
    }

    /** The link the e-mail carries: the page, then the token after #. */
    public static String link(String enrolmentUrl, String token) {
        return enrolmentUrl + "#" + token;
    }

    public void send(Invitation invitation, String token) {
        String to = invitation.recipient().email();
        String displayName = invitation.recipient().displayName();
        String userName = invitation.userName();
        String signInUrl = invitation.recipient().signInUrl();
        String enrolmentUrl = invitation.recipient().enrolmentUrl();
        Instant expiresAt = invitation.expiresAt();
        String text = String.join("\n",
                "Hello " + (displayName == null || displayName.isBlank() ? userName : displayName) + ",",
                "",
                "an AWS sign-in has been prepared for you: user name " + userName
                        + (signInUrl == null ? "" : ", sign-in page " + signInUrl) + ".",
                "",
                "Open this link to register your MFA device and choose your password (nobody else ever knows either):",
                link(enrolmentUrl, token),
                "",
                "The link works once, and until " + WHEN.format(expiresAt) + ". If it has expired, ask the person who onboards you"
                        + " to send a new one. If you did not expect this message, ignore it.");
        try {
            ses.sendEmail(b -> b.fromEmailAddress(sender).destination(d -> d.toAddresses(to))
                    .content(c -> c.simple(m -> m.subject(t -> t.data("Set up your AWS sign-in").charset("UTF-8"))
                            .body(body -> body.text(t -> t.data(text).charset("UTF-8"))))));
        } catch (SdkException e) {
            throw AwsErrors.classify("ses:SendEmail to the hire", e);
        }
    }
}
