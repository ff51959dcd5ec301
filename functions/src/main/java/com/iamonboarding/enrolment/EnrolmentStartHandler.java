package com.iamonboarding.enrolment;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import java.util.LinkedHashMap;
import java.util.Map;

/** POST /enrolments/start {token}: a new MFA device for the hire; its QR code and key go to this browser only. */
public class EnrolmentStartHandler extends EnrolmentApiHandler {

    public EnrolmentStartHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public EnrolmentStartHandler(FunctionEnvironment env) {
        this(EnrolmentServices.fromEnvironment(env, Log.forFunction("EnrolmentStart")));
    }

    public EnrolmentStartHandler(EnrolmentService enrolments) {
        super(enrolments, Log.forFunction("EnrolmentStart"));
    }

    @Override
    protected Object answer(JsonNode body) {
        EnrolmentService.Enrolment enrolment = enrolments.start(text(body, "token"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("userName", enrolment.userName());
        answer.put("deviceRegistered", enrolment.deviceRegistered());
        if (!enrolment.deviceRegistered()) {
            answer.put("qrCodePng", enrolment.qrCodePng());
            answer.put("secret", enrolment.secret());
        }
        answer.put("expiresAt", enrolment.expiresAt().toString());
        return answer;
    }
}
