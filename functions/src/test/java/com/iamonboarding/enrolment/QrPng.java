package com.iamonboarding.enrolment;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Test helper: reads the base64 PNG the start answer carries back as a phone's scanner would (zxing, test scope). */
final class QrPng {

    private QrPng() {
    }

    static String decodeBase64Png(String base64) {
        byte[] png = Base64.getDecoder().decode(base64);
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (image == null) {
            throw new AssertionError("not a readable PNG");
        }
        try {
            return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                    .getText();
        } catch (NotFoundException e) {
            throw new AssertionError("no QR code found in the PNG");
        }
    }
}
