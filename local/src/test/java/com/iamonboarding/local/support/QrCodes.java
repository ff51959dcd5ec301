package com.iamonboarding.local.support;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads a QR code PNG back with the QR library. The stored PNG is a synthetic image (exact modules,
 * no camera), which zxing reads with PURE_BARCODE: its camera-oriented finder-pattern detector
 * misreads about one synthetic code in 60 (zxing/zxing#410, zxing/zxing#1623).
 */
public final class QrCodes {

    private QrCodes() {
    }

    /**
     * A QR code as a camera sees it on a screen: somewhere in a larger picture, scaled by the page
     * (so modules are not whole pixels); found by ZXing's detector, trying harder.
     */
    public static String decodeFromScreen(byte[] png, String what) {
        return decode(png, what, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    public static String decode(byte[] png, String what) {
        return decode(png, what, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }

    private static String decode(byte[] png, String what, Map<DecodeHintType, ?> hints) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError(what + " is not an image");
            }
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    hints).getText();
        } catch (IOException | NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError(what + " does not decode as a QR code: " + e.getClass().getSimpleName(), e);
        }
    }
}
