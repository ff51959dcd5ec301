package com.iamonboarding.mfa;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders text (the otpauth URI) as a black-on-white QR code PNG. zxing {@code core} computes the
 * module matrix; the image is drawn here (zxing {@code javase} is a test-only dependency) with the
 * four-module quiet zone that ISO/IEC 18004 requires, so scanners find the code on any background.
 */
public class QrCodeRenderer {

    static final int QUIET_ZONE_MODULES = 4;
    static final int PIXELS_PER_MODULE = 8;

    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.MARGIN, 0,
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.CHARACTER_SET, "UTF-8");

    public byte[] renderPng(String content) {
        return toPng(toImage(modules(content)));
    }

    static BitMatrix modules(String content) {
        try {
            // Width and height 0 with margin 0: one matrix cell per QR module, nothing else.
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, HINTS);
        } catch (WriterException e) {
            // The message would not contain the content, but the type is all the caller needs.
            throw new IllegalStateException("the text does not fit in a QR code");
        }
    }

    static BufferedImage toImage(BitMatrix matrix) {
        int width = (matrix.getWidth() + 2 * QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
        int height = (matrix.getHeight() + 2 * QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            int moduleY = y / PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
            for (int x = 0; x < width; x++) {
                int moduleX = x / PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
                boolean dark = moduleX >= 0 && moduleY >= 0
                        && moduleX < matrix.getWidth() && moduleY < matrix.getHeight()
                        && matrix.get(moduleX, moduleY);
                // TYPE_BYTE_BINARY's palette: index 0 is black, 1 is white.
                raster.setSample(x, y, 0, dark ? 0 : 1);
            }
        }
        return image;
    }

    private static byte[] toPng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer is available");
            }
        } catch (IOException e) {
            throw new IllegalStateException("the QR code could not be written as PNG");
        }
        return out.toByteArray();
    }
}
