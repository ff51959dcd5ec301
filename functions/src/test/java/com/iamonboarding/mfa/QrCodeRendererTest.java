package com.iamonboarding.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.zxing.common.BitMatrix;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QrCodeRendererTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int WHITE = 0xFFFFFFFF;
    private static final int BLACK = 0xFF000000;

    private final QrCodeRenderer renderer = new QrCodeRenderer();

    @Test
    void aScannerReadsBackTheExactUri() {
        String uri = OtpAuthUri.forAws("first.last+dev=ops,x@corp_1-2", "aws-example",
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").value();
        assertEquals(uri, QrCodes.decode(renderer.renderPng(uri)));
    }

    @Test
    void writesAPngWithAFourModuleWhiteQuietZone() {
        String uri = OtpAuthUri.forAws("jdoe", "aws-example", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").value();
        byte[] png = renderer.renderPng(uri);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));

        BitMatrix modules = QrCodeRenderer.modules(uri);
        BufferedImage image = QrCodes.image(png);
        int border = QrCodeRenderer.QUIET_ZONE_MODULES * QrCodeRenderer.PIXELS_PER_MODULE;
        assertEquals((modules.getWidth() + 2 * QrCodeRenderer.QUIET_ZONE_MODULES) * QrCodeRenderer.PIXELS_PER_MODULE,
                image.getWidth());
        assertEquals(image.getWidth(), image.getHeight());
        for (int i = 0; i < image.getWidth(); i++) {
            for (int d = 0; d < border; d++) {
                assertEquals(WHITE, image.getRGB(i, d), "top quiet zone");
                assertEquals(WHITE, image.getRGB(i, image.getHeight() - 1 - d), "bottom quiet zone");
                assertEquals(WHITE, image.getRGB(d, i), "left quiet zone");
                assertEquals(WHITE, image.getRGB(image.getWidth() - 1 - d, i), "right quiet zone");
            }
        }
        // The top-left finder pattern starts right after the quiet zone with a dark module.
        assertEquals(BLACK, image.getRGB(border, border));
        assertEquals(WHITE, image.getRGB(border - 1, border - 1));
    }

    @Test
    void drawsEveryModuleAsASquareOfPixels() {
        String uri = "otpauth://totp/Amazon%20Web%20Services:a@b?secret=GEZDGNBV&issuer=Amazon%20Web%20Services";
        BitMatrix modules = QrCodeRenderer.modules(uri);
        BufferedImage image = QrCodeRenderer.toImage(modules);
        int scale = QrCodeRenderer.PIXELS_PER_MODULE;
        int offset = QrCodeRenderer.QUIET_ZONE_MODULES * scale;
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                int expected = modules.get(x, y) ? BLACK : WHITE;
                assertEquals(expected, image.getRGB(offset + x * scale, offset + y * scale));
                assertEquals(expected, image.getRGB(offset + x * scale + scale - 1, offset + y * scale + scale - 1));
            }
        }
    }
}
