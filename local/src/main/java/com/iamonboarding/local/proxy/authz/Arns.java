package com.iamonboarding.local.proxy.authz;

import static com.iamonboarding.local.template.PseudoParameters.ACCOUNT_ID;
import static com.iamonboarding.local.template.PseudoParameters.PARTITION;
import static com.iamonboarding.local.template.PseudoParameters.REGION;

/** ARNs of the local stack's account and region, in the formats of the Service Authorization Reference. */
final class Arns {

    private Arns() {
    }

    /** {@code path} is {@code /} or {@code /a/b/}. */
    static String iam(String type, String path, String name) {
        return "arn:" + PARTITION + ":iam::" + ACCOUNT_ID + ":" + type + path + name;
    }

    static String s3Bucket(String bucket) {
        return "arn:" + PARTITION + ":s3:::" + bucket;
    }

    static String s3Object(String bucket, String key) {
        return s3Bucket(bucket) + "/" + key;
    }

    /** A regional resource's ARN: {@code regional("dynamodb", "table/T")}. */
    static String regional(String service, String resource) {
        return regional(service, ACCOUNT_ID, resource);
    }

    static String regional(String service, String account, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + account + ":" + resource;
    }

    static boolean isArn(String value) {
        return value.startsWith("arn:");
    }
}
