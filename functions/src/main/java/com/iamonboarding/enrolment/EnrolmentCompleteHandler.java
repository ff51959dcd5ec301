package com.iamonboarding.enrolment;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;

/** POST /enrolments/complete {token, code1, code2, password}: the device enabled, the password set, the workflow resumed. */
public class EnrolmentCompleteHandler extends EnrolmentApiHandler {

    public EnrolmentCompleteHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public EnrolmentCompleteHandler(FunctionEnvironment env) {
        this(EnrolmentServices.fromEnvironment(env, Log.forFunction("EnrolmentComplete")));
    }

    public EnrolmentCompleteHandler(EnrolmentService enrolments) {
        super(enrolments, Log.forFunction("EnrolmentComplete"));
    }

    @Override
    protected Object answer(JsonNode body) {
        return enrolments.complete(text(body, "token"), text(body, "code1"), text(body, "code2"), text(body, "password"));
    }
}
