package com.iamonboarding.model;

/** What the enrolment page sent when the hire enrolled (SELF_SERVICE): identifiers only. */
public class EnrolmentResult {
    public String invitationId;
    public String mfaSerial;
    public String enrolledAt;

    public EnrolmentResult() {
    }
}
