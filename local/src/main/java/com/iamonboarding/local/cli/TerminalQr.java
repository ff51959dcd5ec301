package com.iamonboarding.local.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Shows a QR code PNG in a terminal, two modules per character cell with Unicode half blocks, so a
 * phone can scan it from the screen. The modules are read off the image itself (the top-left finder
 * pattern is 7 modules wide), so the picture shown is exactly the stored one.
 */
public final class TerminalQr {

    static final int QUIET_ZONE = 4;
    private static final String DARK_ON_LIGHT = "\u001b[30;47m";
    private static final String RESET = "\u001b[0m";

    private TerminalQr() {
    }

    public static List<String> render(byte[] png, boolean ansiColours) {
        return render(modules(png), ansiColours);
    }

    /** Module grid, [row][column], true = dark, without the quiet zone. */
    public static boolean[][] modules(byte[] png) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable image", e);
        }
        if (image == null) {
            throw new IllegalArgumentException("not a PNG image");
        }
        return modules(image);
    }

    static boolean[][] modules(BufferedImage image) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (dark(image, x, y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            throw new IllegalArgumentException("the image is blank");
        }
        int finderWidth = 0;
        while (minX + finderWidth <= maxX && dark(image, minX + finderWidth, minY)) {
            finderWidth++;
        }
        double module = finderWidth / 7.0;
        int size = (int) Math.round((maxX - minX + 1) / module);
        int rows = (int) Math.round((maxY - minY + 1) / module);
        boolean[][] grid = new boolean[rows][size];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < size; col++) {
                int x = (int) (minX + (col + 0.5) * module);
                int y = (int) (minY + (row + 0.5) * module);
                grid[row][col] = x < image.getWidth() && y < image.getHeight() && dark(image, x, y);
            }
        }
        return grid;
    }

    static List<String> render(boolean[][] grid, boolean ansiColours) {
        int rows = grid.length + 2 * QUIET_ZONE;
        int cols = grid[0].length + 2 * QUIET_ZONE;
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < rows; row += 2) {
            StringBuilder line = new StringBuilder(ansiColours ? DARK_ON_LIGHT : "");
            for (int col = 0; col < cols; col++) {
                boolean top = at(grid, row, col);
                boolean bottom = at(grid, row + 1, col);
                line.append(top && bottom ? '\u2588' : top ? '\u2580' : bottom ? '\u2584' : ' ');
            }
            lines.add(line.append(ansiColours ? RESET : "").toString());
        }
        return lines;
    }

    private static boolean at(boolean[][] grid, int row, int col) {
        int r = row - QUIET_ZONE;
        int c = col - QUIET_ZONE;
        return r >= 0 && r < grid.length && c >= 0 && c < grid[r].length && grid[r][c];
    }

    private static boolean dark(BufferedImage image, int x, int y) {
        int argb = image.getRGB(x, y);
        int alpha = argb >>> 24;
        int luminance = (((argb >> 16) & 0xff) * 299 + ((argb >> 8) & 0xff) * 587 + (argb & 0xff) * 114) / 1000;
        return alpha >= 128 && luminance < 128;
    }
}
