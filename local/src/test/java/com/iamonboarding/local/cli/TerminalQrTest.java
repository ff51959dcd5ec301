package com.iamonboarding.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.iamonboarding.mfa.QrCodeRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TerminalQrTest {

    private static final String CONTENT = "otpauth://totp/Amazon%20Web%20Services:jane.doe@example?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services";

    @Test
    void readsTheModulesOffTheImage() throws Exception {
        BitMatrix matrix = new QRCodeWriter().encode(CONTENT, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(com.google.zxing.EncodeHintType.MARGIN, 0));
        BufferedImage scaled = MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(CONTENT, BarcodeFormat.QR_CODE,
                matrix.getWidth() * 7 + 40, matrix.getHeight() * 7 + 40, Map.of(com.google.zxing.EncodeHintType.MARGIN, 3)));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(scaled, "png", png);

        boolean[][] modules = TerminalQr.modules(png.toByteArray());

        assertEquals(matrix.getHeight(), modules.length);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                assertEquals(matrix.get(x, y), modules[y][x], "module " + x + "," + y);
            }
        }
    }

    @Test
    void theTerminalPictureOfTheStoredPngDecodesToTheSameUri() throws Exception {
        byte[] png = new QrCodeRenderer().renderPng(CONTENT);

        List<String> lines = TerminalQr.render(png, false);

        assertEquals(CONTENT, decode(rasterise(lines)));
        assertTrue(lines.stream().allMatch(line -> line.chars().allMatch(c -> " \u2580\u2584\u2588".indexOf(c) >= 0)));
        assertTrue(TerminalQr.render(png, true).get(0).startsWith("\u001b[30;47m"));
    }

    /** Each character cell is two modules tall: upper and lower half. */
    private static BufferedImage rasterise(List<String> lines) {
        int scale = 6;
        int width = lines.get(0).length();
        BufferedImage image = new BufferedImage(width * scale, lines.size() * 2 * scale, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < lines.size(); row++) {
            for (int col = 0; col < width; col++) {
                char c = lines.get(row).charAt(col);
                paint(image, col, row * 2, c == '\u2580' || c == '\u2588', scale);
                paint(image, col, row * 2 + 1, c == '\u2584' || c == '\u2588', scale);
            }
        }
        return image;
    }

    private static void paint(BufferedImage image, int x, int y, boolean dark, int scale) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                image.setRGB(x * scale + dx, y * scale + dy, dark ? 0x000000 : 0xffffff);
            }
        }
    }

    private static String decode(BufferedImage image) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
