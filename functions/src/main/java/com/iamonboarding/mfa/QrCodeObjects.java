package com.iamonboarding.mfa;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whether a QR code object exists, found by listing ({@code s3:ListBucket} on the {@code mfa/}
 * prefix), not by HeadObject: HeadObject needs {@code s3:GetObject}, which the bucket policy keeps to
 * the operators (a QR code is the MFA seed), and without {@code s3:ListBucket} S3 answers a missing
 * key with 403, not 404, so "lost" and "not allowed" would look the same.
 */
public final class QrCodeObjects {

    private QrCodeObjects() {
    }

    /** SDK errors propagate unchanged, for the caller to classify or record. */
    public static boolean exists(S3Client s3, String bucket, String key) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                .anyMatch(o -> key.equals(o.key()));
    }
}
